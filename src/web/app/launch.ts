/**
 * The Mini App's launch parameters and its talk with the Telegram client, without Telegram's
 * telegram-web-app.js (it would come from another host): Telegram opens the page with
 * `#tgWebAppData=…&tgWebAppVersion=…&tgWebAppPlatform=…&tgWebAppThemeParams=…`.
 */

export interface LaunchParams {
  /** The raw init data, sent back as `Authorization: tma <initData>`; null when not opened from Telegram. */
  initData: string | null;
  version: string | null;
  platform: string | null;
  themeParams: Record<string, string>;
}

const STORAGE_KEY = "duban.launch";

/**
 * The launch parameters from the URL hash, kept for the tab's life as Telegram's SDK does, so a
 * reload or an in-page navigation that loses the hash still has them.
 */
export function readLaunchParams(hash = location.hash): LaunchParams {
  const fromHash = parseHash(hash);
  if (fromHash.initData) {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(fromHash));
    } catch {
      // Storage refused (private mode): the hash still holds them.
    }
    return fromHash;
  }
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored) return { ...fromHash, ...(JSON.parse(stored) as LaunchParams) };
  } catch {
    // Unreadable: as if never stored.
  }
  return fromHash;
}

function parseHash(hash: string): LaunchParams {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  return {
    initData: params.get("tgWebAppData") || null,
    version: params.get("tgWebAppVersion"),
    platform: params.get("tgWebAppPlatform"),
    themeParams: parseTheme(params.get("tgWebAppThemeParams")),
  };
}

function parseTheme(json: string | null): Record<string, string> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object") return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

/** The language code of the Telegram user in the init data (before the board says which language to use). */
export function initDataLanguage(initData: string | null): string | undefined {
  if (!initData) return undefined;
  try {
    const user = JSON.parse(new URLSearchParams(initData).get("user") ?? "null") as { language_code?: unknown } | null;
    return typeof user?.language_code === "string" ? user.language_code : undefined;
  } catch {
    return undefined;
  }
}

const COLOUR = /^#[0-9a-f]{3,8}$/i;

/** Telegram's theme as `--tg-theme-*` variables (bg_color → --tg-theme-bg-color); the CSS falls back to light colours. */
export function applyTheme(theme: Record<string, string>): void {
  const root = document.documentElement;
  for (const [key, value] of Object.entries(theme)) {
    if (COLOUR.test(value)) root.style.setProperty(`--tg-theme-${key.replace(/_/g, "-")}`, value);
  }
  const bg = theme.bg_color;
  if (bg && COLOUR.test(bg)) root.dataset.scheme = luminance(bg) < 0.4 ? "dark" : "light";
}

function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex.slice(0, 7);
  const n = Number.parseInt(full.slice(1), 16);
  return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
}

interface TelegramWindow {
  TelegramWebviewProxy?: { postEvent(type: string, data: string): void };
  Telegram?: { WebView?: { receiveEvent?: (type: string, data: unknown) => void } };
}

/**
 * Tells the Telegram client something (web_app_ready, web_app_setup_back_button…) the way
 * telegram-web-app.js does: the mobile apps' proxy, else a message to Telegram Web's frame.
 */
export function postEvent(type: string, data: unknown = null): void {
  const w = window as unknown as TelegramWindow;
  try {
    if (w.TelegramWebviewProxy) w.TelegramWebviewProxy.postEvent(type, JSON.stringify(data));
    else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data }), "https://web.telegram.org");
  } catch {
    // Not inside Telegram, or a client that does not listen: nothing to tell.
  }
}

/** Events from the Telegram client (back_button_pressed, theme_changed…), from the apps and from Telegram Web. */
export function onTelegramEvent(handler: (type: string, data: unknown) => void): void {
  const w = window as unknown as TelegramWindow;
  w.Telegram ??= {};
  w.Telegram.WebView ??= {};
  const previous = w.Telegram.WebView.receiveEvent;
  w.Telegram.WebView.receiveEvent = (type, data) => {
    previous?.(type, data);
    handler(type, data);
  };
  window.addEventListener("message", (event) => {
    if (event.origin !== "https://web.telegram.org") return;
    try {
      const message = (typeof event.data === "string" ? JSON.parse(event.data) : event.data) as { eventType?: unknown; eventData?: unknown };
      if (typeof message.eventType === "string") handler(message.eventType, message.eventData);
    } catch {
      // Not a Telegram event.
    }
  });
}
