import { configOrExit, stopOnSignals } from "./process.js";
import { loggerForProcess } from "./logger.js";
import { openDatabase } from "./db/database.js";
import { systemClock } from "./clock.js";
import { createJobEnv, createSender, takeoverMs } from "./composition.js";
import { BullScheduler } from "#jobs/drivers/bullmq.js";
import { Api } from "grammy";
import { SenderLoop } from "./sending/sender-loop.js";

/** `npm run worker`: works the BullMQ queue (reminders, digests, alerts) beside the bot process. */
async function main(): Promise<void> {
  const config = configOrExit("duban worker");
  if (!config.redisUrl) {
    console.error("duban worker: REDIS_URL is required; without Redis the bot runs the jobs itself, e.g. REDIS_URL=redis://localhost:6379");
    process.exit(1);
  }
  const logger = loggerForProcess(config.logLevel).child({ process: "worker" });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error, source) => logger.warn({ err: error, source }, "database connection lost; reconnecting"),
  });
  // The outbox retries 429s, 5xx and network errors itself, so its calls go out unwrapped.
  const sender = createSender({ db: database.prisma, sql: database.sql, api: new Api(config.botToken, { apiRoot: config.apiRoot }), logger, clock: systemClock, leaseMs: takeoverMs(config) });
  // Sends whatever is due, replies included, whenever this process holds the send lease.
  const senderLoop = new SenderLoop(sender, { staleAfterMs: config.claimTimeoutSeconds * 1000 });
  const env = createJobEnv({
    db: database.prisma,
    sql: database.sql,
    sender,
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
  senderLoop.start();
  await scheduler.start();
  logger.info({ queue: config.queueName }, "worker running");

  stopOnSignals(logger, async () => {
    await scheduler.stop();
    await senderLoop.stop();
    await database.close();
  });
}

void main();
