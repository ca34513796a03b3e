import { LeadersUsageError } from "./cli/leaders-io.js";
import { ASSESS_USAGE, BACKUP_USAGE, BULLETIN_USAGE, DIGEST_USAGE, FORECAST_USAGE, LEDGER_USAGE } from "./cli/usage.js";
import { systemClock, type Clock } from "./clock.js";

// Each command is loaded when asked for: `duban help` starts in a fraction of a second.

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
  ${FORECAST_USAGE}
  ${BACKUP_USAGE}
  help                     this text

The database is DATABASE_URL, or the embedded one under DATA_DIR (default ./data); days follow
DUBAN_TIMEZONE (default Asia/Shanghai).
`;

/** `npm run duban -- <command>`: tools for admins and developers beside the bot itself. */
async function main(argv: string[], clock: Clock): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "parse":
      await (await import("./cli/parse-command.js")).runParseCommand(process.stdin, process.stdout);
      return 0;
    case "holidays": {
      const tools = await import("./cli/tools.js");
      return tools.holidays(tools.tool(clock), args);
    }
    case "demo-data": {
      const tools = await import("./cli/tools.js");
      return tools.demoData(tools.tool(clock), args);
    }
    case "ledger": {
      const [{ runLedgerCommand }, tools] = await Promise.all([import("./cli/ledger-command.js"), import("./cli/tools.js")]);
      return runLedgerCommand(args, tools.ledgerIo(clock));
    }
    case "digest": {
      const [{ runDigestCommand }, tools] = await Promise.all([import("./cli/digest-command.js"), import("./cli/tools.js")]);
      return runDigestCommand(args, tools.leadersIo(clock));
    }
    case "bulletin": {
      const [{ runBulletinCommand }, tools] = await Promise.all([import("./cli/bulletin-command.js"), import("./cli/tools.js")]);
      return runBulletinCommand(args, tools.leadersIo(clock));
    }
    case "forecast": {
      const [{ runForecastCommand }, tools] = await Promise.all([import("./cli/forecast-command.js"), import("./cli/tools.js")]);
      return runForecastCommand(args, tools.leadersIo(clock));
    }
    case "backup":
    case "restore": {
      const [backups, tools] = await Promise.all([import("./cli/backup-command.js"), import("./cli/tools.js")]);
      const io = { ...tools.tool(clock), stdout: process.stdout, stderr: process.stderr };
      return command === "backup" ? backups.runBackupCommand(args, io) : backups.runRestoreCommand(args, io);
    }
    case "assess": {
      const [{ runAssessCommand }, tools] = await Promise.all([import("./cli/assess-command.js"), import("./cli/tools.js")]);
      return runAssessCommand(args, tools.leadersIo(clock));
    }
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new LeadersUsageError(`unknown command "${command}"`);
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
      process.stderr.write(`duban: ${message}\n`);
      process.exitCode = 1;
    }
  },
);
