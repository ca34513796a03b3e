/**
 * What an option builder needs from where it runs: the font family its texts are set in, and
 * how wide a text is in it, to lay out columns before ECharts does. The server measures with
 * the packaged CJK font (server-env.ts); the page in the browser with a canvas (src/web/app).
 * Nothing here may pull in server code: the page imports it.
 */
export interface ChartEnv {
  /** The family every text of the chart names (a CSS font-family list in the browser). */
  family: string;
  /** Width in pixels of a text at a font size, regular or bold. */
  textWidth(text: string, px: number, bold?: boolean): number;
}

export interface ChartSize {
  width: number;
  height: number;
}

