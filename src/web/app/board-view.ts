import type { Messages } from "#src/locales/index.js";
import type { BoardJson, ProblemRow } from "#src/views/board/types.js";
import { chartWords, formatPoints, lagChartOption, type ChartEnv } from "#src/views/charts/options.js";
import { drawChart } from "./charts.js";
import { card, link, list, taskItem, tile, topBar, unitItem, type ViewContext } from "./components.js";
import { h } from "./h.js";

/** Units in the page's chart; the list under it has every one. */
const CHART_UNITS = 12;

/** The board: the digest's figures, the units ranked, what is at risk, late, stuck and ordered. */
export function boardView(ctx: ViewContext, board: BoardJson, env: ChartEnv): HTMLElement {
  const { t } = ctx;
  const chart = h("div", { class: "chart", "data-testid": "lag-chart" });
  drawChart(chart, unitChart(board, board.units.slice(0, CHART_UNITS), env, t));
  return h(
    "div",
    { class: "view board", "data-testid": "board" },
    topBar(t.pageTitle, [t.pageAsOf(board.day), board.viewer ? ` · ${t.pageViewer(board.viewer)}` : ""], null, t),
    figureTiles(board, t),
    board.change ? changeCard(board.change, t) : null,
    // The trend is the whole district's (the saved digests): for leaders and admins.
    board.scope.kind === "all"
      ? link(ctx, { view: "trend", days: 30 }, { class: "trend-link", "data-testid": "trend-link" }, t.pageTrendLink, h("span", { "aria-hidden": "true" }, " ›"))
      : null,
    card(
      null,
      chart,
      board.units.length > CHART_UNITS ? h("p", { class: "more" }, t.chartMoreUnits(board.units.length - CHART_UNITS)) : null,
    ),
    card(t.pageUnits(board.units.length), list(board.units.map((u) => unitItem(ctx, u)), board.units.length, t)),
    card(t.pageAtRisk(board.atRiskCount), list(board.atRisk.map((row) => taskItem(ctx, row, "risk-row")), board.atRiskCount, t)),
    card(t.pageLate(board.late.count), list(board.late.tasks.map((row) => taskItem(ctx, row, "late-row")), board.late.count, t)),
    card(t.pageProblems(board.problemCount), list(board.problems.map((p) => problemItem(ctx, p)), board.problemCount, t)),
    card(t.pageOrders, orderCounts(board.orders, t)),
  );
}

/** The lag chart of the digest's picture, for the given units. */
export function unitChart(board: BoardJson, units: BoardJson["units"], env: ChartEnv, t: Messages) {
  const words = chartWords(t);
  return lagChartOption(
    { title: words.lagTitle(board.day), units: units.map((u) => ({ name: u.name, lag: u.lag, light: u.light, red: u.red, yellow: u.yellow, green: u.green })), labels: words.lag },
    env,
  );
}

/** Total, the three lights, reporting and average lag: the digest's headline as tiles. */
export function figureTiles(board: BoardJson, t: Messages): HTMLElement {
  const { counts, reporting } = board;
  const rate = reporting.due ? `${Math.round((reporting.reported / reporting.due) * 100)}%` : "–";
  const lights = (["red", "yellow", "green"] as const).map((light) =>
    h(
      "div",
      { class: `tile tile-light light-${light}` },
      h("div", { class: "tile-label" }, h("i", { class: "dot", "aria-hidden": "true" }), light === "green" ? t.chartGreen : light === "yellow" ? t.chartYellow : t.chartRed),
      h("div", { class: "tile-value", "data-testid": `count-${light}` }, String(counts[light])),
      light === "red" && counts.overdue ? h("div", { class: "tile-note" }, `${t.pageOverdue} ${counts.overdue}`) : null,
    ),
  );
  return h(
    "div",
    { class: "tiles" },
    tile(t.pageTotal, h("span", { "data-testid": "total" }, String(board.total))),
    ...lights,
    tile(t.pageReporting, h("span", { "data-testid": "reporting" }, `${reporting.reported}/${reporting.due}`), rate),
    tile(t.pageAverageLag, board.averageLag === null ? "–" : formatPoints(board.averageLag), t.pagePoints),
  );
}

/** Since the last digest: 严重滞后, 未报 and 平均滞后 before → now, with an arrow that says better or worse. */
function changeCard(change: NonNullable<BoardJson["change"]>, t: Messages): HTMLElement {
  const line = (label: string, before: number | null, now: number | null) => {
    const show = (n: number | null) => (n === null ? "–" : formatPoints(n));
    const delta = before === null || now === null ? 0 : now - before;
    // More red, more missing, more lag: all worse.
    const trend = delta > 0 ? "worse" : delta < 0 ? "better" : "same";
    return h(
      "li",
      { class: `change-line ${trend}` },
      h("span", { class: "change-label" }, label),
      h("span", { class: "change-figures" }, `${show(before)} → ${show(now)}`, h("span", { class: "arrow", "aria-hidden": "true" }, delta > 0 ? " ▲" : delta < 0 ? " ▼" : " ＝")),
    );
  };
  return card(
    t.pageChange,
    h(
      "ul",
      { class: "change" },
      line(t.pageChangeRed, change.red[0], change.red[1]),
      line(t.pageChangeMissing, change.missing[0], change.missing[1]),
      line(t.pageChangeLag, change.averageLag[0], change.averageLag[1]),
    ),
    change.newlyRed.length ? h("p", { class: "change-names worse" }, t.pageNewlyRed(change.newlyRed.join(t.listSeparator))) : null,
    change.recovered.length ? h("p", { class: "change-names better" }, t.pageRecovered(change.recovered.join(t.listSeparator))) : null,
  );
}

/** An open problem, oldest first: how long it has been open stands out. */
export function problemItem(ctx: ViewContext, problem: ProblemRow): HTMLElement {
  const { t } = ctx;
  return h(
    "li",
    null,
    link(
      ctx,
      { view: "task", code: problem.taskCode },
      { class: "row problem", "data-testid": "problem-row", "data-code": problem.taskCode },
      h("span", { class: "row-title" }, h("span", { class: "code" }, problem.taskCode), " ", h("span", { class: "name" }, problem.taskName)),
      h("span", { class: "row-side days" }, t.pageDaysOpen(problem.days)),
      h("span", { class: "row-meta" }, h("span", { class: "tag" }, t.blocker[problem.category]), h("span", null, problem.unit), h("span", null, problem.owner)),
      problem.text ? h("span", { class: "row-text" }, problem.text) : null,
    ),
  );
}

/** Open 督办单 by level: 蓝 / 黄 / 红. */
export function orderCounts(orders: BoardJson["orders"], t: Messages): HTMLElement {
  return h(
    "div",
    { class: "orders" },
    (["blue", "yellow", "red"] as const).map((level) =>
      h("div", { class: `order order-${level}`, "data-testid": `orders-${level}` }, h("span", { class: "order-count" }, String(orders[level])), h("span", { class: "order-label" }, t.pageOrderLevel[level])),
    ),
  );
}
