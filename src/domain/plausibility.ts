import type { ParsedReport } from "./types.js";

/** How far a percent may move in one report before the bot asks (MESSAGES.md, "Plausible or asked"). */
export const MAX_FALL = 5;
export const MAX_RISE = 30;

/** One way of reading a doubtful report: the report to record when the officer taps it. */
export type Reading =
  | { kind: "as_percent"; percent: number; report: ParsedReport }
  | { kind: "confirm"; percent: number; report: ParsedReport }
  | { kind: "cancel" };

export interface Doubt {
  task: string;
  previous: number;
  /** What the report would make the task's percent, read as written. */
  asWritten: number;
  why: "fall" | "rise" | "period_as_cumulative";
  readings: Reading[];
}

const clamp = (x: number) => Math.round(Math.min(100, Math.max(0, x)) * 10) / 10;

/**
 * Whether a report is too odd to record without asking, given the task's percent before it.
 * `5%` after `60%` most likely means this period's rise: the officer is offered 65% or 5%.
 * A fall of more than 5 points or a rise of more than 30 is confirmed or cancelled.
 */
export function doubtOf(report: ParsedReport, previous: number | null): Doubt | null {
  if (previous === null) return null;
  if (report.percent !== null) {
    const written = report.percent;
    if (written < previous - MAX_FALL) {
      const sum = previous + written;
      if (sum <= 100 && written <= MAX_RISE) {
        return {
          task: report.task,
          previous,
          asWritten: written,
          why: "period_as_cumulative",
          readings: [
            { kind: "as_percent", percent: clamp(sum), report: { ...report, percent: clamp(sum), percentDelta: null } },
            { kind: "as_percent", percent: written, report: { ...report, percentDelta: null } },
          ],
        };
      }
      return confirm(report, previous, written, "fall");
    }
    if (written > previous + MAX_RISE) return confirm(report, previous, written, "rise");
    return null;
  }
  if (report.percentDelta !== null) {
    const after = clamp(previous + report.percentDelta);
    if (report.percentDelta < -MAX_FALL) return confirm(report, previous, after, "fall");
    if (report.percentDelta > MAX_RISE) return confirm(report, previous, after, "rise");
  }
  return null;
}

function confirm(report: ParsedReport, previous: number, after: number, why: "fall" | "rise"): Doubt {
  return { task: report.task, previous, asWritten: after, why, readings: [{ kind: "confirm", percent: after, report }, { kind: "cancel" }] };
}
