import { dateToDay, type Day } from "./calendar.js";
import type { PersonName } from "./people.js";
import { expectedPercent, lag, light, type Light, type LightThresholds, type Plan } from "./plan.js";
import type { TaskStatus } from "./types.js";

/** What a task's standing is computed from: the task row as stored, read structurally. */
export interface TaskFacts {
  id: number;
  code: string;
  name: string;
  status: TaskStatus;
  mustDeliver: boolean;
  startDate: Date | null;
  deadline: Date | null;
  progressPercent: number | null;
  quantityTotal: number | null;
  quantityUnit: string | null;
  targetValue: number | null;
  targetUnit: string | null;
  lastReportAt: Date | null;
}

export interface UnitFacts {
  id: number;
  name: string;
}

export interface PersonFacts extends PersonName {
  id: number;
}

export interface MilestoneFacts {
  date: Date;
  plannedPercent: number;
}

/** A task against its plan on one day. */
export interface TaskStanding<T extends TaskFacts = TaskFacts, U extends UnitFacts = UnitFacts, P extends PersonFacts = PersonFacts> {
  task: T;
  unit: U;
  owner: P;
  plan: Plan;
  /** Percent the plan expects today; null without a plan. */
  expected: number | null;
  /** Percent after the latest report; null if never reported. */
  reported: number | null;
  lag: number | null;
  light: Light;
  overdue: boolean;
}

export function planOf(task: Pick<TaskFacts, "startDate" | "deadline"> & { milestones: MilestoneFacts[] }): Plan {
  return {
    start: task.startDate ? dateToDay(task.startDate) : null,
    deadline: task.deadline ? dateToDay(task.deadline) : null,
    milestones: task.milestones.map((m) => ({ date: dateToDay(m.date), percent: m.plannedPercent })),
  };
}

export function standingOf<T extends TaskFacts, U extends UnitFacts, P extends PersonFacts>(
  task: T & { unit: U; owner: P; milestones: MilestoneFacts[] },
  today: Day,
  thresholds: LightThresholds,
): TaskStanding<T, U, P> {
  const plan = planOf(task);
  const expected = expectedPercent(plan, today);
  const reported = task.progressPercent;
  return {
    task,
    unit: task.unit,
    owner: task.owner,
    plan,
    expected,
    reported,
    lag: lag(expected, reported),
    light: light({ expected, reported, deadline: plan.deadline, today }, thresholds),
    overdue: plan.deadline !== null && today > plan.deadline && (reported ?? 0) < 100,
  };
}

const LIGHT_RANK: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

/** Most urgent first: red before yellow, must-deliver first at equal light, then most behind. */
export function byUrgency(a: TaskStanding, b: TaskStanding): number {
  return (
    LIGHT_RANK[a.light] - LIGHT_RANK[b.light] ||
    Number(b.task.mustDeliver) - Number(a.task.mustDeliver) ||
    (b.lag ?? -Infinity) - (a.lag ?? -Infinity) ||
    a.task.code.localeCompare(b.task.code)
  );
}

/** How a task stands for the digest's lists: its light, overdue, and whether it owed a report. */
export interface DigestFacts {
  light: Light;
  overdue: boolean;
  reporting: boolean;
  due: boolean;
  ownerOnLeave: boolean;
  missedInARow: number;
}

/**
 * Missed its last finished period. A task not started by plan, or whose first period is still
 * running, owes nothing yet; leave is not silence.
 */
export function isSilent(task: Pick<DigestFacts, "reporting" | "due" | "ownerOnLeave" | "missedInARow">): boolean {
  return task.reporting && task.due !== false && !task.ownerOnLeave && task.missedInARow > 0;
}

function isRed(task: Pick<DigestFacts, "light" | "overdue">): boolean {
  return task.light === "red" || task.overdue;
}

/** The light a task shows in the digest: overdue is red. */
export function lightOf(task: Pick<DigestFacts, "light" | "overdue">): Light {
  return isRed(task) ? "red" : task.light;
}

/** What changed since the last digest: the average lag and the red and missing counts, before and after, and which tasks turned red or recovered. */
export interface DigestChange {
  averageLag: [number | null, number | null];
  red: [number, number];
  missing: [number, number];
  newlyRed: string[];
  recovered: string[];
}
