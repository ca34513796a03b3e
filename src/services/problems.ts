/**
 * Problems to closure (销号): a report's blockers open a task's problems, one per task and
 * category, until the officer (by report), an admin (/close) or the task's completion closes them.
 * The rules are src/domain/problems.ts; this file turns their effects into rows.
 */
import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import type { Person, Prisma } from "#src/generated/prisma/client.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import {
  applyAdminClose,
  applyReportToProblems,
  closeAll,
  closureSummary,
  problemAge,
  sortOldestFirst,
  type CloseCommand,
  type CloseTarget,
  type Problem,
  type ProblemActor,
  type ProblemAge,
  type ProblemEffect,
} from "#src/domain/problems.js";
import type { BlockerCategory, ParsedReport } from "#src/domain/types.js";
import { loadWorkdayTest } from "./calendar.js";

type Tx = Prisma.TransactionClient;

/** A stored problem in the domain's shape, with the row's id. */
export interface ProblemRow extends Problem {
  id: number;
  taskId: number;
  hasNext: boolean;
}

/** A problem a report or a command closed: enough to say "资金问题已销号（开了 12 天）". */
export interface ClosedProblem {
  task: string;
  category: BlockerCategory;
  openedAt: Date;
  closedAt: Date;
}

/** What one report (or command) did to a task's problems. */
export interface ProblemChanges {
  opened: BlockerCategory[];
  closed: ClosedProblem[];
  /** A close that found nothing open of its category. */
  nothingToClose: CloseTarget[];
}

const withWordings = { wordings: { orderBy: { id: "asc" } }, next: { select: { id: true } }, task: { select: { code: true } } } as const;

type StoredProblem = Prisma.ProblemGetPayload<{ include: typeof withWordings }>;

function toDomain(p: StoredProblem): ProblemRow {
  return {
    id: p.id,
    taskId: p.taskId,
    task: p.task.code,
    category: p.category,
    openedAt: p.openedAt,
    wordings: p.wordings.map((w) => ({ text: w.text, at: w.openedAt })),
    closedAt: p.closedAt,
    closedBy: p.closedRole ? { role: p.closedRole, personId: p.closedById } : null,
    closeNote: p.closeNote,
    hasNext: p.next !== null,
  };
}

/**
 * A task's problems with their wordings, read one query after another. Inside a transaction all
 * queries share one connection, and Prisma's `include` of several relations sends their queries at
 * once, which pg deprecates (an error from pg 9; prisma/orm#29407).
 */
async function taskProblems(tx: Tx, taskId: number): Promise<ProblemRow[]> {
  const problems = await tx.problem.findMany({ where: { taskId }, orderBy: { id: "asc" } });
  if (problems.length === 0) return [];
  const ids = problems.map((p) => p.id);
  const wordings = await tx.blocker.findMany({ where: { problemId: { in: ids } }, orderBy: { id: "asc" } });
  const continued = await tx.problem.findMany({ where: { previousId: { in: ids } }, select: { id: true, previousId: true } });
  const task = await tx.task.findUniqueOrThrow({ where: { id: taskId }, select: { code: true } });
  return problems.map((p) =>
    toDomain({
      ...p,
      task,
      wordings: wordings.filter((w) => w.problemId === p.id),
      next: continued.find((c) => c.previousId === p.id) ?? null,
    }),
  );
}

