/**
 * Chart pictures for leaders: data in, PNG bytes out. Pure rendering (ECharts server-side SVG,
 * then resvg with the CJK font from @embedpdf/fonts-sc); no database, no bot. Server only: the
 * page in the browser imports the option builders from ./options.js instead.
 */
export { renderLagChart, lagChartOption, rankUnits, MAX_UNITS } from "./lag-chart.js";
export type { LagChartInput, LagChartLabels, LagChartUnit } from "./lag-chart.js";
export { renderSCurve, sCurveOption } from "./s-curve.js";
export type { SCurveInput, SCurveLabels, SCurvePoint } from "./s-curve.js";
export { trendOption } from "./trend.js";
export type { TrendChartPoint, TrendInput, TrendLabels } from "./trend.js";
export { serverChartEnv } from "./server-env.js";
export type { ChartEnv, ChartSize } from "./env.js";
export { chartWords, type ChartWords } from "./words.js";
