import { describe, expect, it } from "vitest";
import {
  DEFAULT_SUPERVISION,
  assessOrder,
  closeKey,
  formatOrderNumber,
  isSettled,
  issueKey,
  lightStreaks,
  nextActions,
  nextOrderNumber,
  orderDelivery,
  orderLevel,
  orderRequest,
  orderYear,
  parseOrderNumber,
  supervisionSettingsErrors,
  type LightSnapshot,
  type OpenOrder,
  type OrderLevel,
  type OrderLevelInput,
} from "#src/domain/supervision.js";
import { addDays } from "#src/domain/calendar.js";
import { workdayTest } from "#src/domain/workdays.js";
import type { Light } from "#src/domain/plan.js";

const calm: OrderLevelInput = { light: "green", periodsBehind: 0, daysRed: 0, mustDeliver: false, overdue: false, oldestProblem: null };
const problem = (days: number) => ({ oldestProblem: { category: "funding" as const, days } });

describe("the level a task has earned", () => {
  it.each<[string, Partial<OrderLevelInput>, OrderLevel | null]>([
    ["on plan, no problem", {}, null],
    ["yellow one period", { light: "yellow", periodsBehind: 1 }, null],
    ["yellow two periods", { light: "yellow", periodsBehind: 2 }, "blue"],
    ["yellow today after a red period: two periods behind", { light: "yellow", periodsBehind: 2 }, "blue"],
    ["green today with an old streak count", { light: "green", periodsBehind: 3 }, null],
    ["a problem open 7 days", problem(7), null],
    ["a problem open 8 days", problem(8), "blue"],
    ["a problem open 14 days", problem(14), "blue"],
    ["a problem open 15 days", problem(15), "yellow"],
    ["red today, first day", { light: "red", periodsBehind: 1, daysRed: 0 }, "yellow"],
    ["red 14 days", { light: "red", periodsBehind: 3, daysRed: 14 }, "yellow"],
    ["red 15 days", { light: "red", periodsBehind: 3, daysRed: 15 }, "red"],
    ["daysRed left over but green today", { light: "green", daysRed: 20 }, null],
    ["overdue, not must-deliver: red light, yellow order", { light: "red", overdue: true }, "yellow"],
    ["must-deliver and overdue", { light: "red", overdue: true, mustDeliver: true }, "red"],
    ["must-deliver, not overdue", { light: "yellow", periodsBehind: 1, mustDeliver: true }, null],
    ["a problem open 30 days", problem(30), "yellow"],
    ["a problem open 31 days", problem(31), "red"],
    ["a problem open 31 days on a green task", { light: "green", ...problem(31) }, "red"],
  ])("%s → %s", (_name, input, expected) => {
    expect(orderLevel({ ...calm, ...input })).toBe(expected);
  });

  it("says every ground that reaches the level, and only those", () => {
    expect(assessOrder({ ...calm, light: "red", daysRed: 20, mustDeliver: true, overdue: true, ...problem(40) }).grounds).toEqual([
      { kind: "red_days", days: 20 },
      { kind: "must_deliver_overdue" },
      { kind: "problem_open", category: "funding", days: 40 },
    ]);
    expect(assessOrder({ ...calm, light: "red", daysRed: 3, ...problem(9) })).toEqual({ level: "yellow", grounds: [{ kind: "red" }] });
    expect(assessOrder({ ...calm, light: "yellow", periodsBehind: 4, ...problem(9) })).toEqual({
      level: "blue",
      grounds: [
        { kind: "behind_periods", periods: 4 },
        { kind: "problem_open", category: "funding", days: 9 },
      ],
    });
    expect(assessOrder(calm)).toEqual({ level: null, grounds: [] });
  });

  it("thresholds are settings", () => {
    const strict = { ...DEFAULT_SUPERVISION, blueYellowPeriods: 1, blueProblemDays: 3, redRedDays: 5 };
    expect(orderLevel({ ...calm, light: "yellow", periodsBehind: 1 }, strict)).toBe("blue");
    expect(orderLevel({ ...calm, ...problem(4) }, strict)).toBe("blue");
    expect(orderLevel({ ...calm, light: "red", daysRed: 6 }, strict)).toBe("red");
  });

  it.each([
    ["green", 0, true],
    ["green", 1, false],
    ["yellow", 0, false],
    ["red", 0, false],
  ] as const)("settled when %s with %i open problems: %s", (light, open, settled) => {
    expect(isSettled(light, open)).toBe(settled);
  });
});

