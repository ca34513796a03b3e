import type { EChartsOption } from "echarts";
import type { Light } from "#src/domain/plan.js";
import type { ChartEnv, ChartSize } from "./env.js";
import { FAINT, formatPoints, INK, LIGHT_COLOURS, LIGHT_TEXT_COLOURS, MUTED, PAD, RULE, STRIPE, TEXT, WIDTH } from "./style.js";
import { chartBase, chartTitle, legendBase } from "./frame.js";

export interface LagChartUnit {
  name: string;
  /** Percentage points behind plan (negative when ahead); null when the plan cannot say. */
  lag: number | null;
  light: Light;
  /** How many of the unit's tasks are at each light; the counts column shows when any unit has them. */
  red?: number;
  yellow?: number;
  green?: number;
}

/** Every word the chart shows besides the title and the unit names, in the reader's language. */
export interface LagChartLabels {
  /** Heading over the unit names, e.g. 单位. */
  unit: string;
  /** Heading over the bars, e.g. 滞后（百分点）. */
  lag: string;
  /** Heading over the 红/黄/绿 task counts, e.g. 项目数. */
  counts: string;
  /** The legend's words for the three lights. */
  legend: Record<Light, string>;
  /** At the end of a unit's row when its lag is null, e.g. 无计划. */
  noData: string;
  /** In place of the bars when there are no units at all. */
  empty: string;
  /** Under the last row when units were left off, e.g. n => `…另有${n}个单位`. */
  more: (count: number) => string;
}

export interface LagChartInput {
  title: string;
  subtitle?: string;
  units: LagChartUnit[];
  labels: LagChartLabels;
}

/** More rows than this make a picture too tall to scroll through; the rest are counted in a note. */
export const MAX_UNITS = 40;

const ROW = 76;
const BAR = 44;
const NAME_MAX_EMS = 10;
const COUNT_COLUMN = 64;
const COUNT_LIGHTS: Light[] = ["red", "yellow", "green"];

/** Most behind first; units whose lag is unknown last; otherwise the caller's order. */
export function rankUnits(units: readonly LagChartUnit[]): LagChartUnit[] {
  return units
    .map((unit, index) => ({ unit, index }))
    .sort((a, b) => {
      if (a.unit.lag === null || b.unit.lag === null) {
        if (a.unit.lag === b.unit.lag) return a.index - b.index;
        return a.unit.lag === null ? 1 : -1;
      }
      return b.unit.lag - a.unit.lag || a.index - b.index;
    })
    .map(({ unit }) => unit);
}

interface Layout extends ChartSize {
  gridTop: number;
  gridLeft: number;
  gridRight: number;
  nameWidth: number;
  countsLeft: number | null;
}

function layout(input: LagChartInput, shown: LagChartUnit[], hidden: number, withCounts: boolean, textWidth: ChartEnv["textWidth"]): Layout {
  const legendTop = input.subtitle ? 168 : 116;
  const headingTop = legendTop + 64;
  const gridTop = headingTop + 48;
  const rows = Math.max(1, shown.length);
  const longestName = Math.max(textWidth(input.labels.unit, TEXT.small), ...shown.map((u) => textWidth(u.name, TEXT.label)));
  // +2: ECharts truncates a label that fills its width to the pixel.
  const nameWidth = Math.ceil(Math.min(longestName, NAME_MAX_EMS * TEXT.label)) + 2;
  const gridLeft = PAD + nameWidth + 20;
  const countsWidth = withCounts ? Math.max(COUNT_LIGHTS.length * COUNT_COLUMN, textWidth(input.labels.counts, TEXT.small)) : 0;
  const gridRight = withCounts ? PAD + countsWidth + 24 : PAD;
  const height = gridTop + rows * ROW + (hidden > 0 ? 96 : 40);
  return { width: WIDTH, height, gridTop, gridLeft, gridRight, nameWidth, countsLeft: withCounts ? WIDTH - PAD - countsWidth : null };
}

/**
 * The x range that puts every bar and its value label inside the grid: the bars share one scale,
 * and the room for a label is added on whichever side bars point to.
 */
function valueRange(lags: number[], gridWidth: number, labelRoom: number): { min: number; max: number } {
  const high = Math.max(0, ...lags);
  const low = Math.min(0, ...lags);
  const span = high - low;
  if (span === 0) return { min: 0, max: 10 };
  const sides = 1 + (low < 0 ? 1 : 0);
  const scale = Math.max(1, gridWidth - labelRoom * sides) / span;
  return { min: low < 0 ? low - labelRoom / scale : 0, max: high + labelRoom / scale };
}

/**
 * The ECharts option and picture size for the lag ranking: renderLagChart draws it as a PNG on
 * the server, the board page in the browser. Browser-safe: it measures through `env`.
 */
