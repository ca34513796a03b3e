import { describe, expect, it } from "vitest";
import { consecutiveMissed, isMissing, periodOf } from "#src/domain/periods.js";
import { parseHolidayCsv, workdayTest } from "#src/domain/workdays.js";

describe("reporting periods", () => {
  it.each([
    ["2026-07-02", "daily", "2026-07-02", "2026-07-02"],
    ["2026-07-02", "weekly", "2026-06-29", "2026-07-05"],
    ["2026-07-05", "weekly", "2026-06-29", "2026-07-05"],
    ["2026-07-06", "weekly", "2026-07-06", "2026-07-12"],
    ["2027-01-01", "weekly", "2026-12-28", "2027-01-03"],
    ["2026-07-10", "dekad", "2026-07-01", "2026-07-10"],
    ["2026-07-11", "dekad", "2026-07-11", "2026-07-20"],
    ["2026-07-20", "dekad", "2026-07-11", "2026-07-20"],
    ["2026-07-21", "dekad", "2026-07-21", "2026-07-31"],
    ["2026-02-25", "dekad", "2026-02-21", "2026-02-28"],
    ["2028-02-29", "dekad", "2028-02-21", "2028-02-29"],
    ["2026-04-30", "dekad", "2026-04-21", "2026-04-30"],
    ["2026-02-14", "monthly", "2026-02-01", "2026-02-28"],
    ["2028-02-14", "monthly", "2028-02-01", "2028-02-29"],
    ["2026-12-31", "monthly", "2026-12-01", "2026-12-31"],
  ] as const)("%s in a %s cadence runs %s to %s", (day, cadence, start, end) => {
    expect(periodOf(day, cadence)).toMatchObject({ start, end });
  });

  it("names 旬 by month and index", () => {
    expect(periodOf("2026-07-25", "dekad").key).toBe("2026-07/3");
  });

  it("finds a task missing until it reports within the period", () => {
    expect(isMissing(null, "2026-07-02", "daily")).toBe(true);
    expect(isMissing("2026-07-01", "2026-07-02", "daily")).toBe(true);
    expect(isMissing("2026-07-02", "2026-07-02", "daily")).toBe(false);
    expect(isMissing("2026-06-29", "2026-07-02", "weekly")).toBe(false);
    expect(isMissing("2026-06-28", "2026-07-02", "weekly")).toBe(true);
    expect(isMissing("2026-07-11", "2026-07-20", "dekad")).toBe(false);
    expect(isMissing("2026-07-10", "2026-07-20", "dekad")).toBe(true);
  });
});

describe("consecutive missed periods", () => {
  const weekdays = workdayTest([]);

  it("counts only workdays for daily reports", () => {
    // Reported Thursday 2026-07-02; today Wednesday 07-08: missed Fri, Mon, Tue (not the weekend, not today).
    expect(consecutiveMissed("2026-07-02", "2026-06-01", "2026-07-08", "daily", weekdays)).toBe(3);
  });

  it("counts from when the task was added if it never reported", () => {
    expect(consecutiveMissed(null, "2026-07-06", "2026-07-08", "daily", weekdays)).toBe(2);
    expect(consecutiveMissed(null, "2026-07-08", "2026-07-08", "daily", weekdays)).toBe(0);
  });

  it("counts weeks and 旬", () => {
    expect(consecutiveMissed("2026-06-10", "2026-01-01", "2026-07-08", "weekly", weekdays)).toBe(3);
    expect(consecutiveMissed("2026-05-15", "2026-01-01", "2026-07-08", "dekad", weekdays)).toBe(4);
  });

  it("skips holidays and counts 调休 make-up Saturdays", () => {
    const golden = ["01", "02", "05", "06", "07", "08"].map((d) => ({ day: `2026-10-${d}`, workday: false, name: "国庆" }));
    const calendar = workdayTest([...golden, { day: "2026-10-10", workday: true, name: "调休" }]);
    // Last report 09-30; today Monday 10-12: missed Friday 10-09 and Saturday 10-10, a make-up workday.
    expect(consecutiveMissed("2026-09-30", "2026-01-01", "2026-10-12", "daily", calendar)).toBe(2);
  });
});

describe("holiday table", () => {
  it("reads holidays and make-up workdays, with a header and names", () => {
    const { overrides, errors } = parseHolidayCsv("date,kind,name\n2026-10-01,holiday,国庆节\n2026-10-10,workday,国庆调休\n\n2026-10-02,休\n");
    expect(errors).toEqual([]);
    expect(overrides).toEqual([
      { day: "2026-10-01", workday: false, name: "国庆节" },
      { day: "2026-10-10", workday: true, name: "国庆调休" },
      { day: "2026-10-02", workday: false, name: null },
    ]);
    const isWorkday = workdayTest(overrides);
    expect(isWorkday("2026-10-01")).toBe(false);
    expect(isWorkday("2026-10-10")).toBe(true);
    expect(isWorkday("2026-10-11")).toBe(false);
    expect(isWorkday("2026-10-12")).toBe(true);
  });

  it("names every line it cannot read", () => {
    const { errors } = parseHolidayCsv("2026-10-01,holiday\n2026-13-01,holiday\n2026-10-03,maybe\n");
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
  });
});

describe("missed periods for a whole board at once", () => {
  it("agrees with the period-by-period count on every daily case", async () => {
    const { missedCounter } = await import("#src/domain/periods.js");
    const { addDays } = await import("#src/domain/calendar.js");
    const calendar = workdayTest([
      { day: "2026-10-01", workday: false, name: null },
      { day: "2026-10-10", workday: true, name: null },
    ]);
    const today = "2026-10-14";
    const fast = missedCounter(today, calendar);
    for (let back = 0; back <= 120; back += 3) {
      for (const sinceBack of [0, 5, 40, 200, 500]) {
        const last = back === 0 ? null : addDays(today, -back);
        const since = addDays(today, -sinceBack);
        expect(fast(last, since, "daily")).toBe(consecutiveMissed(last, since, today, "daily", calendar));
      }
    }
  });
});

describe("leave is not a missed report", () => {
  it("does not count the days an officer was on leave", async () => {
    const { missedCounter } = await import("#src/domain/periods.js");
    const fast = missedCounter("2026-07-06", workdayTest([]));
    // Reported Friday 06-26, on leave 06-29 to 07-03, back Monday 07-06: nothing missed.
    expect(fast("2026-06-26", "2026-06-01", "daily", [{ from: "2026-06-29", to: "2026-07-03" }])).toBe(0);
    expect(fast("2026-06-26", "2026-06-01", "daily")).toBe(5);
    // On leave only Monday to Wednesday: Thursday and Friday were missed.
    expect(fast("2026-06-26", "2026-06-01", "daily", [{ from: "2026-06-29", to: "2026-07-01" }])).toBe(2);
    // A weekly task whose officer was away the whole week missed nothing that week.
    expect(fast("2026-06-22", "2026-06-01", "weekly", [{ from: "2026-06-29", to: "2026-07-05" }])).toBe(0);
    expect(fast("2026-06-22", "2026-06-01", "weekly")).toBe(1);
  });
});
