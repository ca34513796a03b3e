import type { Forecast } from "#src/domain/forecast.js";
import type { Messages } from "#src/locales/index.js";

/** 2027-07-30 beside 2027-08-14 reads as 07-30: the year is said once. */
function shortDay(day: string, beside: string): string {
  return day.slice(0, 4) === beside.slice(0, 4) ? day.slice(5) : day;
}

const points = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

/**
 * The forecast in a status card: "预计 2027-08-14 完成（07-30 至 09-02），晚于期限 45 天" and the
 * pace that would meet the deadline; 数据不足 or 停滞 plainly; nothing for a finished task.
 */
export function forecastLines(forecast: Forecast, t: Messages): string[] {
  switch (forecast.kind) {
    case "done":
      return [];
    case "insufficient":
      return [t.forecastInsufficient];
    case "stalled":
      return [t.forecastStalled(forecast.since)];
    case "forecast": {
      const finish = t.forecastFinish(
        forecast.finish,
        shortDay(forecast.earliest, forecast.finish),
        forecast.latest === null ? null : shortDay(forecast.latest, forecast.finish),
        forecast.lateDays,
      );
      const needed = forecast.lateDays > 0 && forecast.neededPerWeek !== null ? [t.forecastNeeded(Number(points(forecast.neededPerWeek)), Number(points(forecast.pacePerWeek)))] : [];
      return [finish, ...needed];
    }
  }
}
