import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot } from "grammy";
import { systemClock, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { DEFAULT_THRESHOLDS } from "./domain/plan.js";
import type { Logger } from "./logger.js";
import { ALLOWED_UPDATES, createBot, publishCommands } from "./bot/bot.js";
import type { BotContext } from "./bot/context.js";

export interface App {
  bot: Bot<BotContext>;
  database: Database;
  stop(): Promise<void>;
}

/** Opens the database, connects to the Bot API and starts long polling. */
export async function startApp(config: Config, logger: Logger, clock: Clock = systemClock): Promise<App> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info(
    { database: database.kind, migrationsApplied: database.applied, dataDir: database.kind === "pglite" ? config.dataDir : undefined },
    "database ready",
  );
  const bot = createBot(
    config.botToken,
    { db: database.prisma, config, logger, clock, thresholds: DEFAULT_THRESHOLDS },
    { apiRoot: config.apiRoot },
  );
  let runner: RunnerHandle | null = null;
  try {
    await bot.init();
    logger.info({ username: bot.botInfo.username, apiRoot: config.apiRoot }, "connected to the Bot API");
    await publishCommands(bot, logger);
    runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  } catch (error) {
    await database.close();
    throw error;
  }

  let stopping: Promise<void> | null = null;
  return {
    bot,
    database,
    stop: () =>
      (stopping ??= (async () => {
        if (runner?.isRunning()) await runner.stop();
        await database.close();
      })()),
  };
}
