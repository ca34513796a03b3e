import type { Language } from "#src/domain/types.js";
import { columnName } from "./messages.js";
import type { ImportPlan } from "#src/domain/ledger/diff.js";
import type { PersonRef } from "#src/domain/ledger/cells.js";

interface SummaryWords {
  headline(p: { total: number; created: number; changed: number; unchanged: number; units: number; officers: number }): string;
  newUnits: string;
  newOfficers: string;
  missing: string;
  pastDeadline: string;
  list: string;
  applied: string;
  dryRun: string;
}

const WORDS: Record<Language, SummaryWords> = {
  "zh-CN": {
    headline: (p) => `${p.total} 项任务：新增 ${p.created}，变更 ${p.changed}，未变 ${p.unchanged}；新单位 ${p.units} 个；新责任人 ${p.officers} 名`,
    newUnits: "新单位",
    newOfficers: "新责任人（第一次出现的 @用户名）",
    missing: "文件里没有、保持原样的任务",
    pastDeadline: "完成时限已过的任务",
    list: "、",
    applied: "已导入。",
    dryRun: "试运行：什么都没有写入。",
  },
  "zh-TW": {
    headline: (p) => `${p.total} 項任務：新增 ${p.created}，變更 ${p.changed}，未變 ${p.unchanged}；新單位 ${p.units} 個；新責任人 ${p.officers} 名`,
    newUnits: "新單位",
    newOfficers: "新責任人（第一次出現的 @使用者名稱）",
    missing: "檔案裡沒有、保持原樣的任務",
    pastDeadline: "完成時限已過的任務",
    list: "、",
    applied: "已匯入。",
    dryRun: "試運行：什麼都沒有寫入。",
  },
  en: {
    headline: (p) => `${p.total} tasks: ${p.created} new, ${p.changed} changed, ${p.unchanged} unchanged; ${p.units} units new; ${p.officers} officers new`,
    newUnits: "new units",
    newOfficers: "new officers (@usernames never seen before)",
    missing: "tasks not in the file, left as they are",
    pastDeadline: "tasks already past their deadline",
    list: ", ",
    applied: "Imported.",
    dryRun: "Dry run: nothing was written.",
  },
};

function person(ref: PersonRef): string {
  const handle = ref.username ? `@${ref.username}` : (ref.telegramId ?? "");
  return ref.name ? `${handle} ${ref.name}` : handle;
}

/** The import summary: headline, then each change (`BY-01 责任人 张伟 → 孙浩`), then what else to know. */
export function formatImportSummary(plan: ImportPlan, language: Language = "zh-CN", outcome: "applied" | "dry-run" | null = null): string {
  const w = WORDS[language];
  const lines = [
    w.headline({
      total: plan.total,
      created: plan.created.length,
      changed: plan.changed.length,
      unchanged: plan.unchanged.length,
      units: plan.newUnits.length,
      officers: plan.newOfficers.length,
    }),
  ];
  for (const change of plan.changed) {
    for (const f of change.fields) lines.push(`${f.code} ${columnName(f.column, language)} ${f.before} → ${f.after}`);
  }
  const sep = language === "en" ? ": " : "：";
  if (plan.newUnits.length) lines.push(`${w.newUnits}${sep}${plan.newUnits.join(w.list)}`);
  if (plan.newOfficers.length) lines.push(`${w.newOfficers}${sep}${plan.newOfficers.map(person).join(w.list)}`);
  if (plan.missing.length) lines.push(`${w.missing}${sep}${plan.missing.join(w.list)}`);
  if (plan.pastDeadline.length) lines.push(`${w.pastDeadline}${sep}${plan.pastDeadline.join(w.list)}`);
  if (outcome) lines.push(outcome === "applied" ? w.applied : w.dryRun);
  return lines.join("\n");
}
