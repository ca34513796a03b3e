import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startApp, type App } from "#src/app.js";
import { ManualClock } from "#src/clock.js";
import { NO_LIMITS, type TelegramLimits } from "#src/sending/limiter.js";
import { createConfig } from "#src/config.js";
import { createLogger } from "#src/logger.js";
import { FakeTelegram } from "./fake-telegram.js";
import { Scene } from "./updates.js";

export const TOKEN = "123456789:TEST-token-for-the-fake-bot-api";

export interface Harness {
  telegram: FakeTelegram;
  scene: Scene;
  app: App;
  clock: ManualClock;
  /** Stops the bot and starts it again on the same data (a restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  databaseUrl?: string;
  /** With it the jobs run on BullMQ (a queue of this test's own), without it on node-cron. */
  redisUrl?: string;
  queueName?: string;
  adminIds: number[];
  now?: Date;
  timezone?: string;
  /** Telegram's limits for the bot's sends; none by default. */
  limits?: TelegramLimits;
  /** More settings, as the environment would give them (e.g. DUBAN_PUBLIC_URL). */
  env?: Record<string, string>;
  /** Set the fake up before the bot first calls it (e.g. make a method fail). */
  beforeStart?: (telegram: FakeTelegram) => void;
}

/** The real bot, in-process, long polling a fake Bot API over HTTP on loopback. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const telegram = new FakeTelegram();
  const apiRoot = await telegram.start();
  options.beforeStart?.(telegram);
  const dataDir = options.databaseUrl ? "" : mkdtempSync(path.join(tmpdir(), "duban-e2e-"));
  const config = createConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    ADMIN_IDS: options.adminIds.join(","),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    // Any free port: test files run side by side.
    DUBAN_HTTP_PORT: "0",
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: dataDir }),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, DUBAN_QUEUE: options.queueName ?? "duban-test" } : {}),
    ...(options.timezone ? { DUBAN_TIMEZONE: options.timezone } : {}),
    ...options.env,
  });
  const logger = createLogger(config.logLevel);
  const clock = new ManualClock(options.now ?? new Date());
  // Telegram's limits are the fault suite's business (test/faults); here answers go at once.
  const appOptions = { clock, limits: options.limits ?? NO_LIMITS };
  let app = await startApp(config, logger, appOptions);
  const harness: Harness = {
    telegram,
    scene: new Scene(telegram),
    app,
    clock,
    restart: async () => {
      await app.stop();
      app = await startApp(config, logger, appOptions);
      harness.app = app;
    },
    stop: async () => {
      await app.stop();
      await telegram.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
