import { parseReport } from "./parser/index.js";
import type { QuantityUnit } from "./types.js";
import type { Cadence } from "./periods.js";
import { parseDay, type Day } from "./calendar.js";
import type { PlanPoint } from "./plan.js";
import { isUsername } from "./people.js";

const TASK_CODE = /^[#＃]?[【[]?([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)[】\]]?$/u;

/** A task code as admins type it (BY-01, #by-01, 【BY-01】), upper-cased; null if it is not one. */
export function parseTaskCode(word: string): string | null {
  const m = TASK_CODE.exec(word.trim());
  const code = m?.[1];
  if (!code) return null;
  if (code.length > 32 || !/[A-Za-z]/.test(code) || !/\d/.test(code)) return null;
  return code.toUpperCase();
}

/** A target quantity (18万平方米, 36栋, 1200m3), read exactly as a report's quantity is. */
export function parseTarget(text: string): { value: number; unit: QuantityUnit } | null {
  const parsed = parseReport(`ZZ-0 ${text}`);
  const quantity = parsed.ok ? parsed.reports[0]?.quantity : null;
  if (!quantity || !(quantity.value > 0)) return null;
  return { value: quantity.value, unit: quantity.unit };
}

const CADENCE_WORDS: Record<string, Cadence> = {
  daily: "daily", day: "daily", 日: "daily", 日报: "daily", 每日: "daily", 每天: "daily",
  weekly: "weekly", week: "weekly", 周: "weekly", 週: "weekly", 周报: "weekly", 週報: "weekly", 每周: "weekly", 每週: "weekly",
  dekad: "dekad", 旬: "dekad", 旬报: "dekad", 旬報: "dekad", 每旬: "dekad",
  monthly: "monthly", month: "monthly", 月: "monthly", 月报: "monthly", 月報: "monthly", 每月: "monthly",
};

/** How often a task reports, as admins write it: daily/weekly/dekad/monthly or 日/周/旬/月. */
export function parseCadence(word: string): Cadence | null {
  return CADENCE_WORDS[word.trim().toLowerCase()] ?? null;
}

/** Spaces inside a Chinese name are typing noise: "北园大街\u3000指挥部" is 北园大街指挥部. */
export function unitName(text: string): string {
  return text
    .trim()
    .replace(/\s+/gu, " ")
    .replace(/(?<=[\p{Script=Han}）」])\s+|\s+(?=[\p{Script=Han}（「])/gu, "");
}

export const MAX_UNIT_NAME = 100;
export const MAX_TASK_NAME = 200;

/** Why a command's words could not be taken; the view turns each into a sentence. */
export type CommandError =
  | { kind: "usage" }
  | { kind: "bad_code"; word: string }
  | { kind: "bad_username"; word: string }
  | { kind: "two_owners"; first: string; second: string }
  | { kind: "bad_target"; value: string }
  | { kind: "bad_cadence"; value: string }
  | { kind: "bad_date"; key: string; value: string }
  | { kind: "unknown_option"; word: string }
  | { kind: "missing_owner" }
  | { kind: "missing_name" }
  | { kind: "name_too_long"; max: number }
  | { kind: "start_after_due" }
  | { kind: "bad_milestone"; entry: string }
  | { kind: "milestone_out_of_range"; entry: string }
  | { kind: "milestone_twice"; day: Day };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: CommandError };

const fail = (error: CommandError): { ok: false; error: CommandError } => ({ ok: false, error });

export interface AddTaskArgs {
  code: string;
  name: string;
  ownerUsername: string;
  start: Day | null;
  deadline: Day | null;
  target: { value: number; unit: QuantityUnit } | null;
  mustDeliver: boolean;
  /** null: the default, daily. */
  cadence?: Cadence | null;
}

