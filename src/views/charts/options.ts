/**
 * The charts' option builders and words without the server's drawing: what the page in the
 * browser (src/web/app) imports. Each builder is handed a ChartEnv to measure text with.
 * Nothing reachable from here may pull in server code (node:, resvg, the font files).
 */
export { lagChartOption, rankUnits, MAX_UNITS } from "./lag-option.js";
export type { LagChartInput, LagChartLabels, LagChartUnit } from "./lag-option.js";
export { sCurveOption } from "./s-curve-option.js";
export type { SCurveInput, SCurveLabels, SCurvePoint } from "./s-curve-option.js";
export { trendOption } from "./trend.js";
export type { TrendChartPoint, TrendInput, TrendLabels } from "./trend.js";
export type { ChartEnv, ChartSize } from "./env.js";
export { chartWords, type ChartWords } from "./words.js";
export * from "./style.js";
