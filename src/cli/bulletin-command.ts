import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseDay } from "#src/domain/calendar.js";
import { leadersDay } from "#src/services/leaders.js";
import { bulletinWorkbook } from "#src/views/bulletin.js";
import { LeadersUsageError, withDatabase, type LeadersCommandIo } from "./leaders-io.js";

/** `duban bulletin`: the bulletin workbook of a day. */
export async function runBulletinCommand(args: string[], io: LeadersCommandIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { date: { type: "string" }, out: { type: "string" } } });
  const day = values.date === undefined ? io.today() : parseDay(values.date);
  if (!day) throw new LeadersUsageError(`--date wants YYYY-MM-DD, e.g. --date 2026-12-08 (got "${values.date}")`);
  if (!values.out) throw new LeadersUsageError("bulletin needs --out, e.g. --out 督查通报.xlsx");
  const leaders = await withDatabase(io, (database) => leadersDay({ db: database.prisma, sql: database.sql, timezone: io.timezone, thresholds: io.thresholds }, day));
  await writeFile(values.out, await bulletinWorkbook({ ...leaders, timezone: io.timezone }, io.t));
  io.stdout.write(`wrote the bulletin of ${day} (${leaders.figures.total} tasks, ${leaders.figures.units.length} units) to ${values.out}\n`);
  return 0;
}
