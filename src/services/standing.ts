import type { Db } from "#src/db/database.js";
import type { Blocker, Milestone, Person, Task, Unit } from "#src/generated/prisma/client.js";
import type { Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import { byUrgency, standingOf as standingOfFacts, type TaskStanding as Standing } from "#src/domain/standing.js";

export { planOf, byUrgency } from "#src/domain/standing.js";

/** A stored task against its plan on one day. */
export type TaskStanding = Standing<Task, Unit, Person>;

type TaskWithPlan = Task & { unit: Unit; owner: Person; milestones: Milestone[] };

export function standingOf(task: TaskWithPlan, today: Day, thresholds: LightThresholds): TaskStanding {
  return standingOfFacts(task, today, thresholds);
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
