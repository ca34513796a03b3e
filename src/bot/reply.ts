import type { AnswerBatch, OfferedButton, OutboxButton } from "#src/services/index.js";
import type { BotContext } from "./context.js";

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
  /** Buttons that open a page: a Mini App (private chats only) or a link. */
  links?: ({ label: string; webApp: string } | { label: string; url: string })[][];
  /** The text carries a secret shown once: never merged, and blanked in the outbox once sent. */
  secret?: boolean;
  /** A picture or file, with the text as its caption (or sent before it when too long for one). */
  file?: ReplyFile;
  /** A reply to this answer carries this task. */
  task?: string;
  /** A photo Telegram already has (a file id), sent after the text. */
  photoId?: string;
  /**
   * How this answer may be merged with the chat's other waiting answers when the chat is busy
   * (the sender does it when the chat's turn comes): a plain text answer is a notice unless said.
   */
  batch?: AnswerBatch;
}

/**
 * Answers the update being handled, as a reply to its message: queued in the outbox, which
 * sends it within Telegram's limits, in order, retrying as long as the answer matters.
 */
export async function reply(ctx: BotContext, text: string, options: ReplyOptions = {}): Promise<void> {
  if (!ctx.chat) return;
  const seq = ctx.replies++;
  const messageId = ctx.msg?.message_id;
  await ctx.services.replies.queue(
    { updateId: ctx.update.update_id, seq },
    {
      chatId: BigInt(ctx.chat.id),
      text,
      // A tap's answer replies to the question it settles.
      ...(messageId ? { replyTo: messageId } : {}),
      ...(options.forceReply ? { forceReply: true } : {}),
      ...(options.buttons ? { buttons: options.buttons.map((row) => row.map((b): OutboxButton => ({ label: b.label, data: b.data }))) } : {}),
      ...(options.links ? { buttons: options.links } : {}),
      ...(options.secret ? { secret: true } : {}),
      ...(options.file ? { file: options.file } : {}),
      ...(options.photoId ? { photoId: options.photoId } : {}),
      ...(options.task ? { task: options.task } : {}),
      batch: options.batch ?? "notice",
    },
  );
}
