import type { Messages } from "#src/locales/index.js";
import type { OrderJson, PlanChangeJson, ReportJson, TaskJson, TaskProblemJson } from "#src/views/board/types.js";
import { chartWords, sCurveOption, type ChartEnv } from "#src/views/charts/options.js";
import { drawChart } from "./charts.js";
import { card, topBar, type ViewContext } from "./components.js";
import { h } from "./h.js";
import { forecastLines, lagText, localInstant, percentText, taskLight } from "./text.js";

/** Loads a report's photo as an object URL (the page revokes them when it leaves the view). */
export type PhotoLoader = (code: string, photoId: number) => Promise<string>;

/** One task: its figures and forecast, its S-curve, its reports, problems, 督办单 and plan changes. */
export function taskView(ctx: ViewContext, task: TaskJson, env: ChartEnv, photo: PhotoLoader, back: () => void): HTMLElement {
  const { t } = ctx;
  const { row } = task;
  const chart = h("div", { class: "chart", "data-testid": "s-curve" });
  drawChart(chart, curveChart(task, env, t));
  const open = task.problems.filter((p) => p.closedOn === null);
  const closed = task.problems.filter((p) => p.closedOn !== null);
  return h(
    "div",
    { class: "view task-view", "data-testid": "task-view" },
    topBar([h("span", { class: "code" }, row.code), " ", row.name], [row.unit, " · ", row.owner], back, t),
    h(
      "section",
      { class: "card task-head" },
      h(
        "div",
        { class: "task-figures" },
        taskLight(row, t),
        h("span", { class: "big" }, percentText(row.percent, t)),
        row.expected === null ? null : h("span", { class: "muted" }, t.pageExpected(percentText(row.expected, t))),
        h("span", { class: "muted" }, lagText(row.lag, t)),
      ),
      h(
        "dl",
        { class: "facts" },
        fact(t.bulletinOwner, row.owner),
        fact(t.bulletinUnit, row.unit),
        fact(t.bulletinDeadline, row.deadline ?? t.noDeadline),
        fact(t.pageStatus, [t.status[row.status], row.mustDeliver ? h("span", { class: "tag" }, t.pageMustDeliver) : null]),
      ),
      forecastLines(row.forecast, t).map((line) => h("p", { class: row.forecast.kind === "forecast" && row.forecast.lateDays > 0 ? "forecast warn" : "forecast" }, line)),
      task.nextStep ? h("p", { class: "next-step" }, t.statusNextStep(task.nextStep)) : null,
    ),
    card(null, chart),
    card(t.pageReports(task.reports.length), task.reports.length ? h("ol", { class: "reports" }, task.reports.map((r) => reportItem(row.code, r, photo, t))) : h("p", { class: "empty" }, t.pageNoReports)),
    task.problems.length ? card(t.pageTaskProblems(task.problems.length), h("ul", { class: "problems" }, [...open, ...closed].map((p) => problemItem(p, t)))) : null,
    task.orders.length ? card(t.pageTaskOrders(task.orders.length), h("ul", { class: "task-orders" }, task.orders.map((o) => orderItem(o, t)))) : null,
    task.planChanges.length ? card(t.pagePlanChanges(task.planChanges.length), h("ul", { class: "plan-changes" }, task.planChanges.map((c) => planChangeItem(c, t)))) : null,
  );
}

function fact(term: string, value: Parameters<typeof h>[2]): HTMLElement[] {
  return [h("dt", null, term), h("dd", null, value)];
}

/** The S-curve as /status draws it: plan, reported in the task's light, today, and the forecast from the latest report. */
function curveChart(task: TaskJson, env: ChartEnv, t: Messages) {
  const { row } = task;
  const latest = [...task.curve.reported].sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  const f = row.forecast;
  return sCurveOption(
    {
      title: `${row.code} ${row.name}`,
      subtitle: t.chartTaskSubtitle(row.unit, row.owner, row.overdue ? t.dgOverdue : lagText(row.lag, t)),
      plan: task.curve.plan,
      reported: task.curve.reported,
      today: task.day,
      light: row.overdue ? "red" : row.light,
      ...(f.kind === "forecast" && latest ? { forecast: { from: latest, finish: f.finish, earliest: f.earliest, latest: f.latest } } : {}),
      labels: chartWords(t).sCurve,
    },
    env,
  );
}

