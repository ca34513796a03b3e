import { messages } from "#src/locales/index.js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { Light } from "#src/domain/plan.js";
import { chartWords, lagChartOption, MAX_UNITS, rankUnits, renderLagChart, renderSCurve, type LagChartUnit, type SCurveInput } from "#src/views/charts/index.js";
import { chartFont, readFontFamily } from "#src/views/charts/font.js";
import { expandFontShorthand, svgToPng } from "#src/views/charts/render.js";
import { outlineTexts } from "#src/views/charts/typeset.js";
import { LIGHT_COLOURS } from "#src/views/charts/style.js";

const words = chartWords(messages("zh-CN"));
const TITLE = words.lagTitle("2026-12-08");

const DEMO: LagChartUnit[] = [
  { name: "北园大街指挥部", lag: 18.4, light: "red" },
  { name: "泺口街道办事处", lag: 7.5, light: "yellow" },
  { name: "棚户区改造指挥部", lag: 22, light: "red" },
  { name: "制锦市街道办事处", lag: -2.3, light: "green" },
];

interface Picture {
  width: number;
  height: number;
  data: Buffer;
}

function decode(png: Buffer): Picture {
  const { width, height, data } = PNG.sync.read(png);
  return { width, height, data };
}

type Box = { x0: number; y0: number; x1: number; y1: number };
const whole = (p: Picture): Box => ({ x0: 0, y0: 0, x1: p.width, y1: p.height });

function* pixels(p: Picture, box: Box = whole(p)): Generator<[number, number, number]> {
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * p.width + x) * 4;
      yield [p.data[i] ?? 0, p.data[i + 1] ?? 0, p.data[i + 2] ?? 0];
    }
  }
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Pixels within a small distance of a colour (anti-aliased edges excluded). */
function countColour(p: Picture, hex: string, box?: Box): number {
  const [r, g, b] = rgb(hex);
  let n = 0;
  for (const [pr, pg, pb] of pixels(p, box)) if (Math.abs(pr - r) + Math.abs(pg - g) + Math.abs(pb - b) < 24) n++;
  return n;
}

function countDark(p: Picture, box?: Box): number {
  let n = 0;
  for (const [r, g, b] of pixels(p, box)) if (r + g + b < 300) n++;
  return n;
}

function distinctColours(p: Picture): number {
  const seen = new Set<number>();
  for (const [r, g, b] of pixels(p)) seen.add((r << 16) | (g << 8) | b);
  return seen.size;
}

/** Pixels that differ between two pictures of the same size, within a box. */
function difference(a: Picture, b: Picture, box: Box): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * a.width + x) * 4;
      if (Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)) + Math.abs((a.data[i + 1] ?? 0) - (b.data[i + 1] ?? 0)) > 60) n++;
    }
  }
  return n;
}

const lagChart = async (units: LagChartUnit[], subtitle?: string): Promise<Picture> =>
  decode(await renderLagChart({ title: TITLE, subtitle, units, labels: words.lag }));

/** The unit-name column of a lag chart: left of the bars, below the headings. */
function nameColumn(units: LagChartUnit[], p: Picture): Box {
  const { option } = lagChartOption({ title: TITLE, units, labels: words.lag });
  const grid = option.grid;
  if (!grid || Array.isArray(grid) || typeof grid.top !== "number" || typeof grid.left !== "number") throw new Error("grid not laid out");
  return { x0: 0, y0: grid.top, x1: grid.left - 4, y1: p.height };
}

describe("the chart font", () => {
  it("is the packaged Noto Sans, its family read from the files themselves", () => {
    const font = chartFont();
    expect(font.family).toBe("Noto Sans S Chinese");
    expect(font.files.map((f) => f.split(/[\\/]/).pop())).toEqual(["NotoSansHans-Regular.otf", "NotoSansHans-Bold.otf"]);
    for (const file of font.files) expect(readFontFamily(file)).toBe(font.family);
  });

  it("spells out the CSS font shorthand resvg would ignore", () => {
    expect(expandFontShorthand('<text style="font: normal normal 28px Noto Sans S Chinese" y="1">')).toBe(
      '<text style="font-style:normal;font-weight:normal;font-size:28px;font-family:Noto Sans S Chinese" y="1">',
    );
    expect(expandFontShorthand('style="font:bold 40px Noto Sans S Chinese;fill:red"')).toBe(
      'style="font-style:normal;font-weight:bold;font-size:40px;font-family:Noto Sans S Chinese;fill:red"',
    );
    expect(expandFontShorthand('style="font-size:30px;font-family:Noto Sans S Chinese;"')).toBe('style="font-size:30px;font-family:Noto Sans S Chinese;"');
  });
});

describe("lag ranking", () => {
  it("puts the most behind first and units without a plan last, keeping ties in the caller's order", () => {
    const ranked = rankUnits([
      { name: "A", lag: null, light: "green" },
      { name: "B", lag: 3, light: "green" },
      { name: "C", lag: 20, light: "red" },
      { name: "D", lag: 3, light: "green" },
      { name: "E", lag: -4, light: "green" },
    ]);
    expect(ranked.map((u) => u.name)).toEqual(["C", "B", "D", "E", "A"]);
  });
});

