/**
 * 督办单: the ladder a task climbs when it stays behind plan or its problems stay open —
 * 蓝 (a reminder to the officer), 黄 (the unit head is named), 红 (the leader is named) — each sent
 * once per level and closed together (办结) when the task is back on plan with no open problem.
 * Pure: the escalation job reads the facts, calls these, and writes what they decide.
 */
import { dayInZone, daysBetween, type Day } from "./calendar.js";
import { periodOf, type Cadence } from "./periods.js";
import type { Light } from "./plan.js";
import type { BlockerCategory } from "./types.js";
import { addWorkdays } from "./workdays.js";

export const ORDER_LEVELS = ["blue", "yellow", "red"] as const;
export type OrderLevel = (typeof ORDER_LEVELS)[number];

export function levelRank(level: OrderLevel): number {
  return ORDER_LEVELS.indexOf(level);
}

/** Thresholds and time allowed; every one a setting. "Over N days" means more than N. */
export interface SupervisionSettings {
  /** 蓝: behind plan (yellow or red) for this many periods in a row, the current one included. */
  blueYellowPeriods: number;
  /** 蓝: a problem open more than this many days. */
  blueProblemDays: number;
  /** 黄: a problem open more than this many days (and any task red today). */
  yellowProblemDays: number;
  /** 红: red for more than this many days. */
  redRedDays: number;
  /** 红: a problem open more than this many days (and a must-deliver task overdue). */
  redProblemDays: number;
  /** Workdays allowed to answer each level, counted from the day after issue. */
  blueDueWorkdays: number;
  yellowDueWorkdays: number;
  redDueWorkdays: number;
  /** 蓝 early: a must-deliver task forecast to finish more than this many days late, two periods in a row. */
  forecastDays: number;
}

/**
 * Blue asks the officer for a catch-up plan in 3 workdays; yellow asks the unit head for a written
 * rectification plan, which takes a meeting, so 5; red is an overdue or month-stuck task the leader
 * steps into, where days count, so 3.
 */
export const DEFAULT_SUPERVISION: SupervisionSettings = {
  blueYellowPeriods: 2,
  blueProblemDays: 7,
  yellowProblemDays: 14,
  redRedDays: 14,
  redProblemDays: 30,
  blueDueWorkdays: 3,
  yellowDueWorkdays: 5,
  redDueWorkdays: 3,
  forecastDays: 15,
};

/** Periods in a row a must-deliver task must be forecast late for its early 蓝 督办单. */
export const FORECAST_LATE_PERIODS = 2;

/** Env names config.ts can read these from, one per setting (DUBAN_ORDER_BLUE_PERIODS=2). */
export const SUPERVISION_ENV: Record<keyof SupervisionSettings, string> = {
  blueYellowPeriods: "DUBAN_ORDER_BLUE_PERIODS",
  blueProblemDays: "DUBAN_ORDER_BLUE_PROBLEM_DAYS",
  yellowProblemDays: "DUBAN_ORDER_YELLOW_PROBLEM_DAYS",
  redRedDays: "DUBAN_ORDER_RED_DAYS",
  redProblemDays: "DUBAN_ORDER_RED_PROBLEM_DAYS",
  blueDueWorkdays: "DUBAN_ORDER_BLUE_DUE_WORKDAYS",
  yellowDueWorkdays: "DUBAN_ORDER_YELLOW_DUE_WORKDAYS",
  redDueWorkdays: "DUBAN_ORDER_RED_DUE_WORKDAYS",
  forecastDays: "DUBAN_ORDER_FORECAST_DAYS",
};

const SETTING_KEYS = [
  "blueYellowPeriods",
  "blueProblemDays",
  "yellowProblemDays",
  "redRedDays",
  "redProblemDays",
  "blueDueWorkdays",
  "yellowDueWorkdays",
  "redDueWorkdays",
  "forecastDays",
] as const satisfies readonly (keyof SupervisionSettings)[];

/**
 * What is wrong with a set of settings, one sentence each naming the variable; [] when fine.
 * Counts are whole numbers ≥ 1 (a 0-day threshold would raise an order the day a problem opens),
 * and the problem ages climb with the ladder.
 */
