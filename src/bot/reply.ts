import type { Message } from "grammy/types";
import { splitMessage } from "#src/views/text.js";
import type { BotContext } from "./context.js";

/** Replies to the message being handled, in as many parts as the text needs. */
export async function reply(ctx: BotContext, text: string, options: { forceReply?: boolean } = {}): Promise<Message.TextMessage[]> {
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