describe("lag chart picture", () => {
  it("is phone-sized, drawn, with a bar in each light's colour", async () => {
    const p = await lagChart(DEMO, "天桥区 · 共4个单位");
    expect(p.width).toBeGreaterThanOrEqual(1080);
    expect(p.height).toBeGreaterThan(500);
    expect(p.height).toBeLessThan(900);
    expect(distinctColours(p)).toBeGreaterThan(50);
    // A bar is 44 px tall; a 2.3-point bar is still dozens of pixels long.
    for (const light of ["green", "yellow", "red"] as const) expect(countColour(p, LIGHT_COLOURS[light])).toBeGreaterThan(1000);
  });

  it("draws no colour for a light no unit has", async () => {
    const p = await lagChart([{ name: "北园大街指挥部", lag: 2, light: "green" }]);
    expect(countColour(p, LIGHT_COLOURS.green)).toBeGreaterThan(500);
    // The legend swatches are 36 × 24 px: the only red and yellow in the picture.
    expect(countColour(p, LIGHT_COLOURS.red)).toBeLessThan(36 * 24 + 100);
    expect(countColour(p, LIGHT_COLOURS.yellow)).toBeLessThan(36 * 24 + 100);
  });

  it("draws the Chinese unit names as real glyphs", async () => {
    const named = await lagChart(DEMO);
    const blankUnits = DEMO.map((u) => ({ ...u, name: "" }));
    const blank = await lagChart(blankUnits);
    const box = nameColumn(DEMO, named);
    expect(countDark(named, box)).toBeGreaterThan(3000);
    expect(countDark(blank, nameColumn(blankUnits, blank))).toBeLessThan(50);
    // Different characters draw differently: a missing-glyph box would draw them all alike.
    const swapped = await lagChart(DEMO.map((u, i) => ({ ...u, name: ["泺口街道办事处", "北园大街指挥部", "制锦市街道办事处", "棚户区改造指挥部"][i] ?? "" })));
    expect(difference(named, swapped, box)).toBeGreaterThan(2000);
  });

  it("grows with the units and stops at 40, counting the rest in a note", async () => {
    const units = (n: number): LagChartUnit[] =>
      Array.from({ length: n }, (_, i) => ({ name: `第${i + 1}街道办事处`, lag: 40 - i, light: (i < 10 ? "red" : i < 25 ? "yellow" : "green") as Light }));
    const ten = await lagChart(units(10));
    const forty = await lagChart(units(MAX_UNITS));
    const fifty = await lagChart(units(50));
    expect(forty.height - ten.height).toBe(30 * 76);
    expect(fifty.height).toBeGreaterThan(forty.height);
    expect(fifty.height - forty.height).toBeLessThan(100);
    expect(fifty.height).toBeLessThan(3600);
    // The note under the last row is drawn.
    const note: Box = { x0: 0, y0: forty.height, x1: 1080, y1: fifty.height };
    expect(countDark(fifty, note)).toBeGreaterThan(200);
  });

  it("renders no units, and a unit without a plan, without throwing", async () => {
    const empty = await lagChart([]);
    expect(empty.width).toBeGreaterThanOrEqual(1080);
    expect(empty.height).toBeGreaterThan(200);
    const noPlan = await lagChart([
      { name: "北园大街指挥部", lag: null, light: "green" },
      { name: "泺口街道办事处", lag: 5, light: "yellow", red: 0, yellow: 1, green: 2 },
    ]);
    expect(countColour(noPlan, LIGHT_COLOURS.yellow)).toBeGreaterThan(1000);
  });

  it("lists the 红/黄/绿 counts in their colours when given", async () => {
    const without = await lagChart(DEMO);
    const withCounts = await lagChart(DEMO.map((u) => ({ ...u, red: 3, yellow: 2, green: 1 })));
    const right: Box = { x0: 860, y0: 300, x1: 1080, y1: without.height };
    expect(countColour(withCounts, LIGHT_COLOURS.red, right)).toBeGreaterThan(100);
    expect(countColour(without, LIGHT_COLOURS.red, right)).toBe(0);
  });
});

