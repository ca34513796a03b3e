import { daysBetween, type Day } from "./calendar.js";

export interface PlanPoint {
  date: Day;
  percent: number;
}

export interface Plan {
  start: Day | null;
  deadline: Day | null;
  milestones: PlanPoint[];
}

export type Light = "green" | "yellow" | "red";

export interface LightThresholds {
  /** Behind by more than this many points: yellow. */
  yellowLag: number;
  /** Behind by more than this many points: red. */
  redLag: number;
  /** Due within this many days and below nearDuePercent: yellow. */
  nearDueDays: number;
  nearDuePercent: number;
}

export const DEFAULT_THRESHOLDS: LightThresholds = { yellowLag: 5, redLag: 15, nearDueDays: 7, nearDuePercent: 90 };

/** The points the plan passes through: (start, 0%), each milestone, (deadline, 100%), in date order. */
export function planPoints(plan: Plan): PlanPoint[] {
  const points: PlanPoint[] = [];
  if (plan.start) points.push({ date: plan.start, percent: 0 });
  for (const m of [...plan.milestones].sort((a, b) => a.date.localeCompare(b.date))) points.push(m);
  if (plan.deadline) points.push({ date: plan.deadline, percent: 100 });
  return points;
}

/**
 * Expected percent complete on a day, read off the plan by straight lines between its points.
 * Null when the plan cannot say: no dates at all, or no start and the day is before the first
 * milestone. Before the start nothing is expected; after the last point, its percent holds.
 */
export function expectedPercent(plan: Plan, day: Day): number | null {
  const points = planPoints(plan);
  const first = points[0];
  if (!first) return null;
  if (day < first.date) return plan.start ? 0 : null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (day <= b.date) {
      const span = daysBetween(a.date, b.date);
      if (span <= 0) return b.percent;
      const t = daysBetween(a.date, day) / span;
      return round1(a.percent + (b.percent - a.percent) * t);
    }
  }
  return points[points.length - 1]!.percent;
}

/** Percent complete from a cumulative quantity against the task's target, capped at 100. */
export function percentFromQuantity(total: number, target: number): number {
  if (target <= 0) return 0;
  return round1(Math.min(100, Math.max(0, (total / target) * 100)));
}

/** Percentage points behind plan (negative when ahead). A task never reported counts as 0%. */
export function lag(expected: number | null, reported: number | null): number | null {
  if (expected === null) return null;
  return round1(expected - (reported ?? 0));
}

export interface LightInput {
  expected: number | null;
  reported: number | null;
  deadline: Day | null;
  today: Day;
}

/** Green on track; yellow behind or near due; red far behind or overdue. */
export function light(input: LightInput, thresholds: LightThresholds = DEFAULT_THRESHOLDS): Light {
  const reported = input.reported ?? 0;
  if (reported >= 100) return "green";
  const behind = lag(input.expected, reported) ?? 0;
  if (input.deadline && input.today > input.deadline) return "red";
  if (behind > thresholds.redLag) return "red";
  if (behind > thresholds.yellowLag) return "yellow";
  if (input.deadline && daysBetween(input.today, input.deadline) <= thresholds.nearDueDays && reported < thresholds.nearDuePercent) {
    return "yellow";
  }
  return "green";
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
