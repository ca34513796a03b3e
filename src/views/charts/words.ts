import type { Language } from "#src/domain/types.js";
import type { LagChartLabels } from "./lag-chart.js";
import type { SCurveLabels } from "./s-curve.js";

/** The charts' own words in each language, for callers that have no locale entries for them yet. */
export interface ChartWords {
  /** The lag chart's title for a day, e.g. 督办日报 2026-12-08 单位滞后排名. */
  lagTitle: (day: string) => string;
  lag: LagChartLabels;
  sCurve: SCurveLabels;
}

const WORDS: Record<Language, ChartWords> = {
  "zh-CN": {
    lagTitle: (day) => `督办日报 ${day} 单位滞后排名`,
    lag: {
      unit: "单位",
      lag: "滞后（百分点）",
      counts: "红/黄/绿项目数",
      legend: { green: "正常", yellow: "滞后", red: "严重滞后" },
      noData: "无计划",
      empty: "暂无单位",
      more: (n) => `…另有${n}个单位`,
    },
    sCurve: { plan: "计划进度", reported: "实际进度", today: "今天" },
  },
  "zh-TW": {
    lagTitle: (day) => `督辦日報 ${day} 單位滯後排名`,
    lag: {
      unit: "單位",
      lag: "滯後（百分點）",
      counts: "紅/黃/綠項目數",
      legend: { green: "正常", yellow: "滯後", red: "嚴重滯後" },
      noData: "無計劃",
      empty: "暫無單位",
      more: (n) => `…另有${n}個單位`,
    },
    sCurve: { plan: "計劃進度", reported: "實際進度", today: "今天" },
  },
  en: {
    lagTitle: (day) => `Daily digest ${day}: units by lag`,
    lag: {
      unit: "Unit",
      lag: "Behind plan (points)",
      counts: "Red/yellow/green",
      legend: { green: "On track", yellow: "Behind", red: "Far behind" },
      noData: "No plan",
      empty: "No units",
      more: (n) => `…and ${n} more ${n === 1 ? "unit" : "units"}`,
    },
    sCurve: { plan: "Plan", reported: "Reported", today: "Today" },
  },
};

export function chartWords(language: Language): ChartWords {
  return WORDS[language];
}
