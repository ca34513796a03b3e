import type { Light } from "../../domain/plan.js";

/** The 督查室's lights: deep enough to read on a phone in daylight, distinct to the colour-blind by position too. */
export const LIGHT_COLOURS: Record<Light, string> = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828" };

export const INK = "#1f1f1f";
export const MUTED = "#616161";
export const FAINT = "#9e9e9e";
export const RULE = "#e0e0e0";
export const STRIPE = "#f5f5f5";

/** Phone-first sizes, in PNG pixels: a 1080-px picture shown about 390 pt wide keeps 28 px legible. */
export const WIDTH = 1080;
export const PAD = 40;
export const TEXT = { title: 44, subtitle: 30, label: 32, value: 30, small: 28 } as const;

/**
 * The width a text takes in the chart font, to lay out columns before ECharts does (and for
 * ECharts itself, which has no canvas to measure with on a server). Calibrated against
 * resvg's rendering of Noto Sans S Chinese, erring wide: CJK and full-width forms are one em,
 * digits 0.58, narrow punctuation about a third.
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x2e80 || char === "…" || char === "—") ems += 1;
    else if (char >= "0" && char <= "9") ems += 0.58;
    else if (char >= "A" && char <= "Z") ems += 0.67;
    else if (char >= "a" && char <= "z") ems += 0.56;
    else if (" .,:;-'()[]|!/".includes(char)) ems += 0.34;
    else if (char === "%") ems += 0.9;
    else ems += 0.6;
  }
  return ems * fontSize;
}

/** The pixel size in a CSS font shorthand ("bold 32px Noto Sans S Chinese" → 32); 12 when none. */
export function fontSizeOf(font: string | undefined): number {
  const match = /(\d+(?:\.\d+)?)px/.exec(font ?? "");
  return match?.[1] ? Number(match[1]) : 12;
}

/** One decimal at most: 12.5 → "12.5", 12 → "12", -3.25 → "-3.3". */
export function formatPoints(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}
