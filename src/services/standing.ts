import type { Db } from "#src/db/database.js";
import type { Blocker, Milestone, Person, Task, Unit } from "#src/generated/prisma/client.js";
import { dateToDay, type Day } from "#src/domain/calendar.js";
import { expectedPercent, lag, light, type LightThresholds, type Light, type Plan } from "#src/domain/plan.js";

export interface TaskStanding {
  task: Task;
  unit: Unit;
  owner: Person;
  plan: Plan;
  /** Percent the plan expects today; null without a plan. */
  expected: number | null;
  /** Percent after the latest report; null if never reported. */
  reported: number | null;
  lag: number | null;
  light: Light;
  overdue: boolean;
}

type TaskWithPlan = Task & { unit: Unit; owner: Person; milestones: Milestone[] };

export function planOf(task: Task & { milestones: Milestone[] }): Plan {
  return {
    start: task.startDate ? dateToDay(task.startDate) : null,
    deadline: task.deadline ? dateToDay(task.deadline) : null,
    milestones: task.milestones.map((m) => ({ date: dateToDay(m.date), percent: m.plannedPercent })),
  };
}

export function standingOf(task: TaskWithPlan, today: Day, thresholds: LightThresholds): TaskStanding {
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

const withPlan = { unit: true, owner: true, milestones: true } as const;

export async function taskStanding(
  db: Db,
  code: string,
  today: Day,
  thresholds: LightThresholds,
): Promise<{ standing: TaskStanding; blockers: Blocker[] } | null> {
  const task = await db.task.findUnique({ where: { code: code.toUpperCase() }, include: withPlan });
  if (!task) return null;
  const blockers = await db.blocker.findMany({ where: { taskId: task.id, resolvedAt: null }, orderBy: { openedAt: "asc" } });
  return { standing: standingOf(task, today, thresholds), blockers };
}

export type TaskScope = { unitId: number } | { personId: number } | { all: true };

/** Tasks in a scope, most behind first (must-deliver ahead of others at equal light). */
export async function listStandings(db: Db, scope: TaskScope, today: Day, thresholds: LightThresholds): Promise<TaskStanding[]> {
  const where =
    "unitId" in scope
      ? { unitId: scope.unitId }
      : "personId" in scope
        ? { OR: [{ ownerId: scope.personId }, { deputies: { some: { personId: scope.personId } } }] }
        : {};
  const tasks = await db.task.findMany({ where, include: withPlan, orderBy: { code: "asc" } });
  return tasks.map((t) => standingOf(t, today, thresholds)).sort(byUrgency);
}

const LIGHT_RANK: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

export function byUrgency(a: TaskStanding, b: TaskStanding): number {
  return (
    LIGHT_RANK[a.light] - LIGHT_RANK[b.light] ||
    Number(b.task.mustDeliver) - Number(a.task.mustDeliver) ||
    (b.lag ?? -Infinity) - (a.lag ?? -Infinity) ||
    a.task.code.localeCompare(b.task.code)
  );
}
