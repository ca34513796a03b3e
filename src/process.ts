import { createConfig, ConfigError, type Config } from "./config.js";
import type { Logger } from "./logger.js";

/** Reads the settings for an entry point; a wrong one ends the process with one line naming it. */
export function configOrExit(program: string, env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return createConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${program}: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** Orchestrators wait 10 s after SIGTERM before SIGKILL: done before then. */
const STOP_DEADLINE_MS = 9000;

/** The one shutdown path of the bot and the worker: on SIGTERM or SIGINT, stop once, then exit. */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let isShuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    logger.info({ signal }, "shutting down");
    // A stop that hangs (the database away while work is handed back) still ends: what is left
    // claimed is taken back by the next start at once.
    setTimeout(() => {
      logger.warn({ afterMs: STOP_DEADLINE_MS }, "stopping took too long; exiting, the next start takes back what is left");
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    try {
      await stop();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "could not stop cleanly");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
