import { run, type RunnerHandle } from "@grammyjs/runner";
import { GrammyError, HttpError, type Bot } from "grammy";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import type { Logger } from "./logger.js";
import { ALLOWED_UPDATES, createBot, publishCommands } from "./bot/bot.js";
import type { BotContext } from "./bot/context.js";
import { createJobEnv } from "./composition.js";
import { createServices, type Scheduler, type Services } from "./services/index.js";
import type { TelegramLimits } from "./sending/limiter.js";
import type { JobEnv } from "#jobs/run.js";
import { CronScheduler } from "#jobs/drivers/cron.js";
import { BullScheduler } from "#jobs/drivers/bullmq.js";

export interface App {
  bot: Bot<BotContext>;
  database: Database;
  services: Services;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Telegram's limits by default; the demo's in-process fake has none. */
  limits?: TelegramLimits;
  /** false: no real-time timers; whoever moves the clock runs due jobs (the demo). */
  realTimeSchedules?: boolean;
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

const CONNECT_ATTEMPTS = 4;

/**
 * Who the bot is. grammY's own init retries a network failure for ever, silently; here a Bot
 * API that cannot be reached after a few tries stops the start with a line saying where it looked.
 */
async function getMe(bot: Bot<BotContext>, apiRoot: string, logger: Logger) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await bot.api.getMe();
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 401) {
        throw new Error("the Bot API refused the token (401 Unauthorized); check BOT_TOKEN", { cause: error });
      }
      if (!(error instanceof HttpError) || attempt === CONNECT_ATTEMPTS) {
        const why = error instanceof HttpError ? error.message : String(error);
        throw new Error(`cannot reach the Bot API at ${apiRoot} (${why}); check the network and TELEGRAM_API_ROOT`, { cause: error });
      }
      logger.warn({ apiRoot, attempt }, "the Bot API did not answer; trying again");
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (attempt - 1)));
    }
  }
}

/** Opens the database, connects to the Bot API, starts long polling and the schedules. */
export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info(
    { database: database.kind, migrationsApplied: database.applied, dataDir: database.kind === "pglite" ? config.dataDir : undefined },
    "database ready",
  );
  const services = createServices({
    db: database.prisma,
    clock,
    timezone: config.timezone,
    adminIds: config.adminIds,
    thresholds: config.thresholds,
  });
  const bot = createBot(config.botToken, { services, logger, fileRoot: `${config.apiRoot}/file/bot${config.botToken}` }, { apiRoot: config.apiRoot });
  let runner: RunnerHandle | null = null;
  let scheduler: Scheduler | null = null;
  let stopping: Promise<void> | null = null;
  // One way down, from start-up failure, a fatal polling error or a signal: stop what has started.
  const stop = () =>
    (stopping ??= (async () => {
      if (runner?.isRunning()) await runner.stop();
      await scheduler?.stop().catch((error: unknown) => logger.warn({ err: error }, "schedules did not stop cleanly"));
      await database.close();
    })());
  try {
    bot.botInfo = await getMe(bot, config.apiRoot, logger);
    logger.info({ username: bot.botInfo.username, apiRoot: config.apiRoot }, "connected to the Bot API");
    await publishCommands(bot, logger);
    const env = createJobEnv({
      db: database.prisma,
      api: bot.api,
      logger,
      clock,
      timezone: config.timezone,
      thresholds: config.thresholds,
      escalateAfter: config.escalateAfter,
      supervision: config.supervision,
      staleAfterMs: config.claimTimeoutSeconds * 1000,
      ...(options.limits ? { limits: options.limits } : {}),
    });
    scheduler = createScheduler(config, env, options.realTimeSchedules ?? true);
    services.schedules.attach(scheduler);
    runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
    // Caught at once: the runner gives up on 401 and 409 straight away, maybe before start-up ends.
    runner.task()?.catch(async (error: unknown) => {
      const detail = error instanceof GrammyError ? `${error.error_code} ${error.description}` : String(error);
      logger.fatal({ detail }, "polling stopped for good (a revoked token, or another process polling with it)");
      await stop().catch(() => undefined);
      options.onFatal?.(error);
    });
    await scheduler.start();
    logger.info({ driver: scheduler.kind, workers: scheduler.kind === "cron" || config.runWorkers }, "schedules running");
  } catch (error) {
    await stop();
    throw error;
  }
  return { bot, database, services, scheduler, stop };
}
