import { describe, expect, it } from "vitest";
import { expectedPercent, lag, light, percentFromQuantity, type Plan } from "#src/domain/plan.js";
import { addDays, dayInZone, daysBetween, parseDay } from "#src/domain/calendar.js";

const straight: Plan = { start: "2026-01-01", deadline: "2026-12-31", milestones: [] };
const stepped: Plan = {
  start: "2026-01-01",
  deadline: "2026-12-31",
  milestones: [
    { date: "2026-04-01", percent: 10 },
    { date: "2026-09-30", percent: 80 },
  ],
};

describe("expected percent", () => {
  it.each([
    [straight, "2025-12-31", 0],
    [straight, "2026-01-01", 0],
    [straight, "2026-07-02", 50],
    [straight, "2026-12-31", 100],
    [straight, "2027-03-01", 100],
    [stepped, "2026-04-01", 10],
    [stepped, "2026-02-15", 5],
    [stepped, "2026-09-30", 80],
    [stepped, "2026-11-15", 90],
    [{ start: null, deadline: null, milestones: [] }, "2026-05-01", null],
    [{ start: null, deadline: "2026-12-31", milestones: [] }, "2026-05-01", null],
    [{ start: null, deadline: "2026-12-31", milestones: [] }, "2027-01-05", 100],
    [{ start: null, deadline: "2026-12-31", milestones: [{ date: "2026-06-30", percent: 50 }] }, "2026-09-30", 75],
  ] as const)("%o on %s is %s", (plan, day, expected) => {
    expect(expectedPercent(plan as Plan, day)).toBe(expected);
  });

  it("orders milestones by date whatever order they were given in", () => {
    const shuffled: Plan = { ...stepped, milestones: [...stepped.milestones].reverse() };
    expect(expectedPercent(shuffled, "2026-06-15")).toBe(expectedPercent(stepped, "2026-06-15"));
  });
});

describe("lag and light", () => {
  it("counts a task never reported as 0%", () => {
    expect(lag(50, null)).toBe(50);
    expect(lag(null, 30)).toBeNull();
    expect(lag(40, 55)).toBe(-15);
  });

  it.each([
    [{ expected: 50, reported: 48, deadline: "2026-12-31", today: "2026-07-02" }, "green"],
    [{ expected: 50, reported: 44, deadline: "2026-12-31", today: "2026-07-02" }, "yellow"],
    [{ expected: 50, reported: 34, deadline: "2026-12-31", today: "2026-07-02" }, "red"],
    [{ expected: 100, reported: 95, deadline: "2026-12-31", today: "2027-01-01" }, "red"],
    [{ expected: 100, reported: 100, deadline: "2026-12-31", today: "2027-01-01" }, "green"],
    [{ expected: 97, reported: 89, deadline: "2026-12-31", today: "2026-12-26" }, "yellow"],
    [{ expected: 97, reported: 93, deadline: "2026-12-31", today: "2026-12-26" }, "green"],
    [{ expected: null, reported: null, deadline: null, today: "2026-12-26" }, "green"],
  ] as const)("%o is %s", (input, expected) => {
    expect(light(input)).toBe(expected);
  });

  it("takes its thresholds as settings", () => {
    const input = { expected: 50, reported: 44, deadline: null, today: "2026-07-02" };
    expect(light(input, { yellowLag: 10, redLag: 20, nearDueDays: 7, nearDuePercent: 90 })).toBe("green");
  });
});

describe("percent from quantity", () => {
  it("is the share of the target, capped at 100", () => {
    expect(percentFromQuantity(90_000, 180_000)).toBe(50);
    expect(percentFromQuantity(200_000, 180_000)).toBe(100);
    expect(percentFromQuantity(1, 3)).toBe(33.3);
  });
});

describe("calendar", () => {
  it("accepts only real days", () => {
    expect(parseDay("2028-02-29")).toBe("2028-02-29");
    expect(parseDay("2026-02-29")).toBeNull();
    expect(parseDay("2026-13-01")).toBeNull();
    expect(parseDay("26-1-1")).toBeNull();
  });

  it("counts days across month ends and leap years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
  });

  it("reads the day in the configured time zone, not the server's", () => {
    const instant = new Date("2026-07-01T17:30:00Z");
    expect(dayInZone(instant, "Asia/Shanghai")).toBe("2026-07-02");
    expect(dayInZone(instant, "UTC")).toBe("2026-07-01");
  });
});
