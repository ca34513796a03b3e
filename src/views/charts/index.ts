/**
 * Chart pictures for leaders: data in, PNG bytes out. Pure rendering (ECharts server-side SVG,
 * then resvg with the CJK font from @embedpdf/fonts-sc); no database, no bot.
 */
export { renderLagChart, lagChartOption, rankUnits, MAX_UNITS } from "./lag-chart.js";
export type { LagChartInput, LagChartLabels, LagChartUnit } from "./lag-chart.js";
export { renderSCurve, sCurveOption } from "./s-curve.js";
export type { SCurveInput, SCurveLabels, SCurvePoint } from "./s-curve.js";
export { chartWords, type ChartWords } from "./words.js";
