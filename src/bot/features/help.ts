import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { reply } from "../reply.js";

/** /help and /start: the commands this person may use, and how to report. */
export function createHelpFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command(["help", "start"], async (ctx) => {
    await reply(ctx, ctx.t.help(ctx.isAdmin, ctx.isLeader), { batch: "help" });
  });
  return feature;
}
