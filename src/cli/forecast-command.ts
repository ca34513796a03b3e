import { parseArgs } from "node:util";
import { parseDay } from "#src/domain/calendar.js";
import { loadBoard } from "#src/services/board.js";
import { forecastTable } from "#src/views/forecast.js";
import { LeadersUsageError, withDatabase, type LeadersCommandIo } from "./leaders-io.js";

/** `duban forecast [--date D] [--unit U] [--late]`: every task's forecast as a table, latest finish first. */
export async function runForecastCommand(args: string[], io: LeadersCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { unit: { type: "string" }, late: { type: "boolean" }, date: { type: "string" } },
  });
  if (positionals.length) throw new LeadersUsageError(`forecast takes no words but its options (got "${positionals.join(" ")}")`);
  const day = values.date === undefined ? io.today() : parseDay(values.date);
  if (!day) throw new LeadersUsageError(`--date wants YYYY-MM-DD, e.g. --date 2026-12-08 (got "${values.date}")`);
  const board = await withDatabase(io, (database) => loadBoard({ prisma: database.prisma, sql: database.sql }, day, io.timezone, io.thresholds));
  const unit = values.unit?.trim();
  if (unit && !board.units.some((u) => u.name === unit)) {
    io.stderr.write(`duban forecast: no unit is called "${unit}"; units: ${board.units.map((u) => u.name).join(", ")}\n`);
    return 1;
  }
  const tasks = board.tasks.filter((x) => (!unit || x.unit.name === unit) && (!values.late || (x.forecast.kind === "forecast" && x.forecast.lateDays > 0)));
  io.stdout.write(`${forecastTable(tasks, board.day, io.t)}\n`);
  return 0;
}
