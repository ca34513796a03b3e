import type { EChartsOption, LineSeriesOption } from "echarts";
import type { Day } from "#src/domain/calendar.js";
import type { Light } from "#src/domain/plan.js";
import { DAY_MS, dayMs, pad2 } from "./days.js";
import type { ChartEnv, ChartSize } from "./env.js";
import { formatPoints, LIGHT_COLOURS, LIGHT_TEXT_COLOURS, MUTED, PAD, RULE, TEXT, WIDTH } from "./style.js";
import { chartBase, chartTitle, lineLegend, timeAxis } from "./frame.js";

export interface SCurvePoint {
  date: Day;
  percent: number;
}

export interface SCurveLabels {
  /** Legend word for the plan line, e.g. 计划进度. */
  plan: string;
  /** Legend word for the reported points, e.g. 实际进度. */
  reported: string;
  /** Before the date on today's mark, e.g. 今天. */
  today: string;
  /** Legend word for the forecast line, e.g. 预计. */
  forecast?: string;
}

export interface SCurveInput {
  /** E.g. `BY-01 北园大街拆迁`. */
  title: string;
  subtitle?: string;
  /** The plan's points: start at 0%, the milestones, the deadline at 100% (any order). */
  plan: SCurvePoint[];
  /** What was reported, cumulative percent by date (any order). */
  reported: SCurvePoint[];
  today: Day;
  /** The task's light, to colour the reported line; blue when not given. */
  light?: Light;
  /**
   * The forecast at the recent pace: from the latest report to 100% on `finish`, with the range
   * of the pace's spread (latest null: the slow end never gets there) as fainter lines.
   */
  forecast?: { from: SCurvePoint; finish: Day; earliest: Day; latest: Day | null };
  labels: SCurveLabels;
}

const HEIGHT = 1080;
const PLAN_COLOUR = "#78909c";
const REPORTED_COLOUR = "#1565c0";
const TODAY_COLOUR = "#6d4c41";
const FORECAST_COLOUR = "#7b1fa2";

