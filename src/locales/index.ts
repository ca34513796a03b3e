import type { Language } from "#src/domain/types.js";
import { en } from "./en.js";
import { zhCN, type Messages } from "./zh-CN.js";
import { zhTW } from "./zh-TW.js";

export type { Messages } from "./zh-CN.js";

const LOCALES: Record<Language, Messages> = { "zh-CN": zhCN, "zh-TW": zhTW, en };

export const DEFAULT_LANGUAGE: Language = "zh-CN";

export function messages(lang: Language): Messages {
  return LOCALES[lang];
}

/** The language of a Telegram client's language_code (e.g. "zh-hant", "en-US"); zh-CN when unknown. */
export function languageFromTelegram(code: string | undefined): Language {
  if (!code) return DEFAULT_LANGUAGE;
  const c = code.toLowerCase();
  if (c.startsWith("en")) return "en";
  if (/^zh[-_](hant|tw|hk|mo)/.test(c)) return "zh-TW";
  return DEFAULT_LANGUAGE;
}

/** A language a person chose (/lang), as stored; null when none or not one of ours. */
export function chosenLanguage(stored: string | null | undefined): Language | null {
  return stored && stored in LOCALES ? (stored as Language) : null;
}
