import type { User } from "grammy/types";
import { sign } from "@tma.js/init-data-node";

/**
 * Init data as Telegram gives a Mini App it opens, signed with the bot's token: what the demo's
 * printed board link and the tests sign in with.
 */
export function signInitData(user: Pick<User, "id" | "first_name"> & Partial<Pick<User, "username" | "language_code">>, botToken: string, at: Date): string {
  return sign({ user: { ...user }, query_id: `duban-${user.id}-${at.getTime()}` }, botToken, at);
}

/** The address Telegram opens a Mini App at: its launch parameters in the hash. */
export function launchUrl(page: string, initData: string, theme: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "tdesktop",
    tgWebAppThemeParams: JSON.stringify(theme),
  });
  return `${page}#${params.toString()}`;
}