function byDate(points: readonly SCurvePoint[]): SCurvePoint[] {
  return [...points].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The ECharts option and picture size for one task's S-curve: renderSCurve draws it as a PNG on
 * the server, the task view in the browser. Browser-safe: it measures through `env`.
 */
export function sCurveOption(input: SCurveInput, env: ChartEnv): { option: EChartsOption; size: ChartSize } {
  const { family, textWidth } = env;
  const plan = byDate(input.plan);
  const reported = byDate(input.reported);
  const forecast = input.forecast;
  const forecastDays = forecast ? [forecast.finish, forecast.earliest, ...(forecast.latest ? [forecast.latest] : [])] : [];
  const days = [...plan, ...reported].map((p) => p.date).concat(input.today, ...forecastDays);
  const first = days.reduce((a, b) => (a < b ? a : b));
  const last = days.reduce((a, b) => (a > b ? a : b));
  const span = Math.max(dayMs(last) - dayMs(first), 0);
  const margin = span === 0 ? 15 * DAY_MS : Math.max(DAY_MS, span * 0.04);
  const min = dayMs(first) - margin;
  const max = dayMs(last) + margin;
  // Month-day within the task's one year; year-month when the axis crosses into another year.
  const year = first.slice(0, 4) === last.slice(0, 4) ? Number(first.slice(0, 4)) : null;
  const dateLabel = (ms: number): string => {
    const d = new Date(ms);
    return d.getFullYear() === year ? `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}` : `${d.getFullYear()}-${pad2(d.getMonth() + 1)}`;
  };

  const legendTop = input.subtitle ? 168 : 116;
  const gridTop = legendTop + 130;
  const grid = { top: gridTop, left: PAD + textWidth("100%", TEXT.small) + 16, right: PAD + 24, bottom: 96 };
  const gridWidth = WIDTH - grid.left - grid.right;

  // Today's date above the grid, kept inside the picture when today is near either edge.
  const todayX = grid.left + ((dayMs(input.today) - min) / (max - min)) * gridWidth;
  const todayText = `${input.labels.today} ${input.today}`;
  const half = textWidth(todayText, TEXT.small, true) / 2;
  const todayLabelX = Math.min(Math.max(todayX, PAD + half), WIDTH - PAD - half);
  const reportedColour = input.light ? LIGHT_COLOURS[input.light] : REPORTED_COLOUR;
  const lastReported = reported[reported.length - 1];

  const option: EChartsOption = {
    ...chartBase(family),
    title: chartTitle(input.title, input.subtitle, family, WIDTH),
    legend: {
      ...lineLegend(legendTop, family),
      data: [input.labels.plan, input.labels.reported, ...(forecast && input.labels.forecast ? [input.labels.forecast] : [])],
    },
    grid,
    xAxis: timeAxis(family, { min, max, splitNumber: 5 }, dateLabel),
    yAxis: {
      type: "value",
      min: 0,
      max: 100,
      interval: 20,
      axisLabel: { fontFamily: family, fontSize: TEXT.small, color: MUTED, formatter: "{value}%" },
      splitLine: { lineStyle: { color: RULE, width: 1 } },
    },
    graphic: [
      {
        type: "text",
        silent: true,
        x: todayLabelX,
        y: gridTop - 40,
        style: {
          text: todayText,
          fill: TODAY_COLOUR,
          fontFamily: family,
          fontSize: TEXT.small,
          fontWeight: "bold",
          align: "center",
          verticalAlign: "middle",
        },
      },
    ],
    series: [
      {
        type: "line",
        name: input.labels.plan,
        silent: true,
        data: plan.map((p) => [dayMs(p.date), p.percent]),
        color: PLAN_COLOUR,
        lineStyle: { width: 4, type: "dashed", color: PLAN_COLOUR },
        symbol: "diamond",
        symbolSize: 16,
        itemStyle: { color: PLAN_COLOUR },
        z: 2,
        markLine: {
          silent: true,
          symbol: "none",
          label: { show: false },
          lineStyle: { color: TODAY_COLOUR, width: 3, type: "solid" },
          data: [{ xAxis: dayMs(input.today) }],
        },
      },
      {
        type: "line",
        name: input.labels.reported,
        silent: true,
        data: reported.map((p) => ({
          value: [dayMs(p.date), p.percent],
          label: {
            show: p === lastReported,
            position: "top",
            distance: 12,
            formatter: `${formatPoints(p.percent)}%`,
            fontFamily: family,
            fontSize: TEXT.value,
            fontWeight: "bold",
            color: input.light ? LIGHT_TEXT_COLOURS[input.light] : REPORTED_COLOUR,
          },
        })),
        color: reportedColour,
        lineStyle: { width: 5, color: reportedColour },
        symbol: "circle",
        symbolSize: 16,
        itemStyle: { color: reportedColour, borderColor: "#ffffff", borderWidth: 3 },
        z: 3,
      },
      ...(forecast ? forecastSeries(forecast, input.labels.forecast ?? "") : []),
    ],
  };
  return { option, size: { width: WIDTH, height: HEIGHT } };
}

/** The forecast: a dotted line from the latest report to 100% on the finish, its range fainter beside it. */
function forecastSeries(forecast: NonNullable<SCurveInput["forecast"]>, name: string): LineSeriesOption[] {
  const from = [dayMs(forecast.from.date), forecast.from.percent];
  const to = (day: Day) => [from, [dayMs(day), 100]];
  const range = [forecast.earliest, ...(forecast.latest ? [forecast.latest] : [])].filter((d) => d !== forecast.finish);
  return [
    { type: "line", name, silent: true, data: to(forecast.finish), color: FORECAST_COLOUR, lineStyle: { width: 4, type: "dotted", color: FORECAST_COLOUR }, symbol: "none", z: 2 },
    ...range.map((day) => ({
      type: "line" as const,
      silent: true,
      data: to(day),
      lineStyle: { width: 2, type: "dotted" as const, color: FORECAST_COLOUR, opacity: 0.45 },
      symbol: "none",
      z: 1,
    })),
  ];
}
