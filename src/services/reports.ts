import type { Database, Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import { audit } from "#src/db/audit.js";
import { isUniqueViolation } from "#src/db/errors.js";
import type { Person, Prisma, ProgressReport, Task } from "#src/generated/prisma/client.js";
import { resolveStanding, type Standing } from "#src/domain/progress.js";
import type { BlockerCategory, ParsedReport, TaskStatus } from "#src/domain/types.js";
import { applyEditedReportProblems, applyReportProblems, dropEmptyOpenProblems, type ProblemChanges } from "./problems.js";

type Tx = Prisma.TransactionClient;

export interface MessageSource {
  chatId: bigint;
  messageId: number;
  updateId: bigint | null;
  /** When the officer sent the message (Telegram's date). */
  sentAt: Date;
  text: string;
  /** When set, this is an edit of an earlier message. */
  editedAt: Date | null;
}

export type ReportOutcome =
  | { kind: "unknown_task"; code: string }
  | { kind: "not_allowed"; task: Task; owner: Person }
  | {
      kind: "recorded" | "corrected" | "duplicate";
      task: Task;
      /** Percent before this report; null if it is the first. */
      previousPercent: number | null;
      /** The task's status before this report. */
      previousStatus?: TaskStatus;
      standing: Standing;
      report: ProgressReport;
      /** What the report did to the task's problems (opened, closed); absent for a duplicate. */
      problems?: ProblemChanges;
      /** The problems the report words, when known without reading them back. */
      blockers?: { category: BlockerCategory; text: string }[];
      /** The task's plan, when known without reading it back. */
      milestones?: PlannedPoint[];
    };

export interface Reporter {
  person: Person;
  isAdmin: boolean;
}

/** Where reports are kept: Prisma for the rare paths, plain SQL for the ones every report takes. */
export type ReportStore = Pick<Database, "prisma" | "sql">;

/** A point of a task's plan. */
export interface PlannedPoint {
  date: Date;
  plannedPercent: number;
}

/** A task as a report on it needs it: its row, deputies and plan, and this message's report on it if any. */
export type ReportTask = Task & { deputyIds: number[]; milestones: PlannedPoint[]; alreadyReportId: number | null };

/**
 * The task a report names, in one statement; null when no task has that code. With a source,
 * `alreadyReportId` says whether that message already reported on it.
 */
export async function reportTask(sql: Sql, code: string, source?: Pick<MessageSource, "chatId" | "messageId">): Promise<ReportTask | null> {
  const [row] = await sql.query<Omit<ReportTask, "milestones"> & { milestones: { date: string; plannedPercent: number }[] }>(
    `SELECT t.*,
       ARRAY(SELECT d."personId" FROM "TaskDeputy" d WHERE d."taskId" = t.id) AS "deputyIds",
       (SELECT coalesce(json_agg(json_build_object('date', m.date, 'plannedPercent', m."plannedPercent") ORDER BY m.date), '[]')
          FROM "Milestone" m WHERE m."taskId" = t.id) AS milestones,
       (SELECT r.id FROM "ProgressReport" r WHERE r."sourceChatId" = $2 AND r."sourceMessageId" = $3 AND r."taskId" = t.id) AS "alreadyReportId"
     FROM "Task" t WHERE t.code = $1`,
    [code, source?.chatId ?? null, source?.messageId ?? null],
  );
  return row ? { ...row, milestones: row.milestones.map((m) => ({ date: new Date(`${m.date}T00:00:00Z`), plannedPercent: m.plannedPercent })) } : null;
}

/** Admins, the owner and deputies may report on a task. */
export function mayReportOn(task: Pick<ReportTask, "ownerId" | "deputyIds">, reporter: Reporter): boolean {
  return reporter.isAdmin || task.ownerId === reporter.person.id || task.deputyIds.includes(reporter.person.id);
}

/**
 * Records each task's report from one message; one outcome per report, in order. `known` holds
 * tasks already read for this message (by code), so they are not read again.
 */
export async function recordReports(
  store: ReportStore,
  reporter: Reporter,
  reports: ParsedReport[],
  source: MessageSource,
  known: ReadonlyMap<string, ReportTask | null> = new Map(),
): Promise<ReportOutcome[]> {
  const outcomes: ReportOutcome[] = [];
  for (const report of reports) {
    const task = known.has(report.task) ? (known.get(report.task) ?? null) : await reportTask(store.sql, report.task, source);
    outcomes.push(await recordOne(store, reporter, report, source, task));
  }
  return outcomes;
}

function reportFields(report: ParsedReport) {
  return {
    percent: report.percent,
    percentDelta: report.percentDelta,
    quantityValue: report.quantity?.value ?? null,
    quantityUnit: report.quantity?.unit ?? null,
    quantityCumulative: report.quantity?.cumulative ?? null,
    status: report.status,
    plan: report.plan,
    note: report.note,
  };
}

function asParsed(row: ProgressReport, code: string): ParsedReport {
  return {
    task: code,
    percent: row.percent,
    percentDelta: row.percentDelta,
    quantity:
      row.quantityValue !== null && row.quantityUnit !== null
        ? { value: row.quantityValue, unit: row.quantityUnit as never, cumulative: row.quantityCumulative ?? true }
        : null,
    status: row.status,
    blockers: [],
    plan: row.plan,
    note: row.note,
    resolved: [],
  };
}

async function recordOne(
  { prisma: db, sql }: ReportStore,
  reporter: Reporter,
  report: ParsedReport,
  source: MessageSource,
  task: ReportTask | null,
): Promise<ReportOutcome> {
  if (!task) return { kind: "unknown_task", code: report.task };
  if (!mayReportOn(task, reporter)) {
    const [owner] = await sql.query<Person>(`SELECT * FROM "Person" WHERE id = $1`, [task.ownerId]);
    if (!owner) throw new Error(`task ${task.code} has no owner row`);
    return { kind: "not_allowed", task, owner };
  }
  if (!source.editedAt && task.alreadyReportId === null && report.blockers.length === 0 && report.resolved.length === 0) {
    const plain = await recordPlain(sql, task, reporter, report, source);
    if (plain) return plain;
  }

  return db.$transaction(async (tx) => {
    // One report at a time per task, so standings never interleave.
    await tx.$executeRaw`SELECT 1 FROM "Task" WHERE id = ${task.id} FOR UPDATE`;
    const current = await tx.task.findUniqueOrThrow({ where: { id: task.id } });
    const key = { sourceChatId: source.chatId, sourceMessageId: source.messageId, taskId: task.id };
    const existing = await tx.progressReport.findUnique({ where: { sourceChatId_sourceMessageId_taskId: key } });

    if (existing && !source.editedAt) {
      if (source.updateId !== null && existing.sourceUpdateId === source.updateId) {
        // The same update handled again (its first handling stopped before it was answered):
        // nothing new to record, and the answer it is owed is the one it would have had.
        const before = await tx.progressReport.findFirst({
          where: { taskId: task.id, OR: [{ reportedAt: { lt: existing.reportedAt } }, { reportedAt: existing.reportedAt, id: { lt: existing.id } }] },
          orderBy: [{ reportedAt: "desc" }, { id: "desc" }],
        });
        return { kind: "recorded", task: current, previousPercent: before?.progressPercent ?? null, previousStatus: before?.status ?? undefined, standing: standingOfRow(existing, current), report: existing } as const;
      }
      // The same message again (a redelivered update): nothing new to record.
      return { kind: "duplicate", task: current, previousPercent: null, standing: standingOfRow(existing, current), report: existing } as const;
    }
    if (existing && source.editedAt) {
      if (existing.editedAt && existing.editedAt >= source.editedAt) {
        return { kind: "duplicate", task: current, previousPercent: null, standing: standingOfRow(existing, current), report: existing } as const;
      }
      const previousPercent = current.progressPercent;
      const updated = await tx.progressReport.update({
        where: { id: existing.id },
        data: { ...reportFields(report), text: source.text, editedAt: source.editedAt },
      });
      // The edit restates this report's problems; ones already closed stay closed.
      const problems = await applyEditedReportProblems(tx, {
        taskId: task.id,
        reportId: updated.id,
        report,
        at: existing.reportedAt,
        personId: reporter.person.id,
      });
      await audit(tx, {
        actorId: reporter.person.id,
        action: "report.edit",
        entity: "progress_report",
        entityId: existing.id,
        before: { ...reportFields(asParsed(existing, task.code)), text: existing.text },
        after: { ...reportFields(report), text: source.text },
      });
      const replayed = await replayStanding(tx, current);
      const row = replayed.rows.get(existing.id) ?? updated;
      return {
        kind: "corrected",
        task: replayed.task,
        previousPercent,
        previousStatus: current.status,
        standing: standingOfRow(row, replayed.task),
        report: row,
        problems,
      } as const;
    }

    const standing = resolveStanding(report, current, current);
    const created = await tx.progressReport.create({
      data: {
        ...key,
        ...reportFields(report),
        reporterId: reporter.person.id,
        reportedAt: source.sentAt,
        progressPercent: standing.progressPercent,
        quantityTotal: standing.quantityTotal,
        text: source.text,
        sourceUpdateId: source.updateId,
        editedAt: source.editedAt,
      },
    });
    const late = current.lastReportAt !== null && source.sentAt < current.lastReportAt;
    const completes = !late && (standing.status === "completed" || standing.status === "accepted");
    const problems = await applyReportProblems(tx, {
      taskId: task.id,
      reportId: created.id,
      report,
      at: source.sentAt,
      personId: reporter.person.id,
      completes,
    });
    if (late) {
      // An older message handled late (another chat, a backlog): it takes its place in the history.
      const replayed = await replayStanding(tx, current);
      const row = replayed.rows.get(created.id) ?? created;
      return {
        kind: "recorded",
        task: replayed.task,
        previousPercent: current.progressPercent,
        previousStatus: current.status,
        standing: standingOfRow(row, replayed.task),
        report: row,
        problems,
      } as const;
    }
    const saved = await tx.task.update({
      where: { id: task.id },
      data: {
        progressPercent: standing.progressPercent,
        quantityTotal: standing.quantityTotal,
        quantityUnit: standing.quantityUnit,
        lastReportAt: source.sentAt,
        ...(standing.status ? { status: standing.status } : {}),
      },
    });
    return { kind: "recorded", task: saved, previousPercent: current.progressPercent, previousStatus: current.status, standing, report: created, problems } as const;
  });
}

/**
 * The report nearly every message is: new, newer than the task's last, saying no problem and
 * closing none, not completing the task. Recorded in one statement: the task moves only if its
 * standing is still as it was read (percent, quantity, target, last report, status: no report
 * or target change came in between) and this message has
 * not been recorded on it, and the report is written with it. Null when any of that does not
 * hold: the full path, under the task's lock, records it then.
 */
async function recordPlain(sql: Sql, task: ReportTask, reporter: Reporter, report: ParsedReport, source: MessageSource): Promise<ReportOutcome | null> {
  const standing = resolveStanding(report, task, task);
  const late = task.lastReportAt !== null && source.sentAt < task.lastReportAt;
  if (late || standing.status === "completed" || standing.status === "accepted") return null;
  const f = reportFields(report);
  let created: ProgressReport | undefined;
  try {
    [created] = await sql.query<ProgressReport>(
      `WITH moved AS (
         UPDATE "Task" SET "progressPercent" = $12, "quantityTotal" = $13, "quantityUnit" = $18, "lastReportAt" = $3,
           status = COALESCE($19::"TaskStatus", status), "updatedAt" = now()
         WHERE id = $1
           AND "progressPercent" IS NOT DISTINCT FROM $20::float8 AND "quantityTotal" IS NOT DISTINCT FROM $21::float8
           AND "quantityUnit" IS NOT DISTINCT FROM $22::text AND "targetValue" IS NOT DISTINCT FROM $23::float8
           AND "targetUnit" IS NOT DISTINCT FROM $24::text AND "lastReportAt" IS NOT DISTINCT FROM $25::timestamptz
           AND status = $26::"TaskStatus"
           AND NOT EXISTS (SELECT 1 FROM "ProgressReport" r WHERE r."sourceChatId" = $15 AND r."sourceMessageId" = $16 AND r."taskId" = $1)
         RETURNING id
       )
       INSERT INTO "ProgressReport" ("taskId", "reporterId", "reportedAt", percent, "percentDelta", "quantityValue", "quantityUnit", "quantityCumulative",
         status, plan, note, "progressPercent", "quantityTotal", text, "sourceChatId", "sourceMessageId", "sourceUpdateId")
       SELECT moved.id, $2::int, $3::timestamptz, $4::float8, $5::float8, $6::float8, $7::text, $8::boolean, $9::"TaskStatus", $10::text, $11::text,
         $12::float8, $13::float8, $14::text, $15::bigint, $16::int, $17::bigint
       FROM moved
       RETURNING *`,
      [task.id, reporter.person.id, source.sentAt, f.percent, f.percentDelta, f.quantityValue, f.quantityUnit, f.quantityCumulative, f.status, f.plan, f.note,
        standing.progressPercent, standing.quantityTotal, source.text, source.chatId, source.messageId, source.updateId, standing.quantityUnit, standing.status,
        task.progressPercent, task.quantityTotal, task.quantityUnit, task.targetValue, task.targetUnit, task.lastReportAt, task.status],
    );
  } catch (error) {
    // The same message recorded by another handler at this very moment: the full path sorts it out.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  if (!created) return null;
  const saved: Task = {
    ...task,
    progressPercent: standing.progressPercent,
    quantityTotal: standing.quantityTotal,
    quantityUnit: standing.quantityUnit,
    lastReportAt: source.sentAt,
    status: standing.status ?? task.status,
  };
  return {
    kind: "recorded",
    task: saved,
    previousPercent: task.progressPercent,
    previousStatus: task.status,
    standing,
    report: created,
    problems: { opened: [], closed: [], nothingToClose: [] },
    blockers: [],
    milestones: task.milestones,
  };
}

function standingOfRow(row: ProgressReport, task: Task): Standing {
  return { progressPercent: row.progressPercent, quantityTotal: row.quantityTotal, quantityUnit: task.quantityUnit, status: row.status };
}

/** Re-derives every report's standing in order after an earlier report changed. */
async function replayStanding(tx: Tx, task: Task): Promise<{ task: Task; rows: Map<number, ProgressReport> }> {
  const rows = await tx.progressReport.findMany({ where: { taskId: task.id }, orderBy: [{ reportedAt: "asc" }, { id: "asc" }] });
  let before = { progressPercent: null as number | null, quantityTotal: null as number | null, quantityUnit: null as string | null };
  let status: TaskStatus | null = null;
  const updated = new Map<number, ProgressReport>();
  for (const row of rows) {
    const standing = resolveStanding(asParsed(row, task.code), task, before);
    const saved =
      row.progressPercent === standing.progressPercent && row.quantityTotal === standing.quantityTotal
        ? row
        : await tx.progressReport.update({
            where: { id: row.id },
            data: { progressPercent: standing.progressPercent, quantityTotal: standing.quantityTotal },
          });
    updated.set(row.id, saved);
    before = { progressPercent: standing.progressPercent, quantityTotal: standing.quantityTotal, quantityUnit: standing.quantityUnit ?? before.quantityUnit };
    if (standing.status) status = standing.status;
  }
  const last = rows[rows.length - 1];
  // With every report withdrawn, the task is back where it started.
  const settled = status ?? (last ? null : "not_started");
  const saved = await tx.task.update({
    where: { id: task.id },
    data: { ...before, lastReportAt: last?.reportedAt ?? null, ...(settled ? { status: settled } : {}) },
  });
  return { task: saved, rows: updated };
}

/**
 * An edited message no longer reports on some tasks it did (a corrected code, a removed line,
 * no report at all): their rows from this message go, with the audit trail keeping them, and
 * those tasks' standings are replayed. Returns the tasks withdrawn from.
 */
export async function withdrawReports(db: Db, editor: Person, source: MessageSource, keepCodes: string[]): Promise<{ code: string; taskId: number }[]> {
  const rows = await db.progressReport.findMany({
    where: { sourceChatId: source.chatId, sourceMessageId: source.messageId, task: { code: { notIn: keepCodes } } },
    include: { task: true },
  });
  const withdrawn: { code: string; taskId: number }[] = [];
  for (const row of rows) {
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Task" WHERE id = ${row.taskId} FOR UPDATE`;
      await tx.blocker.deleteMany({ where: { reportId: row.id } });
      await dropEmptyOpenProblems(tx, row.taskId);
      await tx.progressReport.delete({ where: { id: row.id } });
      await audit(tx, {
        actorId: editor.id,
        action: "report.withdraw",
        entity: "progress_report",
        entityId: row.id,
        before: { task: row.task.code, ...reportFields(asParsed(row, row.task.code)), text: row.text },
        after: { text: source.text },
      });
      await replayStanding(tx, await tx.task.findUniqueOrThrow({ where: { id: row.taskId } }));
    });
    withdrawn.push({ code: row.task.code, taskId: row.taskId });
  }
  return withdrawn;
}