describe("S-curve picture", () => {
  const task: SCurveInput = {
    title: "BY-01 北园大街拆迁",
    subtitle: "北园大街指挥部 · 滞后18.4个百分点",
    today: "2026-12-08",
    light: "red",
    labels: words.sCurve,
    plan: [
      { date: "2026-12-31", percent: 100 },
      { date: "2026-03-01", percent: 0 },
      { date: "2026-06-30", percent: 30 },
    ],
    reported: [
      { date: "2026-04-15", percent: 8 },
      { date: "2026-07-01", percent: 24 },
      { date: "2026-11-25", percent: 68.5 },
    ],
  };

  it("is phone-sized and draws the reported line in the task's light", async () => {
    const p = decode(await renderSCurve(task));
    expect(p.width).toBeGreaterThanOrEqual(1080);
    expect(p.height).toBe(1080);
    expect(distinctColours(p)).toBeGreaterThan(50);
    expect(countColour(p, LIGHT_COLOURS.red)).toBeGreaterThan(1500);
    const green = decode(await renderSCurve({ ...task, light: "green" }));
    expect(countColour(green, LIGHT_COLOURS.red)).toBe(0);
    expect(countColour(green, LIGHT_COLOURS.green)).toBeGreaterThan(1500);
  });

  it("draws the Chinese title", async () => {
    const titled = decode(await renderSCurve({ ...task, subtitle: undefined }));
    const untitled = decode(await renderSCurve({ ...task, title: "", subtitle: undefined }));
    const top: Box = { x0: 0, y0: 0, x1: 1080, y1: 90 };
    expect(countDark(titled, top)).toBeGreaterThan(3000);
    expect(countDark(untitled, top)).toBe(0);
  });

  it("renders with no plan and no reports", async () => {
    const p = decode(await renderSCurve({ ...task, plan: [], reported: [], light: undefined }));
    expect(p.width).toBeGreaterThanOrEqual(1080);
    expect(countDark(p)).toBeGreaterThan(1000);
  });
});

describe("texts drawn from cached outlines", () => {
  const family = chartFont().family;
  const svg = (body: string): string =>
    `<svg width="600" height="200" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 600 200">` +
    `<rect width="600" height="200" fill="#fff"></rect>${body}</svg>`;
  const texts = svg(
    `<text dominant-baseline="central" text-anchor="end" style="font-size:32px;font-family:${family};" xml:space="preserve" transform="translate(300 50)" fill="#1f1f1f">泺口街道办事处 12.5</text>` +
      `<text dominant-baseline="central" text-anchor="middle" style="font-size:44px;font-family:${family};font-weight:bold;" y="22" transform="translate(300 100)" fill="#c62828">督办日报 2026-12-08</text>` +
      `<text style="font-size:28px;font-family:${family};" x="320" y="60" fill="#2e7d32">制锦市 &amp; 68.5%</text>` +
      `<text style="font-size:30px;font-family:${family};" x="40" y="170" fill="#f9a825" stroke="#1f1f1f" stroke-width="3">棚户区</text>`,
  );

  it("look like resvg's own text rendering", () => {
    const outlined = outlineTexts(texts);
    expect(outlined).not.toContain("<text");
    const native = decode(svgToPng(texts, 600));
    const fast = decode(svgToPng(outlined, 600));
    expect(countDark(fast)).toBeGreaterThan(3000);
    // Same glyphs at the same places; a pixel or two of difference at most along the edges.
    expect(difference(native, fast, whole(native))).toBeLessThan(150);
  });

  it("leave a text with a character the font lacks, or with tspans, for resvg to draw", () => {
    const odd = svg(
      `<text style="font-size:28px;font-family:${family};" x="10" y="60">🛑 停工</text>` +
        `<text style="font-size:28px;font-family:${family};" x="10" y="120"><tspan>北园</tspan></text>` +
        `<text style="font-size:28px;font-family:${family};" x="10" y="160">北园</text>`,
    );
    const outlined = outlineTexts(odd);
    expect(outlined.match(/<text/g)).toHaveLength(2);
    expect(outlined).toContain("🛑 停工");
  });
});

describe("the S-curve's forecast", () => {
  it("draws the forecast from the latest report to 100% on its finish, its range beside it, and widens the axis to show it", async () => {
    const { sCurveOption } = await import("#src/views/charts/s-curve.js");
    const input = {
      title: "BY-01 北园大街拆迁",
      plan: [{ date: "2026-06-01", percent: 0 }, { date: "2026-09-30", percent: 100 }],
      reported: [{ date: "2026-06-01", percent: 10 }, { date: "2026-06-22", percent: 22 }],
      today: "2026-06-22",
      forecast: { from: { date: "2026-06-22", percent: 22 }, finish: "2026-11-05", earliest: "2026-10-20", latest: "2026-11-25" },
      labels: { plan: "计划进度", reported: "实际进度", today: "今天", forecast: "按目前进度预计" },
    };
    const { option } = sCurveOption(input);
    const series = option.series as { name?: string; data: [number, number][] }[];
    const forecast = series.find((s) => s.name === "按目前进度预计")!;
    expect(forecast.data.map(([, percent]) => percent)).toEqual([22, 100]);
    // The main line and the two ends of its range.
    expect(series.filter((s) => s.data.at(-1)?.[1] === 100 && s.data[0]?.[1] === 22)).toHaveLength(3);
    expect((option.xAxis as { max: number }).max).toBeGreaterThan(new Date(2026, 10, 25).getTime());
    expect((option.legend as { data: string[] }).data).toContain("按目前进度预计");
    // Without a forecast, nothing of it is drawn.
    const plain = sCurveOption({ ...input, forecast: undefined }).option;
    expect((plain.series as { name?: string }[]).some((s) => s.name === "按目前进度预计")).toBe(false);
  });
});
