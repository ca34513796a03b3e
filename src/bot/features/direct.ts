import { Composer } from "grammy";
import type { Language } from "#src/domain/types.js";
import { languageFromTelegram, messages } from "#src/locales/index.js";
import type { Services } from "#src/services/index.js";
import type { BotContext } from "../context.js";
import { commandWords, hasSender } from "../guards.js";
import { reply } from "../reply.js";

/** /lang: the language answers use when a message does not show its own. */
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
  feature.command("lang", async (ctx) => {
    if (!hasSender(ctx)) return;
    const word = commandWords(ctx)[0]?.toLowerCase() ?? "";
    const chosen = LANGUAGE_WORDS[word];
    if (chosen === undefined) return void (await reply(ctx, ctx.t.langUsage));
    await people.setLanguage(ctx.person, chosen);
    await reply(ctx, chosen ? messages(chosen).langSet : messages(languageFromTelegram(ctx.from?.language_code)).langAuto);
  });
  return feature;
}

const LANGUAGE_WORDS: Record<string, Language | null> = {
  zh: "zh-CN", "zh-cn": "zh-CN", 简体: "zh-CN", 简: "zh-CN",
  tw: "zh-TW", "zh-tw": "zh-TW", 繁體: "zh-TW", 繁体: "zh-TW", 繁: "zh-TW",
  en: "en", english: "en",
  auto: null,
};
