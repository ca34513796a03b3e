import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { DEFAULT_LANGUAGE, messages } from "#src/locales/index.js";
import type { Clock } from "#src/clock.js";
import { createToolConfig, type ToolConfig } from "#src/config.js";
import { openDatabase, type Database } from "#src/db/database.js";
import { dayInZone, parseDay } from "#src/domain/calendar.js";
import { parseHolidayCsv } from "#src/domain/workdays.js";
import { importCalendar } from "#src/services/calendar.js";
import { defaultDeadline, loadDistrict, readDistrict } from "#src/services/demo-data.js";
import { LeadersUsageError, type LeadersCommandIo } from "./leaders-io.js";
import type { LedgerCommandIo } from "./ledger-command.js";

// The command-line tools beside the bot that open the database: what they share, and the small ones.

/** A command's words could not be read: said with the usage. */
class UsageError extends LeadersUsageError {}

export function leadersIo(clock: Clock): LeadersCommandIo {
  const config = createToolConfig(process.env);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    openDatabase: () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
    today: () => dayInZone(clock.now(), config.timezone),
    timezone: config.timezone,
    thresholds: config.thresholds,
    t: messages(DEFAULT_LANGUAGE),
  };
}

export interface Tool {
  config: ToolConfig;
  clock: Clock;
}

async function withDatabase<T>(tool: Tool, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: tool.config.databaseUrl, dataDir: tool.config.dataDir });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export async function holidays(tool: Tool, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [action, file, ...rest] = positionals;
  if (action !== "import" || !file || rest.length) throw new UsageError("holidays import takes one file: npm run duban -- holidays import holidays-2027.csv");
  const { overrides, errors } = parseHolidayCsv(await readFile(file, "utf8"));
  if (errors.length) {
    for (const e of errors) process.stderr.write(`${file}:${e.line}: cannot read "${e.text}" (want date,holiday|workday[,name])\n`);
    process.stderr.write("nothing was imported\n");
    return 1;
  }
  const count = await withDatabase(tool, (database) => importCalendar(database.prisma, null, overrides));
  process.stdout.write(`imported ${count} days from ${file}\n`);
  return 0;
}

export async function demoData(tool: Tool, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { deadline: { type: "string" } } });
  const [action, ...rest] = positionals;
  const today = dayInZone(tool.clock.now(), tool.config.timezone);
  const deadline = values.deadline === undefined ? defaultDeadline(today) : parseDay(values.deadline);
  if (action !== "load" || !deadline || rest.length) {
    throw new UsageError("demo-data load takes an optional deadline: npm run duban -- demo-data load --deadline 2027-06-30");
  }
  const district = await readDistrict();
  const summary = await withDatabase(tool, (database) => loadDistrict(database.prisma, district, deadline, tool.clock.now()));
  process.stdout.write(
    `loaded the demo district: ${summary.units} units, ${summary.officers} officers, ${summary.tasks} tasks due ${summary.deadline}\n` +
      "next: add the bot to each unit's group and send /bind <unit name> there; /tasks in a leaders' chat lists them all\n",
  );
  return 0;
}


/** The ledger commands' I/O: the leaders' one, under the names the ledger command reads. */
export function ledgerIo(clock: Clock): LedgerCommandIo {
  const { stdout, stderr, openDatabase: open, today, thresholds, timezone } = leadersIo(clock);
  return { stdout, stderr, openDatabase: open, today, thresholds, timeZone: timezone };
}

export function tool(clock: Clock): Tool {
  return { config: createToolConfig(process.env), clock };
}
