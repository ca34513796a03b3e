import type { Db } from "#src/db/database.js";
import type { Chat, Milestone, Person, Task, Unit } from "#src/generated/prisma/client.js";
import { dayInZone, dateToDay, dayToDate, type Day } from "#src/domain/calendar.js";
import { missedCounter, periodOf, previousPeriod, type Cadence } from "#src/domain/periods.js";
import { addDays } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import { loadWorkdayTest, recentLeave } from "./calendar.js";
import { standingOf, type TaskStanding } from "./standing.js";
import { oldestOpenProblems, type OpenProblem } from "./open-problems.js";

export interface BoardTask extends TaskStanding {
  /** Whether the task owes a report for its current period (false when it need not report). */
  missing: boolean;
  /** Missing, and today is the day to ask: every workday for daily tasks, the period's first workday otherwise. */
  promptDue: boolean;
  /** Missing, and today is the day to chase: every workday for daily tasks, the period's last workday otherwise. */
  remindDue: boolean;
  /** Finished periods in a row without a report. */
  missedInARow: number;
  ownerOnLeave: boolean;
  /** Whether the task reports at all: not finished, not suspended, started. */
  reporting: boolean;
  /**
   * Whether a report was owed for a finished period: the task reports and either has reported or
   * had a whole period since it started by plan (or was added). A task whose first period is still
   * running is not yet due, so not missing.
   */
  due: boolean;
}

/** Every task's standing on a day, read once for the jobs: O(tasks), never O(reports). */
export interface Board {
  day: Day;
  isWorkday: boolean;
  tasks: BoardTask[];
  /** Open problems, oldest first. */
  blockers: OpenProblem[];
  units: Unit[];
  unitChats: Chat[];
  leaderChats: Chat[];
  inactiveChats: Chat[];
}

const QUIET = new Set(["completed", "accepted", "suspended"]);

type Json = string | number | boolean | null;

/** A float8 as JSON: a number, or "NaN"/"Infinity" as strings. */
const float = (v: Json): number | null => (v === null ? null : typeof v === "number" ? v : Number(v));
/** A @db.Date column as JSON ("YYYY-MM-DD"), as Prisma reads it: UTC midnight. */
const date = (v: Json): Date | null => (v === null ? null : dayToDate(v as string));
/** A timestamptz sent as epoch milliseconds (date_part, a float8: exact after rounding at ms precision). */
const instant = (v: Json): Date | null => (v === null ? null : new Date(Math.round(v as number)));

/**
 * Every task row, ordered by code as `db.task.findMany({ orderBy: { code: "asc" } })` returns it,
 * read as ONE JSON value: Prisma maps 10,000 rows × 20 columns slowly (~3× a JSON.parse of the
 * same data). Each row is an array of the model's columns in order; taskOf makes the object.
 */
