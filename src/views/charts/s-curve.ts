import type { EChartsOption } from "echarts";
import type { ChartEnv, ChartSize } from "./env.js";
import { renderPng } from "./render.js";
import { sCurveOption as curveOption, type SCurveInput } from "./s-curve-option.js";
import { serverChartEnv } from "./server-env.js";

export type { SCurveInput, SCurveLabels, SCurvePoint } from "./s-curve-option.js";

/** The S-curve's option as the server lays it out: measured with the packaged font unless told otherwise. */
export function sCurveOption(input: SCurveInput, env: ChartEnv = serverChartEnv()): { option: EChartsOption; size: ChartSize } {
  return curveOption(input, env);
}

/** One task's plan line against its reported points, today marked, as PNG bytes 1080 px square. */
export function renderSCurve(input: SCurveInput): Promise<Buffer> {
  const { option, size } = curveOption(input, serverChartEnv());
  return renderPng(option, size);
}
