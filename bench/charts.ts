import { messages } from "#src/locales/index.js";
import type { Light } from "#src/domain/plan.js";
import { chartWords, MAX_UNITS, renderLagChart, renderSCurve, type LagChartUnit, type SCurveInput } from "#src/views/charts/index.js";
import { elapsedMs, median } from "./support/measure.js";

const RUNS = 20;
const TARGET_MS = 300;

const words = chartWords(messages("zh-CN"));
const STREETS = ["北园大街", "泺口街道", "棚户区改造", "制锦市街道", "工人新村北村", "堤口路", "无影山", "宝华街", "官扎营", "纬北路"];

/** A full chart: 40 units with long names, every light, the 红/黄/绿 counts column, one unit without a plan. */
const units: LagChartUnit[] = Array.from({ length: MAX_UNITS }, (_, i) => ({
  name: `${STREETS[i % STREETS.length] ?? ""}${i < STREETS.length ? "指挥部" : `第${i}办事处`}`,
  lag: i === MAX_UNITS - 1 ? null : Math.round((32 - i * 0.9) * 10) / 10,
  light: (i < 12 ? "red" : i < 26 ? "yellow" : "green") as Light,
  red: i % 4,
  yellow: i % 3,
  green: 2 + (i % 5),
}));

/** A year-long task reported weekly: about 40 points against a four-point plan. */
const task: SCurveInput = {
  title: "BY-01 北园大街拆迁",
  subtitle: "北园大街指挥部 · 张伟 · 滞后18.4个百分点",
  today: "2026-12-08",
  light: "red",
  labels: words.sCurve,
  plan: [
    { date: "2026-03-01", percent: 0 },
    { date: "2026-06-30", percent: 30 },
    { date: "2026-09-30", percent: 60 },
    { date: "2026-12-31", percent: 100 },
  ],
  reported: Array.from({ length: 40 }, (_, i) => {
    const day = new Date(Date.UTC(2026, 2, 6 + i * 7));
    return { date: day.toISOString().slice(0, 10), percent: Math.min(100, Math.round(i * 1.8 * 10) / 10) };
  }),
};

async function measure(name: string, render: () => Promise<Buffer>): Promise<boolean> {
  let t = process.hrtime.bigint();
  const bytes = (await render()).length;
  const firstMs = elapsedMs(t);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t = process.hrtime.bigint();
    await render();
    times.push(elapsedMs(t));
  }
  const mid = median(times);
  const worst = Math.max(...times);
  const met = mid <= TARGET_MS && worst <= TARGET_MS;
  console.log(
    `charts: ${name}: median ${mid.toFixed(0)} ms, worst ${worst.toFixed(0)} ms over ${RUNS} runs ` +
      `(first ${firstMs.toFixed(0)} ms, ${Math.round(bytes / 1024)} KB PNG; target ≤${TARGET_MS} ms)` +
      (met ? "" : " TARGET MISSED"),
  );
  return met;
}

/** The digest's lag chart at its 40-unit cap and a /status S-curve, each rendered to PNG 20 times. */
export async function benchCharts(): Promise<void> {
  await measure(`lag chart, ${MAX_UNITS} units`, () => renderLagChart({ title: words.lagTitle("2026-12-08"), subtitle: "天桥区 · 共40个单位", units, labels: words.lag }));
  await measure(`S-curve, ${task.reported.length} reports`, () => renderSCurve(task));
}
