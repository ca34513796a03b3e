import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import { personByUsername } from "#src/db/people.js";
import { personHandle as personLabel } from "#src/domain/people.js";
import type { Person, Task, Unit } from "#src/generated/prisma/client.js";
import { dateToDay, dayToDate, type Day } from "#src/domain/calendar.js";
import type { PlanPoint } from "#src/domain/plan.js";
import type { AddTaskArgs } from "#src/domain/commands.js";
import type { Cadence } from "#src/domain/periods.js";

export type NewTask = AddTaskArgs;

export type AddTaskResult =
  | { kind: "added"; task: Task; owner: Person; unit: Unit }
  | { kind: "exists"; task: Task; owner: Person; unit: Unit };

export async function addTask(db: Db, actor: Person, unit: Unit, input: NewTask, now = new Date()): Promise<AddTaskResult> {
  const existing = await db.task.findUnique({ where: { code: input.code }, include: { owner: true, unit: true } });
  if (existing) return { kind: "exists", task: existing, owner: existing.owner, unit: existing.unit };
  const owner = await personByUsername(db, input.ownerUsername);
  const task = await db.$transaction(async (tx) => {
    const created = await tx.task.create({
      data: {
        code: input.code,
        name: input.name,
        unitId: unit.id,
        ownerId: owner.id,
        startDate: input.start ? dayToDate(input.start) : null,
        deadline: input.deadline ? dayToDate(input.deadline) : null,
        targetValue: input.target?.value ?? null,
        targetUnit: input.target?.unit ?? null,
        mustDeliver: input.mustDeliver,
        ...(input.cadence ? { cadence: input.cadence } : {}),
        createdAt: now,
      },
    });
    await audit(tx, { actorId: actor.id, action: "task.add", entity: "task", entityId: created.code, after: { ...input, unit: unit.name } });
    return created;
  });
  return { kind: "added", task, owner, unit };
}

export async function findTask(db: Db, code: string) {
  return db.task.findUnique({ where: { code: code.toUpperCase() }, include: { owner: true, unit: true, deputies: true } });
}

export type AssignResult =
  | { kind: "unknown_task" }
  | { kind: "same"; task: Task; owner: Person }
  | { kind: "assigned"; task: Task; from: Person; to: Person };

export async function assignTask(
  db: Db,
  actor: Person,
  code: string,
  newOwner: { username: string } | { person: Person },
): Promise<AssignResult> {
  const task = await findTask(db, code);
  if (!task) return { kind: "unknown_task" };
  const to = "person" in newOwner ? newOwner.person : await personByUsername(db, newOwner.username);
  if (to.id === task.ownerId) return { kind: "same", task, owner: task.owner };
  const updated = await db.$transaction(async (tx) => {
    const saved = await tx.task.update({ where: { id: task.id }, data: { ownerId: to.id } });
    await audit(tx, {
      actorId: actor.id,
      action: "task.assign",
      entity: "task",
      entityId: task.code,
      before: { owner: personLabel(task.owner), ownerId: task.ownerId },
      after: { owner: personLabel(to), ownerId: to.id },
    });
    return saved;
  });
  return { kind: "assigned", task: updated, from: task.owner, to };
}

export interface PlanChange {
  start?: Day;
  deadline?: Day;
  cadence?: Cadence | null;
  milestones: PlanPoint[];
}

export type SetPlanResult =
  | { kind: "unknown_task" }
  | { kind: "invalid"; reason: "start_after_due" | "not_rising" | "outside"; entry?: string }
  | { kind: "set"; task: Task; milestones: PlanPoint[] };

/** Restates a task's plan: the milestones given replace the old ones; start and deadline change if given. */
export async function setPlan(db: Db, actor: Person, code: string, change: PlanChange): Promise<SetPlanResult> {
  const task = await db.task.findUnique({ where: { code: code.toUpperCase() }, include: { milestones: true } });
  if (!task) return { kind: "unknown_task" };
  const start = change.start ?? (task.startDate ? dateToDay(task.startDate) : null);
  const deadline = change.deadline ?? (task.deadline ? dateToDay(task.deadline) : null);
  if (start && deadline && start > deadline) return { kind: "invalid", reason: "start_after_due" };
  const kept = task.milestones.map((m) => ({ date: dateToDay(m.date), percent: m.plannedPercent }));
  const milestones = [...change.milestones].sort((a, b) => a.date.localeCompare(b.date));
  // New start or deadline dates must hold for the milestones that stay, too.
  for (const m of milestones.length ? milestones : kept) {
    if ((start && m.date <= start) || (deadline && m.date >= deadline)) {
      return { kind: "invalid", reason: "outside", entry: `${m.date}=${m.percent}%` };
    }
  }
  for (let i = 1; i < milestones.length; i++) {
    if (milestones[i]!.percent < milestones[i - 1]!.percent) return { kind: "invalid", reason: "not_rising" };
  }
  const before = {
    start: task.startDate ? dateToDay(task.startDate) : null,
    deadline: task.deadline ? dateToDay(task.deadline) : null,
    milestones: task.milestones.map((m) => ({ date: dateToDay(m.date), percent: m.plannedPercent })),
  };
  const saved = await db.$transaction(async (tx) => {
    const updated = await tx.task.update({
      where: { id: task.id },
      data: {
        startDate: start ? dayToDate(start) : null,
        deadline: deadline ? dayToDate(deadline) : null,
        ...(change.cadence ? { cadence: change.cadence } : {}),
      },
    });
    if (milestones.length > 0) {
      await tx.milestone.deleteMany({ where: { taskId: task.id } });
      await tx.milestone.createMany({
        data: milestones.map((m) => ({ taskId: task.id, date: dayToDate(m.date), plannedPercent: m.percent })),
      });
    }
    await audit(tx, {
      actorId: actor.id,
      action: "task.plan",
      entity: "task",
      entityId: task.code,
      before: { ...before, cadence: task.cadence },
      after: { start, deadline, milestones, cadence: change.cadence ?? task.cadence },
    });
    return updated;
  });
  return { kind: "set", task: saved, milestones: milestones.length ? milestones : before.milestones };
}

export type DeputyResult =
  | { kind: "unknown_task" }
  | { kind: "added" | "removed" | "unchanged"; task: Task; deputy: Person };

/** Adds or removes a deputy: someone besides the owner who may report on the task. */
export async function setDeputy(db: Db, actor: Person, code: string, username: string, present: boolean): Promise<DeputyResult> {
  const task = await findTask(db, code);
  if (!task) return { kind: "unknown_task" };
  const deputy = await personByUsername(db, username);
  const already = task.deputies.some((d) => d.personId === deputy.id);
  if (already === present) return { kind: "unchanged", task, deputy };
  await db.$transaction(async (tx) => {
    if (present) await tx.taskDeputy.create({ data: { taskId: task.id, personId: deputy.id } });
    else await tx.taskDeputy.delete({ where: { taskId_personId: { taskId: task.id, personId: deputy.id } } });
    await audit(tx, {
      actorId: actor.id,
      action: present ? "task.deputy.add" : "task.deputy.remove",
      entity: "task",
      entityId: task.code,
      after: { deputy: personLabel(deputy) },
    });
  });
  return { kind: present ? "added" : "removed", task, deputy };
}
