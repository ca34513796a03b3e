import { Api, GrammyError, HttpError, type Bot } from "grammy";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import type { Logger } from "./logger.js";
import { ALLOWED_UPDATES, createBot, publishCommands } from "./bot/bot.js";
import type { BotContext } from "./bot/context.js";
import { createJobEnv, createSender, takeoverMs } from "./composition.js";
import { InboxPoller, UpdateDispatcher } from "./bot/intake.js";
import { probeQueues, registry, watchBotApi } from "./metrics.js";
import { healthService } from "./services/health.js";
import { outboxDepth } from "./services/outbox.js";
import { buildServer, listen } from "./web/server.js";
import { DailyBackups } from "./backups.js";
import { readinessChecks } from "./web/readiness.js";
import { findAssetsDir, loadAssets } from "./web/assets.js";
import { SenderLoop } from "./sending/sender-loop.js";
import { createServices, type Scheduler, type Services } from "./services/index.js";
import type { TelegramLimits } from "./sending/limiter.js";
import type { JobEnv } from "#jobs/run.js";
import { CronScheduler } from "#jobs/drivers/cron.js";
import { BullScheduler } from "#jobs/drivers/bullmq.js";

export interface App {
  bot: Bot<BotContext>;
  database: Database;
  services: Services;
  sender: SenderLoop;
  dispatcher: UpdateDispatcher;
  scheduler: Scheduler;
  /** The port the HTTP server (webhook, health, metrics) listens on. */
  httpPort: number;
  stop(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Telegram's limits by default; the demo's in-process fake has none. */
  limits?: TelegramLimits;
  /** false: no real-time timers; whoever moves the clock runs due jobs (the demo). */
  realTimeSchedules?: boolean;
  /** The database, already being opened (the entry point starts it while the program loads). */
  database?: Promise<Database>;
  /**
   * Polling stopped for good (401: the token was revoked; 409: another process polls with the
   * same token). The app has been stopped when this is called.
   */
  onFatal?: (error: unknown) => void;
}

/** BullMQ on Redis when REDIS_URL is set, node-cron in this process otherwise; never both. */
export function createScheduler(config: Config, env: JobEnv, realTime = true): Scheduler {
  return config.redisUrl
    ? new BullScheduler(env, { redisUrl: config.redisUrl, queueName: config.queueName, runWorkers: config.runWorkers })
    : new CronScheduler(env, { realTime });
}

// Four tries over 3.5 s; then the process stops, saying where it looked, and its supervisor may start it again.
const CONNECT_ATTEMPTS = 4;

/**
 * Who the bot is. grammY's own init retries a network failure for ever, silently; here a Bot
 * API that cannot be reached after a few tries stops the start with a line saying where it looked.
 */
async function getMe(api: Api, apiRoot: string, logger: Logger) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.getMe();
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 401) {
        throw new Error("the Bot API refused the token (401 Unauthorized); check BOT_TOKEN", { cause: error });
      }
      if (!(error instanceof HttpError) || attempt === CONNECT_ATTEMPTS) {
        const why = error instanceof HttpError ? error.message : String(error);
        throw new Error(`cannot reach the Bot API at ${apiRoot} (${why}); check the network and TELEGRAM_API_ROOT`, { cause: error });
      }
      logger.warn({ apiRoot, attempt }, "the Bot API did not answer; trying again");
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
    }
  }
}

/** Opens PostgreSQL or the embedded database; a restart of PostgreSQL is a logged event, never a crash. */
function openAppDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error, source) => logger.warn({ err: error, source }, "database connection lost; reconnecting"),
    lockWaitMs: 20_000,
  });
}

/** The board's page, built by npm ci into dist/web; without it the API still answers. */
function boardAssets(logger: Logger) {
  const dir = findAssetsDir();
  if (!dir) {
    logger.warn("the board's page (dist/web) was not built: /app answers 503 until npm run build");
    return null;
  }
  return loadAssets(dir);
}

/** A file users sent (a report photo), from the Bot API. */
async function downloadFile(api: Api, config: Config, fileId: string): Promise<{ bytes: Uint8Array; type: string }> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new Error("the Bot API gave no path for the file");
  const response = await fetch(`${config.apiRoot}/file/bot${config.botToken}/${file.file_path}`);
  if (!response.ok) throw new Error(`the Bot API answered ${response.status} for the file`);
  const type = response.headers.get("content-type") ?? "";
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: type.startsWith("image/") ? type : "image/jpeg" };
}

