import { Composer } from "grammy";
import type { Services } from "#src/services/index.js";
import type { BotContext } from "../context.js";
import { commandWords, hasSender } from "../guards.js";
import { reply } from "../reply.js";

/** /dm on|off: reminders in private for someone who started the bot, or @mentions in the group. */
export function createDirectFeature(people: Services["people"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("dm", async (ctx) => {
    if (!hasSender(ctx)) return;
    const word = commandWords(ctx)[0]?.toLowerCase();
    // Only a private chat proves the person started the bot, so the bot may write to them.
    if (ctx.chat.type !== "private" || (word !== "on" && word !== "off")) return void (await reply(ctx, ctx.t.dmUsage));
    await people.setDirectReminders(ctx.person, word === "on");
    await reply(ctx, word === "on" ? ctx.t.dmOn : ctx.t.dmOff);
  });
  return feature;
}
