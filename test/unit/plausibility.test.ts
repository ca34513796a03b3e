import { describe, expect, it } from "vitest";
import { parseReport } from "#src/domain/parser/index.js";
import { doubtOf } from "#src/domain/plausibility.js";

/** The project's own examples: a message, the task's percent before it, and what the bot does. */
const CASES: [text: string, previous: number | null, expected: null | { why: string; buttons: (number | "cancel")[] }][] = [
  ["BY-01 5%", 60, { why: "period_as_cumulative", buttons: [65, 5] }],
  ["BY-01 进度5%", 65, { why: "period_as_cumulative", buttons: [70, 5] }],
  ["BY-01 本周完成5%", 60, null], // a period mark: the parser already reads a rise
  ["BY-01 +5%", 60, null],
  ["BY-01 进度62%", 65, null], // a fall of 3 points: within reason
  ["BY-01 进度60%", 65, null], // exactly 5 points
  ["BY-01 进度50%", 65, { why: "fall", buttons: [50, "cancel"] }], // 65 + 50 is past 100: no rise reading
  ["BY-01 进度下降10个百分点", 70, { why: "fall", buttons: [60, "cancel"] }],
  ["BY-01 -6%", 70, { why: "fall", buttons: [64, "cancel"] }],
  ["BY-01 进度95%", 60, { why: "rise", buttons: [95, "cancel"] }],
  ["BY-01 进度90%", 60, null], // exactly 30 points
  ["BY-01 新增35%", 20, { why: "rise", buttons: [55, "cancel"] }],
  ["BY-01 5%", null, null], // a first report is taken as written
  ["BY-01 已开工", 60, null],
  ["BY-01 累计清淤11.1万方", 60, null],
];

describe("plausible or asked (MESSAGES.md, What the bot does beyond the parser)", () => {
  it.each(CASES)("%s after %s", (text, previous, expected) => {
    const parsed = parseReport(text);
    if (!parsed.ok) throw new Error(`${text}: ${parsed.error}`);
    const doubt = doubtOf(parsed.reports[0]!, previous);
    if (expected === null) return void expect(doubt).toBeNull();
    expect(doubt?.why).toBe(expected.why);
    expect(doubt?.readings.map((r) => (r.kind === "cancel" ? "cancel" : r.percent))).toEqual(expected.buttons);
  });

  it("records the reading tapped: 65 as a cumulative percent with no rise left over", () => {
    const parsed = parseReport("BY-01 5%，问题：资金未到位");
    if (!parsed.ok) throw new Error("not ok");
    const [sum] = doubtOf(parsed.reports[0]!, 60)!.readings;
    expect(sum).toMatchObject({ kind: "as_percent", percent: 65, report: { percent: 65, percentDelta: null, blockers: [{ category: "funding" }] } });
  });
});
