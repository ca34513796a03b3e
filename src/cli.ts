import { runParseCommand } from "./cli/parse-command.js";

const USAGE = `Usage: npm run --silent duban -- <command>

Commands:
  parse       read JSON Lines ({"text": "...", "task": "BY-01"}) on stdin, write one parse result per line
  help        this text
`;

/** `npm run duban -- <command>`: tools for admins and developers beside the bot itself. */
async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case "parse":
      await runParseCommand(process.stdin, process.stdout);
      return 0;
    case undefined:
    case "help":
    case "--help":
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`duban: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`duban: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
