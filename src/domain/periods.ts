import { addDays, daysBetween, type Day } from "./calendar.js";

export const CADENCES = ["daily", "weekly", "dekad", "monthly"] as const;
export type Cadence = (typeof CADENCES)[number];

/** One reporting period: a day, an ISO week (Monday first), a 旬 (1–10, 11–20, 21–end) or a month. */
export interface Period {
  cadence: Cadence;
  /** Stable name: 2026-07-02, 2026-07-W27 style is avoided; weeks are named by their Monday. */
  key: string;
  start: Day;
  end: Day;
}

function weekday(day: Day): number {
  // 1 = Monday … 7 = Sunday.
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function isWeekend(day: Day): boolean {
  return weekday(day) >= 6;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, "0");

export function periodOf(day: Day, cadence: Cadence): Period {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const month = `${y}-${pad(m)}`;
  switch (cadence) {
    case "daily":
      return { cadence, key: day, start: day, end: day };
    case "weekly": {
      const start = addDays(day, 1 - weekday(day));
      return { cadence, key: `${start}/week`, start, end: addDays(start, 6) };
    }
    case "dekad": {
      const index = d <= 10 ? 1 : d <= 20 ? 2 : 3;
      const first = (index - 1) * 10 + 1;
      const last = index === 3 ? lastDayOfMonth(y, m) : index * 10;
      return { cadence, key: `${month}/${index}`, start: `${month}-${pad(first)}`, end: `${month}-${pad(last)}` };
    }
    case "monthly":
      return { cadence, key: month, start: `${month}-01`, end: `${month}-${pad(lastDayOfMonth(y, m))}` };
  }
}

/** The period just before this one. */
export function previousPeriod(period: Period): Period {
  return periodOf(addDays(period.start, -1), period.cadence);
}

/** Whether a task whose latest report fell on `lastReportDay` still owes one for the period containing `today`. */
export function isMissing(lastReportDay: Day | null, today: Day, cadence: Cadence): boolean {
  return lastReportDay === null || lastReportDay < periodOf(today, cadence).start;
}

export type WorkdayTest = (day: Day) => boolean;

/**
 * Finished periods in a row, before the current one, in which the task made no report.
 * Daily periods count workdays only. Counting starts after the latest report, or at `since`
 * (when the task was added or its plan starts) if it never reported; it stops at `limit`.
 */
export function consecutiveMissed(
  lastReportDay: Day | null,
  since: Day,
  today: Day,
  cadence: Cadence,
  isWorkday: WorkdayTest,
  limit = 60,
): number {
  let count = 0;
  let period = previousPeriod(periodOf(today, cadence));
  const floor = lastReportDay ?? addDays(since, -1);
  while (count < limit && period.end > floor && period.start >= since) {
    if (lastReportDay !== null && lastReportDay >= period.start) break;
    // A period counts if the officer had a working day in it: not a holiday week, not all on leave.
    if (cadence === "daily" ? isWorkday(period.start) : hasWorkday(period, isWorkday)) count++;
    period = previousPeriod(period);
    if (daysBetween(period.start, today) > 3660) break;
  }
  return count;
}

function hasWorkday(period: Period, isWorkday: WorkdayTest): boolean {
  for (let d = period.start; d <= period.end; d = addDays(d, 1)) if (isWorkday(d)) return true;
  return false;
}

/** Days off an officer had: leave, from and to inclusive. */
export interface LeaveRange {
  from: Day;
  to: Day;
}

const DAILY_SPAN = 400;

/**
 * consecutiveMissed for many tasks on one day. Daily counts come from a running count of
 * workdays over the past DAILY_SPAN days, built once, so a board of 10,000 silent tasks costs
 * no more than one of reporting ones; other cadences walk their few periods.
 */
export function missedCounter(
  today: Day,
  isWorkday: WorkdayTest,
  limit = 60,
): (lastReportDay: Day | null, since: Day, cadence: Cadence, leave?: LeaveRange[]) => number {
  const first = addDays(today, -DAILY_SPAN);
  // workdaysBefore[i]: workdays from `first` up to, not including, first + i days.
  const workdaysBefore = [0];
  for (let i = 0; i < DAILY_SPAN; i++) workdaysBefore.push(workdaysBefore[i]! + (isWorkday(addDays(first, i)) ? 1 : 0));
  // Workdays in [a, b) within the span, from the running count.
  const workdaysIn = (a: Day, b: Day) => {
    const i = Math.min(DAILY_SPAN, Math.max(0, daysBetween(first, a)));
    const j = Math.min(DAILY_SPAN, Math.max(0, daysBetween(first, b)));
    return j > i ? workdaysBefore[j]! - workdaysBefore[i]! : 0;
  };
  return (lastReportDay, since, cadence, leave = []) => {
    if (cadence !== "daily") {
      const available = leave.length ? (d: Day) => isWorkday(d) && !leave.some((l) => l.from <= d && d <= l.to) : isWorkday;
      return consecutiveMissed(lastReportDay, since, today, cadence, available, limit);
    }
    const from = lastReportDay !== null && addDays(lastReportDay, 1) > since ? addDays(lastReportDay, 1) : since;
    if (from >= today) return 0;
    let missed = workdaysIn(from, today);
    // Workdays on leave are not missed (leave ranges of one officer do not overlap in practice;
    // where they do, the count is floored at 0).
    for (const l of leave) {
      const a = l.from > from ? l.from : from;
      const b = addDays(l.to, 1) < today ? addDays(l.to, 1) : today;
      if (a < b) missed -= workdaysIn(a, b);
    }
    return Math.min(limit, Math.max(0, missed));
  };
}
