import type { NextFunction } from "grammy";
import type { BotContext } from "./context.js";
import { findChat } from "#src/services/admin.js";
import { reply } from "./send.js";

/** Admin commands: anyone else gets one line and nothing changes. */
export function adminOnly(command: string) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (ctx.isAdmin) return next();
    await reply(ctx, ctx.t.notAdmin(command));
  };
}

/** Commands that only make sense in a group. */
export function groupOnly(command: string) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (ctx.chat?.type === "group" || ctx.chat?.type === "supergroup") return next();
    await reply(ctx, ctx.t.groupOnly(command));
  };
}

export function isGroup(ctx: BotContext): boolean {
  return ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";
}

/** The bound chat record, or null (private chats are never bound). */
export async function boundChat(ctx: BotContext) {
  if (!ctx.chat || !isGroup(ctx)) return null;
  const chat = await findChat(ctx.deps.db, BigInt(ctx.chat.id));
  return chat?.active ? chat : null;
}

/** The words after the command, with full-width spaces counted as spaces. */
export function commandWords(ctx: BotContext): string[] {
  const match = typeof ctx.match === "string" ? ctx.match : "";
  return match.trim().split(/\s+/u).filter(Boolean);
}
