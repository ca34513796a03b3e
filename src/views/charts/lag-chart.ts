import type { EChartsOption } from "echarts";
import type { ChartEnv, ChartSize } from "./env.js";
import { lagChartOption as lagOption, type LagChartInput } from "./lag-option.js";
import { renderPng } from "./render.js";
import { serverChartEnv } from "./server-env.js";

export { MAX_UNITS, rankUnits } from "./lag-option.js";
export type { LagChartInput, LagChartLabels, LagChartUnit } from "./lag-option.js";

/** The lag ranking's option as the server lays it out: measured with the packaged font unless told otherwise. */
export function lagChartOption(input: LagChartInput, env: ChartEnv = serverChartEnv()): { option: EChartsOption; size: ChartSize } {
  return lagOption(input, env);
}

/** Units ranked by lag as bars in their light's colour, as PNG bytes at least 1080 px wide. */
export function renderLagChart(input: LagChartInput): Promise<Buffer> {
  const { option, size } = lagOption(input, serverChartEnv());
  return renderPng(option, size);
}
