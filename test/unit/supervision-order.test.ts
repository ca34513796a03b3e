import { describe, expect, it } from "vitest";
import { orderNumberText, renderOrderClosed, renderSupervisionOrder, type SupervisionOrderFacts } from "#src/views/supervision-order.js";
import { assessOrder, orderRequest } from "#src/domain/supervision.js";
import { workdayTest } from "#src/domain/workdays.js";

const isWorkday = workdayTest([]);

// Issued Friday 2026-11-20: red for 16 days, a must-deliver task past its deadline, funding open 31 days.
const red: SupervisionOrderFacts = {
  number: { year: 2026, serial: 14 },
  request: orderRequest("red", "2026-11-20", isWorkday),
  grounds: assessOrder({
    light: "red",
    periodsBehind: 12,
    daysRed: 16,
    mustDeliver: true,
    overdue: true,
    oldestProblem: { category: "funding", days: 31 },
  }).grounds,
  task: { code: "BY-01", name: "北岸路改造", unit: "城建指挥部", mustDeliver: true, deadline: "2026-11-15", expected: 100, reported: 82.5 },
  officer: "张三",
  unitHead: "李四",
  leader: "王五",
  problems: [
    { category: "funding", text: "资金未到位", days: 31 },
    { category: "land", text: "用地未落实", days: 9 },
  ],
};

describe("督办单 text", () => {
  it("reads as a red order in zh-CN", () => {
    expect(renderSupervisionOrder(red, "zh-CN")).toBe(
      [
        "🔴 红色督办单　督办〔2026〕第14号",
        "任务：BY-01「北岸路改造」（城建指挥部）★必保",
        "责任人：张三　单位负责人：李四　区领导：王五",
        "督办事由：",
        "· 已连续红灯 16 天",
        "· 必保项目已逾期（期限11月15日）",
        "· 资金问题已 31 天未销号",
        "进度：计划 100%，实际 82.5%，滞后 17.5 个百分点",
        "未销号问题：",
        "· 【资金】资金未到位（31 天）",
        "· 【用地】用地未落实（9 天）",
        "督办要求：请王五同志牵头协调，城建指挥部于11月25日（周三）前报送办理结果。",
        "进度回到计划、问题全部销号后办结。",
      ].join("\n"),
    );
  });

  it("says the same in zh-TW and en", () => {
    const tw = renderSupervisionOrder(red, "zh-TW");
    expect(tw).toContain("🔴 紅色督辦單　督辦〔2026〕第14號");
    expect(tw).toContain("請王五同志牽頭協調，城建指挥部於11月25日（週三）前報送辦理結果。");
    const en = renderSupervisionOrder(red, "en");
    expect(en).toContain("🔴 Red supervision order　No. 14/2026");
    expect(en).toContain("· red for 16 days");
    expect(en).toContain("Asked: 王五 to coordinate; 城建指挥部 to report the result by Wed 25 Nov.");
  });

  it("a blue order names the officer only and asks for a catch-up plan", () => {
    const blue: SupervisionOrderFacts = {
      ...red,
      number: { year: 2026, serial: 12 },
      request: orderRequest("blue", "2026-11-20", isWorkday),
      grounds: [{ kind: "behind_periods", periods: 2 }],
      task: { ...red.task, mustDeliver: false, expected: 60, reported: 52 },
      problems: [],
    };
    const text = renderSupervisionOrder(blue, "zh-CN");
    expect(text.split("\n").slice(0, 3)).toEqual([
      "🔵 蓝色督办单　督办〔2026〕第12号",
      "任务：BY-01「北岸路改造」（城建指挥部）",
      "责任人：张三",
    ]);
    expect(text).toContain("· 连续 2 期进度滞后");
    expect(text).toContain("督办要求：请张三于11月25日（周三）前报告进展和赶进度措施。");
    expect(text).not.toContain("未销号问题");
  });

  it("a yellow order without a unit head names the unit's head by office", () => {
    const yellow: SupervisionOrderFacts = { ...red, request: orderRequest("yellow", "2026-12-28", isWorkday), grounds: [{ kind: "red" }], unitHead: null };
    const text = renderSupervisionOrder(yellow, "zh-CN");
    expect(text).toContain("🟡 黄色督办单");
    expect(text).toContain("责任人：张三\n");
    expect(text).toContain("督办要求：请城建指挥部负责人组织研究，于2027年1月4日（周一）前报送书面整改方案。");
    expect(renderSupervisionOrder(yellow, "en")).toContain("Asked: the head of 城建指挥部 to send a written rectification plan by Mon 4 Jan 2027.");
  });

  it("keeps long lists and long wordings short", () => {
    const many: SupervisionOrderFacts = {
      ...red,
      problems: Array.from({ length: 8 }, (_, i) => ({ category: "other" as const, text: "施工人员严重不足".repeat(10), days: 40 - i })),
    };
    const text = renderSupervisionOrder(many, "zh-CN");
    expect(text).toContain("……另有 3 项");
    expect(text.split("\n").filter((l) => l.startsWith("· 【其他】"))).toHaveLength(5);
    expect(text).toContain("…（40 天）");
    expect(text.length).toBeLessThan(1200);
  });

  it("progress without a report or without a plan", () => {
    const none = renderSupervisionOrder({ ...red, task: { ...red.task, reported: null } }, "zh-CN");
    expect(none).toContain("进度：计划 100%，尚无报告");
    const noPlan = renderSupervisionOrder({ ...red, task: { ...red.task, expected: null } }, "en");
    expect(noPlan).toContain("Progress: 82.5%");
  });
});

describe("办结 notice", () => {
  it("names every order of the cycle once", () => {
    const facts = {
      numbers: [
        { year: 2026, serial: 12 },
        { year: 2026, serial: 14 },
      ],
      task: { code: "BY-01", name: "北岸路改造", unit: "城建指挥部" },
      closedOn: "2026-11-30",
    };
    expect(renderOrderClosed(facts, "zh-CN")).toBe(
      "✅ 督办〔2026〕第12号、督办〔2026〕第14号已办结\nBY-01「北岸路改造」（城建指挥部）进度已回到计划，问题已全部销号。（11月30日）",
    );
    expect(renderOrderClosed(facts, "zh-TW")).toContain("督辦〔2026〕第12號、督辦〔2026〕第14號已辦結");
    expect(renderOrderClosed(facts, "en")).toBe(
      '✅ No. 12/2026, No. 14/2026 closed\nBY-01 "北岸路改造" (城建指挥部) is back on plan and its problems are closed (30 Nov).',
    );
    expect(orderNumberText({ year: 2027, serial: 1 }, "zh-TW")).toBe("督辦〔2027〕第1號");
  });
});