describe("light streaks from daily snapshots", () => {
  /** Snapshots from a day on, one letter a day: g y r, and . for no snapshot. */
  function days(from: string, pattern: string): LightSnapshot[] {
    const out: LightSnapshot[] = [];
    const lights: Record<string, Light> = { g: "green", y: "yellow", r: "red" };
    [...pattern].forEach((ch, i) => {
      const light = lights[ch];
      if (light) out.push({ day: addDays(from, i), light });
    });
    return out;
  }
  // 2026-11-16 is a Monday.
  it.each([
    ["daily, yellow twice", days("2026-11-16", "gyy"), "2026-11-18", "daily", 2, 0, null],
    ["daily, red three days after a yellow", days("2026-11-16", "yrrr"), "2026-11-19", "daily", 4, 2, "2026-11-17"],
    ["daily, green today ends both", days("2026-11-16", "yrrg"), "2026-11-19", "daily", 0, 0, null],
    ["a weekend without snapshots does not break a red run", days("2026-11-13", "r..rr"), "2026-11-17", "daily", 3, 4, "2026-11-13"],
    ["red 15 days on the 16th day", days("2026-11-01", "rrrrrrrrrrrrrrrr"), "2026-11-16", "daily", 16, 15, "2026-11-01"],
    ["snapshots after today are ignored", days("2026-11-16", "yyrrr"), "2026-11-17", "daily", 2, 0, null],
    // Weekly: last week ended yellow, this week so far red: two periods; the green Monday of last week does not count.
    ["weekly, the last light of each week", days("2026-11-09", "gyyyy..rr"), "2026-11-17", "weekly", 2, 1, "2026-11-16"],
    ["weekly, a week ending green breaks it", days("2026-11-02", "yyyyy..yyyyg..y"), "2026-11-16", "weekly", 1, 0, null],
    ["no snapshots", [], "2026-11-16", "daily", 0, 0, null],
  ] as const)("%s", (_name, snapshots, today, cadence, periodsBehind, daysRed, redSince) => {
    expect(lightStreaks(snapshots, today, cadence)).toEqual({ periodsBehind, daysRed, redSince, periodsForecastLate: 0 });
  });

  it("does not depend on the order the snapshots came in", () => {
    const s = days("2026-11-16", "yrrr");
    expect(lightStreaks([...s].reverse(), "2026-11-19", "daily")).toEqual(lightStreaks(s, "2026-11-19", "daily"));
  });
});