export function supervisionSettingsErrors(s: SupervisionSettings): string[] {
  const errors: string[] = [];
  for (const key of SETTING_KEYS) {
    const v = s[key];
    const name = SUPERVISION_ENV[key];
    if (!Number.isInteger(v) || v < 1 || v > 366) errors.push(`${name} should be a whole number from 1 to 366, e.g. ${name}=${DEFAULT_SUPERVISION[key]} (got "${v}")`);
  }
  if (s.yellowProblemDays <= s.blueProblemDays) {
    errors.push(`${SUPERVISION_ENV.yellowProblemDays} should be more than ${SUPERVISION_ENV.blueProblemDays} (${s.blueProblemDays})`);
  }
  if (s.redProblemDays <= s.yellowProblemDays) {
    errors.push(`${SUPERVISION_ENV.redProblemDays} should be more than ${SUPERVISION_ENV.yellowProblemDays} (${s.yellowProblemDays})`);
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// From daily light snapshots to streaks

/** The light a task had on a day, as the digest computed it (one row per task and day). */
export interface LightSnapshot {
  day: Day;
  light: Light;
  /** Days past the deadline the forecast said that day (null or absent: no date). */
  forecastLateDays?: number | null;
}

export interface LightStreaks {
  /**
   * Periods in a row, the current one included, whose light (the last snapshot in the period) was
   * yellow or red. A red period counts: red is further behind than yellow.
   */
  periodsBehind: number;
  /** Days since the task turned red, 0 on its first red day and when it is not red. */
  daysRed: number;
  /** The first day of the current red run; null when the latest light is not red. */
  redSince: Day | null;
  /** Periods in a row, the current one included, whose forecast (the period's last) was more than `forecastDays` late. */
  periodsForecastLate: number;
}

/**
 * Streaks from the daily snapshots up to `today`. Days without a snapshot (weekends, a day the job
 * did not run) neither break nor extend a run: red on Friday and on Monday is red since Friday.
 */
export function lightStreaks(snapshots: readonly LightSnapshot[], today: Day, cadence: Cadence, forecastDays = DEFAULT_SUPERVISION.forecastDays): LightStreaks {
  const past = snapshots.filter((s) => s.day <= today).sort((a, b) => a.day.localeCompare(b.day));

  let redSince: Day | null = null;
  for (let i = past.length - 1; i >= 0; i--) {
    const s = past[i];
    if (!s || s.light !== "red") break;
    redSince = s.day;
  }

  // The last snapshot of each period, newest period first.
  const lastOfPeriod = new Map<string, LightSnapshot>();
  for (const s of past) lastOfPeriod.set(periodOf(s.day, cadence).key, s);
  const periods = [...lastOfPeriod.values()].reverse();
  let periodsBehind = 0;
  for (const p of periods) {
    if (p.light === "green") break;
    periodsBehind++;
  }
  let periodsForecastLate = 0;
  for (const p of periods) {
    if ((p.forecastLateDays ?? -Infinity) <= forecastDays) break;
    periodsForecastLate++;
  }

  return { periodsBehind, daysRed: redSince ? Math.max(0, daysBetween(redSince, today)) : 0, redSince, periodsForecastLate };
}

// ---------------------------------------------------------------------------------------------
// The level a task has earned

export interface OrderLevelInput {
  /** Today's light. */
  light: Light;
  /** From lightStreaks. */
  periodsBehind: number;
  daysRed: number;
  mustDeliver: boolean;
  /** Past its deadline and not completed. */
  overdue: boolean;
  /** The task's oldest open problem: its category and age in days (problemAge). */
  oldestProblem: { category: BlockerCategory; days: number } | null;
  /** From lightStreaks: periods in a row forecast more than forecastDays late; and by how many days today. */
  periodsForecastLate?: number;
  forecastLateDays?: number | null;
}

/** Why a level was reached; the 督办单 says each one. */
export type OrderGround =
  | { kind: "behind_periods"; periods: number }
  | { kind: "red" }
  | { kind: "red_days"; days: number }
  | { kind: "must_deliver_overdue" }
  | { kind: "problem_open"; category: BlockerCategory; days: number }
  /** A must-deliver task forecast to finish this many days after its deadline, `periods` periods in a row. */
  | { kind: "forecast_late"; days: number; periods: number };

export interface OrderAssessment {
  level: OrderLevel | null;
  /** The grounds that reach `level`; empty when level is null. */
  grounds: OrderGround[];
}

/** The level a task has earned today, and why: the highest level any ground reaches. */
export function assessOrder(input: OrderLevelInput, settings: SupervisionSettings = DEFAULT_SUPERVISION): OrderAssessment {
  const red: OrderGround[] = [];
  const yellow: OrderGround[] = [];
  const blue: OrderGround[] = [];
  const problem = input.oldestProblem;

  if (input.light === "red" && input.daysRed > settings.redRedDays) red.push({ kind: "red_days", days: input.daysRed });
  if (input.mustDeliver && input.overdue) red.push({ kind: "must_deliver_overdue" });
  if (problem && problem.days > settings.redProblemDays) red.push({ kind: "problem_open", ...problem });
  if (red.length) return { level: "red", grounds: red };

  if (input.light === "red") yellow.push({ kind: "red" });
  if (problem && problem.days > settings.yellowProblemDays) yellow.push({ kind: "problem_open", ...problem });
  if (yellow.length) return { level: "yellow", grounds: yellow };

  if (input.light !== "green" && input.periodsBehind >= settings.blueYellowPeriods) {
    blue.push({ kind: "behind_periods", periods: input.periodsBehind });
  }
  if (problem && problem.days > settings.blueProblemDays) blue.push({ kind: "problem_open", ...problem });
  if (forecastLate(input, settings)) blue.push({ kind: "forecast_late", days: input.forecastLateDays ?? 0, periods: input.periodsForecastLate ?? 0 });
  if (blue.length) return { level: "blue", grounds: blue };

  return { level: null, grounds: [] };
}

export function orderLevel(input: OrderLevelInput, settings: SupervisionSettings = DEFAULT_SUPERVISION): OrderLevel | null {
  return assessOrder(input, settings).level;
}

/** 办结 needs both: the task back on plan (green, which a completed task is) and no open problem. */
export function isSettled(light: Light, openProblems: number, lateAtItsPace = false): boolean {
  return light === "green" && openProblems === 0 && !lateAtItsPace;
}

/**
 * The early warning: a must-deliver task forecast more than `forecastDays` late for two periods
 * in a row earns a 蓝 督办单 before its light turns. Such a task is not settled while it stays so.
 */
export function forecastLate(input: Pick<OrderLevelInput, "mustDeliver" | "periodsForecastLate" | "forecastLateDays">, settings: SupervisionSettings = DEFAULT_SUPERVISION): boolean {
  return input.mustDeliver && (input.periodsForecastLate ?? 0) >= FORECAST_LATE_PERIODS && (input.forecastLateDays ?? -Infinity) > settings.forecastDays;
}

// ---------------------------------------------------------------------------------------------
// What to issue and when to close

/** An order the task holds that is not yet 办结. */
export interface OpenOrder {
  level: OrderLevel;
  /** Which run of the ladder it belongs to: 1 for the task's first, +1 after each 办结. */
  cycle: number;
}

export type OrderAction<O extends OpenOrder = OpenOrder> =
  /** Issue a new order of this level in this cycle (number it, send it once). */
  | { kind: "issue"; level: OrderLevel; cycle: number }
  /** 办结: close every open order of the cycle, announced once. */
  | { kind: "close"; orders: O[]; cycle: number };

/**
 * What to do for one task today.
 *
 * - Settled (on plan, no open problem) with orders open: close them all, one announcement.
 * - A level above every open one: issue that level only. Levels skipped on the way are not
 *   issued afterwards (a task going straight to red gets the red order, which names everyone).
 * - A level at or below the highest open one, or no level but not yet settled: nothing. An order
 *   stays open while the task is behind, even if it is less behind than when it was issued.
 * - After 办结 the ladder starts again: a new cycle, new orders, new numbers.
 *
 * `lastCycle` is the task's highest cycle so far (0 when it never had an order).
 */
export function nextActions<O extends OpenOrder>(
  open: readonly O[],
  level: OrderLevel | null,
  onPlanAndNoProblems: boolean,
  lastCycle = 0,
): OrderAction<O>[] {
  const first = open[0];
  if (onPlanAndNoProblems) return first ? [{ kind: "close", orders: [...open], cycle: first.cycle }] : [];
  if (level === null) return [];
  const highest = open.reduce((max, o) => Math.max(max, levelRank(o.level)), -1);
  if (levelRank(level) <= highest) return [];
  const cycle = first ? Math.max(...open.map((o) => o.cycle)) : Math.max(0, lastCycle) + 1;
  return [{ kind: "issue", level, cycle }];
}

/** Keys that make the escalation job's effects idempotent: one row per key, skipped when present. */
export function issueKey(taskId: number, cycle: number, level: OrderLevel): string {
  return `duban:order:${taskId}:${cycle}:${level}`;
}

export function closeKey(taskId: number, cycle: number): string {
  return `duban:order-close:${taskId}:${cycle}`;
}

// ---------------------------------------------------------------------------------------------
// Numbers: 督办〔2026〕第12号

export interface OrderNumber {
  year: number;
  /** Running number within the year, from 1. */
  serial: number;
}

/** The year of issue in the district's time zone: an order at 00:30 on 1 January Beijing time is next year's. */
export function orderYear(issuedAt: Date, timeZone: string): number {
  return Number(dayInZone(issuedAt, timeZone).slice(0, 4));
}

/** The next number: the year's highest serial + 1, or 1 in a new year. */
export function nextOrderNumber(year: number, lastOfYear: OrderNumber | null): OrderNumber {
  return { year, serial: lastOfYear && lastOfYear.year === year ? lastOfYear.serial + 1 : 1 };
}

/** The canonical form, as stored and searched: 督办〔2026〕第12号. */
export function formatOrderNumber(n: OrderNumber): string {
  return `督办〔${n.year}〕第${n.serial}号`;
}

const NUMBER_RE = /^(?:督[办辦])?\s*[〔[(（【]\s*(\d{4})\s*[〕\])）】]\s*(?:第\s*)?(\d{1,6})\s*[号號]?$/u;

/** Reads 督办〔2026〕第12号, 督辦〔2026〕第12號, [2026]12, 2026-12; null if it is none of these. */
export function parseOrderNumber(text: string): OrderNumber | null {
  const t = text.trim();
  const m = NUMBER_RE.exec(t) ?? /^(\d{4})[-/](\d{1,6})$/.exec(t);
  if (!m) return null;
  const year = Number(m[1]);
  const serial = Number(m[2]);
  return serial >= 1 ? { year, serial } : null;
}

// ---------------------------------------------------------------------------------------------
// What each level asks, of whom, by when, and where it goes

/** Who must act: 蓝 the officer, 黄 the unit head, 红 the leader. */
export type Addressee = "officer" | "unit_head" | "leader";

/** 蓝: report progress and catch-up measures; 黄: a written rectification plan; 红: the leader coordinates and the unit reports the result. */
export type OrderAsk = "catch_up_plan" | "rectification_plan" | "leader_coordination";

export interface OrderRequest {
  level: OrderLevel;
  addressee: Addressee;
  ask: OrderAsk;
  issuedOn: Day;
  /** The day the answer is due: the Nth workday after the issue day. */
  due: Day;
}

const LADDER: Record<OrderLevel, { addressee: Addressee; ask: OrderAsk; due: (s: SupervisionSettings) => number }> = {
  blue: { addressee: "officer", ask: "catch_up_plan", due: (s) => s.blueDueWorkdays },
  yellow: { addressee: "unit_head", ask: "rectification_plan", due: (s) => s.yellowDueWorkdays },
  red: { addressee: "leader", ask: "leader_coordination", due: (s) => s.redDueWorkdays },
};

export function orderRequest(
  level: OrderLevel,
  issuedOn: Day,
  isWorkday: (day: Day) => boolean,
  settings: SupervisionSettings = DEFAULT_SUPERVISION,
): OrderRequest {
  const rung = LADDER[level];
  return { level, addressee: rung.addressee, ask: rung.ask, issuedOn, due: addWorkdays(issuedOn, rung.due(settings), isWorkday) };
}

export type OrderChat = "unit_group" | "leaders";

/**
 * Where an order goes and whom it names. Blue stays in the unit's group; yellow too, naming the
 * unit head beside the officer; red goes to the leaders' chat and to the unit's group, so the
 * people who must act see what the leader was told.
 */
export function orderDelivery(level: OrderLevel): { chats: OrderChat[]; names: Addressee[] } {
  switch (level) {
    case "blue":
      return { chats: ["unit_group"], names: ["officer"] };
    case "yellow":
      return { chats: ["unit_group"], names: ["unit_head", "officer"] };
    case "red":
      return { chats: ["leaders", "unit_group"], names: ["leader", "unit_head", "officer"] };
  }
}
