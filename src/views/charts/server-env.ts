import type { ChartEnv } from "./env.js";
import { chartFont } from "./font.js";
import { advanceWidth } from "./typeset.js";

/**
 * The width a text takes in the packaged chart font, from the font's own advances: to lay out
 * columns before ECharts does, and for ECharts itself, which has no canvas to measure with on a server.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return advanceWidth(text, fontSize, bold);
}

let cached: ChartEnv | null = null;

/** The server's measuring: the packaged CJK font's family and advances, the ones resvg draws with. */
export function serverChartEnv(): ChartEnv {
  cached ??= { family: chartFont().family, textWidth };
  return cached;
}
