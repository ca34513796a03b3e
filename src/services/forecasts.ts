import type { Sql } from "#src/db/sql.js";
import { addDays, dayToDate, fromUtcMs, type Day } from "#src/domain/calendar.js";
import { forecastTask, WorkdayLine, type Forecast, type ForecastPoint } from "#src/domain/forecast.js";

/** Days of reports a forecast reads: about the 30 workdays of its window (a long holiday reads a few fewer). */
const WINDOW_DAYS = 45;
const MS_PER_DAY = 86_400_000;
/** A task needs this many days with a report in its window; with fewer, the last one before counts too. */
const FULL_WINDOW = 3;

/** The workday line forecasts are counted on: a year back, six ahead (a late finish is still a date). */
export function forecastLine(day: Day, isWorkday: (day: Day) => boolean): WorkdayLine {
  return WorkdayLine.covering(addDays(day, -366), 7, isWorkday);
}

const dayNumber = (day: Day): number => dayToDate(day).getTime() / MS_PER_DAY;

/**
 * A task's points for its forecast on a day, from its kept series ("20400:35,20402:37.5", days
 * since 1970-01-01, oldest first): its percent on each day of the window (the day's last report)
 * and, with fewer than 3 of them, the last one before (its history's length).
 */
function windowOf(series: string, from: number, to: number): ForecastPoint[] {
  const points: ForecastPoint[] = [];
  let before: ForecastPoint | null = null;
  // One pass over the text: 10,000 tasks' series are read for every digest.
  for (let at = 0; at < series.length; ) {
    const colon = series.indexOf(":", at);
    const comma = series.indexOf(",", colon);
    const end = comma === -1 ? series.length : comma;
    const day = Number(series.slice(at, colon));
    if (day > to) break;
    const point = { day: fromUtcMs(day * MS_PER_DAY), percent: Number(series.slice(colon + 1, end)) };
    if (day >= from) points.push(point);
    else before = point;
    at = end + 1;
  }
  if (points.length < FULL_WINDOW && before) points.unshift(before);
  return points;
}

/**
 * Reads tasks' series again from their reports and writes them back: every day with a report
 * from `since` on (the day's last report), after the last report before it. `replace` after a
 * report (this series is the newest); otherwise a row is written only where the kept one is of
 * another stamp or zone: a read never puts back an older series over one a report just wrote, nor
 * a long one (a board of months ago) over one that holds for today.
 */
async function refreshForecastSeries(
  sql: Sql,
  taskIds: readonly number[],
  timezone: string,
  since: Day,
  mode: "replace" | "fill" = "replace",
): Promise<Map<number, Series>> {
  if (taskIds.length === 0) return new Map();
  const rows = await sql.query<{ taskId: number; stamp: Date; points: string }>(
    `WITH computed AS (
       SELECT t.id AS "taskId", t."updatedAt" AS stamp, concat_ws(',', e.point, w.points) AS points
       FROM "Task" t
       LEFT JOIN LATERAL (
         SELECT string_agg((d - DATE '1970-01-01') || ':' || percent, ',' ORDER BY d) AS points FROM (
           SELECT DISTINCT ON (d) d, percent FROM (
             SELECT (p."reportedAt" AT TIME ZONE $2)::date AS d, p."progressPercent" AS percent, p."reportedAt", p.id
             FROM "ProgressReport" p
             WHERE p."taskId" = t.id AND p."progressPercent" IS NOT NULL AND p."reportedAt" >= $3::date::timestamp AT TIME ZONE $2
           ) r
           ORDER BY d, "reportedAt" DESC, id DESC
         ) daily
       ) w ON true
       LEFT JOIN LATERAL (
         SELECT (((p."reportedAt" AT TIME ZONE $2)::date - DATE '1970-01-01') || ':' || p."progressPercent") AS point
         FROM "ProgressReport" p
         WHERE p."taskId" = t.id AND p."progressPercent" IS NOT NULL AND p."reportedAt" < $3::date::timestamp AT TIME ZONE $2
         ORDER BY p."reportedAt" DESC, p.id DESC LIMIT 1
       ) e ON true
       WHERE t.id = ANY($1::int[])
     ), written AS (
       INSERT INTO "ForecastSeries" ("taskId", stamp, timezone, since, points)
       SELECT "taskId", stamp, $2, $3::date, points FROM computed
       ON CONFLICT ("taskId") DO UPDATE SET stamp = excluded.stamp, timezone = excluded.timezone, since = excluded.since, points = excluded.points
       WHERE $4::boolean OR "ForecastSeries".stamp <> excluded.stamp OR "ForecastSeries".timezone <> excluded.timezone
     )
     SELECT "taskId", stamp, points FROM computed`,
    [taskIds, timezone, since, mode === "replace"],
  );
  return new Map(rows.map((r) => [r.taskId, { stamp: r.stamp.getTime(), text: r.points }]));
}

