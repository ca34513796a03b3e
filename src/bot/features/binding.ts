import { Composer } from "grammy";
import { MAX_UNIT_NAME, unitName } from "#src/domain/commands.js";
import type { Services } from "#src/services/index.js";
import type { BotContext } from "../context.js";
import { adminOnly, chatRef, commandWords, groupOnly, hasSender } from "../guards.js";
import { reply } from "../reply.js";

/** Which group is which: a unit's group (/bind) or a leaders' chat (/leaders). */
export function createBindingFeature(chats: Services["chats"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("bind", adminOnly("bind"), groupOnly("bind"), async (ctx) => {
    const t = ctx.t;
    const name = unitName(commandWords(ctx).join(" "));
    if (!name) return void (await reply(ctx, t.bindUsage));
    if (name.length > MAX_UNIT_NAME) return void (await reply(ctx, t.unitNameTooLong(MAX_UNIT_NAME)));
    if (!hasSender(ctx)) return;
    const result = await chats.bind(ctx.person, chatRef(ctx), name);
    switch (result.kind) {
      case "already":
        return void (await reply(ctx, t.alreadyBound(result.unit.name)));
      case "rebound": {
        const left = result.orphaned ? `\n${t.tasksWithoutGroup(result.previous, result.orphaned)}` : "";
        return void (await reply(ctx, t.rebound(result.previous, result.unit.name) + left));
      }
      case "from-leaders":
        return void (await reply(ctx, t.boundFromLeaders(result.unit.name)));
      case "bound":
        return void (await reply(ctx, t.bound(result.unit.name)));
    }
  });

  feature.command("leaders", adminOnly("leaders"), groupOnly("leaders"), async (ctx) => {
    if (!hasSender(ctx)) return;
    const result = await chats.makeLeaders(ctx.person, chatRef(ctx));
    const t = ctx.t;
    // A unit's group turned into a leaders' chat is said out loud: its unit loses its group.
    await reply(ctx, result.kind === "already" ? t.leadersAlready : result.formerUnit ? t.leadersFromUnit(result.formerUnit) : t.leadersSet);
  });

  return feature;
}
