import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { LEDGER_USAGE, runLedgerCommand } from "./cli/ledger-command.js";
import { ASSESS_USAGE, runAssessCommand } from "./cli/assess-command.js";
import { BULLETIN_USAGE, runBulletinCommand } from "./cli/bulletin-command.js";
import { DIGEST_USAGE, runDigestCommand } from "./cli/digest-command.js";
import { LeadersUsageError, type LeadersCommandIo } from "./cli/leaders-io.js";
import { runParseCommand } from "./cli/parse-command.js";
import { DEFAULT_LANGUAGE, messages } from "./locales/index.js";
import { systemClock, type Clock } from "./clock.js";
import { createToolConfig, ConfigError, type ToolConfig } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { dayInZone, parseDay } from "./domain/calendar.js";
import { parseHolidayCsv } from "./domain/workdays.js";
import { importCalendar } from "./services/calendar.js";
import { defaultDeadline, loadDistrict, readDistrict } from "./services/demo-data.js";

const USAGE = `Usage: npm run --silent duban -- <command>

Commands:
  parse                    read JSON Lines ({"text": "...", "task": "BY-01"}) on stdin,
                           write one parse result per line
  holidays import <file>   load a holiday table (CSV: date,holiday|workday,name) into the database
  demo-data load [--deadline YYYY-MM-DD]
                           fill an empty database with the demo district (37 tasks, 8 units);
                           plans count back from the deadline (default: the next 30 June)
  ${LEDGER_USAGE}
  ${DIGEST_USAGE}
  ${BULLETIN_USAGE}
  ${ASSESS_USAGE}
  help                     this text

The database is DATABASE_URL, or the embedded one under DATA_DIR (default ./data); days follow
DUBAN_TIMEZONE (default Asia/Shanghai).
`;

class UsageError extends LeadersUsageError {}

function leadersIo(clock: Clock): LeadersCommandIo {
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

interface Tool {
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

async function holidays(tool: Tool, args: string[]): Promise<number> {
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

async function demoData(tool: Tool, args: string[]): Promise<number> {
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

/** `npm run duban -- <command>`: tools for admins and developers beside the bot itself. */
async function main(argv: string[], clock: Clock): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "parse":
      await runParseCommand(process.stdin, process.stdout);
      return 0;
    case "holidays":
      return holidays({ config: createToolConfig(process.env), clock }, args);
    case "demo-data":
      return demoData({ config: createToolConfig(process.env), clock }, args);
    case "ledger": {
      const config = createToolConfig(process.env);
      return runLedgerCommand(args, {
        stdout: process.stdout,
        stderr: process.stderr,
        openDatabase: () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
        today: () => dayInZone(clock.now(), config.timezone),
        thresholds: config.thresholds,
        timeZone: config.timezone,
      });
    }
    case "digest":
      return runDigestCommand(args, leadersIo(clock));
    case "bulletin":
      return runBulletinCommand(args, leadersIo(clock));
    case "assess":
      return runAssessCommand(args, leadersIo(clock));
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2), systemClock).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // parseArgs says what it could not read (an unknown --option, a missing value) in its own words.
    const usage = error instanceof LeadersUsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"));
    const message = error instanceof Error ? error.message : String(error);
    if (usage) {
      process.stderr.write(`duban: ${message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`duban: ${error instanceof ConfigError ? error.message : message}\n`);
      process.exitCode = 1;
    }
  },
);
