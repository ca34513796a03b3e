import type { Light } from "#src/domain/plan.js";

// Colours and sizes the charts share, on the server and in the page: nothing here may pull in server code.

/** The 督查室's lights: deep enough to read on a phone in daylight, distinct to the colour-blind by position too. */
export const LIGHT_COLOURS: Record<Light, string> = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828" };
/** The same lights for text on white: the bar's yellow is too pale for a thin digit, so a deeper amber. */
export const LIGHT_TEXT_COLOURS: Record<Light, string> = { ...LIGHT_COLOURS, yellow: "#b26a00" };

export const INK = "#1f1f1f";
export const MUTED = "#616161";
export const FAINT = "#9e9e9e";
export const RULE = "#e0e0e0";
export const STRIPE = "#f5f5f5";

/** Phone-first sizes, in PNG pixels: a 1080-px picture shown about 390 pt wide keeps 28 px legible. */
export const WIDTH = 1080;
export const PAD = 40;
export const TEXT = { title: 44, subtitle: 30, label: 32, value: 30, small: 28 } as const;

/** The pixel size in a CSS font shorthand ("bold 32px Noto Sans S Chinese" → 32); 12 when none. */
export function fontSizeOf(font: string | undefined): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(font ?? "");
  return match?.[1] ? Number(match[1]) : 12;
}

/** Whether a CSS font shorthand asks for bold ("bold 30px …", "700 30px …"). */
export function isBoldFont(font: string | undefined): boolean {
  return /(^|\s)(bold|bolder|[6-9]00)\s/.test(font ?? "");
}

/** One decimal at most: 12.5 → "12.5", 12 → "12", -3.25 → "-3.3". */
export function formatPoints(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}
