import type { Language } from "#src/domain/types.js";
import type { Messages } from "#src/locales/index.js";
import type { TaskStanding } from "#src/services/standing.js";
import { personLabel } from "#src/db/people.js";

export function formatPercent(p: number | null, t: Messages): string {
  return p === null ? t.percentUnknown : `${trim(p)}%`;
}

function trim(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** 180000 m2 reads as 18万平方米 in Chinese and 180,000 m² in English. */
export function formatQuantity(value: number, unit: string, lang: Language, t: Messages): string {
  const unitName = t.unit[unit] ?? unit;
  if (lang === "en") return `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${unitName}`;
  if (Math.abs(value) >= 1e8) return `${trim(value / 1e8)}亿${unitName}`.replace("亿", lang === "zh-TW" ? "億" : "亿");
  if (Math.abs(value) >= 1e4) return `${trim(value / 1e4)}${lang === "zh-TW" ? "萬" : "万"}${unitName}`;
  return `${trim(value)}${unitName}`;
}

export function lightText(s: TaskStanding, t: Messages): string {
  return s.overdue ? t.overdue : t.light[s.light];
}

export function taskLine(s: TaskStanding, t: Messages): string {
  return t.taskLine({
    light: lightText(s, t),
    code: s.task.code,
    name: s.task.name,
    mustDeliver: s.task.mustDeliver,
    owner: personLabel(s.owner),
    percent: s.reported === null ? t.never : formatPercent(s.reported, t),
    expected: s.expected === null ? null : formatPercent(s.expected, t),
  });
}

const instantFormatters = new Map<string, Intl.DateTimeFormat>();

/** 2026-07-02 09:15 in the district's time zone. */
export function formatInstant(at: Date, timeZone: string): string {
  let format = instantFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    instantFormatters.set(timeZone, format);
  }
  return format.format(at);
}
