import { InputFile } from "grammy";
import type { InlineKeyboardButton, Message } from "grammy/types";
import type { OfferedButton } from "#src/services/index.js";
import { splitMessage } from "#src/views/text.js";
import type { BotContext } from "./context.js";

// Telegram's limit for a photo's or document's caption.
const CAPTION_LIMIT = 1024;

export interface ReplyFile {
  kind: "photo" | "document";
  bytes: Uint8Array;
  fileName: string;
}

export interface ReplyOptions {
  /** Ask for an answer to this message (privacy mode lets the bot see replies to itself). */
  forceReply?: boolean;
  /** Inline buttons offered by services.actions, one array per row. */
  buttons?: OfferedButton[][];
  /** A picture or file, with the text as its caption (or sent before it when too long for one). */
  file?: ReplyFile;
  /** A reply to this answer carries this task. */
  task?: string;
  /** A photo Telegram already has (a file id), sent after the text. */
  photoId?: string;
}

/** Answers the message being handled, as a reply to it, in as many parts as the text needs. */
export async function reply(ctx: BotContext, text: string, options: ReplyOptions = {}): Promise<Message[]> {
  const messageId = ctx.msg?.message_id;
  const replyTo = messageId ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {};
  const markup = options.buttons
    ? { reply_markup: { inline_keyboard: options.buttons.map((row) => row.map((b): InlineKeyboardButton => ({ text: b.label, callback_data: b.data }))) } }
    : options.forceReply
      ? { reply_markup: { force_reply: true as const, selective: true } }
      : {};
  const sent: Message[] = [];
  const captioned = options.file && text.length <= CAPTION_LIMIT;
  const parts = captioned ? [] : splitMessage(text).filter(Boolean);
  for (const [i, part] of parts.entries()) {
    // Buttons go on the last message, where the officer's eye lands.
    const last = i === parts.length - 1 && !options.file;
    sent.push(await ctx.reply(part, { ...replyTo, ...(last ? markup : {}) }));
  }
  if (options.file) {
    const file = new InputFile(options.file.bytes, options.file.fileName);
    const extra = { ...replyTo, ...markup, ...(captioned ? { caption: text } : {}) };
    sent.push(options.file.kind === "photo" ? await ctx.replyWithPhoto(file, extra) : await ctx.replyWithDocument(file, extra));
  }
  if (options.photoId) sent.push(await ctx.replyWithPhoto(options.photoId, replyTo));
  if (options.task && ctx.chat) {
    await ctx.services.reporting.rememberTaskMessages(BigInt(ctx.chat.id), sent.map((m) => m.message_id), options.task);
  }
  return sent;
}
