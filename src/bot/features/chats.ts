import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { findChat, migrateChat, setChatActive } from "#src/services/admin.js";
import { messages, DEFAULT_LANGUAGE } from "#src/locales/index.js";

/** Chats change under the bot: groups become supergroups, the bot is added and removed. */
export const chatsFeature = new Composer<BotContext>();

chatsFeature.on("message:migrate_to_chat_id", async (ctx) => {
  await migrateChat(ctx.deps.db, BigInt(ctx.chat.id), BigInt(ctx.message.migrate_to_chat_id));
  ctx.log.info({ from: ctx.chat.id, to: ctx.message.migrate_to_chat_id }, "group became a supergroup; binding moved");
});

chatsFeature.on("message:migrate_from_chat_id", () => {
  // The binding was moved when the old group announced the move.
});

chatsFeature.on("my_chat_member", async (ctx) => {
  const chatId = BigInt(ctx.chat.id);
  const status = ctx.myChatMember.new_chat_member.status;
  const present = status === "member" || status === "administrator";
  const known = await findChat(ctx.deps.db, chatId);
  if (!present) {
    if (known) await setChatActive(ctx.deps.db, chatId, false);
    ctx.log.info({ chat: ctx.chat.id, status }, "bot left the chat");
    return;
  }
  if (ctx.chat.type === "private") return;
  if (known) {
    if (!known.active) await setChatActive(ctx.deps.db, chatId, true);
    return;
  }
  // Just added to a group nobody bound yet: say what an admin has to do.
  await ctx.api.sendMessage(ctx.chat.id, messages(DEFAULT_LANGUAGE).unboundChat);
});
