/**
 * What leaders read, computed once: the digest's figures on any day, a task's S-curve, the
 * bulletin's rows. The views (src/views/digest.ts, bulletin.ts, assessment.ts)
 * write these out as text, pictures and workbooks.
 */
import { forecastFor, forecastLine, type Forecast } from "./forecasts.js";
import { loadWorkdayTest } from "./calendar.js";
import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import { planPoints, type LightThresholds, type PlanPoint } from "#src/domain/plan.js";
import type { Blocker } from "#src/generated/prisma/client.js";
import { loadBoard, type Board } from "./board.js";
import { digestFigures, previousSnapshot, type DigestFigures } from "./digest.js";
import { taskStanding, type TaskStanding } from "./standing.js";

export interface LeadersDeps {
  db: Db;
  /** Plain SQL on the same database, for the board's big reads. */
  sql: Sql;
  timezone: string;
  thresholds: LightThresholds;
}

/** A task's plan line and what was reported, for its S-curve. */
export interface TaskCurve {
  standing: TaskStanding;
  blockers: Blocker[];
  plan: PlanPoint[];
  /** The cumulative percent at the end of each day a report gave one, oldest first. */
  reported: PlanPoint[];
  /** When it will finish at its recent pace, or why there is no date. */
  forecast: Forecast;
}

/** The leaders' figures on a day and the board they came from (the bulletin lists every task of it). */
export interface LeadersDay {
  board: Board;
  figures: DigestFigures;
}


export async function taskCurve(deps: LeadersDeps, code: string, today: Day): Promise<TaskCurve | null> {
  const found = await taskStanding(deps.db, code, today, deps.thresholds);
  if (!found) return null;
  const rows = await deps.db.progressReport.findMany({
    where: { taskId: found.standing.task.id, progressPercent: { not: null } },
    select: { reportedAt: true, progressPercent: true },
    orderBy: [{ reportedAt: "asc" }, { id: "asc" }],
  });
  const byDay = new Map<Day, number>();
  for (const r of rows) byDay.set(dayInZone(r.reportedAt, deps.timezone), r.progressPercent ?? 0);
  const reported = [...byDay].map(([date, percent]) => ({ date, percent }));
  const line = forecastLine(today, await loadWorkdayTest(deps.db));
  const task = found.standing.task;
  const forecast = forecastFor(
    reported.filter((p) => p.date <= today).map((p) => ({ day: p.date, percent: p.percent })),
    { deadline: found.standing.plan.deadline, completed: task.status === "completed" || task.status === "accepted" },
    today,
    line,
  );
  return { standing: found.standing, blockers: found.blockers, plan: planPoints(found.standing.plan), reported, forecast };
}

/** The digest's figures as they stand on `day`, compared with the last digest sent before it. */
export async function leadersDay(deps: LeadersDeps, day: Day): Promise<LeadersDay> {
  const board = await loadBoard({ prisma: deps.db, sql: deps.sql }, day, deps.timezone, deps.thresholds);
  const figures = digestFigures(board, await previousSnapshot(deps.db, day));
  return { board, figures };
}