/**
 * After reports were recorded, edited or withdrawn: those tasks' series from their reports, so
 * that the next digest and board read them kept rather than from the reports.
 */
export async function keepForecastSeries(sql: Sql, taskIds: readonly number[], timezone: string, today: Day): Promise<void> {
  await refreshForecastSeries(sql, [...new Set(taskIds)], timezone, addDays(today, -WINDOW_DAYS));
}

/** A task's series as read, and the task's updatedAt it holds for (its reports as of then). */
export interface Series {
  stamp: number;
  text: string;
}

/**
 * Tasks' series for forecasts of `day` and later (every task, or those named): the kept ones
 * where they hold (one row per task), otherwise read from the reports and written back.
 */
export async function forecastSeries(sql: Sql, day: Day, timezone: string, taskIds: readonly number[] | null = null): Promise<Map<number, Series>> {
  const since = addDays(day, -WINDOW_DAYS);
  const kept = await sql.query<{ taskId: number; stamp: Date; points: string | null }>(
    `SELECT t.id AS "taskId", t."updatedAt" AS stamp, s.points FROM "Task" t
     LEFT JOIN "ForecastSeries" s ON s."taskId" = t.id AND s.stamp = t."updatedAt" AND s.timezone = $1 AND s.since <= $2::date
     WHERE $3::int[] IS NULL OR t.id = ANY($3::int[])`,
    [timezone, since, taskIds],
  );
  const stale = kept.filter((row) => row.points === null).map((row) => row.taskId);
  const read = await refreshForecastSeries(sql, stale, timezone, since, "fill");
  return new Map(kept.map((row) => [row.taskId, row.points === null ? (read.get(row.taskId) ?? { stamp: NaN, text: "" }) : { stamp: row.stamp.getTime(), text: row.points }]));
}

/** A task's points for its forecast on a day, from a series read for that day or an earlier one. */
export function pointsOn(series: string | undefined, day: Day): ForecastPoint[] {
  return series ? windowOf(series, dayNumber(addDays(day, -WINDOW_DAYS)), dayNumber(day)) : [];
}

/** Each task's points for its forecast as of a day (every task, or those named). */
export async function forecastPoints(sql: Sql, day: Day, timezone: string, taskIds: number[] | null = null): Promise<Map<number, ForecastPoint[]>> {
  const series = await forecastSeries(sql, day, timezone, taskIds);
  return new Map([...series].map(([taskId, { text }]) => [taskId, pointsOn(text, day)]));
}

/** A task's forecast from its points, on the day, against its deadline (none without one). */
export function forecastFor(points: ForecastPoint[] | undefined, task: { deadline: Day | null; completed: boolean }, today: Day, line: WorkdayLine): Forecast {
  if (task.completed) return { kind: "done" };
  if (!task.deadline) return { kind: "insufficient" };
  return forecastTask({ points: points ?? [], deadline: task.deadline, today, completed: false, line });
}

export type { Forecast } from "#src/domain/forecast.js";
