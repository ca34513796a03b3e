import type { Sql } from "#src/db/sql.js";
import { addDays, dayToDate, type Day } from "#src/domain/calendar.js";
import { forecastTask, WorkdayLine, type Forecast, type ForecastPoint } from "#src/domain/forecast.js";

/** Days of reports read for a forecast: about the 30 workdays of its window (a long holiday reads a few fewer). */
const WINDOW_DAYS = 45;

/** The workday line forecasts are counted on: a year back, six ahead (a late finish is still a date). */
export function forecastLine(day: Day, isWorkday: (day: Day) => boolean): WorkdayLine {
  return WorkdayLine.covering(addDays(day, -366), 7, isWorkday);
}

/**
 * Each task's reports for its forecast, as of a day: its percent on each day of the window (the
 * day's last report), and, for a task with fewer than 3 of them, the last report from earlier
 * (its history's length). Two statements for every task together.
 */
export async function forecastPoints(sql: Sql, day: Day, timezone: string, taskIds: number[] | null = null): Promise<Map<number, ForecastPoint[]>> {
  const since = dayToDate(addDays(day, -WINDOW_DAYS));
  // The window's reports by their time (an index on reportedAt), each day's last kept.
  const recent = await sql.query<{ taskId: number; days: string[]; percents: number[] }>(
    `SELECT "taskId", array_agg(d::text ORDER BY d) AS days, array_agg(percent ORDER BY d) AS percents FROM (
       SELECT DISTINCT ON ("taskId", d) "taskId", d, percent FROM (
         SELECT "taskId", ("reportedAt" AT TIME ZONE $3)::date AS d, "progressPercent" AS percent, "reportedAt", id
         FROM "ProgressReport"
         WHERE "progressPercent" IS NOT NULL AND "reportedAt" >= $1 AND ($4::int[] IS NULL OR "taskId" = ANY($4::int[]))
       ) r
       WHERE d <= $2::date
       ORDER BY "taskId", d, "reportedAt" DESC, id DESC
     ) daily GROUP BY "taskId"`,
    [since, day, timezone, taskIds],
  );
  const points = new Map<number, ForecastPoint[]>();
  for (const row of recent) points.set(row.taskId, row.days.map((d, i) => ({ day: d, percent: Number(row.percents[i]) })));
  // A task with a short window (a weekly or monthly reporter, a quiet spell): its last report
  // before the window too, for its history's length. Few tasks, each one index lookup.
  const full = [...points].filter(([, list]) => list.length >= 3).map(([id]) => id);
  const earlier = await sql.query<{ taskId: number; day: string; percent: number }>(
    `SELECT t.id AS "taskId", (r."reportedAt" AT TIME ZONE $2)::date::text AS day, r."progressPercent" AS percent
     FROM "Task" t CROSS JOIN LATERAL (
       SELECT "reportedAt", "progressPercent" FROM "ProgressReport" p
       WHERE p."taskId" = t.id AND p."progressPercent" IS NOT NULL AND p."reportedAt" < $1
       ORDER BY p."reportedAt" DESC LIMIT 1
     ) r
     WHERE ($3::int[] IS NULL OR t.id = ANY($3::int[])) AND t.id NOT IN (SELECT unnest($4::int[]))`,
    [since, timezone, taskIds, full],
  );
  for (const row of earlier) points.set(row.taskId, [{ day: row.day, percent: Number(row.percent) }, ...(points.get(row.taskId) ?? [])]);
  return points;
}

/**
 * Each task's forecast points kept between boards of one day, read again only for the tasks that
 * changed: a task's reports change only with the task's row (each report, edit and withdrawal
 * writes its standing there, so updatedAt moves). The board seen by viewers and screens is
 * computed again after every report; this makes that one task's read, not every task's.
 */
export class ForecastPointsCache {
  private day: Day | null = null;
  private readonly byTask = new Map<number, { stamp: number; points: ForecastPoint[] }>();
  /** Tasks read on the last call (all of them on a new day), for tests and the benchmark. */
  lastRead = 0;

  async read(sql: Sql, day: Day, timezone: string, tasks: readonly { id: number; updatedAt: Date }[]): Promise<Map<number, ForecastPoint[]>> {
    if (this.day !== day) {
      this.byTask.clear();
      this.day = day;
    }
    const changed = tasks.filter((t) => this.byTask.get(t.id)?.stamp !== t.updatedAt.getTime());
    this.lastRead = changed.length;
    if (changed.length > 0) {
      // Everything on a new day (one statement for all), otherwise only the tasks that changed.
      const fresh = await forecastPoints(sql, day, timezone, changed.length === tasks.length ? null : changed.map((t) => t.id));
      for (const t of changed) this.byTask.set(t.id, { stamp: t.updatedAt.getTime(), points: fresh.get(t.id) ?? [] });
    }
    const points = new Map<number, ForecastPoint[]>();
    for (const t of tasks) points.set(t.id, this.byTask.get(t.id)?.points ?? []);
    if (this.byTask.size > tasks.length) {
      const ids = new Set(tasks.map((t) => t.id));
      for (const id of this.byTask.keys()) if (!ids.has(id)) this.byTask.delete(id);
    }
    return points;
  }
}

/** A task's forecast from its points, on the day, against its deadline (none without one). */
export function forecastFor(points: ForecastPoint[] | undefined, task: { deadline: Day | null; completed: boolean }, today: Day, line: WorkdayLine): Forecast {
  if (task.completed) return { kind: "done" };
  if (!task.deadline) return { kind: "insufficient" };
  return forecastTask({ points: points ?? [], deadline: task.deadline, today, completed: false, line });
}

export type { Forecast } from "#src/domain/forecast.js";
