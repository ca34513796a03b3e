import type { Messages } from "#src/locales/index.js";
import type { LagChartLabels } from "./lag-option.js";
import type { SCurveLabels } from "./s-curve-option.js";
import type { TrendLabels } from "./trend.js";

/** The charts' own words, from the reader's locale. */
export interface ChartWords {
  /** The lag chart's title for a day, e.g. 督办日报 2026-12-08 单位滞后排名. */
  lagTitle: (day: string) => string;
  lag: LagChartLabels;
  sCurve: SCurveLabels;
  /** The trend chart's title for a number of days, e.g. 近 30 天趋势. */
  trendTitle: (days: number) => string;
  trend: TrendLabels;
}

export function chartWords(t: Messages): ChartWords {
  return {
    lagTitle: t.chartLagTitle,
    lag: {
      unit: t.chartUnit,
      lag: t.chartLagAxis,
      counts: t.chartCounts,
      legend: { green: t.chartGreen, yellow: t.chartYellow, red: t.chartRed },
      noData: t.chartNoPlan,
      empty: t.chartNoUnits,
      more: t.chartMoreUnits,
    },
    sCurve: { plan: t.chartPlan, reported: t.chartReported, today: t.chartToday, forecast: t.chartForecast },
    trendTitle: t.pageTrendTitle,
    trend: { lag: t.pageTrendLag, rate: t.pageTrendRate, empty: t.pageTrendEmpty },
  };
}
