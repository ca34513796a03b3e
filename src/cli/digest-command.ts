import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseDay } from "#src/domain/calendar.js";
import { leadersDay } from "#src/services/leaders.js";
import { digestChart, digestText } from "#src/views/digest.js";
import { LeadersUsageError, withDatabase, type LeadersCommandIo } from "./leaders-io.js";

/** `duban digest`: the digest of a day (today by default) on stdout, its chart to --chart. */
export async function runDigestCommand(args: string[], io: LeadersCommandIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { date: { type: "string" }, chart: { type: "string" } } });
  const day = values.date === undefined ? io.today() : parseDay(values.date);
  if (!day) throw new LeadersUsageError(`--date wants YYYY-MM-DD, e.g. --date 2026-12-08 (got "${values.date}")`);
  const { figures } = await withDatabase(io, (database) => leadersDay({ db: database.prisma, sql: database.sql, timezone: io.timezone, thresholds: io.thresholds }, day));
  io.stdout.write(`${digestText(figures, io.t)}\n`);
  if (values.chart) {
    await writeFile(values.chart, await digestChart(figures, io.t));
    io.stderr.write(`wrote the chart to ${values.chart}\n`);
  }
  return 0;
}