/** /addtask <CODE> <name> @owner [start=] [due=] [target=] [cadence=] [must] */
export function parseAddTaskArgs(words: string[]): Parsed<AddTaskArgs> {
  const [rawCode, ...rest] = words;
  if (!rawCode || rest.length === 0) return fail({ kind: "usage" });
  const code = parseTaskCode(rawCode);
  if (!code) return fail({ kind: "bad_code", word: rawCode });
  const args: AddTaskArgs = { code, name: "", ownerUsername: "", start: null, deadline: null, target: null, mustDeliver: false, cadence: null };
  const nameWords: string[] = [];
  for (const word of rest) {
    const option = /^(start|due|target|cadence)=(.*)$/i.exec(word);
    if (word.startsWith("@")) {
      if (!isUsername(word)) return fail({ kind: "bad_username", word });
      if (args.ownerUsername) return fail({ kind: "two_owners", first: args.ownerUsername, second: word });
      args.ownerUsername = word;
    } else if (option?.[1] && option[2] !== undefined) {
      const error = applyTaskOption(args, option[1].toLowerCase(), option[2]);
      if (error) return fail(error);
    } else if (/^(must|必保)$/i.test(word)) {
      args.mustDeliver = true;
    } else if (/^\w+=/.test(word) || args.ownerUsername) {
      return fail({ kind: "unknown_option", word });
    } else {
      nameWords.push(word);
    }
  }
  args.name = nameWords.join(" ");
  if (!args.ownerUsername) return fail({ kind: "missing_owner" });
  if (!args.name) return fail({ kind: "missing_name" });
  if (args.name.length > MAX_TASK_NAME) return fail({ kind: "name_too_long", max: MAX_TASK_NAME });
  if (args.start && args.deadline && args.start > args.deadline) return fail({ kind: "start_after_due" });
  return { ok: true, value: args };
}

function applyTaskOption(args: AddTaskArgs, key: string, value: string): CommandError | null {
  if (key === "target") {
    args.target = parseTarget(value);
    return args.target ? null : { kind: "bad_target", value };
  }
  if (key === "cadence") {
    args.cadence = parseCadence(value);
    return args.cadence ? null : { kind: "bad_cadence", value };
  }
  const day = parseDay(value);
  if (!day) return { kind: "bad_date", key, value };
  if (key === "start") args.start = day;
  else args.deadline = day;
  return null;
}

export interface PlanArgs {
  code: string;
  start?: Day;
  deadline?: Day;
  cadence?: Cadence;
  milestones: PlanPoint[];
}

/** /plan <CODE> YYYY-MM-DD=NN% ... [start=] [due=] [cadence=] */
export function parsePlanArgs(words: string[]): Parsed<PlanArgs> {
  const [rawCode, ...entries] = words;
  const code = rawCode ? parseTaskCode(rawCode) : null;
  if (!code || entries.length === 0) return fail({ kind: "usage" });
  const args: PlanArgs = { code, milestones: [] };
  for (const entry of entries) {
    const option = /^(start|due|cadence)=(.*)$/i.exec(entry);
    if (option?.[1] && option[2] !== undefined) {
      const key = option[1].toLowerCase();
      if (key === "cadence") {
        const cadence = parseCadence(option[2]);
        if (!cadence) return fail({ kind: "bad_cadence", value: option[2] });
        args.cadence = cadence;
        continue;
      }
      const day = parseDay(option[2]);
      if (!day) return fail({ kind: "bad_date", key, value: option[2] });
      if (key === "start") args.start = day;
      else args.deadline = day;
      continue;
    }
    const m = /^(\d{4}-\d{2}-\d{2})[=＝:：](-?\d+(?:\.\d+)?)[%％]?$/u.exec(entry);
    const day = m?.[1] ? parseDay(m[1]) : null;
    if (!m || !day) return fail({ kind: "bad_milestone", entry });
    const percent = Number(m[2]);
    if (percent < 0 || percent > 100) return fail({ kind: "milestone_out_of_range", entry });
    if (args.milestones.some((p) => p.date === day)) return fail({ kind: "milestone_twice", day });
    args.milestones.push({ date: day, percent });
  }
  return { ok: true, value: args };
}
