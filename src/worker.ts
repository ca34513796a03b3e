import { configOrExit, stopOnSignals } from "./process.js";
import { loggerForProcess } from "./logger.js";
import { openDatabase } from "./db/database.js";
import { systemClock } from "./clock.js";
import { createJobEnv, createSender, takeoverMs } from "./composition.js";
import { BullScheduler } from "#jobs/drivers/bullmq.js";
import { Api } from "grammy";
import { SenderLoop } from "./sending/sender-loop.js";
import { probeQueues, registry, watchBotApi } from "./metrics.js";
import { healthService } from "./services/health.js";
import { inboxService } from "./services/inbox.js";
import { outboxDepth } from "./services/outbox.js";
import { buildServer, listen } from "./web/server.js";
import { readinessChecks } from "./web/readiness.js";

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
  const api = new Api(config.botToken, { apiRoot: config.apiRoot });
  watchBotApi(api);
  probeQueues({ inboxLagSeconds: () => inboxService(database.sql, systemClock).lagSeconds(), outboxDepth: () => outboxDepth(database.sql) });
  const sender = createSender({ db: database.prisma, sql: database.sql, api, logger, clock: systemClock, leaseMs: takeoverMs(config) });
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
  // Health, readiness and metrics, for the orchestrator and the monitoring.
  const server = buildServer({
    log: logger,
    checks: readinessChecks(healthService(database.prisma, database.sql), api, () => scheduler),
    metrics: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    metricsToken: config.http.metricsToken,
  });
  // Signals are heard from here on: a stop while Redis is still being waited for stops cleanly too.
  stopOnSignals(logger, async () => {
    senderLoop.halt();
    await server.close();
    await scheduler.stop();
    await senderLoop.stop();
    await database.close();
  });
  senderLoop.start();
  await scheduler.start();
  const port = await listen(server, config.http.host, config.http.workerPort, "DUBAN_WORKER_PORT");
  logger.info({ queue: config.queueName, port }, "worker running");
}

main().catch((error: unknown) => {
  console.error(`duban worker: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
