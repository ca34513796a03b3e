import { addDays, parseDay, type Day } from "../calendar.js";
import type { Cadence } from "../periods.js";
import { parseCadence } from "../commands.js";
import type { PlanPoint } from "../plan.js";
import type { CellValue } from "./grid.js";
import { normalizeWidth } from "./text.js";

/** A cell as text: numbers as written, booleans as true/false, dates as YYYY-MM-DD. */
export function cellText(value: CellValue): string {
  if (value === null) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : dayOfDate(value);
  return String(value).trim();
}

/** The calendar day a spreadsheet date stands for; spreadsheets store local dates as UTC midnights. */
function dayOfDate(date: Date): Day {
  // Rounded to the nearest minute: a serial converted through floating point can land a hair early.
  return new Date(Math.round(date.getTime() / 60_000) * 60_000).toISOString().slice(0, 10);
}

/** Days since 1899-12-30, as Excel counts (its false 1900-02-29 already folded in). */
function daySerial(serial: number): Day | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  return addDays("1899-12-30", Math.floor(serial));
}

function ymd(year: number, month: number, day: number): Day | null {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) return null;
  const text = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return parseDay(text);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const FULL_DATE = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号]?|(底|末)))(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/u;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const BARE_DATE = /^(\d{1,2})\s*(?:月\s*(?:(\d{1,2})\s*[日号]?|(底|末))|[/.-]\s*(\d{1,2}))$/u;

/**
 * A date as ledgers write it: a date cell, an Excel serial, 2026-03-01, 2026/3/1, 2026.3.1,
 * 2026年3月1日, 2026年3月底. A bare 3月31日 or 3月底 takes the year of `yearOf` and rolls over to
 * the next year if it would fall before `yearOf`; with no `yearOf` a bare date is not a date.
 */
export function parseLedgerDate(value: CellValue, yearOf: Day | null = null): Day | null {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : dayOfDate(value);
  if (typeof value === "number") {
    const compact = COMPACT_DATE.exec(String(value));
    if (compact) return ymd(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    return daySerial(value);
  }
  if (typeof value === "boolean") return null;
  const text = normalizeWidth(value);
  if (/^\d+(\.\d+)?$/.test(text) && !COMPACT_DATE.test(text)) return daySerial(Number(text));
  const compact = COMPACT_DATE.exec(text);
  if (compact) return ymd(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const full = FULL_DATE.exec(text);
  if (full) {
    const year = Number(full[1]);
    if (full[2] !== undefined) return ymd(year, Number(full[2]), Number(full[3]));
    const month = Number(full[4]);
    if (month < 1 || month > 12) return null;
    return ymd(year, month, full[6] ? lastDayOfMonth(year, month) : Number(full[5]));
  }
  const bare = BARE_DATE.exec(text);
  if (bare && yearOf) {
    const month = Number(bare[1]);
    if (month < 1 || month > 12) return null;
    const at = (year: number) => ymd(year, month, bare[3] ? lastDayOfMonth(year, month) : Number(bare[2] ?? bare[4]));
    const year = Number(yearOf.slice(0, 4));
    const day = at(year);
    if (day === null) return null;
    return day < yearOf ? at(year + 1) : day;
  }
  return null;
}

/** Someone named in an owner or deputy cell: by @username (lower case) or Telegram id, with a name if written. */
export interface PersonRef {
  username: string | null;
  telegramId: string | null;
  name: string | null;
}

const USERNAME = /@([A-Za-z][A-Za-z0-9_]{3,31})(?![A-Za-z0-9_])/;
const TELEGRAM_ID = /(?<!\d)(\d{5,15})(?!\d)/;

/** 孙浩（@sunhao）, 孙浩 @sunhao, @sunhao, 123456789, 孙浩 123456789; null without @username or id. */
export function parsePersonRef(text: string): PersonRef | null {
  const t = text.normalize("NFKC").trim();
  const byName = USERNAME.exec(t);
  const match = byName ?? TELEGRAM_ID.exec(t);
  if (!match) return null;
  const rest = (t.slice(0, match.index) + " " + t.slice(match.index + match[0].length))
    .replace(/[()[\]【】<>《》:,\s]+/g, " ")
    .replace(/(^|\s)(id|ID|Id)(\s|$)/g, " ")
    .trim();
  const id = match[1] ?? "";
  return {
    username: byName ? id.toLowerCase() : null,
    telegramId: byName ? null : id,
    name: rest === "" ? null : rest,
  };
}

/** Several people in one cell, split on 、，,；; (and line breaks); null if any one is unreadable. */
export function parsePeople(text: string): { people: PersonRef[]; bad: string[] } {
  const people: PersonRef[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[、，,；;\n\r]+/)) {
    if (part.trim() === "") continue;
    const ref = parsePersonRef(part);
    if (ref) people.push(ref);
    else bad.push(part.trim());
  }
  return { people, bad };
}

const YES = new Set(["是", "√", "✓", "✔", "y", "yes", "true", "1", "必保"]);
const NO = new Set(["否", "", "n", "no", "false", "0", "×", "x"]);

/** Must-deliver: 是 √ ✓ Y yes true 1 → true; 否, empty, N no false 0 → false; anything else null. */
export function parseMust(value: CellValue): boolean | null {
  if (typeof value === "boolean") return value;
  const text = normalizeWidth(cellText(value)).toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return null;
}

/** Cadence: 每日 每周 每旬 每月, daily weekly dekad monthly, 日 周 旬 月; empty → "default"; else null. */
export function parseCadenceCell(value: CellValue): Cadence | "default" | null {
  const text = normalizeWidth(cellText(value));
  if (text === "") return "default";
  return parseCadence(text);
}

export type MilestoneProblem = { kind: "unreadable"; text: string } | { kind: "percent"; text: string };

const PAIR_SEPARATED = /^(.+?)\s*(?:[=:]|\s)\s*(\d+(?:\.\d+)?)\s*%?$/u;
const PAIR_JOINED = /^(.+?)(\d+(?:\.\d+)?)\s*%$/u;

/**
 * Milestones: `2026-03-31 20%；2026-06-30 60%`, pairs split on ；;，, or line breaks, with = : ： or
 * a space between date and percent. Bare dates take the year of `yearOf`.
 */
export function parseMilestones(text: string, yearOf: Day | null): { points: PlanPoint[]; problems: MilestoneProblem[] } {
  const points: PlanPoint[] = [];
  const problems: MilestoneProblem[] = [];
  const normal = text.normalize("NFKC");
  for (const raw of normal.split(/[;,\n\r]+/)) {
    const part = raw.trim();
    if (part === "") continue;
    const m = PAIR_SEPARATED.exec(part) ?? PAIR_JOINED.exec(part);
    const date = m ? parseLedgerDate((m[1] ?? "").trim(), yearOf) : null;
    if (!m || date === null) {
      problems.push({ kind: "unreadable", text: part });
      continue;
    }
    const percent = Number(m[2]);
    if (!(percent >= 0 && percent <= 100)) {
      problems.push({ kind: "percent", text: part });
      continue;
    }
    points.push({ date, percent });
  }
  return { points, problems };
}
