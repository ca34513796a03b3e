import type { Context } from "grammy";
import type { Language } from "#src/domain/types.js";
import type { Logger } from "#src/logger.js";
import type { Messages } from "#src/locales/index.js";
import type { Person, Services } from "#src/services/index.js";

/** What the bot needs from the rest of the program; built once by the entry point. */
export interface BotDeps {
  services: Services;
  logger: Logger;
  /** Where files sent to the bot are downloaded from: <apiRoot>/file/bot<token>. */
  fileRoot: string;
  /** DUBAN_PUBLIC_URL: where the board (/app) and the screens are opened; null when not set. */
  publicUrl?: string | null;
}

export interface DubanFlavor {
  services: Services;
  fileRoot: string;
  log: Logger;
  /** The sender, once identified (null for channel posts and the bot's own updates). */
  person: Person | null;
  isAdmin: boolean;
  /** A leader by role, or an admin: may read the digest, bulletin and assessment. */
  isLeader: boolean;
  lang: Language;
  t: Messages;
  /** Answers queued so far while handling this update (keys each one, so a retry queues none twice). */
  replies: number;
}

export type BotContext = Context & DubanFlavor;

/** A context whose sender is known: what commands and reports are handled with. */
export type SenderContext = BotContext & { person: Person };
