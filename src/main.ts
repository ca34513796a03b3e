import { loggerForProcess } from "./logger.js";
import { configOrExit, stopOnSignals } from "./process.js";

/** `npm start`: the bot, on PostgreSQL or the embedded PGlite, until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = configOrExit("duban");
  const logger = loggerForProcess(config.logLevel);
  // Loaded once the settings are known good: a bad one is answered at once.
  const { startApp } = await import("./app.js");
  const app = await startApp(config, logger, { onFatal: () => process.exit(1) }).catch((error: unknown) => {
    logger.fatal({ err: error }, `could not start: ${(error as Error).message}`);
    process.exit(1);
  });
  stopOnSignals(logger, app.stop);
}

void main();
