import type { Context } from "grammy";
import type { Clock } from "#src/clock.js";
import type { Config } from "#src/config.js";
import type { Db } from "#src/db/database.js";
import type { Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import type { Language } from "#src/domain/types.js";
import type { Person } from "#src/generated/prisma/client.js";
import type { Logger } from "#src/logger.js";
import type { Messages } from "#src/locales/index.js";
import type { Scheduler } from "#jobs/drivers/scheduler.js";

/** What the bot needs from the rest of the program; built once by the entry point. */
export interface BotDeps {
  db: Db;
  config: Pick<Config, "adminIds" | "timezone">;
  logger: Logger;
  clock: Clock;
  thresholds: LightThresholds;
  /** Runs and reschedules jobs; set once the driver is up. */
  scheduler?: Scheduler;
  /** Where files sent to the bot are downloaded from: <apiRoot>/file/bot<token>. */
  fileRoot: string;
}

export interface DubanFlavor {
  deps: BotDeps;
  log: Logger;
  /** The sender, once identified (null for channel posts and the bot's own updates). */
  person: Person | null;
  isAdmin: boolean;
  lang: Language;
  t: Messages;
  /** Today in DUBAN_TIMEZONE. */
  today: Day;
}

export type BotContext = Context & DubanFlavor;
