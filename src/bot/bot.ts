import { Bot, Composer, GrammyError, HttpError, type NextFunction } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import type { BotCommand } from "grammy/types";
import { detectLanguage } from "#src/domain/parser/index.js";
import { isTransientError } from "#src/services/index.js";
import { chosenLanguage, languageFromTelegram, messages } from "#src/locales/index.js";
import type { Logger } from "#src/logger.js";
import { AUTO_RETRY } from "#src/telegram.js";
import type { BotContext, BotDeps } from "./context.js";
import { createActionsFeature, type ActionHandlers } from "./actions.js";
import { boundChat, isGroup } from "./guards.js";
import { reply } from "./reply.js";
import { bindingActionHandlers, createBindingFeature } from "./features/binding.js";
import { createBoardFeature } from "./features/board.js";
import { createCalendarFeature } from "./features/calendar.js";
import { createChatChangesFeature } from "./features/chat-changes.js";
import { createHelpFeature } from "./features/help.js";
import { createLedgerFeature, ledgerActionHandlers } from "./features/ledger.js";
import { createPeopleFeature, peopleActionHandlers } from "./features/people.js";
import { createProblemsFeature } from "./features/problems.js";
import { createReportingFeature, reportingActions } from "./features/reporting.js";
import { createDirectFeature } from "./features/direct.js";
import { createLeadersFeature } from "./features/leaders.js";
import { createSchedulesFeature } from "./features/schedules.js";
import { createTasksFeature, tasksActionHandlers } from "./features/tasks.js";

export interface BotOptions {
  /** The Bot API root: Telegram's, a local Bot API server, or a test's fake. */
  apiRoot: string;
}

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

export function createBot(token: string, deps: BotDeps, options: BotOptions): Bot<BotContext> {
  const { services } = deps;
  const bot = new Bot<BotContext>(token, { client: { apiRoot: options.apiRoot } });
  bot.api.config.use(autoRetry(AUTO_RETRY));

  bot.use(async (ctx, next) => {
    ctx.services = services;
    ctx.fileRoot = deps.fileRoot;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.person = null;
    ctx.replies = 0;
    ctx.isAdmin = false;
    ctx.isLeader = false;
    ctx.lang = languageFromTelegram(ctx.from?.language_code);
    ctx.t = messages(ctx.lang);
    await next();
  });
  bot.use(lowerCaseCommand);

  const protectedBot = bot.errorBoundary(async (err) => {
    // The database away or a conflict: the inbox tries the update again, so say nothing yet.
    if (isTransientError(err.error)) throw err.error;
    const ctx = err.ctx;
    ctx.log.error({ err: err.error }, "update failed");
    if (ctx.chat && (ctx.message || ctx.editedMessage)) {
      // Honest either way: part of what the message asked for may have been done before the error.
      await reply(ctx, ctx.t.internalError).catch((e: unknown) => ctx.log.warn({ err: e }, "could not report the failure"));
    }
  });
  protectedBot.use(createChatChangesFeature(services.chats));
  protectedBot.use(identifySender);
  // Each feature that offers buttons adds what its buttons do here.
  const actionHandlers: ActionHandlers = {
    ...bindingActionHandlers(services.chats),
    ...tasksActionHandlers(services.tasks),
    ...peopleActionHandlers(services.tasks),
    ...ledgerActionHandlers(services.ledger),
    ...reportingActions(services.reporting),
  };
  protectedBot.use(createActionsFeature(services.actions, actionHandlers));
  protectedBot.use(createHelpFeature());
  protectedBot.use(createBindingFeature(services.chats, services.actions));
  protectedBot.use(createTasksFeature(services.tasks, services.actions));
  protectedBot.use(createPeopleFeature(services.tasks, services.people, services.actions));
  protectedBot.use(createLedgerFeature(services.ledger, services.actions));
  protectedBot.use(createDirectFeature(services.people));
  protectedBot.use(createCalendarFeature(services.calendar));
  protectedBot.use(createLeadersFeature(services.leaders));
  protectedBot.use(createSchedulesFeature(services.schedules));
  protectedBot.use(createProblemsFeature(services.problems));
  protectedBot.use(createBoardFeature(services.board, deps.publicUrl ?? null));
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

async function identifySender(ctx: BotContext, next: NextFunction): Promise<void> {
  const from = ctx.from;
  if (from && !from.is_bot) {
    const { person, isAdmin, isLeader } = await ctx.services.people.identify(from);
    ctx.person = person;
    ctx.isAdmin = isAdmin;
    ctx.isLeader = isLeader;
    const text = ctx.msg?.text;
    // The message's own language, then the one the person chose (/lang), then their Telegram client's.
    ctx.lang = (text && !text.startsWith("/") ? detectLanguage(text) : null) ?? chosenLanguage(person.chosenLanguage) ?? languageFromTelegram(from.language_code);
    ctx.t = messages(ctx.lang);
  }
  await next();
}

/** A command addressed to this bot (/roll@dicebot is another bot's, /roll may be anyone's). */
function commandForUs(ctx: BotContext): boolean {
  const match = ctx.msg?.text?.match(/^\/[A-Za-z_]+(?:@(\w+))?/);
  return match !== null && match !== undefined && (!match[1] || match[1].toLowerCase() === ctx.me.username.toLowerCase());
}

/**
 * What no feature took. In private: the help. In a group nobody bound, a command this bot does
 * not know: the one line on what an admin must do (/addtask and /tasks say it themselves). Other
 * bots' commands, and anything in a bound group: nothing.
 */
function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("message:text", async (ctx) => {
    if (ctx.chat.type === "private") return void (await reply(ctx, ctx.t.help(ctx.isAdmin, ctx.isLeader), { batch: "help" }));
    if (isGroup(ctx) && commandForUs(ctx) && !(await boundChat(ctx))) await reply(ctx, ctx.t.unboundChat);
  });
  return feature;
}

/**
 * The command menu, in Chinese by default and in English for English clients (Telegram's menu
 * languages are two-letter codes: one Chinese menu). Calls a local Bot API server may not offer
 * are logged, never fatal.
 */
export async function publishCommands(bot: Bot<BotContext>, log: Logger): Promise<void> {
  const menus: [BotCommand[], { language_code?: "en" }][] = [
    [messages("zh-CN").commandMenu, {}],
    [messages("en").commandMenu, { language_code: "en" }],
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