/** Writes the effects; returns what changed. `reportId` links new wordings and closes to the report. */
async function writeEffects(tx: Tx, taskId: number, effects: ProblemEffect<ProblemRow>[], reportId: number | null): Promise<ProblemChanges> {
  const changes: ProblemChanges = { opened: [], closed: [], nothingToClose: [] };
  for (const e of effects) {
    switch (e.kind) {
      case "open":
      case "reopen": {
        const previousId = e.kind === "reopen" && !e.previous.hasNext ? e.previous.id : null;
        const created = await tx.problem.create({
          data: { taskId, category: e.category, openCategory: e.category, openedAt: e.at, previousId },
        });
        await tx.blocker.createMany({
          data: e.texts.map((text) => ({ taskId, reportId, problemId: created.id, category: e.category, text, openedAt: e.at })),
        });
        changes.opened.push(e.category);
        break;
      }
      case "append":
        await tx.blocker.createMany({
          data: e.texts.map((text) => ({ taskId, reportId, problemId: e.problem.id, category: e.problem.category, text, openedAt: e.at })),
        });
        break;
      case "close":
        await tx.problem.update({
          where: { id: e.problem.id },
          data: {
            closedAt: e.at,
            openCategory: null,
            closedRole: e.by.role,
            closedById: e.by.personId,
            closedByReportId: reportId,
            closeNote: e.note,
          },
        });
        await tx.blocker.updateMany({ where: { problemId: e.problem.id, resolvedAt: null }, data: { resolvedAt: e.at } });
        changes.closed.push({ task: e.problem.task, category: e.problem.category, openedAt: e.problem.openedAt, closedAt: e.at });
        break;
      case "nothing_to_close":
        changes.nothingToClose.push(e.target);
        break;
    }
  }
  return changes;
}

/**
 * A recorded report's blockers and 销号 words, inside the report's own transaction. A report
 * that completes the task closes every problem left open (by the system).
 */
export async function applyReportProblems(
  tx: Tx,
  args: { taskId: number; reportId: number; report: ParsedReport; at: Date; personId: number; completes: boolean },
): Promise<ProblemChanges> {
  const known = await taskProblems(tx, args.taskId);
  const who: ProblemActor = { role: "officer", personId: args.personId };
  const changes = await writeEffects(tx, args.taskId, applyReportToProblems(known, args.report.blockers, args.report.resolved, args.at, who), args.reportId);
  if (args.completes) {
    const after = await taskProblems(tx, args.taskId);
    const closed = await writeEffects(tx, args.taskId, closeAll(after, args.at, { role: "system", personId: null }, null), args.reportId);
    changes.closed.push(...closed.closed);
  }
  return changes;
}

/**
 * An edited report restates its problems: wordings it no longer says go (and a problem left with
 * none, still open, goes with them); new ones are applied at the report's time. Closed problems
 * stay closed.
 */
export async function applyEditedReportProblems(
  tx: Tx,
  args: { taskId: number; reportId: number; report: ParsedReport; at: Date; personId: number },
): Promise<ProblemChanges> {
  const earlier = await tx.blocker.findMany({ where: { reportId: args.reportId } });
  const said = new Set(args.report.blockers.map((b) => b.text.trim().replace(/\s+/g, " ")));
  const gone = earlier.filter((b) => !said.has(b.text) && b.resolvedAt === null);
  if (gone.length) await tx.blocker.deleteMany({ where: { id: { in: gone.map((b) => b.id) } } });
  await dropEmptyOpenProblems(tx, args.taskId);
  const kept = new Set(earlier.filter((b) => !gone.includes(b)).map((b) => b.text));
  const fresh = args.report.blockers.filter((b) => !kept.has(b.text.trim().replace(/\s+/g, " ")));
  const known = await taskProblems(tx, args.taskId);
  const who: ProblemActor = { role: "officer", personId: args.personId };
  const changes = await writeEffects(tx, args.taskId, applyReportToProblems(known, fresh, args.report.resolved, args.at, who), args.reportId);
  // What the original message closed is closed already: the edit need not say so again.
  return { ...changes, nothingToClose: [] };
}

/** Open problems whose every wording was withdrawn or edited away never happened. */
export async function dropEmptyOpenProblems(tx: Tx, taskId: number): Promise<void> {
  await tx.problem.deleteMany({ where: { taskId, closedAt: null, wordings: { none: {} } } });
}

export type AdminCloseResult =
  | { kind: "unknown_task"; code: string }
  | { kind: "nothing_open"; code: string; target: CloseTarget }
  | { kind: "closed"; code: string; closed: (ClosedProblem & { days: number })[] };

/** One open problem in a list, with its age. */
export interface OpenProblem {
  id: number;
  code: string;
  taskName: string;
  unit: string;
  unitId: number;
  category: BlockerCategory;
  /** The wordings, oldest first. */
  texts: string[];
  openedAt: Date;
  age: ProblemAge;
}

export interface ProblemsDeps {
  db: Db;
  timezone: string;
  now: () => Date;
}

