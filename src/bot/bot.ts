import { Bot, Composer, GrammyError, HttpError, type NextFunction } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import type { BotCommand } from "grammy/types";
import type { BotContext, BotDeps } from "./context.js";
import { identifyPerson } from "#src/db/people.js";
import { dayInZone } from "#src/domain/calendar.js";
import { detectLanguage } from "#src/domain/parser/index.js";
import { languageFromTelegram, messages } from "#src/locales/index.js";
import { reply } from "./send.js";
import { helpFeature } from "./features/help.js";
import { adminFeature } from "./features/admin.js";
import { lookupFeature } from "./features/lookup.js";
import { reportsFeature } from "./features/reports.js";
import { chatsFeature } from "./features/chats.js";
import { jobsFeature } from "./features/jobs.js";
import { boundChat, isGroup } from "./guards.js";

export interface BotOptions {
  /** The Bot API root: Telegram's, a local Bot API server, or a test's fake. */
  apiRoot: string;
}

export const ALLOWED_UPDATES = ["message", "edited_message", "my_chat_member"] as const;

/**
 * 429s wait out retry_after and 5xx are retried a few times. A network error is thrown at once:
 * retried inside a call it would hang that call (a reply, a job's send) for as long as the
 * network is down; the runner retries getUpdates itself and the outbox keeps unsent messages.
 */
export const AUTO_RETRY = { maxRetryAttempts: 5, maxDelaySeconds: 120, rethrowInternalServerErrors: false, rethrowHttpErrors: true };

export function createBot(token: string, deps: BotDeps, options: BotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, { client: { apiRoot: options.apiRoot } });
  bot.api.config.use(autoRetry(AUTO_RETRY));

  // Updates from one chat are handled in order; different chats run side by side.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.person = null;
    ctx.isAdmin = false;
    ctx.lang = languageFromTelegram(ctx.from?.language_code);
    ctx.t = messages(ctx.lang);
    ctx.today = dayInZone(deps.clock.now(), deps.config.timezone);
    await next();
  });

  // Phone keyboards capitalise the first letter: /Status is /status.
  bot.use(async (ctx, next) => {
    const msg = ctx.message ?? ctx.editedMessage;
    const entity = msg?.entities?.[0];
    if (msg?.text && entity?.type === "bot_command" && entity.offset === 0) {
      const command = msg.text.slice(0, entity.length);
      const at = command.indexOf("@");
      const name = at < 0 ? command : command.slice(0, at);
      if (name !== name.toLowerCase()) msg.text = name.toLowerCase() + msg.text.slice(name.length);
    }
    await next();
  });

  const protectedBot = bot.errorBoundary(async (err) => {
    const ctx = err.ctx;
    ctx.log.error({ err: err.error }, "update failed");
    if (ctx.chat && (ctx.message || ctx.editedMessage)) {
      await reply(ctx, ctx.t.internalError).catch((e: unknown) => ctx.log.warn({ err: e }, "could not report the failure"));
    }
  });

  protectedBot.use(skipRedelivered);
  protectedBot.use(chatsFeature);
  protectedBot.use(identifySender);
  protectedBot.use(helpFeature);
  protectedBot.use(unboundGuard);
  protectedBot.use(adminFeature);
  protectedBot.use(jobsFeature);
  protectedBot.use(lookupFeature);
  protectedBot.use(reportsFeature);
  protectedBot.use(unhandledFeature);
  return bot;
}

/** Telegram may deliver an update twice; the second one is dropped here. */
async function skipRedelivered(ctx: BotContext, next: NextFunction): Promise<void> {
  const updateId = BigInt(ctx.update.update_id);
  const inserted = await ctx.deps.db.$executeRaw`
    INSERT INTO "ProcessedUpdate" ("updateId") VALUES (${updateId}) ON CONFLICT DO NOTHING`;
  if (inserted === 0) {
    ctx.log.info("update already handled; skipped");
    return;
  }
  await next();
}

async function identifySender(ctx: BotContext, next: NextFunction): Promise<void> {
  const from = ctx.from;
  if (from && !from.is_bot) {
    ctx.person = await identifyPerson(ctx.deps.db, from);
    ctx.isAdmin = ctx.deps.config.adminIds.includes(BigInt(from.id)) || ctx.person.role === "admin";
    const text = ctx.msg?.text;
    const lang = (text && !text.startsWith("/") ? detectLanguage(text) : null) ?? languageFromTelegram(from.language_code);
    ctx.lang = lang;
    ctx.t = messages(lang);
  }
  await next();
}

// Commands that do not need the group bound to a unit (a leaders' chat is bound by /leaders).
const WORKS_UNBOUND = new Set([
  "help", "start", "bind", "my", "status", "leaders", "prompt", "remind", "digest",
  "escalate", "schedule", "holidays", "leave", "assign", "plan", "deputy",
]);

/** In a group nobody bound, commands other than /help and /bind get the one line on what to do. */
async function unboundGuard(ctx: BotContext, next: NextFunction): Promise<void> {
  const match = ctx.msg?.text?.match(/^\/([A-Za-z_]+)(?:@(\w+))?/);
  const command = match?.[1]?.toLowerCase();
  // /roll@dicebot is another bot's command: not ours to answer.
  const addressedToUs = !match?.[2] || match[2].toLowerCase() === ctx.me.username.toLowerCase();
  if (!command || !addressedToUs || !isGroup(ctx) || WORKS_UNBOUND.has(command) || !ctx.message) return next();
  if (await boundChat(ctx)) return next();
  await reply(ctx, ctx.t.unboundChat);
}

const unhandledFeature = new Composer<BotContext>();
unhandledFeature.on("message:text", async (ctx) => {
  // Other bots' commands in a group are none of ours; in private, point to /help.
  if (ctx.chat.type === "private") await reply(ctx, ctx.t.help(ctx.isAdmin));
});

export const COMMANDS: Record<"zh" | "en", BotCommand[]> = {
  zh: [
    { command: "status", description: "查看项目进度：/status 编号" },
    { command: "tasks", description: "本单位的项目" },
    { command: "my", description: "我负责的项目" },
    { command: "help", description: "使用说明" },
  ],
  en: [
    { command: "status", description: "A task's progress: /status CODE" },
    { command: "tasks", description: "This unit's tasks" },
    { command: "my", description: "Your tasks" },
    { command: "help", description: "How to use Duban" },
  ],
};

/** Calls a local Bot API server may not offer are logged, never fatal. */
export async function publishCommands(bot: Bot<BotContext>, log: BotDeps["logger"]): Promise<void> {
  const menus: [BotCommand[], { language_code?: "en" }][] = [
    [COMMANDS.zh, {}],
    [COMMANDS.en, { language_code: "en" }],
  ];
  for (const [commands, scope] of menus) {
    try {
      await bot.api.setMyCommands(commands, scope);
    } catch (error) {
      const detail = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error);
      log.warn({ detail, language: scope.language_code ?? "default" }, "setMyCommands failed; the command menu is not shown, everything else works");
    }
  }
}