describe("what to issue and when to close", () => {
  const o = (level: OrderLevel, cycle = 1): OpenOrder => ({ level, cycle });
  type Case = [string, OpenOrder[], OrderLevel | null, boolean, number, unknown[]];
  it.each<Case>([
    ["nothing open, nothing earned", [], null, true, 0, []],
    ["first blue", [], "blue", false, 0, [{ kind: "issue", level: "blue", cycle: 1 }]],
    ["blue again: once per level", [o("blue")], "blue", false, 0, []],
    ["blue to yellow", [o("blue")], "yellow", false, 0, [{ kind: "issue", level: "yellow", cycle: 1 }]],
    ["blue straight to red: red only, yellow is not issued afterwards", [o("blue")], "red", false, 0, [{ kind: "issue", level: "red", cycle: 1 }]],
    ["nothing straight to red", [], "red", false, 0, [{ kind: "issue", level: "red", cycle: 1 }]],
    ["red open, level falls to yellow: nothing", [o("blue"), o("red")], "yellow", false, 0, []],
    ["red open, no level but a problem still open: nothing", [o("red")], null, false, 0, []],
    ["settled with orders open: 办结 of all, once", [o("blue"), o("red")], null, true, 0, [{ kind: "close", orders: [o("blue"), o("red")], cycle: 1 }]],
    ["settled wins over a stale level", [o("blue")], "blue", true, 0, [{ kind: "close", orders: [o("blue")], cycle: 1 }]],
    ["re-raised after 办结: a new cycle", [], "blue", false, 1, [{ kind: "issue", level: "blue", cycle: 2 }]],
    ["re-raised after 办结 of cycle 3", [], "yellow", false, 3, [{ kind: "issue", level: "yellow", cycle: 4 }]],
    ["escalating within cycle 2", [o("blue", 2)], "yellow", false, 1, [{ kind: "issue", level: "yellow", cycle: 2 }]],
  ])("%s", (_name, open, level, settled, lastCycle, expected) => {
    expect(nextActions(open, level, settled, lastCycle)).toEqual(expected);
  });

  it("a task's whole life: blue, yellow, red, 办结, and again", () => {
    const open: OpenOrder[] = [];
    let lastCycle = 0;
    const log: string[] = [];
    const day = (level: OrderLevel | null, settled: boolean) => {
      for (const a of nextActions(open, level, settled, lastCycle)) {
        if (a.kind === "issue") {
          open.push({ level: a.level, cycle: a.cycle });
          log.push(`${a.level}#${a.cycle}`);
        } else {
          log.push(`办结#${a.cycle}:${a.orders.map((x) => x.level).join("+")}`);
          open.length = 0;
          lastCycle = a.cycle;
        }
      }
    };
    for (const [level, settled] of [
      ["blue", false], ["blue", false], ["yellow", false], ["yellow", false], ["red", false], ["yellow", false],
      [null, false], [null, true], [null, true], ["red", false], ["red", false], [null, true],
    ] as const) day(level, settled);
    expect(log).toEqual(["blue#1", "yellow#1", "red#1", "办结#1:blue+yellow+red", "red#2", "办结#2:red"]);
  });

  it("keys make the job idempotent per task, cycle and level", () => {
    expect(issueKey(42, 2, "yellow")).toBe("duban:order:42:2:yellow");
    expect(closeKey(42, 2)).toBe("duban:order-close:42:2");
  });
});

describe("numbers", () => {
  it("formats 督办〔2026〕第12号 and runs per year", () => {
    expect(formatOrderNumber({ year: 2026, serial: 12 })).toBe("督办〔2026〕第12号");
    expect(nextOrderNumber(2026, null)).toEqual({ year: 2026, serial: 1 });
    expect(nextOrderNumber(2026, { year: 2026, serial: 12 })).toEqual({ year: 2026, serial: 13 });
    expect(nextOrderNumber(2027, { year: 2026, serial: 212 })).toEqual({ year: 2027, serial: 1 });
  });

  it("takes the year in the district's time zone", () => {
    expect(orderYear(new Date("2026-12-31T16:30:00Z"), "Asia/Shanghai")).toBe(2027);
    expect(orderYear(new Date("2026-12-31T15:59:00Z"), "Asia/Shanghai")).toBe(2026);
  });

  it.each([
    ["督办〔2026〕第12号", { year: 2026, serial: 12 }],
    ["督辦〔2026〕第12號", { year: 2026, serial: 12 }],
    ["〔2026〕12号", { year: 2026, serial: 12 }],
    ["[2026]12", { year: 2026, serial: 12 }],
    ["督办（2026）第3号", { year: 2026, serial: 3 }],
    ["2026-7", { year: 2026, serial: 7 }],
    ["2026-0", null],
    ["第12号", null],
    ["BY-01", null],
  ])("reads %s", (text, expected) => {
    expect(parseOrderNumber(text)).toEqual(expected);
  });
});

describe("what each level asks and by when", () => {
  const isWorkday = workdayTest([
    ...["01", "02", "03", "04", "05", "06", "07"].map((d) => ({ day: `2026-10-${d}`, workday: false, name: "国庆" })),
    { day: "2026-10-11", workday: true, name: "调休" },
  ]);

  it.each([
    // Friday 2026-11-20
    ["blue", "2026-11-20", "officer", "catch_up_plan", "2026-11-25"],
    ["yellow", "2026-11-20", "unit_head", "rectification_plan", "2026-11-27"],
    ["red", "2026-11-20", "leader", "leader_coordination", "2026-11-25"],
    // Over 国庆: issued 09-30, three workdays are 10-08, 10-09, 10-11 (调休 Sunday).
    ["blue", "2026-09-30", "officer", "catch_up_plan", "2026-10-11"],
  ] as const)("%s issued %s: %s, %s, due %s", (level, issuedOn, addressee, ask, due) => {
    expect(orderRequest(level, issuedOn, isWorkday)).toEqual({ level, addressee, ask, issuedOn, due });
  });

  it("the time allowed is a setting", () => {
    expect(orderRequest("yellow", "2026-11-20", isWorkday, { ...DEFAULT_SUPERVISION, yellowDueWorkdays: 1 }).due).toBe("2026-11-23");
  });

  it("blue stays in the unit's group, red reaches the leaders' chat", () => {
    expect(orderDelivery("blue")).toEqual({ chats: ["unit_group"], names: ["officer"] });
    expect(orderDelivery("yellow")).toEqual({ chats: ["unit_group"], names: ["unit_head", "officer"] });
    expect(orderDelivery("red")).toEqual({ chats: ["leaders", "unit_group"], names: ["leader", "unit_head", "officer"] });
  });
});

