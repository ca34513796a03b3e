/**
 * The words of a 督办单 and of its 办结 notice, zh-CN first, also zh-TW and en. The words live
 * here, in one Record per language, until the integrator moves them to the locale files.
 */
import type { Day } from "#src/domain/calendar.js";
import type { OrderGround, OrderLevel, OrderNumber, OrderRequest } from "#src/domain/supervision.js";
import type { BlockerCategory, Language } from "#src/domain/types.js";
import type { PersonName } from "#src/domain/people.js";
import { personHandle, personName } from "./format.js";

/** What the escalation job knows when it sends an order. Names are display names, never bare @handles. */
export interface SupervisionOrderFacts {
  number: OrderNumber;
  request: OrderRequest;
  grounds: OrderGround[];
  task: {
    code: string;
    name: string;
    unit: string;
    mustDeliver: boolean;
    deadline: Day | null;
    /** Percent the plan expects today, and the latest reported percent. */
    expected: number | null;
    reported: number | null;
  };
  officer: string;
  /** The unit's head (/head @x 单位); null when none is set. */
  unitHead: string | null;
  /** The leader who looks after the unit; null when none is set (the order then names the office). */
  leader: string | null;
  /** The task's open problems, oldest first, with their age in days. */
  problems: { category: BlockerCategory; text: string; days: number }[];
}

export interface OrderClosedFacts {
  /** Every order of the cycle being closed, in the order issued. */
  numbers: OrderNumber[];
  task: { code: string; name: string; unit: string };
  closedOn: Day;
}

const MAX_PROBLEMS = 5;
const MAX_WORDING = 40;

interface Words {
  title: Record<OrderLevel, string>;
  number: (n: OrderNumber) => string;
  category: Record<BlockerCategory, string>;
  /** A day, its year only when it differs from `sameYearAs`'s, its weekday when asked (due days). */
  date: (day: Day, sameYearAs: Day, weekday: boolean) => string;
  task: (code: string, name: string, unit: string, mustDeliver: boolean) => string;
  people: (officer: string, unitHead: string | null, leader: string | null, level: OrderLevel) => string;
  groundsHead: string;
  ground: (g: OrderGround, w: Words, deadline: string | null) => string;
  progress: (expected: number | null, reported: number | null) => string;
  problemsHead: string;
  problem: (category: string, text: string, days: number) => string;
  more: (n: number) => string;
  ask: (f: SupervisionOrderFacts, due: string) => string;
  settle: string;
  closed: (numbers: string[], code: string, name: string, unit: string, on: string) => string;
}

const EMOJI: Record<OrderLevel, string> = { blue: "🔵", yellow: "🟡", red: "🔴" };

const pct = (n: number) => `${Math.round(n * 10) / 10}%`;
const behind = (expected: number | null, reported: number | null) =>
  expected === null ? null : Math.round((expected - (reported ?? 0)) * 10) / 10;

function monthDay(day: Day): { y: number; m: number; d: number; weekday: number } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return { y, m, d, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
}

const ZH_WEEKDAYS = "日一二三四五六";
const EN_WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function zhDate(week: string) {
  return (day: Day, sameYearAs: Day, withWeekday: boolean) => {
    const { y, m, d, weekday } = monthDay(day);
    const year = String(y) === sameYearAs.slice(0, 4) ? "" : `${y}年`;
    return `${year}${m}月${d}日${withWeekday ? `（${week}${ZH_WEEKDAYS.charAt(weekday)}）` : ""}`;
  };
}

const zhCN: Words = {
  title: { blue: "蓝色督办单", yellow: "黄色督办单", red: "红色督办单" },
  number: (n) => `督办〔${n.year}〕第${n.serial}号`,
  category: { funding: "资金", land: "用地", demolition: "拆迁", approval: "审批", other: "其他" },
  date: zhDate("周"),
  task: (code, name, unit, must) => `任务：${code}「${name}」（${unit}）${must ? "★必保" : ""}`,
  people: (officer, head, leader, level) =>
    [`责任人：${officer}`, level !== "blue" && head ? `单位负责人：${head}` : null, level === "red" && leader ? `区领导：${leader}` : null]
      .filter(Boolean)
      .join("　"),
  groundsHead: "督办事由：",
  ground: (g, w, deadline) => {
    switch (g.kind) {
      case "behind_periods":
        return `连续 ${g.periods} 期进度滞后`;
      case "red":
        return "进度亮红灯";
      case "red_days":
        return `已连续红灯 ${g.days} 天`;
      case "must_deliver_overdue":
        return `必保项目已逾期${deadline ? `（期限${deadline}）` : ""}`;
      case "problem_open":
        return `${w.category[g.category]}问题已 ${g.days} 天未销号`;
      case "forecast_late":
        return `必保项目按目前进度预计晚于期限 ${g.days} 天完成（已连续 ${g.periods} 期），请提出赶工措施`;
    }
  },
  progress: (expected, reported) => {
    if (reported === null) return expected === null ? "进度：尚无报告" : `进度：计划 ${pct(expected)}，尚无报告`;
    const lag = behind(expected, reported);
    if (expected === null) return `进度：实际 ${pct(reported)}`;
    return `进度：计划 ${pct(expected)}，实际 ${pct(reported)}${lag !== null && lag > 0 ? `，滞后 ${lag} 个百分点` : ""}`;
  },
  problemsHead: "未销号问题：",
  problem: (category, text, days) => `【${category}】${text}（${days} 天）`,
  more: (n) => `……另有 ${n} 项`,
  ask: (f, due) => {
    const unit = f.task.unit;
    switch (f.request.ask) {
      case "catch_up_plan":
        return `督办要求：请${f.officer}于${due}前报告进展和赶进度措施。`;
      case "rectification_plan":
        return `督办要求：请${f.unitHead ? `单位负责人${f.unitHead}` : `${unit}负责人`}组织研究，于${due}前报送书面整改方案。`;
      case "leader_coordination":
        return `督办要求：请${f.leader ? `${f.leader}同志` : "分管区领导"}牵头协调，${unit}于${due}前报送办理结果。`;
    }
  },
  settle: "进度回到计划、问题全部销号后办结。",
  closed: (numbers, code, name, unit, on) =>
    `✅ ${numbers.join("、")}已办结\n${code}「${name}」（${unit}）进度已回到计划，问题已全部销号。（${on}）`,
};

