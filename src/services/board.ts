import type { Database, Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import type { Chat, Milestone, Person, Task, Unit } from "#src/generated/prisma/client.js";
import { addDays, dayInZone, dateToDay, type Day } from "#src/domain/calendar.js";
import { missedCounter, periodOf, previousPeriod, type Cadence } from "#src/domain/periods.js";
import type { LightThresholds } from "#src/domain/plan.js";
import { loadWorkdayTest, recentLeave } from "./calendar.js";
import { standingOf, type TaskStanding } from "./standing.js";
import { oldestOpenProblems, type OpenProblem } from "./open-problems.js";
import { groupBy } from "#src/domain/group.js";
import { forecastFor, forecastLine, forecastSeries, pointsOn, type Forecast, type Series } from "./forecasts.js";

export interface BoardTask extends TaskStanding {
  /** Whether the task owes a report for its current period (false when it need not report). */
  missing: boolean;
  /** Missing, and today is the day to ask: every workday for daily tasks, the period's first workday otherwise. */
  promptDue: boolean;
  /** Missing, and today is the day to chase: every workday for daily tasks, the period's last workday otherwise. */
  remindDue: boolean;
  /** Finished periods in a row without a report. */
  missedInARow: number;
  /** When it will finish at its recent pace, or why there is no date. */
  forecast: Forecast;
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

/** Tasks computed between turns of the event loop: a few milliseconds' work. */
const SLICE = 500;
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const QUIET = new Set(["completed", "accepted", "suspended"]);
const DONE = new Set(["completed", "accepted"]);

/** Task with its unit, owner and milestones, as Prisma's include gives it. */
type BoardRow = Task & { unit: Unit; owner: Person; milestones: Milestone[] };

/** What the board reads with: Prisma for the small tables, plain SQL for the big ones. */
export type BoardData = Pick<Database, "prisma" | "sql">;

/** What every task's standing on a day is computed against, besides the task's own rows. */
interface Basis {
  day: Day;
  isWorkday: (day: Day) => boolean;
  leave: Map<number, { from: Day; to: Day }[]>;
  units: Unit[];
  people: Person[];
  chats: Chat[];
}

/** The day's calendar and leave: what a new day reads besides the tasks. */
async function readDay(db: Db, day: Day): Promise<Pick<Basis, "day" | "isWorkday" | "leave">> {
  const [isWorkday, leave] = await Promise.all([loadWorkdayTest(db), recentLeave(db, day, 400)]);
  return { day, isWorkday, leave };
}

const readTasks = (sql: Sql, ids: readonly number[] | null) =>
  Promise.all([
    // Flat queries joined here. The two big ones are plain SQL: Prisma maps 10,000 rows × 20
    // columns slowly (its include costs more than the rows), while pg's rows come back typed as
    // Prisma types them (src/db/sql.ts). Tasks by code, as findMany({ orderBy: { code: "asc" } }).
    sql.query<Task>(`SELECT * FROM "Task" WHERE $1::int[] IS NULL OR id = ANY($1::int[]) ORDER BY code`, [ids]),
    sql.query<Milestone>(`SELECT * FROM "Milestone" WHERE $1::int[] IS NULL OR "taskId" = ANY($1::int[]) ORDER BY "taskId", date`, [ids]),
  ]);

/**
 * Each task with its unit, owner and milestones. The reads ran side by side, so a task added
 * meanwhile may name a unit or an owner the other reads missed: those are read now.
 */
async function joinTasks(db: Db, tasks: Task[], milestones: Milestone[], units: Unit[], people: Person[]): Promise<BoardRow[]> {
  const unitById = new Map(units.map((u) => [u.id, u]));
  const personById = new Map(people.map((p) => [p.id, p]));
  const missingUnits = [...new Set(tasks.map((t) => t.unitId).filter((id) => !unitById.has(id)))];
  const missingPeople = [...new Set(tasks.map((t) => t.ownerId).filter((id) => !personById.has(id)))];
  if (missingUnits.length > 0) for (const u of await db.unit.findMany({ where: { id: { in: missingUnits } } })) unitById.set(u.id, u);
  if (missingPeople.length > 0) for (const p of await db.person.findMany({ where: { id: { in: missingPeople } } })) personById.set(p.id, p);
  const milestonesOf = groupBy(milestones, (m) => m.taskId);
  return tasks.map((task) => {
    const unit = unitById.get(task.unitId);
    const owner = personById.get(task.ownerId);
    // Foreign keys: after the reads above, both exist.
    if (!unit || !owner) throw new Error(`task ${task.code}: unit ${task.unitId} or owner ${task.ownerId} not found`);
    return Object.assign(task, { unit, owner, milestones: milestonesOf.get(task.id) ?? [] });
  });
}

/** A task's standing on the basis's day, with its forecast from its series. */
function reckoner(basis: Basis, timezone: string, thresholds: LightThresholds): (task: BoardRow, series: string | undefined) => BoardTask {
  const { day, isWorkday, leave } = basis;
  const line = forecastLine(day, isWorkday);
  const missedInARow = missedCounter(day, isWorkday);
  // Whether today opens or closes its period's working days, per cadence (the same for every task).
  const edges = new Map<Cadence, { first: boolean; last: boolean }>();
  const edgesOf = (cadence: Cadence) => {
    let edge = edges.get(cadence);
    if (!edge) {
      const period = periodOf(day, cadence);
      const workdays: Day[] = [];
      for (let d = period.start; d <= period.end; d = addDays(d, 1)) if (isWorkday(d)) workdays.push(d);
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
  return (task, series) => {
    const standing = standingOf(task, day, thresholds);
    const start = task.startDate ? dateToDay(task.startDate) : null;
    const reporting = !QUIET.has(task.status) && (start === null || start <= day);
    const lastReportDay = task.lastReportAt ? dayOf(task.lastReportAt) : null;
    const added = dayOf(task.createdAt);
    const since = start && start > added ? start : added;
    const cadence = task.cadence;
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
      missedInARow: reporting ? missedInARow(lastReportDay, since, cadence, leave.get(task.ownerId)) : 0,
      ownerOnLeave: (leave.get(task.ownerId) ?? []).some((l) => l.from <= day && day <= l.to),
      forecast: forecastFor(pointsOn(series, day), { deadline: standing.plan.deadline, completed: DONE.has(task.status) }, day, line),
    };
  };
}

/**
 * Tasks' standings in slices, the event loop served between them: the board viewers see is
 * computed again in the process that answers them, which must not stop answering meanwhile.
 */
async function reckonAll(rows: readonly BoardRow[], reckon: (task: BoardRow) => BoardTask): Promise<BoardTask[]> {
  const tasks: BoardTask[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % SLICE === 0) await breathe();
    tasks.push(reckon(rows[i] as BoardRow));
  }
  return tasks;
}

function boardOf(basis: Basis, tasks: BoardTask[], blockers: OpenProblem[]): Board {
  const { chats } = basis;
  return {
    day: basis.day,
    isWorkday: basis.isWorkday(basis.day),
    tasks,
    blockers,
    units: basis.units,
    unitChats: chats.filter((c) => c.kind === "unit_group" && c.active),
    leaderChats: chats.filter((c) => c.kind === "leaders" && c.active),
    inactiveChats: chats.filter((c) => !c.active && c.migratedTo === null),
  };
}

/** Everything the board reads, side by side. */
async function readAll({ prisma: db, sql }: BoardData, day: Day, timezone: string) {
  const [[tasks, milestones], people, blockers, units, chats, dayBasis, series] = await Promise.all([
    readTasks(sql, null),
    db.person.findMany({ where: { ownedTasks: { some: {} } } }),
    oldestOpenProblems(db, timezone),
    db.unit.findMany({ orderBy: { name: "asc" } }),
    db.chat.findMany({ orderBy: { id: "asc" } }),
    readDay(db, day),
    forecastSeries(sql, day, timezone),
  ]);
  const basis: Basis = { ...dayBasis, units, people, chats };
  return { basis, rows: await joinTasks(db, tasks, milestones, units, people), blockers, series };
}

export async function loadBoard(data: BoardData, day: Day, timezone: string, thresholds: LightThresholds): Promise<Board> {
  const { basis, rows, blockers, series } = await readAll(data, day, timezone);
  const reckon = reckoner(basis, timezone, thresholds);
  return boardOf(basis, await reckonAll(rows, (row) => reckon(row, series.get(row.id)?.text)), blockers);
}

/**
 * A task as the keeper holds it. Its row and its series were read by separate statements: when
 * the series is of another moment than the row (a report came in between), the task is held as
 * changed (no stamp), so the next computation reads both again.
 */
function keptTask(row: BoardRow, series: Series | undefined, standing: BoardTask): KeptTask {
  const stamp = row.updatedAt.getTime();
  return { stamp: series?.stamp === stamp ? stamp : NaN, row, series: series?.text ?? "", standing };
}

/** What changed since the board a keeper holds was computed. */
export interface BoardChanges {
  /** Anything besides tasks, their reports and problems (an admin's change, a person's name, a chat): read it all again. */
  everything: boolean;
  /** A problem opened or closed. */
  problems: boolean;
}

/** A task's row as read, with its updatedAt then, its series and its standing on the board. */
interface KeptTask {
  stamp: number;
  row: BoardRow;
  series: string;
  standing: BoardTask;
}

interface Kept {
  basis: Basis;
  board: Board;
  tasks: Map<number, KeptTask>;
}

/**
 * Today's board kept between computations, for the one every viewer and screen sees, computed
 * again after every report. Only the tasks whose row moved are read again (each report, edit and
 * withdrawal moves the task's updatedAt); a new day reads only its calendar and leave and computes
 * every task again from the rows kept; anything else reads it all, as loadBoard does.
 */
export class BoardKeeper {
  private kept: Kept | null = null;
  /** Tasks read again on the last computation (all of them when everything was read). */
  lastRead = 0;

  constructor(
    private readonly data: BoardData,
    private readonly timezone: string,
    private readonly thresholds: LightThresholds,
  ) {}

  /** The board on a day (today; never an earlier day than the last). Not to be called again before it returns. */
  async compute(day: Day, changes: BoardChanges): Promise<Board> {
    const kept = this.kept;
    const next = kept && !changes.everything && day >= kept.basis.day ? await this.update(kept, day, changes) : await this.readAll(day);
    this.kept = next;
    return next.board;
  }

  private async readAll(day: Day): Promise<Kept> {
    const { basis, rows, blockers, series } = await readAll(this.data, day, this.timezone);
    this.lastRead = rows.length;
    const reckon = reckoner(basis, this.timezone, this.thresholds);
    const standings = await reckonAll(rows, (row) => reckon(row, series.get(row.id)?.text));
    const tasks = new Map(rows.map((row, i) => [row.id, keptTask(row, series.get(row.id), standings[i] as BoardTask)]));
    return { basis, board: boardOf(basis, standings, blockers), tasks };
  }

  private async update(kept: Kept, day: Day, changes: BoardChanges): Promise<Kept> {
    const { prisma: db, sql } = this.data;
    const newDay = day !== kept.basis.day;
    const [stamps, dayBasis, blockers] = await Promise.all([
      sql.query<{ id: number; updatedAt: Date }>(`SELECT id, "updatedAt" FROM "Task" ORDER BY code`),
      newDay ? readDay(db, day) : null,
      changes.problems ? oldestOpenProblems(db, this.timezone) : kept.board.blockers,
    ]);
    const changed = stamps.filter((t) => kept.tasks.get(t.id)?.stamp !== t.updatedAt.getTime()).map((t) => t.id);
    this.lastRead = changed.length;
    const [[taskRows, milestones], series] = changed.length > 0 ? await Promise.all([readTasks(sql, changed), forecastSeries(sql, day, this.timezone, changed)]) : [[[], []], new Map<number, Series>()];
    const basis: Basis = dayBasis ? { ...kept.basis, ...dayBasis } : kept.basis;
    const reckon = reckoner(basis, this.timezone, this.thresholds);
    const fresh = new Map((await joinTasks(db, taskRows, milestones, basis.units, basis.people)).map((row) => [row.id, row]));

    // Every task there now, in the order of their codes; on a new day each is computed again.
    const tasks: Kept["tasks"] = new Map();
    const standings: BoardTask[] = [];
    for (const [i, { id }] of stamps.entries()) {
      if (i > 0 && i % SLICE === 0) await breathe();
      const row = fresh.get(id);
      const before = kept.tasks.get(id);
      if (!row && !before) continue; // added after the stamps were read, and not read: the next computation has it
      const entry = row
        ? keptTask(row, series.get(id), reckon(row, series.get(id)?.text))
        : newDay
          ? { ...before!, standing: reckon(before!.row, before!.series) }
          : before!;
      tasks.set(id, entry);
      standings.push(entry.standing);
    }
    return { basis, board: boardOf(basis, standings, blockers), tasks };
  }
}
