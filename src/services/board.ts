import type { Database, Db } from "#src/db/database.js";
import type { Chat, Milestone, Person, Task, Unit } from "#src/generated/prisma/client.js";
import { dayInZone, dateToDay, type Day } from "#src/domain/calendar.js";
import { missedCounter, periodOf, previousPeriod, type Cadence } from "#src/domain/periods.js";
import { addDays } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import { loadWorkdayTest, recentLeave } from "./calendar.js";
import { standingOf, type TaskStanding } from "./standing.js";
import { oldestOpenProblems, type OpenProblem } from "./open-problems.js";
import { groupBy } from "#src/domain/group.js";
import { forecastFor, forecastLine, forecastPoints, type Forecast, type ForecastPointsCache } from "./forecasts.js";

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

/**
 * What the board reads with: Prisma for the small tables, plain SQL for the two big ones; and,
 * for a board computed again and again (the one viewers see), the forecast points kept between.
 */
export type BoardData = Pick<Database, "prisma" | "sql"> & { forecasts?: ForecastPointsCache };

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

export async function loadBoard(data: BoardData, day: Day, timezone: string, thresholds: LightThresholds): Promise<Board> {
  const db = data.prisma;
  const [taskRows, milestones, people, blockers, units, chats, isWorkdayOf, leaveByPerson, pointsRead] = await Promise.all([
    // Flat queries joined here. The two big ones are plain SQL: Prisma maps 10,000 rows × 20
    // columns slowly (its include costs more than the rows), while pg's rows come back typed as
    // Prisma types them (src/db/sql.ts). Tasks by code, as findMany({ orderBy: { code: "asc" } }).
    data.sql.query<Task>(`SELECT * FROM "Task" ORDER BY code`),
    data.sql.query<Milestone>(`SELECT * FROM "Milestone" ORDER BY "taskId", date`),
    db.person.findMany({ where: { ownedTasks: { some: {} } } }),
    oldestOpenProblems(db, timezone),
    db.unit.findMany({ orderBy: { name: "asc" } }),
    db.chat.findMany({ orderBy: { id: "asc" } }),
    loadWorkdayTest(db),
    recentLeave(db, day, 400),
    // Without a cache, read beside the rest; with one, once the tasks say which changed.
    data.forecasts ? null : forecastPoints(data.sql, day, timezone),
  ]);
  const pointsByTask = pointsRead ?? (await data.forecasts!.read(data.sql, day, timezone, taskRows));
  const line = forecastLine(day, isWorkdayOf);
  const tasks = await joinTasks(db, taskRows, milestones, units, people);
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
  const boardTask = (task: BoardRow): BoardTask => {
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
      missedInARow: reporting ? missedInARow(lastReportDay, since, cadence, leaveByPerson.get(task.ownerId)) : 0,
      ownerOnLeave: (leaveByPerson.get(task.ownerId) ?? []).some((l) => l.from <= day && day <= l.to),
      forecast: forecastFor(pointsByTask.get(task.id), { deadline: standing.plan.deadline, completed: DONE.has(task.status) }, day, line),
    };
  };
  // In slices, the event loop served between them: the board viewers see is computed again after
  // a report in the process that answers them, which must not stop answering meanwhile.
  const boardTasks: BoardTask[] = [];
  for (let i = 0; i < tasks.length; i++) {
    if (i > 0 && i % SLICE === 0) await breathe();
    boardTasks.push(boardTask(tasks[i] as BoardRow));
  }
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
