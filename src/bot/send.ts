import type { Message } from "grammy/types";
import type { BotContext } from "./context.js";

export const TELEGRAM_TEXT_LIMIT = 4096;

/** Splits text into Telegram-sized parts at line breaks, so nothing is cut off. */
export function splitMessage(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    // A single line longer than the limit is cut at the limit.
    for (let piece = line; ; ) {
      const candidate = current ? `${current}\n${piece}` : piece;
      if (candidate.length <= limit) {
        current = candidate;
        break;
      }
      if (current) {
        parts.push(current);
        current = "";
        continue;
      }
      parts.push(piece.slice(0, limit));
      piece = piece.slice(limit);
      if (!piece) break;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** Replies to the message being handled, in as many parts as the text needs. */
export async function reply(
  ctx: BotContext,
  text: string,
  options: { forceReply?: boolean } = {},
): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  const messageId = ctx.msg?.message_id;
  for (const part of splitMessage(text)) {
    sent.push(
      await ctx.reply(part, {
        ...(messageId ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {}),
        ...(options.forceReply ? { reply_markup: { force_reply: true, selective: true } } : {}),
      }),
    );
  }
  return sent;
}
