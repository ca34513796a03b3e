import { createConfig, ConfigError } from "./config.js";
import { createLogger } from "./logger.js";
import { startApp } from "./app.js";

/** `npm start`: the bot, on PostgreSQL or the embedded PGlite, until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = createConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`duban: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, `could not start: ${(error as Error).message}`);
    process.exit(1);
  });

  let isShuttingDown = false;
  const shutdown = async (signal: string) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    logger.info({ signal }, "shutting down");
    await app.stop();
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

void main();