/** Connects to the Bot API, opens the database, starts taking updates, sending and the schedules. */
export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  // The outbox retries 429s, 5xx and network errors itself, so its calls go out unwrapped.
  const api = new Api(config.botToken, { apiRoot: config.apiRoot });
  watchBotApi(api);
  // The Bot API and the database side by side (the embedded one takes a second to open); a
  // wrong token or TELEGRAM_API_ROOT is said first, and the database closed again then.
  const opening = options.database ?? openAppDatabase(config, logger);
  const [asked, opened] = await Promise.allSettled([getMe(api, config.apiRoot, logger), opening]);
  if (asked.status === "rejected") {
    if (opened.status === "fulfilled") await opened.value.close().catch(() => undefined);
    throw asked.reason;
  }
  if (opened.status === "rejected") throw opened.reason;
  const me = asked.value;
  const database = opened.value;
  logger.info(
    { database: database.kind, migrationsApplied: database.applied, dataDir: database.kind === "pglite" ? config.dataDir : undefined },
    "database ready",
  );
  const services = createServices({
    db: database.prisma,
    sql: database.sql,
    clock,
    timezone: config.timezone,
    adminIds: config.adminIds,
    thresholds: config.thresholds,
  });
  const bot = createBot(config.botToken, { services, logger, fileRoot: `${config.apiRoot}/file/bot${config.botToken}`, publicUrl: config.publicUrl }, { apiRoot: config.apiRoot });
  watchBotApi(bot.api);
  probeQueues({ inboxLagSeconds: () => services.inbox.lagSeconds(), outboxDepth: () => outboxDepth(database.sql) });
  const sender = createSender({ db: database.prisma, sql: database.sql, api, logger, clock, leaseMs: takeoverMs(config), ...(options.limits ? { limits: options.limits } : {}) });
  const senderLoop = new SenderLoop(sender, { staleAfterMs: config.claimTimeoutSeconds * 1000 });
  services.replies.onQueued(() => senderLoop.notify());
  const dispatcher = new UpdateDispatcher(bot, services.inbox, logger, { leaseMs: takeoverMs(config, 15_000) });
  let poller: InboxPoller | null = null;
  let scheduler: Scheduler | null = null;
  const webhook = config.webhook;
  // The embedded database is backed up by the bot that has it open, daily and on request.
  const backups = database.kind === "pglite" ? new DailyBackups(database, { ...config.backups, dataDir: config.dataDir, log: logger }) : null;
  const server = buildServer({
    log: logger,
    webhook: webhook && {
      path: webhook.path,
      secret: webhook.secret,
      store: async (update) => {
        await services.inbox.store([update]);
        dispatcher.notify();
      },
    },
    checks: readinessChecks(healthService(database.prisma, database.sql), api, () => scheduler),
    metrics: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    metricsToken: config.http.metricsToken,
    backup: backups && { token: backups.token, make: () => backups.now() },
    board: {
      board: services.board,
      botToken: config.botToken,
      now: () => clock.now(),
      timezone: config.timezone,
      log: logger,
      assets: boardAssets(logger),
      photo: (fileId) => downloadFile(api, config, fileId),
    },
  });
  let httpPort = 0;
  let stopping: Promise<void> | null = null;
  // One way down, from start-up failure, a fatal polling error or a signal: stop what has started.
  const stop = () =>
    (stopping ??= (async () => {
      senderLoop.halt();
      await poller?.stop();
      // No more webhook updates taken; health answers 503 while closing.
      await server.close();
      await dispatcher.stop();
      await scheduler?.stop().catch((error: unknown) => logger.warn({ err: error }, "schedules did not stop cleanly"));
      await senderLoop.stop();
      await backups?.stop();
      await database.close();
    })());
  try {
    bot.botInfo = me;
    logger.info({ username: bot.botInfo.username, apiRoot: config.apiRoot }, "connected to the Bot API");
    // The command menu is Telegram's to show; nothing waits for it (a failure is logged).
    void publishCommands(bot, logger);
    const env = createJobEnv({
      db: database.prisma,
      sql: database.sql,
      sender,
      logger,
      clock,
      timezone: config.timezone,
      thresholds: config.thresholds,
      escalateAfter: config.escalateAfter,
      supervision: config.supervision,
      staleAfterMs: config.claimTimeoutSeconds * 1000,
      ...(backups ? { lastBackupAt: () => backups.uncoveredSince() } : {}),
    });
    scheduler = createScheduler(config, env, options.realTimeSchedules ?? true);
    services.schedules.attach(scheduler);
    senderLoop.start();
    dispatcher.start();
    httpPort = await listen(server, config.http.host, config.http.port, "DUBAN_HTTP_PORT");
    backups?.start();
    logger.info({ host: config.http.host, port: httpPort }, "http server listening (health, metrics" + (webhook ? ", webhook)" : ")"));
    if (webhook) {
      await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
      logger.info({ url: webhook.url, port: httpPort }, "taking updates by webhook");
    } else {
      // Switching back from webhook mode: Telegram sends to one place at a time.
      await bot.api.deleteWebhook().catch((error: unknown) => logger.warn({ err: error }, "deleteWebhook failed; polling anyway"));
      poller = new InboxPoller(bot, services.inbox, dispatcher, logger, {
        allowedUpdates: ALLOWED_UPDATES,
        onFatal: (error) => {
          logger.fatal({ detail: `${error.error_code} ${error.description}` }, "polling stopped for good (a revoked token, or another process polling with it)");
          void stop()
            .catch(() => undefined)
            .then(() => options.onFatal?.(error));
        },
      });
      poller.start();
    }
    await scheduler.start();
    logger.info({ driver: scheduler.kind, workers: scheduler.kind === "cron" || config.runWorkers }, "schedules running");
  } catch (error) {
    await stop();
    throw error;
  }
  return { bot, database, services, scheduler, sender: senderLoop, dispatcher, httpPort, stop };
}
