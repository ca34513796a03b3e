import { Resvg } from "@resvg/resvg-js";
import type { EChartsOption } from "echarts";
import type * as EChartsCore from "echarts/core";
import { chartFont } from "./font.js";
import type { ChartSize } from "./env.js";
import { textWidth } from "./server-env.js";
import { fontSizeOf, isBoldFont } from "./style.js";
import { outlineTexts } from "./typeset.js";

type ECharts = typeof EChartsCore;
let engine: Promise<ECharts> | null = null;

/**
 * ECharts, loaded at the first picture: loading it takes about 1.7 s, which every start of the
 * bot, the worker and the CLI would otherwise pay whether it draws or not.
 */
function chartEngine(): Promise<ECharts> {
  engine ??= (async () => {
    const [echarts, charts, components, renderers] = await Promise.all([
      import("echarts/core"),
      import("echarts/charts"),
      import("echarts/components"),
      import("echarts/renderers"),
    ]);
    echarts.use([
      charts.BarChart,
      charts.LineChart,
      components.GraphicComponent,
      components.GridComponent,
      components.LegendComponent,
      components.MarkLineComponent,
      components.TitleComponent,
      renderers.SVGRenderer,
    ]);
    // No canvas on a server: ECharts lays out labels with the real font's advances.
    echarts.setPlatformAPI({ measureText: (text, font) => ({ width: textWidth(text, fontSizeOf(font), isBoldFont(font)) }) });
    return echarts;
  })();
  return engine;
}

export type { ChartSize } from "./env.js";

/** An ECharts option drawn server-side to SVG (no browser, no canvas), then to PNG bytes. */
export async function renderPng(option: EChartsOption, size: ChartSize): Promise<Buffer> {
  const echarts = await chartEngine();
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    chart.setOption({ ...option, animation: false });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return svgToPng(outlineTexts(expandFontShorthand(svg)), size.width);
}

/**
 * resvg with only the packaged font (for any text left as text): no system fonts, so a server without CJK fonts draws the same
 * picture. Every generic family maps to it as well, in case a text names none.
 */
export function svgToPng(svg: string, width: number): Buffer {
  const { family, files } = chartFont();
  const resvg = new Resvg(expandFontShorthand(svg), {
    font: {
      loadSystemFonts: false,
      fontFiles: files,
      defaultFontFamily: family,
      sansSerifFamily: family,
      serifFamily: family,
      monospaceFamily: family,
    },
    fitTo: { mode: "width", value: width },
    background: "#ffffff",
    logLevel: "off",
  });
  return resvg.render().asPng();
}

/**
 * ECharts writes some texts (time-axis labels, rich text) with the CSS `font` shorthand, which
 * resvg ignores, drawing them at its 12 px default; spell it out as the longhand properties.
 */
export function expandFontShorthand(svg: string): string {
  return svg.replace(/font:\s*([^;"]+)/g, (whole, value: string) => {
    const match = /^(.*?)(\d+(?:\.\d+)?)px(?:\/\S+)?\s+(.+)$/.exec(value.trim());
    if (!match) return whole;
    const [, before = "", size = "", familyName = ""] = match;
    const words = before.split(/\s+/).filter(Boolean);
    const weight = words.find((w) => /^(bold|bolder|lighter|[1-9]00)$/.test(w)) ?? "normal";
    const style = words.find((w) => w === "italic" || w === "oblique") ?? "normal";
    return `font-style:${style};font-weight:${weight};font-size:${size}px;font-family:${familyName.trim()}`;
  });
}
