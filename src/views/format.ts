import type { Language } from "#src/domain/types.js";
import type { TaskStanding } from "#src/domain/standing.js";
import type { Messages } from "#src/locales/index.js";
import type { Light } from "#src/domain/plan.js";

export { personHandle, personName } from "#src/domain/people.js";

function trim(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function formatPercent(p: number | null, t: Messages): string {
  return p === null ? t.percentUnknown : `${trim(p)}%`;
}

/** 180000 m2 reads as 18万平方米 in Chinese and 180,000 m² in English. */
export function formatQuantity(value: number, unit: string, lang: Language, t: Messages): string {
  const unitName = t.unit[unit] ?? unit;
  if (lang === "en") return `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${unitName}`;
  if (Math.abs(value) >= 1e8) return `${trim(value / 1e8)}${lang === "zh-TW" ? "億" : "亿"}${unitName}`;
  if (Math.abs(value) >= 1e4) return `${trim(value / 1e4)}${lang === "zh-TW" ? "萬" : "万"}${unitName}`;
  return `${trim(value)}${unitName}`;
}

/** One decimal, or the words for a change of nothing. */
export function formatDelta(delta: number): number {
  return Math.round(delta * 10) / 10;
}

/** A light's word as the charts and the bulletin say it: 正常 / 滞后 / 严重滞后. */
export function lightWord(light: Light, t: Messages): string {
  return light === "green" ? t.chartGreen : light === "yellow" ? t.chartYellow : t.chartRed;
}

export function lightText(s: Pick<TaskStanding, "overdue" | "light">, t: Messages): string {
  return s.overdue ? t.overdue : t.light[s.light];
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