describe("settings", () => {
  it("the defaults are sound", () => {
    expect(supervisionSettingsErrors(DEFAULT_SUPERVISION)).toEqual([]);
  });

  it("names the variable that is wrong", () => {
    expect(supervisionSettingsErrors({ ...DEFAULT_SUPERVISION, blueDueWorkdays: 0, redRedDays: 2.5 })).toEqual([
      'DUBAN_ORDER_RED_DAYS should be a whole number from 1 to 366, e.g. DUBAN_ORDER_RED_DAYS=14 (got "2.5")',
      'DUBAN_ORDER_BLUE_DUE_WORKDAYS should be a whole number from 1 to 366, e.g. DUBAN_ORDER_BLUE_DUE_WORKDAYS=3 (got "0")',
    ]);
    expect(supervisionSettingsErrors({ ...DEFAULT_SUPERVISION, yellowProblemDays: 7, redProblemDays: 7 })).toEqual([
      "DUBAN_ORDER_YELLOW_PROBLEM_DAYS should be more than DUBAN_ORDER_BLUE_PROBLEM_DAYS (7)",
      "DUBAN_ORDER_RED_PROBLEM_DAYS should be more than DUBAN_ORDER_YELLOW_PROBLEM_DAYS (7)",
    ]);
  });
});

describe("the early 蓝 督办单: forecast late before the light turns", () => {
  const calm = { light: "green" as const, periodsBehind: 0, daysRed: 0, overdue: false, oldestProblem: null };

  it("is earned by a must-deliver task forecast more than 15 days late two periods in a row, and by no other", async () => {
    const { assessOrder, lightStreaks } = await import("#src/domain/supervision.js");
    const snapshots = [
      { day: "2026-06-19", light: "green" as const, forecastLateDays: 10 },
      { day: "2026-06-22", light: "green" as const, forecastLateDays: 36 },
      { day: "2026-06-23", light: "green" as const, forecastLateDays: 35 },
    ];
    const streaks = lightStreaks(snapshots, "2026-06-23", "daily");
    expect(streaks.periodsForecastLate).toBe(2);
    expect(assessOrder({ ...calm, mustDeliver: true, periodsForecastLate: 2, forecastLateDays: 35 })).toEqual({
      level: "blue",
      grounds: [{ kind: "forecast_late", days: 35, periods: 2 }],
    });
    // One period is not yet a trend; 15 days is within the margin; a task that is not must-deliver waits for its light.
    expect(assessOrder({ ...calm, mustDeliver: true, periodsForecastLate: 1, forecastLateDays: 35 }).level).toBeNull();
    expect(assessOrder({ ...calm, mustDeliver: true, periodsForecastLate: 2, forecastLateDays: 15 }).level).toBeNull();
    expect(assessOrder({ ...calm, mustDeliver: false, periodsForecastLate: 5, forecastLateDays: 90 }).level).toBeNull();
    // A day without a forecast date breaks the run.
    expect(lightStreaks([...snapshots, { day: "2026-06-24", light: "green", forecastLateDays: null }], "2026-06-24", "daily").periodsForecastLate).toBe(0);
  });

  it("keeps the order open while the task stays late at its pace, though it is green", async () => {
    const { isSettled } = await import("#src/domain/supervision.js");
    expect(isSettled("green", 0, true)).toBe(false);
    expect(isSettled("green", 0, false)).toBe(true);
  });
});
