import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { detectLanguage } from "#src/domain/parser/index.js";
import { languageFromTelegram } from "#src/locales/index.js";
import type { IncomingReport, Services } from "#src/services/index.js";
import { reportReply } from "#src/views/reports.js";
import type { BotContext } from "../context.js";
import { hasSender, isGroup } from "../guards.js";
import { reply } from "../reply.js";

/** Officers' reports in their own words: read, recorded, answered in the language they wrote in. */
export function createReportingFeature(reporting: Services["reporting"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on(["message:text", "edited_message:text", "message:caption", "edited_message:caption"], async (ctx, next) => {
    const msg = ctx.editedMessage ?? ctx.message;
    const text = msg?.text ?? msg?.caption ?? "";
    if (!msg || text.startsWith("/")) return next();
    if (!hasSender(ctx) || msg.from?.is_bot) return;
    const answer = await reporting.handle({ person: ctx.person, isAdmin: ctx.isAdmin }, incoming(ctx, msg, text));
    const rendered = reportReply(answer, detectLanguage(text) ?? languageFromTelegram(msg.from?.language_code));
    if (!rendered) return;
    // A reply to this answer carries the task it is about.
    const task = "rememberTask" in answer ? answer.rememberTask : null;
    await reply(ctx, rendered.text, { forceReply: rendered.forceReply, ...(task ? { task } : {}) });
  });
  return feature;
}

function incoming(ctx: BotContext, msg: Message, text: string): IncomingReport {
  const repliedTo = msg.reply_to_message;
  return {
    chatId: BigInt(msg.chat.id),
    inGroup: isGroup(ctx),
    messageId: msg.message_id,
    updateId: BigInt(ctx.update.update_id),
    sentAt: new Date(msg.date * 1000),
    editedAt: msg.edit_date ? new Date(msg.edit_date * 1000) : null,
    text,
    repliesToBotMessage: repliedTo?.from?.id === ctx.me.id ? repliedTo.message_id : null,
  };
}