async function loadTasks(db: Db): Promise<Json[][]> {
  const [row] = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array(
      t.id, t.code, t.name, t."unitId", t."ownerId", t."startDate", t.deadline, t."targetValue", t."targetUnit",
      t."mustDeliver", t.cadence, t.status, t."progressPercent", t."quantityTotal", t."quantityUnit",
      date_part('epoch', t."lastReportAt") * 1000, t."nextStep", date_part('epoch', t."nextStepAt") * 1000,
      date_part('epoch', t."createdAt") * 1000, date_part('epoch', t."updatedAt") * 1000
    ) ORDER BY t.code)::text AS rows
    FROM "Task" t`;
  return row?.rows ? (JSON.parse(row.rows) as Json[][]) : [];
}

/** A task row from loadTasks with its unit, owner and milestones: one object, as Prisma's include gives. */
function taskOf(
  r: Json[],
  unitById: Map<number, Unit>,
  personById: Map<number, Person>,
  milestonesOf: Map<number, Milestone[]>,
): Task & { unit: Unit; owner: Person; milestones: Milestone[] } {
  return {
    id: r[0] as number,
    code: r[1] as string,
    name: r[2] as string,
    unitId: r[3] as number,
    ownerId: r[4] as number,
    startDate: date(r[5]!),
    deadline: date(r[6]!),
    targetValue: float(r[7]!),
    targetUnit: r[8] as string | null,
    mustDeliver: r[9] as boolean,
    cadence: r[10] as Task["cadence"],
    status: r[11] as Task["status"],
    progressPercent: float(r[12]!),
    quantityTotal: float(r[13]!),
    quantityUnit: r[14] as string | null,
    lastReportAt: instant(r[15]!),
    nextStep: r[16] as string | null,
    nextStepAt: instant(r[17]!),
    createdAt: instant(r[18]!)!,
    updatedAt: instant(r[19]!)!,
    unit: unitById.get(r[3] as number)!,
    owner: personById.get(r[4] as number)!,
    milestones: milestonesOf.get(r[0] as number) ?? [],
  };
}

/** Every milestone by task, each task's by date, read as one JSON value (see loadTasks). */
async function loadMilestones(db: Db): Promise<Map<number, Milestone[]>> {
  const [row] = await db.$queryRaw<{ rows: string | null }[]>`
    SELECT json_agg(json_build_array(m.id, m."taskId", m.date, m."plannedPercent") ORDER BY m."taskId", m.date)::text AS rows
    FROM "Milestone" m`;
  const rows = row?.rows ? (JSON.parse(row.rows) as Json[][]) : [];
  const byTask = new Map<number, Milestone[]>();
  for (const r of rows) {
    const m: Milestone = { id: r[0] as number, taskId: r[1] as number, date: date(r[2]!)!, plannedPercent: float(r[3]!)! };
    const list = byTask.get(m.taskId);
    if (list) list.push(m);
    else byTask.set(m.taskId, [m]);
  }
  return byTask;
}

export async function loadBoard(db: Db, day: Day, timezone: string, thresholds: LightThresholds): Promise<Board> {
  const [rawTasks, people, milestonesOf, blockers, units, chats, isWorkdayOf, leaveByPerson] = await Promise.all([
    // Flat queries joined here: Prisma's include costs more than the rows (10,000 tasks: ~500 → ~200 ms),
    // and the two big ones are read as one JSON value each (see loadTasks).
    loadTasks(db),
    db.person.findMany({ where: { ownedTasks: { some: {} } } }),
    loadMilestones(db),
    oldestOpenProblems(db, timezone),
    db.unit.findMany({ orderBy: { name: "asc" } }),
    db.chat.findMany({ orderBy: { id: "asc" } }),
    loadWorkdayTest(db),
    recentLeave(db, day, 400),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const personById = new Map(people.map((p) => [p.id, p]));
  const tasks = rawTasks.map((r) => taskOf(r, unitById, personById, milestonesOf));
  const missedInARow = missedCounter(day, isWorkdayOf);
  // Whether today opens or closes its period's working days, per cadence (the same for every task).
  const edges = new Map<Cadence, { first: boolean; last: boolean }>();
  const edgesOf = (cadence: Cadence) => {
    let edge = edges.get(cadence);
    if (!edge) {
      const period = periodOf(day, cadence);
      const workdays: Day[] = [];
      for (let d = period.start; d <= period.end; d = addDays(d, 1)) if (isWorkdayOf(d)) workdays.push(d);
      edge = cadence === "daily" ? { first: true, last: true } : { first: workdays[0] === day, last: workdays.at(-1) === day };
      edges.set(cadence, edge);
    }
    return edge;
  };
  const lastPeriodStarts = new Map<Cadence, Day>();
  const lastPeriodStart = (cadence: Cadence): Day => {
    let start = lastPeriodStarts.get(cadence);
    if (start === undefined) lastPeriodStarts.set(cadence, (start = previousPeriod(periodOf(day, cadence)).start));
    return start;
  };
  const periodStarts = new Map<Cadence, Day>();
  const periodStart = (cadence: Cadence): Day => {
    let start = periodStarts.get(cadence);
    if (start === undefined) periodStarts.set(cadence, (start = periodOf(day, cadence).start));
    return start;
  };
  // Instants to days, once per distinct instant in this board (Intl formatting is the costly part).
  const daysByMs = new Map<number, Day>();
  const dayOf = (instant: Date): Day => {
    const ms = instant.getTime();
    let d = daysByMs.get(ms);
    if (d === undefined) daysByMs.set(ms, (d = dayInZone(instant, timezone)));
    return d;
  };
  const boardTasks = tasks.map((task): BoardTask => {
    const standing = standingOf(task, day, thresholds);
    const start = task.startDate ? dateToDay(task.startDate) : null;
    const reporting = !QUIET.has(task.status) && (start === null || start <= day);
    const lastReportDay = task.lastReportAt ? dayOf(task.lastReportAt) : null;
    const added = dayOf(task.createdAt);
    const since = start && start > added ? start : added;
    const cadence = task.cadence as Cadence;
    const due = reporting && (lastReportDay !== null || lastPeriodStart(cadence) >= since);
    // isMissing(lastReportDay, day, cadence), with the period's start found once per cadence.
    const missing = reporting && (lastReportDay === null || lastReportDay < periodStart(cadence));
    return {
      due,
      ...standing,
      reporting,
      missing,
      promptDue: missing && edgesOf(cadence).first,
      remindDue: missing && edgesOf(cadence).last,
      missedInARow: reporting ? missedInARow(lastReportDay, since, cadence, leaveByPerson.get(task.ownerId)) : 0,
      ownerOnLeave: (leaveByPerson.get(task.ownerId) ?? []).some((l) => l.from <= day && day <= l.to),
    };
  });
  return {
    day,
    isWorkday: isWorkdayOf(day),
    tasks: boardTasks,
    blockers,
    units,
    unitChats: chats.filter((c) => c.kind === "unit_group" && c.active),
    leaderChats: chats.filter((c) => c.kind === "leaders" && c.active),
    inactiveChats: chats.filter((c) => !c.active && c.migratedTo === null),
  };
}
