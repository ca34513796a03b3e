import { Composer } from "grammy";
import type { Services } from "#src/services/index.js";
import type { BotContext } from "../context.js";
import { adminOnly, commandWords, isGroup } from "../guards.js";
import { reply } from "../reply.js";

/**
 * /dashboard opens the board (a Mini App) and /screen gives the 调度会 screen's link. Both need
 * DUBAN_PUBLIC_URL: the address users' phones and the meeting room reach Duban by.
 */
export function createBoardFeature(board: Services["board"], publicUrl: string | null): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("dashboard", async (ctx) => {
    if (!ctx.from || !ctx.chat) return;
    if (!publicUrl) return void (await reply(ctx, ctx.t.dashboardNoUrl));
    const viewer = ctx.isLeader ? true : (await board.viewer(ctx.from.id)) !== null;
    if (!viewer) return void (await reply(ctx, ctx.t.dashboardNotAllowed));
    if (isGroup(ctx)) {
      // Telegram refuses web_app buttons in groups: a link that opens the bot's Mini App instead.
      const link = `https://t.me/${ctx.me.username}?startapp=board`;
      return void (await reply(ctx, ctx.t.dashboardInGroup(link), { links: [[{ label: ctx.t.dashboardButton, url: link }]] }));
    }
    const url = `${publicUrl}/app`;
    await reply(ctx, ctx.t.dashboardOpen, { links: [[{ label: ctx.t.dashboardButton, webApp: url }]] });
    // The menu button beside this chat's text box opens the board from now on. Not a message:
    // Telegram's answer changes nothing the person is waiting for, so a failure is only logged.
    await ctx.api
      .setChatMenuButton({ chat_id: ctx.chat.id, menu_button: { type: "web_app", text: ctx.t.dashboardMenu, web_app: { url } } })
      .catch((error: unknown) => ctx.log.warn({ err: error }, "setChatMenuButton failed; the /dashboard button still opens the board"));
  });

  feature.command("screen", adminOnly("screen"), async (ctx) => {
    const words = commandWords(ctx);
    if (words.length > 1 || (words.length === 1 && words[0]?.toLowerCase() !== "revoke")) return void (await reply(ctx, ctx.t.screenUsage));
    if (words.length === 1) return void (await reply(ctx, ctx.t.screenRevoked(await board.screens.revokeAll())));
    if (isGroup(ctx) || ctx.chat?.type !== "private") return void (await reply(ctx, ctx.t.screenPrivateOnly));
    if (!publicUrl) return void (await reply(ctx, ctx.t.screenNoUrl));
    const token = await board.screens.create(ctx.person?.id ?? null);
    await reply(ctx, ctx.t.screenCreated(`${publicUrl}/screen/${token}`), { secret: true });
  });

  return feature;
}
