import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseDay } from "#src/domain/calendar.js";
import { assess } from "#src/services/assessment.js";
import { assessmentWorkbook } from "#src/views/assessment.js";
import { LeadersUsageError, withDatabase, type LeadersCommandIo } from "./leaders-io.js";

/** `duban assess`: the assessment of a period. */
export async function runAssessCommand(args: string[], io: LeadersCommandIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { from: { type: "string" }, to: { type: "string" }, out: { type: "string" } } });
  const from = values.from ? parseDay(values.from) : null;
  const to = values.to ? parseDay(values.to) : null;
  if (!from || !to || from > to) throw new LeadersUsageError("assess wants --from and --to as YYYY-MM-DD, from not after to, e.g. --from 2026-01-01 --to 2026-12-31");
  if (!values.out) throw new LeadersUsageError("assess needs --out, e.g. --out 考核.xlsx");
  const assessment = await withDatabase(io, (database) => assess(database.prisma, from, to, io.today(), io.timezone, io.thresholds));
  await writeFile(values.out, await assessmentWorkbook(assessment, io.t));
  io.stdout.write(`wrote the assessment ${from} to ${to} (${assessment.officers.length} officers, ${assessment.units.length} units) to ${values.out}\n`);
  return 0;
}
