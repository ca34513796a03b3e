import type { NextFunction } from "grammy";
import type { BotContext, SenderContext } from "./context.js";
import { reply } from "./reply.js";

/** Admin commands: anyone else gets one line and nothing changes. */
export function adminOnly(command: string) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (ctx.isAdmin && ctx.person) return next();
    await reply(ctx, ctx.t.notAdmin(command));
  };
}

/** Commands that only make sense in a group. */
export function groupOnly(command: string) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (isGroup(ctx)) return next();
    await reply(ctx, ctx.t.groupOnly(command));
  };
}

export function isGroup(ctx: BotContext): boolean {
  return ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";
}

/** Narrows a context to one whose sender is identified. */
export function hasSender(ctx: BotContext): ctx is SenderContext {
  return ctx.person !== null;
}

/** The bound chat record, or null (private chats are never bound). */
export async function boundChat(ctx: BotContext) {
  if (!ctx.chat || !isGroup(ctx)) return null;
  return ctx.services.chats.active(BigInt(ctx.chat.id));
}

/** The chat as services name it: its id and, for groups, its title. */
export function chatRef(ctx: BotContext & { chat: NonNullable<BotContext["chat"]> }) {
  return { id: BigInt(ctx.chat.id), title: "title" in ctx.chat ? (ctx.chat.title ?? null) : null };
}

/** The words after the command, with full-width spaces counted as spaces. */
export function commandWords(ctx: BotContext): string[] {
  const match = typeof ctx.match === "string" ? ctx.match : "";
  return match.trim().split(/\s+/u).filter(Boolean);
}
