import type { LegendComponentOption, TitleComponentOption, XAXisComponentOption } from "echarts";
import { FAINT, INK, MUTED, PAD, TEXT } from "./style.js";

/** What every chart starts from: a white picture in the chart font. */
export function chartBase(family: string) {
  return { backgroundColor: "#ffffff", textStyle: { fontFamily: family, color: INK } };
}

/** The title every chart opens with, and its muted subtitle, each cut to the picture's width. */
export function chartTitle(title: string, subtitle: string | undefined, family: string, width: number): TitleComponentOption {
  return {
    text: title,
    subtext: subtitle ?? "",
    left: "center",
    top: 32,
    itemGap: 14,
    textStyle: { fontFamily: family, fontSize: TEXT.title, fontWeight: "bold", color: INK, width: width - 2 * PAD, overflow: "truncate" },
    subtextStyle: { fontFamily: family, fontSize: TEXT.subtitle, color: MUTED, width: width - 2 * PAD, overflow: "truncate" },
  };
}

/** A legend centred under the title, in the chart font; a legend here explains, it does not filter. */
export function legendBase(family: string): LegendComponentOption {
  return { left: "center", selectedMode: false, textStyle: { fontFamily: family, fontSize: TEXT.small, color: INK } };
}

/** The legend of a chart of lines over time (the S-curve, the trend): line samples wide enough to tell dashes. */
export function lineLegend(top: number, family: string): LegendComponentOption {
  return { top, itemWidth: 48, itemHeight: 20, itemGap: 56, ...legendBase(family) };
}

/** The time axis of a chart of lines over time, from min to max, labelled by `label`. */
export function timeAxis(family: string, range: { min: number; max: number; splitNumber: number; minInterval?: number }, label: (ms: number) => string): XAXisComponentOption {
  return {
    type: "time",
    ...range,
    axisLine: { lineStyle: { color: FAINT, width: 2 } },
    axisTick: { show: false },
    splitLine: { show: false },
    axisLabel: { fontFamily: family, fontSize: TEXT.small, color: MUTED, margin: 20, hideOverlap: true, formatter: (value: number) => label(value) },
  };
}
