import { Composer } from "grammy";
import { parseCloseCommand } from "#src/domain/problems.js";
import type { Services } from "#src/services/index.js";
import { closeAnswer, problemList } from "#src/views/problems.js";
import type { BotContext } from "../context.js";
import { adminOnly, commandWords, hasSender, isGroup } from "../guards.js";
import { reply } from "../reply.js";

/** Problems to closure: the admin's /close, anyone's /problems, and the unit head a 督办单 names. */
export function createProblemsFeature(problems: Services["problems"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("close", adminOnly("close"), async (ctx) => {
    const t = ctx.t;
    const command = parseCloseCommand(commandWords(ctx).join(" "));
    if (!command.ok) {
      const text = command.error === "unknown_category" && command.word ? t.closeUnknownCategory(command.word) : t.closeUsage;
      return void (await reply(ctx, text));
    }
    if (!hasSender(ctx)) return;
    await reply(ctx, closeAnswer(await problems.close(ctx.person, command), t));
  });

  feature.command("problems", async (ctx) => {
    const unitName = commandWords(ctx).join(" ") || null;
    const chatId = ctx.chat && isGroup(ctx) ? BigInt(ctx.chat.id) : null;
    await reply(ctx, problemList(await problems.list(unitName, chatId), ctx.t));
  });

  return feature;
}