function reportItem(code: string, report: ReportJson, photo: PhotoLoader, t: Messages): HTMLElement {
  return h(
    "li",
    { class: "report", "data-testid": "report-item", "data-report-id": String(report.id) },
    h(
      "div",
      { class: "report-head" },
      h("span", { class: "report-when" }, localInstant(report.at)),
      h("span", { class: "report-who" }, report.reporter),
      report.percent === null ? null : h("span", { class: "report-percent" }, percentText(report.percent, t)),
      report.edited ? h("span", { class: "tag" }, t.pageEdited) : null,
    ),
    report.text ? h("p", { class: "report-text" }, report.text) : null,
    report.photos.length ? h("div", { class: "photos" }, report.photos.map((p) => photoThumb(code, p, photo, t))) : null,
  );
}

/** A thumbnail loaded through the API (it needs the Authorization header); a tap shows it whole. */
function photoThumb(code: string, p: ReportJson["photos"][number], photo: PhotoLoader, t: Messages): HTMLElement {
  const img = h("img", { alt: t.pagePhoto, class: "photo", loading: "lazy", decoding: "async" });
  if (p.width && p.height) {
    img.width = p.width;
    img.height = p.height;
  }
  const button = h("button", { type: "button", class: "photo-button", "aria-label": t.pagePhoto, "data-testid": "photo" }, img);
  photo(code, p.id)
    .then((url) => {
      img.src = url;
      button.addEventListener("click", () => showPhoto(url, t));
    })
    .catch(() => button.classList.add("failed"));
  return button;
}

function showPhoto(url: string, t: Messages): void {
  const close = (): void => overlay.remove();
  const overlay = h("div", { class: "overlay", role: "dialog", "aria-label": t.pagePhoto, onclick: close }, h("img", { src: url, alt: t.pagePhoto }));
  document.body.append(overlay);
}

function problemItem(problem: TaskProblemJson, t: Messages): HTMLElement {
  const open = problem.closedOn === null;
  return h(
    "li",
    { class: open ? "problem open" : "problem closed" },
    h("div", { class: "problem-head" }, h("span", { class: "tag" }, t.blocker[problem.category]), h("span", { class: "muted" }, problem.openedOn)),
    h("p", null, problem.text),
    h("p", { class: open ? "warn" : "muted" }, open ? t.pageProblemOpenFor(problem.days) : t.pageProblemClosedOn(problem.closedOn ?? "", problem.days)),
    problem.closeNote ? h("p", { class: "muted" }, problem.closeNote) : null,
  );
}

function orderItem(order: OrderJson, t: Messages): HTMLElement {
  return h(
    "li",
    { class: "task-order" },
    h("span", { class: `order-chip order-${order.level}` }, t.pageOrderLevel[order.level]),
    h("span", { class: "order-number" }, order.number),
    h("span", { class: "muted" }, t.pageOrderDates(order.issuedOn, order.dueOn)),
    h("span", { class: order.closedOn ? "muted" : "warn" }, order.closedOn ? t.pageOrderClosed(order.closedOn) : t.pageOrderOpen),
  );
}

/** An audit entry in a line or two: when, who, and each changed field as before → after. */
function planChangeItem(change: PlanChangeJson, t: Messages): HTMLElement {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !key.endsWith("Id") && JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
  );
  return h(
    "li",
    { class: "plan-change" },
    h("div", { class: "muted" }, localInstant(change.at), " · ", change.actor ?? t.pageSystem),
    fields.map((key) =>
      h("div", { class: "plan-field" }, h("span", { class: "field" }, t.pageField[key] ?? key), " ", h("span", { class: "before" }, value(before[key], t)), " → ", h("span", { class: "after" }, value(after[key], t))),
    ),
  );
}

/** A changed value, compactly: dates as they are, milestones as 06-30 30%, a target as 18万 m². */
function value(v: unknown, t: Messages): string {
  if (v === null || v === undefined || v === "") return "–";
  if (typeof v === "boolean") return v ? t.pageYes : t.pageNo;
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v)) {
    if (!v.length) return "–";
    return v.map((m: unknown) => (isMilestone(m) ? `${m.date.slice(5)} ${m.percent}%` : value(m, t))).join(t.listSeparator);
  }
  if (typeof v === "object" && "value" in v && "unit" in v) {
    const target = v as { value: unknown; unit: unknown };
    return `${String(target.value)}${typeof target.unit === "string" ? (t.unit[target.unit] ?? target.unit) : ""}`;
  }
  return JSON.stringify(v);
}

function isMilestone(m: unknown): m is { date: string; percent: number } {
  return typeof m === "object" && m !== null && typeof (m as { date?: unknown }).date === "string" && typeof (m as { percent?: unknown }).percent === "number";
}
