import type { Db } from "#src/db/database.js";
import type { Chat, Milestone, Unit } from "#src/generated/prisma/client.js";
import { dayInZone, dateToDay, type Day } from "#src/domain/calendar.js";
import { isMissing, missedCounter, periodOf, previousPeriod, type Cadence } from "#src/domain/periods.js";
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

export async function loadBoard(db: Db, day: Day, timezone: string, thresholds: LightThresholds): Promise<Board> {
  const [rawTasks, people, milestones, blockers, units, chats, isWorkdayOf, leaveByPerson] = await Promise.all([
    // Flat queries joined here: Prisma's include costs more than the rows (10,000 tasks: ~500 → ~200 ms).
    db.task.findMany({ orderBy: { code: "asc" } }),
    db.person.findMany({ where: { ownedTasks: { some: {} } } }),
    db.milestone.findMany({ orderBy: [{ taskId: "asc" }, { date: "asc" }] }),
    oldestOpenProblems(db, timezone),
    db.unit.findMany({ orderBy: { name: "asc" } }),
    db.chat.findMany({ orderBy: { id: "asc" } }),
    loadWorkdayTest(db),
    recentLeave(db, day, 400),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const personById = new Map(people.map((p) => [p.id, p]));
  const milestonesOf = new Map<number, Milestone[]>();
  for (const m of milestones) {
    const list = milestonesOf.get(m.taskId);
    if (list) list.push(m);
    else milestonesOf.set(m.taskId, [m]);
  }
  const tasks = rawTasks.map((task) => ({ ...task, unit: unitById.get(task.unitId)!, owner: personById.get(task.ownerId)!, milestones: milestonesOf.get(task.id) ?? [] }));
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
  const boardTasks = tasks.map((task): BoardTask => {
    const standing = standingOf(task, day, thresholds);
    const start = task.startDate ? dateToDay(task.startDate) : null;
    const reporting = !QUIET.has(task.status) && (start === null || start <= day);
    const lastReportDay = task.lastReportAt ? dayInZone(task.lastReportAt, timezone) : null;
    const added = dayInZone(task.createdAt, timezone);
    const since = start && start > added ? start : added;
    const cadence = task.cadence as Cadence;
    const due = reporting && (lastReportDay !== null || lastPeriodStart(cadence) >= since);
    return {
      due,
      ...standing,
      reporting,
      missing: reporting && isMissing(lastReportDay, day, cadence),
      promptDue: reporting && isMissing(lastReportDay, day, cadence) && edgesOf(cadence).first,
      remindDue: reporting && isMissing(lastReportDay, day, cadence) && edgesOf(cadence).last,
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
