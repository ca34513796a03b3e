import { configOrExit, stopOnSignals } from "./process.js";
import { loggerForProcess } from "./logger.js";
import { openDatabase } from "./db/database.js";
import { systemClock } from "./clock.js";
import { createJobEnv } from "./composition.js";
import { BullScheduler } from "#jobs/drivers/bullmq.js";
import { createApi } from "./telegram.js";

/** `npm run worker`: works the BullMQ queue (reminders, digests, alerts) beside the bot process. */
async function main(): Promise<void> {
  const config = configOrExit("duban worker");
  if (!config.redisUrl) {
    console.error("duban worker: REDIS_URL is required; without Redis the bot runs the jobs itself, e.g. REDIS_URL=redis://localhost:6379");
    process.exit(1);
  }
  const logger = loggerForProcess(config.logLevel).child({ process: "worker" });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const api = createApi(config.botToken, config.apiRoot);
  const env = createJobEnv({
    db: database.prisma,
    api,
    logger,
    clock: systemClock,
    timezone: config.timezone,
    thresholds: config.thresholds,
    escalateAfter: config.escalateAfter,
    supervision: config.supervision,
    staleAfterMs: config.claimTimeoutSeconds * 1000,
  });
  const scheduler = new BullScheduler(env, {
    redisUrl: config.redisUrl,
    queueName: config.queueName,
    runWorkers: true,
  });
  await scheduler.start();
  logger.info({ queue: config.queueName }, "worker running");

  stopOnSignals(logger, async () => {
    await scheduler.stop();
    await database.close();
  });
}

void main();
