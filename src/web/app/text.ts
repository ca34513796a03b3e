import type { Light } from "#src/domain/plan.js";
import type { Messages } from "#src/locales/index.js";
import type { ForecastJson, TaskRow } from "#src/views/board/types.js";
import { formatPoints } from "#src/views/charts/options.js";
import { lightWord } from "#src/views/format.js";
import { h } from "./h.js";

/** A light as a coloured dot and its word: never colour alone. */
export function lightBadge(light: Light, word: string): HTMLElement {
  return h("span", { class: `light light-${light}` }, h("i", { class: "dot", "aria-hidden": "true" }), word);
}

/** The word for a light, in the charts' terms (正常 / 滞后 / 严重滞后). */
export { lightWord };

/** A task's light badge: an overdue task is red and says so. */
export function taskLight(row: Pick<TaskRow, "light" | "overdue">, t: Messages): HTMLElement {
  return row.overdue ? lightBadge("red", t.pageOverdue) : lightBadge(row.light, lightWord(row.light, t));
}

/** 65% / 进度未知, as the bot's answers write a percent. */
export { formatPercent as percentText } from "#src/views/format.js";

/** 落后 12.5 点 / 超前 3 点 / 与计划持平; 未设计划 when there is no plan. */
export function lagText(lag: number | null, t: Messages): string {
  return lag === null ? t.dgNoPlan : t.dgLag(Number(formatPoints(lag)));
}

/** How old the latest report is: 今天 / 3天前 / 未报. */
export function reportAge(row: Pick<TaskRow, "lastReportDays">, t: Messages): string {
  return row.lastReportDays === null ? t.pageNeverReported : t.pageDaysAgo(row.lastReportDays);
}

/** The forecast in a few words: 预计 2027-01-05 完成（晚 5 天）, 停滞, 数据不足, 已完成. */
export function forecastShort(forecast: ForecastJson, t: Messages): string {
  if (forecast.kind !== "forecast") return t.forecastWord[forecast.kind];
  const finish = t.pageFinishOn(forecast.finish);
  return forecast.lateDays > 0 ? `${finish} · ${t.pageLateBy(forecast.lateDays)}` : finish;
}

/** The forecast as /status says it, with its range and the pace it needs (the bot's own words). */
export { forecastLines } from "#src/views/forecast.js";

/** An ISO instant as the viewer's local YYYY-MM-DD HH:MM. */
export function localInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The local clock as HH:MM:SS. */
export function clockTime(date: Date): string {
  return date.toLocaleTimeString("en-GB", { hour12: false });
}
