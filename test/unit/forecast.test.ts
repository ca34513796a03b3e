import { describe, expect, it } from "vitest";
import { addDays, type Day } from "#src/domain/calendar.js";
import { forecastTask, naiveFinish, robustLine, WorkdayLine, type ForecastPoint } from "#src/domain/forecast.js";
import { workdayTest } from "#src/domain/workdays.js";

const weekdays = (day: Day) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
const line = WorkdayLine.covering("2026-01-01", 4, weekdays);

/** Reports on each workday from a start, the percent given by a function of the workday count. */
function reports(from: Day, workdays: number, percent: (w: number) => number, on = line): ForecastPoint[] {
  const start = on.index(from);
  return Array.from({ length: workdays }, (_, i) => ({ day: on.day(start + i + 1), percent: percent(i + 1) }));
}

describe("the forecast: when a task finishes at its recent pace", () => {
  it("projects a steady pace to 100% on the workday calendar, with the pace needed to meet the deadline", () => {
    // 1 point a workday from 2026-03-02 (a Monday): 40% after 40 workdays, 60 workdays to go.
    const points = reports("2026-03-01", 40, (w) => w);
    const forecast = forecastTask({ points, deadline: "2026-06-30", today: points.at(-1)!.day, completed: false, line });
    expect(forecast).toMatchObject({ kind: "forecast", finish: line.day(line.index(points.at(-1)!.day) + 60), pacePerWeek: 5 });
    if (forecast.kind !== "forecast") return;
    expect(forecast.earliest).toBe(forecast.finish);
    expect(forecast.lateDays).toBe(Math.round((Date.parse(forecast.finish) - Date.parse("2026-06-30")) / 86_400_000));
    expect(forecast.neededPerWeek).toBeGreaterThan(0);
  });

  it("counts holidays and 调休 make-up workdays", () => {
    // A week of Spring Festival off (2027-02-08 to 02-12), one Saturday worked (02-20).
    const calendar = workdayTest([
      ...["2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"].map((day) => ({ day, workday: false, name: "春节" })),
      { day: "2027-02-20", workday: true, name: "调休" },
    ]);
    const isWorkday = (day: Day) => calendar(day) ?? weekdays(day);
    const holidays = WorkdayLine.covering("2026-12-01", 2, isWorkday);
    const points = reports("2027-01-04", 20, (w) => 2 * w, holidays);
    const forecast = forecastTask({ points, deadline: "2027-03-31", today: points.at(-1)!.day, completed: false, line: holidays });
    // 60 points left at 2 a workday: 30 workdays, skipping the festival and taking the Saturday.
    expect(forecast).toMatchObject({ kind: "forecast", finish: holidays.day(holidays.index(points.at(-1)!.day) + 30) });
    if (forecast.kind === "forecast") {
      expect(isWorkday(forecast.finish)).toBe(true);
      expect(forecast.finish > "2027-02-12").toBe(true);
    }
  });

  it("reads the pace after a slow start, where the straight line from the start is far too slow", () => {
    // 10 workdays at 0.5 a day, then 2 a day.
    const points = reports("2026-03-01", 40, (w) => (w <= 10 ? 0.5 * w : 5 + 2 * (w - 10)));
    const forecast = forecastTask({ points, deadline: "2026-12-31", today: points.at(-1)!.day, completed: false, line });
    const left = (100 - 65) / 2;
    expect(forecast).toMatchObject({ kind: "forecast", finish: line.day(line.index(points.at(-1)!.day) + Math.ceil(left)) });
    const naive = naiveFinish("2026-03-01", points.at(-1)!)!;
    expect(naive > (forecast as { finish: Day }).finish).toBe(true);
  });

  it("is not swung by one wrong report", () => {
    const points = reports("2026-03-01", 30, (w) => w + (w === 25 ? 30 : 0));
    const clean = reports("2026-03-01", 30, (w) => w);
    const odd = forecastTask({ points, deadline: "2026-12-31", today: points.at(-1)!.day, completed: false, line });
    const even = forecastTask({ points: clean, deadline: "2026-12-31", today: clean.at(-1)!.day, completed: false, line });
    expect(odd.kind).toBe("forecast");
    expect((odd as { finish: Day }).finish).toBe((even as { finish: Day }).finish);
  });

  it("reads the pace of the workdays worked after a stop, leaving the stop out", () => {
    // 1 a day for 10 workdays, stopped 10 workdays at 10%, then 1 a day again for 8.
    const points = reports("2026-03-01", 28, (w) => (w <= 10 ? w : w <= 20 ? 10 : w - 10));
    const forecast = forecastTask({ points, deadline: "2026-12-31", today: points.at(-1)!.day, completed: false, line });
    expect(forecast).toMatchObject({ kind: "forecast", pacePerWeek: 5 });
  });

  it("says 数据不足 with fewer than 3 reports or under 10 days of them", () => {
    const two = reports("2026-03-01", 2, (w) => 10 * w);
    expect(forecastTask({ points: two, deadline: "2026-12-31", today: "2026-03-10", completed: false, line })).toEqual({ kind: "insufficient" });
    const week = reports("2026-03-01", 5, (w) => 10 * w);
    expect(forecastTask({ points: week, deadline: "2026-12-31", today: "2026-03-10", completed: false, line })).toEqual({ kind: "insufficient" });
  });

  it("says 停滞 when its reports have not risen for a week, and not when reports are only missing", () => {
    const stalled = reports("2026-03-01", 20, (w) => Math.min(w, 14));
    expect(forecastTask({ points: stalled, deadline: "2026-12-31", today: stalled.at(-1)!.day, completed: false, line })).toMatchObject({ kind: "stalled" });
    // Weekly reports, rising each time, with a fortnight missing: a forecast, not a stall.
    const weekly: ForecastPoint[] = [
      { day: "2026-03-02", percent: 10 },
      { day: "2026-03-09", percent: 15 },
      { day: "2026-03-16", percent: 20 },
      { day: "2026-04-06", percent: 35 },
    ];
    expect(forecastTask({ points: weekly, deadline: "2026-12-31", today: "2026-04-20", completed: false, line }).kind).toBe("forecast");
  });

  it("says nothing of a completed task", () => {
    const points = reports("2026-03-01", 20, (w) => 5 * w);
    expect(forecastTask({ points, deadline: "2026-12-31", today: "2026-04-01", completed: false, line })).toEqual({ kind: "done" });
    expect(forecastTask({ points: points.slice(0, 10), deadline: "2026-12-31", today: "2026-04-01", completed: true, line })).toEqual({ kind: "done" });
  });

  it("gives the slope of a straight line exactly, and ignores a single outlier", () => {
    const x = [1, 2, 3, 4, 5, 6, 7];
    expect(robustLine(x, x.map((v) => 3 * v + 1))).toMatchObject({ slope: 3, intercept: 1 });
    expect(robustLine(x, x.map((v) => (v === 4 ? 90 : 3 * v + 1))).slope).toBe(3);
    expect(addDays("2026-03-01", 1)).toBe("2026-03-02");
  });
});
