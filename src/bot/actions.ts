import { Composer } from "grammy";
import { isActionData } from "#src/services/index.js";
import type { Services } from "#src/services/index.js";
import type { BotContext, SenderContext } from "./context.js";
import { hasSender } from "./guards.js";

/** A question about a new officer (a possible typo in an @username) lasts ten minutes. */
export const NEW_PERSON_TTL_MS = 10 * 60 * 1000;

/** What a tapped button does, by the kind it was offered under; payload is what was stored with it. */
export type ActionHandler = (ctx: SenderContext, payload: unknown, chatId: bigint) => Promise<void>;
export type ActionHandlers = Record<string, ActionHandler>;

/**
 * Taps on buttons: the token is looked up, so a forged or stale callback changes nothing; only
 * the person asked may tap, once; the spinner on the button is always stopped.
 */
export function createActionsFeature(actions: Services["actions"], handlers: ActionHandlers): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("callback_query:data", async (ctx, next) => {
    const data = ctx.callbackQuery.data;
    if (!isActionData(data)) return next();
    if (!hasSender(ctx)) return void (await ctx.answerCallbackQuery());
    const taken = await actions.take(data, ctx.person.id);
    const handler = taken.ok ? handlers[taken.kind] : undefined;
    if (!taken.ok || !handler) {
      const why = taken.ok ? ctx.t.actionUnknown : { unknown: ctx.t.actionUnknown, expired: ctx.t.actionExpired, not_yours: ctx.t.actionNotYours, already: ctx.t.actionAlready }[taken.reason];
      return void (await ctx.answerCallbackQuery({ text: why, show_alert: false }));
    }
    await ctx.answerCallbackQuery();
    // The question is settled: its buttons go, so nobody taps a stale one.
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => undefined);
    await handler(ctx, taken.payload, taken.chatId);
  });
  return feature;
}
