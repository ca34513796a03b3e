import type { Forecast } from "#src/domain/forecast.js";
import type { Messages } from "#src/locales/index.js";
import type { BoardTask } from "#src/services/board.js";
import { personName } from "./format.js";

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

/** Display width: a CJK character takes two columns of a terminal. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

const pad = (text: string, columns: number) => text + " ".repeat(Math.max(0, columns - width(text)));

/**
 * Every task's forecast as a table for the terminal (`duban forecast`): the latest finish first,
 * then the ones without a date (停滞, 数据不足), finished tasks left out.
 */
export function forecastTable(tasks: readonly BoardTask[], day: string, t: Messages): string {
  const order = (f: Forecast) => (f.kind === "forecast" ? 0 : f.kind === "stalled" ? 1 : 2);
  const rows = tasks
    .filter((x) => x.forecast.kind !== "done")
    .sort((a, b) => order(a.forecast) - order(b.forecast) || lateOf(b.forecast) - lateOf(a.forecast) || a.task.code.localeCompare(b.task.code))
    .map((x) => {
      const f = x.forecast;
      const dated = f.kind === "forecast";
      return [
        x.task.code,
        x.task.name,
        x.unit.name,
        personName(x.owner),
        x.reported === null ? "—" : `${Math.round(x.reported * 10) / 10}%`,
        x.plan.deadline ?? "—",
        dated ? f.finish : t.forecastWord[f.kind as "insufficient" | "stalled"],
        dated ? `${f.earliest}..${f.latest ?? "…"}` : "",
        dated ? String(f.lateDays) : "",
        dated ? points(f.pacePerWeek) : "",
        dated && f.lateDays > 0 && f.neededPerWeek !== null ? points(f.neededPerWeek) : "",
      ];
    });
  const head = [t.bulletinCode, t.bulletinName, t.bulletinUnit, t.bulletinOwner, t.bulletinReported, t.bulletinDeadline, t.bulletinForecast, t.forecastRange, t.forecastLateDays, t.forecastPace, t.bulletinNeededPerWeek];
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.min(24, Math.max(...all.map((r) => width(r[c] ?? "")))));
  const clip = (text: string, columns: number) => {
    let out = "";
    for (const ch of text) {
      if (width(out + ch) > columns) return `${out.slice(0, -1)}…`;
      out += ch;
    }
    return out;
  };
  const lines = all.map((r) => r.map((cell, c) => pad(clip(cell, widths[c] ?? 10), widths[c] ?? 10)).join("  ").trimEnd());
  return [t.forecastTableTitle(day, rows.length), ...lines].join("\n");
}

function lateOf(f: Forecast): number {
  return f.kind === "forecast" ? f.lateDays : -Infinity;
}