const zhTW: Words = {
  title: { blue: "藍色督辦單", yellow: "黃色督辦單", red: "紅色督辦單" },
  number: (n) => `督辦〔${n.year}〕第${n.serial}號`,
  category: { funding: "資金", land: "用地", demolition: "拆遷", approval: "審批", other: "其他" },
  date: zhDate("週"),
  task: (code, name, unit, must) => `任務：${code}「${name}」（${unit}）${must ? "★必保" : ""}`,
  people: (officer, head, leader, level) =>
    [`責任人：${officer}`, level !== "blue" && head ? `單位負責人：${head}` : null, level === "red" && leader ? `區領導：${leader}` : null]
      .filter(Boolean)
      .join("　"),
  groundsHead: "督辦事由：",
  ground: (g, w, deadline) => {
    switch (g.kind) {
      case "behind_periods":
        return `連續 ${g.periods} 期進度落後`;
      case "red":
        return "進度亮紅燈";
      case "red_days":
        return `已連續紅燈 ${g.days} 天`;
      case "must_deliver_overdue":
        return `必保項目已逾期${deadline ? `（期限${deadline}）` : ""}`;
      case "problem_open":
        return `${w.category[g.category]}問題已 ${g.days} 天未銷號`;
      case "forecast_late":
        return `必保項目按目前進度預計晚於期限 ${g.days} 天完成（已連續 ${g.periods} 期），請提出趕工措施`;
    }
  },
  progress: (expected, reported) => {
    if (reported === null) return expected === null ? "進度：尚無報告" : `進度：計劃 ${pct(expected)}，尚無報告`;
    const lag = behind(expected, reported);
    if (expected === null) return `進度：實際 ${pct(reported)}`;
    return `進度：計劃 ${pct(expected)}，實際 ${pct(reported)}${lag !== null && lag > 0 ? `，落後 ${lag} 個百分點` : ""}`;
  },
  problemsHead: "未銷號問題：",
  problem: (category, text, days) => `【${category}】${text}（${days} 天）`,
  more: (n) => `……另有 ${n} 項`,
  ask: (f, due) => {
    const unit = f.task.unit;
    switch (f.request.ask) {
      case "catch_up_plan":
        return `督辦要求：請${f.officer}於${due}前報告進展和趕進度措施。`;
      case "rectification_plan":
        return `督辦要求：請${f.unitHead ? `單位負責人${f.unitHead}` : `${unit}負責人`}組織研究，於${due}前報送書面整改方案。`;
      case "leader_coordination":
        return `督辦要求：請${f.leader ? `${f.leader}同志` : "分管區領導"}牽頭協調，${unit}於${due}前報送辦理結果。`;
    }
  },
  settle: "進度回到計劃、問題全部銷號後辦結。",
  closed: (numbers, code, name, unit, on) =>
    `✅ ${numbers.join("、")}已辦結\n${code}「${name}」（${unit}）進度已回到計劃，問題已全部銷號。（${on}）`,
};

