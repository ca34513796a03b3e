import type { Language } from "#src/domain/types.js";
import { languageFromTelegram, messages, type Messages } from "#src/locales/index.js";
import type { BoardJson, ProblemRow, ScreenJson, TaskRow } from "#src/views/board/types.js";
import { browserChartEnv, drawChart } from "./charts.js";
import { figureTiles, orderCounts, unitChart } from "./board-view.js";
import { h, type Child } from "./h.js";
import { loading, ready } from "./ready.js";
import { clockTime, forecastShort, lagText, taskLight } from "./text.js";
import { trendChart } from "./trend-view.js";

/** How often the screen asks whether the board changed (the server answers 304 when not). */
const POLL_MS = 10_000;
/** Rows sent to a list at most; those that do not fit its panel are then taken off and counted. */
const LIST_ROWS = 10;
/** The lag chart's rows (76 px each) and what sits above and below them, in picture pixels. */
const CHART_ROW = 76;
const CHART_CHROME = 116 + 64 + 48 + 40;

/** The 调度会 screen at /screen/<token>: the board at 16:9, no Telegram, refreshed while it changes. */
export function startScreen(root: HTMLElement, token: string): void {
  let language: Language = languageFromTelegram(navigator.language);
  let t: Messages = messages(language);
  let etag: string | null = null;
  let shown: ScreenJson | null = null;
  let checkedAt: Date | null = null;
  let offline = false;
  let stopped = false;

  document.documentElement.classList.add("screen-mode");
  loading();
  root.replaceChildren(h("p", { class: "loading screen-loading" }, t.pageLoading));

  const draw = (data: ScreenJson): void => {
    if (data.board.language !== language) {
      language = data.board.language;
      t = messages(language);
    }
    document.documentElement.lang = language;
    document.title = t.pageScreenTitle;
    root.replaceChildren(screenView(data, t));
    drawCharts(root, data, language, t);
    for (const block of root.querySelectorAll<HTMLElement>(".panel-block")) fitList(block, t);
    stamp();
    ready("screen");
  };

  const stamp = (): void => {
    // No board yet: the loading line says why it waits.
    const waiting = root.querySelector<HTMLElement>(".screen-loading");
    if (waiting) waiting.textContent = offline ? t.pageReconnecting : t.pageLoading;
    const updated = root.querySelector<HTMLElement>("[data-testid=screen-updated]");
    if (updated && checkedAt) updated.textContent = t.pageUpdated(clockTime(checkedAt));
    root.querySelector(".screen-status")?.classList.toggle("offline", offline);
    const mark = root.querySelector<HTMLElement>("[data-testid=screen-reconnecting]");
    if (mark) mark.hidden = !offline;
  };

  const poll = async (): Promise<void> => {
    try {
      const response = await fetch(`/screen/${token}/board`, { headers: etag ? { "If-None-Match": etag } : {}, cache: "no-store", credentials: "omit" });
      if (response.status === 404) {
        stopped = true;
        root.replaceChildren(endedView(t));
        ready("error");
        return;
      }
      if (response.status === 304 && shown) {
        offline = false;
        checkedAt = new Date();
        stamp();
      } else if (response.ok) {
        const data = (await response.json()) as ScreenJson;
        etag = response.headers.get("ETag");
        offline = false;
        checkedAt = new Date();
        shown = data;
        draw(data);
      } else {
        offline = true;
        stamp();
      }
    } catch {
      // The network or the server is away: keep the last board, say so in a corner.
      offline = true;
      stamp();
    }
    if (!stopped) setTimeout(() => void poll(), POLL_MS);
  };

  let resizing: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener("resize", () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => {
      if (shown && !stopped) draw(shown);
    }, 200);
  });
  void poll();
}

function screenView(data: ScreenJson, t: Messages): HTMLElement {
  const { board } = data;
  return h(
    "div",
    { class: "screen", "data-testid": "screen" },
    h(
      "header",
      { class: "screen-head" },
      h("h1", null, t.pageScreenTitle),
      h("span", { class: "screen-day" }, t.pageAsOf(board.day)),
      h(
        "span",
        { class: "screen-status" },
        h("span", { class: "reconnecting", "data-testid": "screen-reconnecting", hidden: true }, t.pageReconnecting),
        h("span", { class: "updated", "data-testid": "screen-updated" }),
      ),
    ),
    h("div", { class: "screen-figures" }, figureTiles(board, t), h("div", { class: "tile tile-orders" }, h("div", { class: "tile-label" }, t.pageOrders), orderCounts(board.orders, t))),
    h(
      "div",
      { class: "screen-body" },
      h("section", { class: "panel panel-units" }, h("div", { class: "chart-box" }, h("div", { class: "chart", "data-testid": "lag-chart" })), h("p", { class: "more" })),
      h(
        "section",
        { class: "panel panel-lists" },
        panelList(t.pageAtRisk(board.atRiskCount), board.atRisk.slice(0, LIST_ROWS).map((row) => screenTask(row, riskNote(row, t), t)), board.atRiskCount, t),
        panelList(t.pageLate(board.late.count), board.late.tasks.slice(0, LIST_ROWS).map((row) => screenTask(row, forecastShort(row.forecast, t), t)), board.late.count, t),
      ),
      h(
        "section",
        { class: "panel panel-side" },
        h("div", { class: "chart", "data-testid": "trend-chart" }),
        panelList(t.pageProblems(board.problemCount), board.problems.slice(0, LIST_ROWS).map((p) => screenProblem(p, t)), board.problemCount, t),
      ),
    ),
  );
}

