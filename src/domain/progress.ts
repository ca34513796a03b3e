import type { ParsedReport, TaskStatus } from "./types.js";
import { percentFromQuantity, round1 } from "./plan.js";

export interface TaskTarget {
  targetValue: number | null;
  targetUnit: string | null;
}

/** Where a task stood after its previous report. */
export interface StandingBefore {
  progressPercent: number | null;
  quantityTotal: number | null;
  /** The unit quantityTotal is counted in: the target's, or else the first one reported. */
  quantityUnit: string | null;
}

export interface Standing {
  /** Cumulative percent complete after this report. */
  progressPercent: number | null;
  /** Cumulative quantity after this report, counted in quantityUnit; other units are not added in. */
  quantityTotal: number | null;
  quantityUnit: string | null;
  status: TaskStatus | null;
}

/**
 * What a report establishes, given where the task stood: a written percent wins; then a rise
 * on the last percent; then the quantity against the target; then a completion status.
 */
export function resolveStanding(report: ParsedReport, task: TaskTarget, before: StandingBefore): Standing {
  let quantityTotal = before.quantityTotal;
  const quantityUnit = task.targetUnit ?? before.quantityUnit ?? report.quantity?.unit ?? null;
  const q = report.quantity;
  if (q && q.unit === quantityUnit) {
    quantityTotal = q.cumulative ? q.value : (before.quantityTotal ?? 0) + q.value;
  }

  let progressPercent = before.progressPercent;
  if (report.percent !== null) {
    progressPercent = report.percent;
  } else if (report.percentDelta !== null) {
    progressPercent = round1(Math.min(100, Math.max(0, (before.progressPercent ?? 0) + report.percentDelta)));
  } else if (q && quantityTotal !== null && task.targetValue && task.targetUnit === q.unit) {
    progressPercent = percentFromQuantity(quantityTotal, task.targetValue);
  } else if (report.status === "completed" || report.status === "accepted") {
    progressPercent = 100;
  }

  let status = report.status;
  // "东段已完工，西段进度40%": a part is finished, not the task.
  if ((status === "completed" || status === "accepted") && report.percent !== null && report.percent < 100) status = "in_progress";
  if (status === null && progressPercent !== null) {
    status = progressPercent >= 100 ? "completed" : progressPercent > 0 ? "in_progress" : null;
  }
  return { progressPercent, quantityTotal, quantityUnit: quantityTotal === null ? null : quantityUnit, status };
}