export function lagChartOption(input: LagChartInput, env: ChartEnv): { option: EChartsOption; size: ChartSize } {
  const { family, textWidth } = env;
  const ranked = rankUnits(input.units);
  const shown = ranked.slice(0, MAX_UNITS);
  const hidden = ranked.length - shown.length;
  const withCounts = shown.some((u) => u.red !== undefined || u.yellow !== undefined || u.green !== undefined);
  const box = layout(input, shown, hidden, withCounts, textWidth);
  const gridWidth = box.width - box.gridLeft - box.gridRight;
  const lags = shown.flatMap((u) => (u.lag === null ? [] : [u.lag]));
  const labelRoom = Math.max(textWidth(input.labels.noData, TEXT.value), ...lags.map((l) => textWidth(formatPoints(l), TEXT.value, true))) + 16;
  const range = valueRange(lags, gridWidth, labelRoom);
  const gridBottom = box.gridTop + Math.max(1, shown.length) * ROW;
  const rowCentre = (i: number): number => box.gridTop + (i + 0.5) * ROW;

  const graphic: NonNullable<EChartsOption["graphic"]> = [];
  const text = (x: number, y: number, value: string, style: { size: number; fill: string; align?: "left" | "center" | "right"; bold?: boolean }) =>
    graphic.push({
      type: "text",
      x,
      y,
      silent: true,
      style: {
        text: value,
        fill: style.fill,
        fontFamily: family,
        fontSize: style.size,
        fontWeight: style.bold ? "bold" : "normal",
        align: style.align ?? "left",
        verticalAlign: "middle",
      },
    });

  // Every other row shaded across the whole width, so a name, its bar and its counts read as one line.
  shown.forEach((_, i) => {
    if (i % 2 === 1) {
      graphic.push({
        type: "rect",
        silent: true,
        z: -10,
        shape: { x: PAD / 2, y: box.gridTop + i * ROW, width: box.width - PAD, height: ROW },
        style: { fill: STRIPE },
      });
    }
  });
  const headingY = box.gridTop - 30;
  if (shown.length > 0) {
    text(PAD, headingY, input.labels.unit, { size: TEXT.small, fill: MUTED });
    text(box.gridLeft + 16, headingY, input.labels.lag, { size: TEXT.small, fill: MUTED });
  }
  if (box.countsLeft !== null) {
    const countsWidth = box.width - PAD - box.countsLeft;
    text(box.countsLeft + countsWidth / 2, headingY, input.labels.counts, { size: TEXT.small, fill: MUTED, align: "center" });
    const columnsLeft = box.width - PAD - COUNT_LIGHTS.length * COUNT_COLUMN;
    shown.forEach((unit, i) =>
      COUNT_LIGHTS.forEach((light, c) => {
        const count = unit[light];
        text(columnsLeft + (c + 0.5) * COUNT_COLUMN, rowCentre(i), count === undefined ? "–" : String(count), {
          size: TEXT.value,
          fill: count ? LIGHT_TEXT_COLOURS[light] : FAINT,
          align: "center",
          bold: Boolean(count),
        });
      }),
    );
  }
  graphic.push({
    type: "line",
    silent: true,
    shape: { x1: PAD, y1: box.gridTop - 8, x2: box.width - PAD, y2: box.gridTop - 8 },
    style: { stroke: RULE, lineWidth: 2 },
  });
  if (shown.length === 0) text(box.width / 2, rowCentre(0), input.labels.empty, { size: TEXT.label, fill: MUTED, align: "center" });
  if (hidden > 0) text(PAD, gridBottom + 48, input.labels.more(hidden), { size: TEXT.small, fill: MUTED });

  const option: EChartsOption = {
    ...chartBase(family),
    title: chartTitle(input.title, input.subtitle, family, box.width),
    legend: {
      top: input.subtitle ? 168 : 116,
      icon: "rect",
      itemWidth: 36,
      itemHeight: 24,
      itemGap: 48,
      ...legendBase(family),
      data: (["green", "yellow", "red"] as const).map((light) => input.labels.legend[light]),
    },
    grid: { top: box.gridTop, left: box.gridLeft, right: box.gridRight, height: Math.max(1, shown.length) * ROW },
    xAxis: {
      type: "value",
      min: range.min,
      max: range.max,
      show: false,
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: shown.map((u) => u.name),
      axisTick: { show: false },
      axisLine: { show: shown.length > 0, onZero: true, lineStyle: { color: FAINT, width: 2 } },
      axisLabel: {
        fontFamily: family,
        fontSize: TEXT.label,
        color: INK,
        margin: 20,
        width: box.nameWidth,
        overflow: "truncate",
        ellipsis: "…",
      },
    },
    graphic,
    series: [
      {
        type: "bar",
        barWidth: BAR,
        silent: true,
        data: shown.map((u) =>
          u.lag === null
            ? { value: 0, itemStyle: { color: FAINT }, label: { formatter: input.labels.noData, color: FAINT, fontWeight: "normal", position: "right" } }
            : {
                value: u.lag,
                itemStyle: { color: LIGHT_COLOURS[u.light] },
                label: { position: u.lag < 0 ? "left" : "right" },
              },
        ),
        label: {
          show: true,
          fontFamily: family,
          fontSize: TEXT.value,
          fontWeight: "bold",
          color: INK,
          distance: 10,
          formatter: (p: { value?: unknown }) => (typeof p.value === "number" ? formatPoints(p.value) : ""),
        },
      },
      // Empty series, one per light, so the legend shows the three colours (lines: they take no bar slot).
      ...(["green", "yellow", "red"] as const).map((light) => ({
        type: "line" as const,
        name: input.labels.legend[light],
        data: [],
        itemStyle: { color: LIGHT_COLOURS[light] },
      })),
    ],
  };
  return { option, size: { width: box.width, height: box.height } };
}