function riskNote(row: TaskRow, t: Messages): string {
  return row.overdue && row.deadline ? `${t.pageDeadline(row.deadline)}` : lagText(row.lag, t);
}

function panelList(title: string, items: HTMLElement[], total: number, t: Messages): HTMLElement {
  return h(
    "div",
    { class: "panel-block", "data-total": String(total) },
    h("h2", null, title),
    items.length ? h("ul", { class: "screen-list" }, items) : h("p", { class: "empty" }, t.pageNone),
    h("p", { class: "more" }),
  );
}

/** Takes off the rows a block has no room for, and counts what is not shown (另有 N 项). */
function fitList(block: HTMLElement, t: Messages): void {
  const list = block.querySelector("ul");
  const more = block.querySelector<HTMLElement>(".more");
  if (!list || !more) return;
  const total = Number(block.dataset.total);
  const count = (): void => {
    more.textContent = total > list.children.length ? t.pageMore(total - list.children.length) : "";
  };
  count();
  while (list.children.length > 1 && block.scrollHeight > block.clientHeight + 1) {
    list.lastElementChild?.remove();
    count();
  }
}

function screenTask(row: TaskRow, note: Child, t: Messages): HTMLElement {
  return h(
    "li",
    { class: "screen-row", "data-code": row.code },
    h("span", { class: "screen-row-title" }, h("span", { class: "code" }, row.code), " ", row.name),
    h("span", { class: "screen-row-side" }, taskLight(row, t)),
    h("span", { class: "screen-row-meta" }, row.unit, " · ", row.owner, " · ", note),
  );
}

function screenProblem(problem: ProblemRow, t: Messages): HTMLElement {
  return h(
    "li",
    { class: "screen-row", "data-code": problem.taskCode },
    h("span", { class: "screen-row-title" }, h("span", { class: "code" }, problem.taskCode), " ", problem.taskName),
    h("span", { class: "screen-row-side days" }, t.pageDaysOpen(problem.days)),
    h("span", { class: "screen-row-meta" }, h("span", { class: "tag" }, t.blocker[problem.category]), " ", problem.text || problem.unit),
  );
}

/**
 * The charts, once the layout has its sizes: the lag chart gets as many units as its panel
 * holds at a readable size; the rest are counted under it.
 */
function drawCharts(root: HTMLElement, data: ScreenJson, language: Language, t: Messages): void {
  const env = browserChartEnv(language);
  const box = root.querySelector<HTMLElement>(".panel-units .chart-box");
  const lagChart = root.querySelector<HTMLElement>(".panel-units .chart");
  const more = root.querySelector<HTMLElement>(".panel-units .more");
  if (box && lagChart && more) {
    const fits = unitsThatFit(box, data.board);
    drawChart(lagChart, unitChart(data.board, data.board.units.slice(0, fits), env, t));
    more.textContent = data.board.units.length > fits ? t.chartMoreUnits(data.board.units.length - fits) : "";
  }
  const trend = root.querySelector<HTMLElement>(".panel-side .chart");
  if (trend) drawChart(trend, trendChart(data.trend, env, t));
}

function unitsThatFit(box: HTMLElement, board: BoardJson): number {
  const { width, height } = box.getBoundingClientRect();
  if (!width || !height) return Math.min(board.units.length, 10);
  const pictureHeight = (height / width) * 1080;
  return Math.max(3, Math.min(board.units.length, Math.floor((pictureHeight - CHART_CHROME) / CHART_ROW)));
}

function endedView(t: Messages): HTMLElement {
  document.title = t.pageScreenTitle;
  return h(
    "div",
    { class: "view error-view screen-ended", role: "alert" },
    h("p", { class: "error-message", "data-testid": "error" }, t.pageScreenEnded),
    h("p", { class: "error-hint" }, t.pageScreenEndedHint),
  );
}
