import { Composer } from "grammy";
import { messages, DEFAULT_LANGUAGE } from "#src/locales/index.js";
import type { Services } from "#src/services/index.js";
import type { BotContext } from "../context.js";
import { reply } from "../reply.js";

/** Chats change under the bot: groups become supergroups, the bot is added and removed. */
export function createChatChangesFeature(chats: Services["chats"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on("message:migrate_to_chat_id", async (ctx) => {
    await chats.migrate(BigInt(ctx.chat.id), BigInt(ctx.message.migrate_to_chat_id));
    ctx.log.info({ from: ctx.chat.id, to: ctx.message.migrate_to_chat_id }, "group became a supergroup; binding moved");
  });

  feature.on("message:migrate_from_chat_id", () => {
    // The binding was moved when the old group announced the move.
  });

  feature.on("my_chat_member", async (ctx) => {
    const chatId = BigInt(ctx.chat.id);
    const status = ctx.myChatMember.new_chat_member.status;
    const present = status === "member" || status === "administrator";
    const change = await chats.botMembership(chatId, present);
    if (change === "left") ctx.log.info({ chat: ctx.chat.id, status }, "bot left the chat");
    // Just added to a group nobody bound yet: say what an admin has to do.
    if (change === "new" && ctx.chat.type !== "private") await reply(ctx, messages(DEFAULT_LANGUAGE).unboundChat);
  });

  return feature;
}
