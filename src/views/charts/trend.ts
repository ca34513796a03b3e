import type { EChartsOption, LineSeriesOption } from "echarts";
import type { Day } from "#src/domain/calendar.js";
import { dayMs, DAY_MS, pad2 } from "./days.js";
import type { ChartEnv, ChartSize } from "./env.js";
import { formatPoints, MUTED, PAD, RULE, TEXT, WIDTH } from "./style.js";
import { chartBase, chartTitle, lineLegend, timeAxis } from "./frame.js";

/** One day's digest figures (the board's TrendPoint has this shape). */
export interface TrendChartPoint {
  day: Day;
  /** Average points behind plan; null when the digest could not say. */
  averageLag: number | null;
  /** Reported / due, in percent; null when nothing was due. */
  reportingRate: number | null;
}

export interface TrendLabels {
  /** Legend word for the lag line, e.g. 平均滞后（百分点）. */
  lag: string;
  /** Legend word for the reporting-rate line, e.g. 报告率（%）. */
  rate: string;
  /** In place of the lines when no day has a figure. */
  empty: string;
}

export interface TrendInput {
  /** E.g. 近 30 天趋势. */
  title: string;
  subtitle?: string;
  /** One point a day with a digest (any order). */
  points: TrendChartPoint[];
  labels: TrendLabels;
}

const HEIGHT = 760;
const LAG_COLOUR = "#1565c0";
const RATE_COLOUR = "#00897b";
/** Both axes are cut into this many steps, so the rate's gridlines fall on the lag's. */
const STEPS = 5;
/** More points than this and the markers crowd the line into a bead string. */
const MAX_MARKED = 31;

/** A range from 0 (or below, when ahead of plan) in STEPS round steps (1, 2 or 5 × 10ⁿ) that holds every value. */
function lagRange(values: number[]): { min: number; max: number; interval: number } {
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  if (high === low) return { min: 0, max: 10, interval: 10 / STEPS };
  const magnitude = 10 ** Math.floor(Math.log10((high - low) / STEPS));
  for (const factor of [1, 2, 5, 10, 20]) {
    const step = factor * magnitude;
    const min = Math.floor(low / step) * step;
    if (min + STEPS * step >= high) return { min: round(min), max: round(min + STEPS * step), interval: round(step) };
  }
  return { min: low, max: high, interval: (high - low) / STEPS };
}

const round = (n: number): number => Number(n.toFixed(6)) || 0;

const monthDay = (ms: number): string => {
  const d = new Date(ms);
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
};

/**
 * The ECharts option and picture size for the district's trend: average lag (left axis, points)
 * and reporting rate (right axis, percent) by day, in the charts' phone-first style.
 * Browser-safe: it measures through `env`.
 */
export function trendOption(input: TrendInput, env: ChartEnv): { option: EChartsOption; size: ChartSize } {
  const { family, textWidth } = env;
  const points = [...input.points].sort((a, b) => a.day.localeCompare(b.day));
  const lags = points.flatMap((p) => (p.averageLag === null ? [] : [p.averageLag]));
  const rates = points.flatMap((p) => (p.reportingRate === null ? [] : [p.reportingRate]));
  const range = lagRange(lags);
  const ticks = Array.from({ length: STEPS + 1 }, (_, i) => formatPoints(range.min + i * range.interval));

  const first = points[0]?.day;
  const last = points[points.length - 1]?.day;
  const span = first && last ? dayMs(last) - dayMs(first) : 0;
  const margin = Math.max(DAY_MS / 2, span * 0.02);
  const now = Date.now();
  const min = (first ? dayMs(first) : now) - margin;
  const max = (last ? dayMs(last) : now) + margin;

  const legendTop = input.subtitle ? 168 : 116;
  const gridTop = legendTop + 110;
  const grid = {
    top: gridTop,
    left: PAD + Math.max(...ticks.map((t) => textWidth(t, TEXT.small))) + 20,
    right: PAD + textWidth("100%", TEXT.small) + 20,
    bottom: 96,
  };
  const marked = points.length <= MAX_MARKED;

  const latest = (value: (p: TrendChartPoint) => number | null): TrendChartPoint | undefined => [...points].reverse().find((p) => value(p) !== null);
  const latestLag = latest((p) => p.averageLag)?.averageLag ?? null;
  const latestRate = latest((p) => p.reportingRate)?.reportingRate ?? null;
  // The latest figures stand in the legend: at the lines' right end the two labels would meet the rate's axis and each other.
  const legendText: Record<string, string> = {
    [input.labels.lag]: latestLag === null ? input.labels.lag : `${input.labels.lag}  ${formatPoints(latestLag)}`,
    [input.labels.rate]: latestRate === null ? input.labels.rate : `${input.labels.rate}  ${formatPoints(latestRate)}%`,
  };

  const line = (name: string, colour: string, value: (p: TrendChartPoint) => number | null, series: Pick<LineSeriesOption, "yAxisIndex" | "z" | "lineStyle" | "symbol">): LineSeriesOption => {
    const last = latest(value);
    return {
      type: "line",
      name,
      silent: true,
      color: colour,
      connectNulls: false,
      itemStyle: { color: colour, borderColor: "#ffffff", borderWidth: 2 },
      ...series,
      // Every point marked while few; the latest always, larger.
      data: points.map((p) => ({ value: [dayMs(p.day), value(p)], symbolSize: p === last ? 18 : marked ? 12 : 0 })),
    };
  };

  const option: EChartsOption = {
    ...chartBase(family),
    title: chartTitle(input.title, input.subtitle, family, WIDTH),
    legend: {
      ...lineLegend(legendTop, family),
      formatter: (name: string) => legendText[name] ?? name,
      data: [input.labels.lag, input.labels.rate],
    },
    grid,
    // A tick a day at the least: a few days' trend would otherwise label each day twice.
    xAxis: timeAxis(family, { min, max, splitNumber: 6, minInterval: DAY_MS }, monthDay),
    yAxis: [
      {
        type: "value",
        min: range.min,
        max: range.max,
        interval: range.interval,
        axisLabel: { fontFamily: family, fontSize: TEXT.small, color: LAG_COLOUR, formatter: (v: number) => formatPoints(v) },
        splitLine: { lineStyle: { color: RULE, width: 1 } },
      },
      {
        type: "value",
        min: 0,
        max: 100,
        interval: 100 / STEPS,
        axisLabel: { fontFamily: family, fontSize: TEXT.small, color: RATE_COLOUR, formatter: "{value}%" },
        splitLine: { show: false },
      },
    ],
    graphic:
      lags.length || rates.length
        ? []
        : [
            {
              type: "text",
              silent: true,
              x: grid.left + (WIDTH - grid.left - grid.right) / 2,
              y: gridTop + (HEIGHT - gridTop - grid.bottom) / 2,
              style: { text: input.labels.empty, fill: MUTED, fontFamily: family, fontSize: TEXT.label, align: "center", verticalAlign: "middle" },
            },
          ],
    series: [
      line(input.labels.lag, LAG_COLOUR, (p) => p.averageLag, { yAxisIndex: 0, z: 3, lineStyle: { width: 5, color: LAG_COLOUR }, symbol: "circle" }),
      // Dashed as well as another colour, so the two lines part without colour too.
      line(input.labels.rate, RATE_COLOUR, (p) => p.reportingRate, { yAxisIndex: 1, z: 2, lineStyle: { width: 4, type: "dashed", color: RATE_COLOUR }, symbol: "rect" }),
    ],
  };
  return { option, size: { width: WIDTH, height: HEIGHT } };
}