/** Problems for the bot and the jobs: the admin's close, lists by age, the assessment's figures. */
export function problemsService({ db, timezone, now }: ProblemsDeps) {
  async function listOpen(unitId?: number): Promise<OpenProblem[]> {
    const [rows, isWorkday] = await Promise.all([
      db.problem.findMany({
        where: { closedAt: null, ...(unitId !== undefined ? { task: { unitId } } : {}) },
        include: { wordings: { orderBy: { id: "asc" } }, task: { include: { unit: true } } },
      }),
      loadWorkdayTest(db),
    ]);
    const at = now();
    const problems = rows.map((p) => ({
      id: p.id,
      code: p.task.code,
      taskName: p.task.name,
      unit: p.task.unit.name,
      unitId: p.task.unitId,
      category: p.category,
      texts: p.wordings.map((w) => w.text),
      openedAt: p.openedAt,
      age: problemAge(p.openedAt, at, timezone, isWorkday),
      // For sortOldestFirst:
      task: p.task.code,
      wordings: [],
      closedAt: null,
      closedBy: null,
      closeNote: null,
    }));
    return sortOldestFirst(problems).map(({ task: _t, wordings: _w, closedAt: _c, closedBy: _b, closeNote: _n, ...rest }) => rest);
  }

  return {
    listOpen,
    /** The n problems open longest, for the digest and the bulletin. */
    oldestOpen: async (n: number) => (await listOpen()).slice(0, n),

    /** An admin's `/close BY-01 资金 [note]` (or 全部): closes, audits, says what it closed. */
    async close(actor: Person, command: CloseCommand): Promise<AdminCloseResult> {
      const task = await db.task.findUnique({ where: { code: command.task } });
      if (!task) return { kind: "unknown_task", code: command.task };
      const isWorkday = await loadWorkdayTest(db);
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM "Task" WHERE id = ${task.id} FOR UPDATE`;
        const known = await taskProblems(tx, task.id);
        const effects = applyAdminClose(known, command, now(), { role: "admin", personId: actor.id });
        const changes = await writeEffects(tx, task.id, effects, null);
        if (changes.closed.length === 0) return { kind: "nothing_open", code: task.code, target: command.target } as const;
        await audit(tx, {
          actorId: actor.id,
          action: "problem.close",
          entity: "task",
          entityId: task.id,
          after: { categories: changes.closed.map((c) => c.category), note: command.note },
        });
        const closed = changes.closed.map((c) => ({ ...c, days: problemAge(c.openedAt, c.closedAt, timezone, isWorkday).days }));
        return { kind: "closed", code: task.code, closed } as const;
      });
    },

    /** Problems closed between two days (inclusive), their count and average age: for the assessment. */
    async closedBetween(from: Day, to: Day) {
      const [rows, isWorkday] = await Promise.all([
        db.problem.findMany({ where: { closedAt: { not: null } }, include: withWordings }),
        loadWorkdayTest(db),
      ]);
      return closureSummary(rows.map(toDomain), from, to, timezone, isWorkday);
    },

    /**
     * `/problems [unit]`: a named unit's, else the unit whose group this is, else the district's.
     */
    async list(unitName: string | null, chatId: bigint | null) {
      if (unitName) {
        const unit = await db.unit.findUnique({ where: { name: unitName } });
        if (!unit) return { kind: "unknown_unit", name: unitName } as const;
        return { kind: "list", unit: unit.name, problems: await listOpen(unit.id) } as const;
      }
      const chat = chatId === null ? null : await db.chat.findUnique({ where: { id: chatId }, include: { unit: true } });
      if (chat?.kind === "unit_group" && chat.unit) return { kind: "list", unit: chat.unit.name, problems: await listOpen(chat.unit.id) } as const;
      return { kind: "list", unit: null, problems: await listOpen() } as const;
    },

    /** Days a problem was (or has been) open, for answers. */
    async ageOf(openedAt: Date, at: Date = now()): Promise<ProblemAge> {
      return problemAge(openedAt, at, timezone, await loadWorkdayTest(db));
    },

    today: (): Day => dayInZone(now(), timezone),
  };
}

export type ProblemsService = ReturnType<typeof problemsService>;
