import { Bot, Composer, GrammyError, HttpError, type NextFunction } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import type { BotCommand } from "grammy/types";
import { detectLanguage } from "#src/domain/parser/index.js";
import { languageFromTelegram, messages } from "#src/locales/index.js";
import type { Logger } from "#src/logger.js";
import { AUTO_RETRY } from "#src/telegram.js";
import type { BotContext, BotDeps } from "./context.js";
import { createActionsFeature, type ActionHandlers } from "./actions.js";
import { boundChat, isGroup } from "./guards.js";
import { reply } from "./reply.js";
import { createBindingFeature } from "./features/binding.js";
import { createCalendarFeature } from "./features/calendar.js";
import { createChatChangesFeature } from "./features/chat-changes.js";
import { createHelpFeature } from "./features/help.js";
import { createLeadersFeature } from "./features/leaders.js";
import { createPeopleFeature } from "./features/people.js";
import { createReportingFeature } from "./features/reporting.js";
import { createSchedulesFeature } from "./features/schedules.js";
import { createTasksFeature } from "./features/tasks.js";

export interface BotOptions {
  /** The Bot API root: Telegram's, a local Bot API server, or a test's fake. */
  apiRoot: string;
}

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

export function createBot(token: string, deps: BotDeps, options: BotOptions): Bot<BotContext> {
  const { services } = deps;
  const bot = new Bot<BotContext>(token, { client: { apiRoot: options.apiRoot } });
  bot.api.config.use(autoRetry(AUTO_RETRY));

  // Updates from one chat are handled in order; different chats run side by side.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(async (ctx, next) => {
    ctx.services = services;
    ctx.fileRoot = deps.fileRoot;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.person = null;
    ctx.isAdmin = false;
    ctx.lang = languageFromTelegram(ctx.from?.language_code);
    ctx.t = messages(ctx.lang);
    await next();
  });
  bot.use(lowerCaseCommand);

  const protectedBot = bot.errorBoundary(async (err) => {
    const ctx = err.ctx;
    ctx.log.error({ err: err.error }, "update failed");
    if (ctx.chat && (ctx.message || ctx.editedMessage)) {
      await reply(ctx, ctx.t.internalError).catch((e: unknown) => ctx.log.warn({ err: e }, "could not report the failure"));
    }
  });

  protectedBot.use(skipRedelivered);
  protectedBot.use(createChatChangesFeature(services.chats));
  protectedBot.use(identifySender);
  // Each feature that offers buttons adds what its buttons do here.
  const actionHandlers: ActionHandlers = {};
  protectedBot.use(createActionsFeature(services.actions, actionHandlers));
  protectedBot.use(createHelpFeature());
  protectedBot.use(unboundGuard);
  protectedBot.use(createBindingFeature(services.chats));
  protectedBot.use(createTasksFeature(services.tasks, services.chats));
  protectedBot.use(createPeopleFeature(services.tasks, services.people));
  protectedBot.use(createCalendarFeature(services.calendar));
  protectedBot.use(createLeadersFeature(services.leaders));
  protectedBot.use(createSchedulesFeature(services.schedules));
  protectedBot.use(createReportingFeature(services.reporting));
  protectedBot.use(unhandledFeature());
  return bot;
}

/** Phone keyboards capitalise the first letter: /Status is /status. */
async function lowerCaseCommand(ctx: BotContext, next: NextFunction): Promise<void> {
  const msg = ctx.message ?? ctx.editedMessage;
  const entity = msg?.entities?.[0];
  if (msg?.text && entity?.type === "bot_command" && entity.offset === 0) {
    const command = msg.text.slice(0, entity.length);
    const at = command.indexOf("@");
    const name = at < 0 ? command : command.slice(0, at);
    if (name !== name.toLowerCase()) msg.text = name.toLowerCase() + msg.text.slice(name.length);
  }
  await next();
}

/** Telegram may deliver an update twice; the second one is dropped here. */
async function skipRedelivered(ctx: BotContext, next: NextFunction): Promise<void> {
  if (await ctx.services.updates.firstSight(ctx.update.update_id)) return next();
  ctx.log.info("update already handled; skipped");
}

async function identifySender(ctx: BotContext, next: NextFunction): Promise<void> {
  const from = ctx.from;
  if (from && !from.is_bot) {
    const { person, isAdmin } = await ctx.services.people.identify(from);
    ctx.person = person;
    ctx.isAdmin = isAdmin;
    const text = ctx.msg?.text;
    ctx.lang = (text && !text.startsWith("/") ? detectLanguage(text) : null) ?? languageFromTelegram(from.language_code);
    ctx.t = messages(ctx.lang);
  }
  await next();
}

// Commands that do not need the group bound to a unit (a leaders' chat is bound by /leaders).
const WORKS_UNBOUND = new Set([
  "help", "start", "bind", "my", "status", "leaders", "prompt", "remind", "digest",
  "escalate", "schedule", "holidays", "leave", "assign", "plan", "deputy", "whoami",
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

function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("message:text", async (ctx) => {
    // Other bots' commands in a group are none of ours; in private, point to /help.
    if (ctx.chat.type === "private") await reply(ctx, ctx.t.help(ctx.isAdmin));
  });
  return feature;
}

export const COMMANDS: Record<"zh" | "en", BotCommand[]> = {
  zh: [
    { command: "status", description: "查看项目进度：/status 编号" },
    { command: "tasks", description: "本单位的项目" },
    { command: "my", description: "我负责的项目" },
    { command: "whoami", description: "我的 Telegram 用户 ID" },
    { command: "help", description: "使用说明" },
  ],
  en: [
    { command: "status", description: "A task's progress: /status CODE" },
    { command: "tasks", description: "This unit's tasks" },
    { command: "my", description: "Your tasks" },
    { command: "whoami", description: "Your Telegram user id" },
    { command: "help", description: "How to use Duban" },
  ],
};

/** Calls a local Bot API server may not offer are logged, never fatal. */
export async function publishCommands(bot: Bot<BotContext>, log: Logger): Promise<void> {
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
