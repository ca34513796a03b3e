import { BarChart, LineChart } from "echarts/charts";
import { GraphicComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import type { EChartsOption } from "echarts";
import type { Language } from "#src/domain/types.js";
import type { ChartEnv, ChartSize } from "#src/views/charts/options.js";

// Only what the three option builders use: about a third of ECharts.
echarts.use([BarChart, LineChart, GraphicComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

/**
 * The page's fonts: the system's CJK sans-serif (nothing comes from another host). Single
 * quotes, because ECharts writes the family into SVG attributes.
 */
export function fontStack(lang: Language): string {
  const cjk =
    lang === "zh-TW"
      ? "'Noto Sans CJK TC', 'Noto Sans TC', 'Source Han Sans TC', 'PingFang TC', 'Microsoft JhengHei'"
      : "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei'";
  return `${cjk}, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;
}

/** The browser's measuring for the option builders: a canvas in the page's fonts, as ECharts itself measures. */
export function browserChartEnv(lang: Language): ChartEnv {
  const family = fontStack(lang);
  const context = document.createElement("canvas").getContext("2d");
  return {
    family,
    textWidth(text, px, bold = false) {
      if (!context) return [...text].length * px;
      context.font = `${bold ? "bold " : ""}${px}px ${family}`;
      return context.measureText(text).width;
    },
  };
}

/**
 * Draws an option as the server would (ECharts' SVG string, no animation) at the size it was
 * laid out for, then lets the picture scale to its container's width: the page shows what the PNG shows.
 */
export function drawChart(container: HTMLElement, picture: { option: EChartsOption; size: ChartSize }): void {
  const { width, height } = picture.size;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption({ ...picture.option, animation: false });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  // ECharts escapes every text it writes; the markup is its own.
  const parsed = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  if (parsed.localName !== "svg") throw new Error("the chart did not draw as SVG");
  const root = document.importNode(parsed, true);
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  root.setAttribute("preserveAspectRatio", "xMidYMin meet");
  root.removeAttribute("width");
  root.removeAttribute("height");
  root.setAttribute("role", "img");
  root.classList.add("chart-svg");
  container.style.aspectRatio = `${width} / ${height}`;
  container.replaceChildren(root);
}