const en: Words = {
  title: { blue: "Blue supervision order", yellow: "Yellow supervision order", red: "Red supervision order" },
  number: (n) => `No. ${n.serial}/${n.year}`,
  category: { funding: "funding", land: "land", demolition: "demolition", approval: "approval", other: "other" },
  date: (day, sameYearAs, withWeekday) => {
    const { y, m, d, weekday } = monthDay(day);
    return `${withWeekday ? `${EN_WEEKDAYS[weekday] ?? ""} ` : ""}${d} ${EN_MONTHS[m - 1] ?? ""}${String(y) === sameYearAs.slice(0, 4) ? "" : ` ${y}`}`;
  },
  task: (code, name, unit, must) => `Task: ${code} "${name}" (${unit})${must ? " ★must-deliver" : ""}`,
  people: (officer, head, leader, level) =>
    [`Owner: ${officer}`, level !== "blue" && head ? `Unit head: ${head}` : null, level === "red" && leader ? `Leader: ${leader}` : null]
      .filter(Boolean)
      .join(" · "),
  groundsHead: "Why:",
  ground: (g, w, deadline) => {
    switch (g.kind) {
      case "behind_periods":
        return `behind plan for ${g.periods} periods in a row`;
      case "red":
        return "red: far behind plan or overdue";
      case "red_days":
        return `red for ${g.days} days`;
      case "must_deliver_overdue":
        return `must-deliver task overdue${deadline ? ` (deadline ${deadline})` : ""}`;
      case "problem_open":
        return `${w.category[g.category]} problem open ${g.days} days`;
      case "forecast_late":
        return `must-deliver task forecast to finish ${g.days} days after its deadline at its pace (${g.periods} periods in a row): a plan to catch up is needed`;
    }
  },
  progress: (expected, reported) => {
    if (reported === null) return expected === null ? "Progress: no report yet" : `Progress: plan ${pct(expected)}, no report yet`;
    const lag = behind(expected, reported);
    if (expected === null) return `Progress: ${pct(reported)}`;
    return `Progress: plan ${pct(expected)}, reported ${pct(reported)}${lag !== null && lag > 0 ? `, ${lag} points behind` : ""}`;
  },
  problemsHead: "Open problems:",
  problem: (category, text, days) => `[${category}] ${text} (${days} days)`,
  more: (n) => `… and ${n} more`,
  ask: (f, due) => {
    switch (f.request.ask) {
      case "catch_up_plan":
        return `Asked: ${f.officer} to report progress and catch-up measures by ${due}.`;
      case "rectification_plan":
        return `Asked: ${f.unitHead ?? `the head of ${f.task.unit}`} to send a written rectification plan by ${due}.`;
      case "leader_coordination":
        return `Asked: ${f.leader ?? "the leader in charge"} to coordinate; ${f.task.unit} to report the result by ${due}.`;
    }
  },
  settle: "Closed once the task is back on plan and every problem is closed.",
  closed: (numbers, code, name, unit, on) =>
    `✅ ${numbers.join(", ")} closed\n${code} "${name}" (${unit}) is back on plan and its problems are closed (${on}).`,
};

const WORDS: Record<Language, Words> = { "zh-CN": zhCN, "zh-TW": zhTW, en };

function shorten(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  const chars = [...t];
  return chars.length > MAX_WORDING ? `${chars.slice(0, MAX_WORDING - 1).join("")}…` : t;
}

/** The order's number as it is written in a language: 督办〔2026〕第12号. */
export function orderNumberText(n: OrderNumber, lang: Language): string {
  return WORDS[lang].number(n);
}

/** A 督办单 as one message: title and number, task, people, grounds, progress, problems, what is asked by when. */
export function renderSupervisionOrder(f: SupervisionOrderFacts, lang: Language): string {
  const w = WORDS[lang];
  const level = f.request.level;
  const issued = f.request.issuedOn;
  const deadline = f.task.deadline ? w.date(f.task.deadline, issued, false) : null;
  const lines = [
    `${EMOJI[level]} ${w.title[level]}　${w.number(f.number)}`,
    w.task(f.task.code, f.task.name, f.task.unit, f.task.mustDeliver),
    w.people(f.officer, f.unitHead, f.leader, level),
    w.groundsHead,
    ...f.grounds.map((g) => `· ${w.ground(g, w, deadline)}`),
    w.progress(f.task.expected, f.task.reported),
  ];
  if (f.problems.length) {
    lines.push(w.problemsHead);
    for (const p of f.problems.slice(0, MAX_PROBLEMS)) lines.push(`· ${w.problem(w.category[p.category], shorten(p.text), p.days)}`);
    if (f.problems.length > MAX_PROBLEMS) lines.push(`· ${w.more(f.problems.length - MAX_PROBLEMS)}`);
  }
  lines.push(w.ask(f, w.date(f.request.due, issued, true)), w.settle);
  return lines.join("\n");
}

/** The one 办结 notice for a task's open orders. */
export function renderOrderClosed(f: OrderClosedFacts, lang: Language): string {
  const w = WORDS[lang];
  return w.closed(
    f.numbers.map((n) => w.number(n)),
    f.task.code,
    f.task.name,
    f.task.unit,
    w.date(f.closedOn, f.closedOn, false),
  );
}

/** An issued order as the job knows it: people still as records, named per audience. */
export interface IssuedOrderView extends Omit<SupervisionOrderFacts, "officer" | "unitHead" | "leader"> {
  officer: PersonName;
  unitHead: PersonName | null;
  leader: PersonName | null;
}

/**
 * The order's text for one audience: in the unit's group people are @handles (they are notified);
 * in the leaders' chat they are names.
 */
export function supervisionOrderText(order: IssuedOrderView, audience: "unit_group" | "leaders", lang: Language): string {
  const label = audience === "unit_group" ? personHandle : personName;
  return renderSupervisionOrder(
    { ...order, officer: label(order.officer), unitHead: order.unitHead ? label(order.unitHead) : null, leader: order.leader ? personName(order.leader) : null },
    lang,
  );
}
