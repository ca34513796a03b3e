import { Composer } from "grammy";
import { MAX_UNIT_NAME, unitName } from "#src/domain/commands.js";
import type { Services } from "#src/services/index.js";
import type { ActionHandlers } from "../actions.js";
import type { BotContext, SenderContext } from "../context.js";
import { adminOnly, chatRef, commandWords, groupOnly, hasSender } from "../guards.js";
import { reply } from "../reply.js";

/** A question about a typed unit name lasts ten minutes. */
const CHOICE_TTL_MS = 10 * 60 * 1000;

type BindResult = Awaited<ReturnType<Services["chats"]["bind"]>>;
type BindChoice = { unit: string } | { cancel: true };

/** Which group is which: a unit's group (/bind) or a leaders' chat (/leaders). */
export function createBindingFeature(chats: Services["chats"], actions: Services["actions"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("bind", adminOnly("bind"), groupOnly("bind"), async (ctx) => {
    const t = ctx.t;
    const name = unitName(commandWords(ctx).join(" "));
    if (!name) return void (await reply(ctx, t.bindUsage));
    if (name.length > MAX_UNIT_NAME) return void (await reply(ctx, t.unitNameTooLong(MAX_UNIT_NAME)));
    if (!hasSender(ctx)) return;
    const result = await chats.bindTyped(ctx.person, chatRef(ctx), name);
    if (result.kind !== "ask") return void (await reply(ctx, bindAnswer(ctx, result)));
    // A name close to existing units is probably a slip: a new unit only when tapped.
    const buttons = await actions.offer({
      kind: "chat.bind",
      chatId: BigInt(ctx.chat.id),
      personId: ctx.person.id,
      ttlMs: CHOICE_TTL_MS,
      options: [...result.names.map((unit) => ({ label: unit, payload: { unit } })), { label: t.bindNew(name), payload: { unit: name } }, { label: t.choiceCancel, payload: { cancel: true } }],
    });
    await reply(ctx, t.bindWhich(name, result.names), { buttons: buttons.map((b) => [b]) });
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

/** A tap on one of /bind's buttons: the unit tapped, exactly as named. */
export function bindingActionHandlers(chats: Services["chats"]): ActionHandlers {
  return {
    "chat.bind": async (ctx: SenderContext, payload: unknown) => {
      const choice = payload as BindChoice;
      if ("cancel" in choice || !ctx.chat) return void (await reply(ctx, ctx.t.choiceCancelled));
      await reply(ctx, bindAnswer(ctx, await chats.bind(ctx.person, chatRef(ctx as BotContext & { chat: NonNullable<BotContext["chat"]> }), choice.unit)));
    },
  };
}

function bindAnswer(ctx: BotContext, result: BindResult): string {
  const t = ctx.t;
  switch (result.kind) {
    case "already":
      return t.alreadyBound(result.unit.name);
    case "rebound": {
      const left = result.orphaned ? `\n${t.tasksWithoutGroup(result.previous, result.orphaned)}` : "";
      return t.rebound(result.previous, result.unit.name) + left;
    }
    case "from-leaders":
      return t.boundFromLeaders(result.unit.name);
    case "bound":
      return t.bound(result.unit.name);
  }
}
