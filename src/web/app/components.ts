import type { Messages } from "#src/locales/index.js";
import type { TaskRow, UnitRow } from "#src/views/board/types.js";
import { h, type Child } from "./h.js";
import { forecastShort, lagText, lightBadge, lightWord, percentText, reportAge, taskLight } from "./text.js";

/** Where the page can go: each is a URL (`?view=…`) so the back button and a reload work. */
export type Route = { view: "board" } | { view: "unit"; id: number } | { view: "task"; code: string } | { view: "trend"; days: number };

/** What every view is handed: the words, and a way to go elsewhere. */
export interface ViewContext {
  t: Messages;
  href(route: Route): string;
  go(route: Route): void;
}

/** A link inside the page: a real href (long-press, new tab), followed in place. */
export function link(ctx: ViewContext, route: Route, attributes: Record<string, string>, ...children: Child[]): HTMLAnchorElement {
  return h(
    "a",
    {
      ...attributes,
      href: ctx.href(route),
      onclick: (event: Event) => {
        const mouse = event as MouseEvent;
        if (mouse.ctrlKey || mouse.metaKey || mouse.shiftKey || mouse.button !== 0) return;
        event.preventDefault();
        ctx.go(route);
      },
    },
    ...children,
  );
}

/** A titled block of the page. */
export function card(title: Child, ...children: Child[]): HTMLElement {
  return h("section", { class: "card" }, title === null ? null : h("h2", null, title), ...children);
}

/** A figure tile: a label, a big value, a note under it. */
export function tile(label: string, value: Child, note?: Child, attributes: Record<string, string> = {}): HTMLElement {
  return h("div", { class: "tile", ...attributes }, h("div", { class: "tile-label" }, label), h("div", { class: "tile-value" }, value), note ? h("div", { class: "tile-note" }, note) : null);
}

/** The 红/黄/绿 counts as dots with numbers, red first (as the digest lists them). */
export function lightCounts(counts: Pick<UnitRow, "red" | "yellow" | "green">, t: Messages): HTMLElement {
  return h(
    "span",
    { class: "counts" },
    (["red", "yellow", "green"] as const).map((light) =>
      h("span", { class: `count light-${light}`, title: lightWord(light, t) }, h("i", { class: "dot", "aria-hidden": "true" }), String(counts[light])),
    ),
  );
}

/** One task in a list: code and name, its light, then percent against plan, owner, report age and forecast. */
export function taskItem(ctx: ViewContext, row: TaskRow, testId: string, extra: Child[] = []): HTMLElement {
  const { t } = ctx;
  const vsPlan = `${percentText(row.percent, t)}${row.expected === null ? "" : ` / ${t.pageExpected(percentText(row.expected, t))}`}`;
  return h(
    "li",
    null,
    link(
      ctx,
      { view: "task", code: row.code },
      { class: "row task", "data-testid": testId, "data-code": row.code },
      h("span", { class: "row-title" }, h("span", { class: "code" }, row.code), " ", h("span", { class: "name" }, row.name), row.mustDeliver ? h("span", { class: "tag" }, t.pageMustDeliver) : null),
      h("span", { class: "row-side" }, taskLight(row, t)),
      h(
        "span",
        { class: "row-meta" },
        h("span", { class: "figure" }, vsPlan),
        row.lag === null ? null : h("span", null, lagText(row.lag, t)),
        h("span", null, row.owner),
        h("span", { class: row.lastReportDays === null || row.silent ? "warn" : "" }, reportAge(row, t)),
        row.silent && row.lastReportDays !== null ? h("span", { class: "warn" }, t.pageSilent) : null,
        h("span", { class: row.forecast.kind === "forecast" && row.forecast.lateDays > 0 ? "warn" : "" }, forecastShort(row.forecast, t)),
        ...extra,
      ),
    ),
  );
}

/** One unit in the ranking: its name and light, its lag and its tasks' lights. */
export function unitItem(ctx: ViewContext, unit: UnitRow): HTMLElement {
  const { t } = ctx;
  return h(
    "li",
    null,
    link(
      ctx,
      { view: "unit", id: unit.id },
      { class: "row unit", "data-testid": "unit-row", "data-unit-id": String(unit.id) },
      h("span", { class: "row-title" }, h("span", { class: "name" }, unit.name)),
      h("span", { class: "row-side" }, lightBadge(unit.light, lagText(unit.lag, t))),
      h("span", { class: "row-meta" }, h("span", null, t.pageUnitTasks(unit.tasks)), lightCounts(unit, t)),
    ),
  );
}

/** A list, or a quiet 无 when empty, with 另有 N 项 when the server sent only the first ones. */
export function list(items: HTMLElement[], total: number, t: Messages): HTMLElement {
  if (!items.length) return h("p", { class: "empty" }, t.pageNone);
  return h("div", null, h("ul", { class: "list" }, items), total > items.length ? h("p", { class: "more" }, t.pageMore(total - items.length)) : null);
}

/** A back link to the board (or wherever the history says). */
export function topBar(title: Child, meta: Child, back: (() => void) | null, t: Messages): HTMLElement {
  return h(
    "header",
    { class: "topbar" },
    back ? h("button", { class: "back", type: "button", onclick: back, "aria-label": t.pageBack }, "‹ ", t.pageBack) : null,
    h("div", { class: "topbar-text" }, h("h1", null, title), meta ? h("p", { class: "meta" }, meta) : null),
  );
}
