import { loggerForProcess } from "./logger.js";
import { configOrExit, stopOnSignals } from "./process.js";

/** `npm start`: the bot, on PostgreSQL or the embedded PGlite, until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = configOrExit("duban");
  const logger = loggerForProcess(config.logLevel);
  // The database opens (the embedded one takes a second) while the rest of the program loads;
  // both only once the settings are known good, so a bad one is answered at once.
  const database = import("./db/database.js").then(({ openDatabase }) =>
    openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onConnectionError: (error, source) => logger.warn({ err: error, source }, "database connection lost; reconnecting"),
      // A bot restarted in a new container finds its dead life's lock: it goes stale within 16 s.
      lockWaitMs: 20_000,
    }),
  );
  // Handled by startApp; until then a failure must not count as unhandled.
  database.catch(() => undefined);
  const { startApp } = await import("./app.js");
  const starting = startApp(config, logger, { database, onFatal: () => process.exit(1) });
  // A signal while starting stops what has started once the start is through (or exits at the deadline).
  stopOnSignals(logger, async () => (await starting).stop());
  await starting.catch((error: unknown) => {
    logger.fatal({ err: error }, `could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}

void main();
