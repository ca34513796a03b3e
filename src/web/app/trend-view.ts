import type { Messages } from "#src/locales/index.js";
import type { TrendJson } from "#src/views/board/types.js";
import { chartWords, trendOption, type ChartEnv } from "#src/views/charts/options.js";
import { drawChart } from "./charts.js";
import { card, link, topBar, type ViewContext } from "./components.js";
import { h } from "./h.js";

/** The spans the trend can show. */
export const TREND_DAYS = [30, 90] as const;

/** The district's average lag and reporting rate over 30 or 90 days. */
export function trendView(ctx: ViewContext, trend: TrendJson, env: ChartEnv, back: () => void): HTMLElement {
  const { t } = ctx;
  const chart = h("div", { class: "chart", "data-testid": "trend-chart" });
  drawChart(chart, trendChart(trend, env, t));
  return h(
    "div",
    { class: "view trend-view", "data-testid": "trend-view" },
    topBar(t.pageTrendLink, null, back, t),
    h(
      "nav",
      { class: "toggle", "aria-label": t.pageTrendLink },
      TREND_DAYS.map((days) =>
        link(ctx, { view: "trend", days }, { class: days === trend.days ? "selected" : "", "aria-current": days === trend.days ? "page" : "false", "data-testid": `trend-${days}` }, t.pageDays(days)),
      ),
    ),
    card(null, chart),
  );
}

/** The trend chart with its title and the span of days it covers. */
export function trendChart(trend: TrendJson, env: ChartEnv, t: Messages) {
  const words = chartWords(t);
  const days = trend.points.map((p) => p.day).sort();
  const first = days[0];
  const last = days[days.length - 1];
  return trendOption({ title: words.trendTitle(trend.days), subtitle: first && last ? t.pageTrendRange(first, last) : undefined, points: trend.points, labels: words.trend }, env);
}
