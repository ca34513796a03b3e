import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { detectLanguage } from "#src/domain/parser/index.js";
import type { Language } from "#src/domain/types.js";
import { chosenLanguage, languageFromTelegram } from "#src/locales/index.js";
import type { IncomingReport, ReportingAnswer, Services } from "#src/services/index.js";
import { choiceLabels, questionMessages } from "#src/views/questions.js";
import { reportReply } from "#src/views/reports.js";
import type { ActionHandlers } from "../actions.js";
import type { BotContext, SenderContext } from "../context.js";
import { hasSender, isGroup } from "../guards.js";
import { reply } from "../reply.js";

/** Officers' reports in their own words: read, recorded, answered in the language they wrote in. */
export function createReportingFeature(reporting: Services["reporting"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on(["message:text", "edited_message:text", "message:caption", "edited_message:caption", "message:photo"], async (ctx, next) => {
    const msg = ctx.editedMessage ?? ctx.message;
    const text = msg?.text ?? msg?.caption ?? "";
    if (!msg || text.startsWith("/")) return next();
    if (!hasSender(ctx) || msg.from?.is_bot) return;
    const lang = languageOf(text, ctx);
    const answer = await reporting.handle({ person: ctx.person, isAdmin: ctx.isAdmin }, incoming(ctx, msg, text), choiceLabels(lang));
    await answerWith(ctx, answer, lang);
  });
  return feature;
}

/** The message's own language, then the one the person chose (/lang), then their Telegram client's. */
function languageOf(text: string, ctx: BotContext): Language {
  return detectLanguage(text) ?? chosenLanguage(ctx.person?.chosenLanguage) ?? languageFromTelegram(ctx.from?.language_code ?? ctx.person?.languageCode ?? undefined);
}

async function answerWith(ctx: BotContext, answer: ReportingAnswer, lang: Language): Promise<void> {
  const rendered = reportReply(answer, lang);
  if (rendered) {
    // A reply to this answer carries the task it is about.
    const task = "rememberTask" in answer ? answer.rememberTask : "code" in answer && answer.kind === "plan_kept" ? answer.code : null;
    await reply(ctx, rendered.text, { forceReply: rendered.forceReply, batch: "confirmation", ...(task ? { task } : {}) });
  }
  for (const question of questionMessages(answer, lang)) await reply(ctx, question.text, { buttons: question.buttons });
}

/** What the reporting questions' buttons do: record the reading tapped (once), or nothing. */
export function reportingActions(reporting: Services["reporting"]): ActionHandlers {
  const settle = async (ctx: SenderContext, payload: unknown) => {
    const answer = await reporting.settle({ person: ctx.person, isAdmin: ctx.isAdmin }, payload);
    await answerWith(ctx, answer, ctx.lang);
  };
  return { "report.doubt": settle, "report.which": settle };
}

function incoming(ctx: BotContext, msg: Message, text: string): IncomingReport {
  const repliedTo = msg.reply_to_message;
  const photo = msg.photo?.at(-1);
  return {
    chatId: BigInt(msg.chat.id),
    inGroup: isGroup(ctx),
    messageId: msg.message_id,
    updateId: BigInt(ctx.update.update_id),
    sentAt: new Date(msg.date * 1000),
    editedAt: msg.edit_date ? new Date(msg.edit_date * 1000) : null,
    text,
    repliesToBotMessage: repliedTo?.from?.id === ctx.me.id ? repliedTo.message_id : null,
    repliedText: repliedTo?.from?.id === ctx.me.id ? (repliedTo.text ?? repliedTo.caption ?? null) : null,
    photo: photo
      ? { fileId: photo.file_id, fileUniqueId: photo.file_unique_id, fileSize: photo.file_size ?? null, width: photo.width, height: photo.height }
      : null,
  };
}
