import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { reply } from "../send.js";

export const helpFeature = new Composer<BotContext>();

helpFeature.command(["help", "start"], async (ctx) => {
  await reply(ctx, ctx.t.help(ctx.isAdmin));
});
