import { Api } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { configOrExit, stopOnSignals } from "./process.js";
import { createLogger } from "./logger.js";
import { openDatabase } from "./db/database.js";
import { systemClock } from "./clock.js";
import { jobEnv } from "./app.js";
import { BullScheduler } from "#jobs/drivers/bullmq.js";
import { AUTO_RETRY } from "./bot/bot.js";

/** `npm run worker`: works the BullMQ queue (reminders, digests, alerts) beside the bot process. */
async function main(): Promise<void> {
  const config = configOrExit("duban worker");
  if (!config.redisUrl) {
    console.error("duban worker: REDIS_URL is required; without Redis the bot runs the jobs itself, e.g. REDIS_URL=redis://localhost:6379");
    process.exit(1);
  }
  const logger = createLogger(config.logLevel).child({ process: "worker" });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const api = new Api(config.botToken, { apiRoot: config.apiRoot });
  api.config.use(autoRetry(AUTO_RETRY));
  const scheduler = new BullScheduler(jobEnv(config, database, api, logger, systemClock), {
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
