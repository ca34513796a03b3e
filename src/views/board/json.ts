/**
 * The board's JSON, written from the figures the services computed: the same numbers the digest
 * sends, named for the page. Nothing here reads the database.
 */
import { dayInZone, daysBetween, type Day } from "#src/domain/calendar.js";
import { personName, type PersonName } from "#src/domain/people.js";
import { isSilent, lightOf } from "#src/domain/standing.js";
import type { Language } from "#src/domain/types.js";
import type { BoardTask } from "#src/services/board.js";
import type { ScopedBoard, TaskStory, TrendRow, Viewer } from "#src/services/board-read.js";
import type { UnitFigures } from "#src/services/digest.js";
import type { BoardJson, TaskJson, TaskRow, TrendJson, UnitJson, UnitRow } from "./types.js";

/** How many tasks and problems each of the board's lists names. */
const BOARD_LIST = 10;



function taskRow(x: BoardTask, day: Day, timezone: string): TaskRow {
  const lastDay = x.task.lastReportAt ? dayInZone(x.task.lastReportAt, timezone) : null;
  return {
    code: x.task.code,
    name: x.task.name,
    unitId: x.unit.id,
    unit: x.unit.name,
    owner: personName(x.owner),
    status: x.task.status,
    mustDeliver: x.task.mustDeliver,
    percent: x.reported,
    expected: x.expected,
    lag: x.lag,
    light: lightOf(x),
    overdue: x.overdue,
    deadline: x.plan.deadline,
    lastReportDays: lastDay === null ? null : Math.max(0, daysBetween(lastDay, day)),
    silent: isSilent(x),
    forecast: x.forecast,
  };
}

function unitRow(u: UnitFigures): UnitRow {
  return { id: u.id, name: u.name, lag: u.lag, light: u.light, tasks: u.tasks, red: u.red, yellow: u.yellow, green: u.green };
}

/** The board a viewer (or a screen) sees: every figure from the digest's own computation. */
export function boardJson(s: ScopedBoard, viewer: Pick<Viewer, "name" | "scope"> | null, language: Language, timezone: string): BoardJson {
  const f = s.figures;
  const row = (x: BoardTask) => taskRow(x, s.day, timezone);
  return {
    day: s.day,
    language,
    scope: viewer?.scope ?? { kind: "all" },
    viewer: viewer?.name ?? null,
    total: f.total,
    counts: f.counts,
    reporting: f.reporting,
    averageLag: f.snapshot.averageLag,
    change: f.change,
    units: f.units.map(unitRow),
    atRisk: f.ranked.atRisk.slice(0, BOARD_LIST).map(row),
    atRiskCount: f.atRiskCount,
    late: { count: f.late.count, tasks: f.ranked.late.slice(0, BOARD_LIST).map((l) => row(l.task)) },
    problems: s.problems.slice(0, BOARD_LIST).map((p) => ({
      taskCode: p.task.task.code,
      taskName: p.task.task.name,
      unit: p.task.unit.name,
      owner: personName(p.task.owner),
      category: p.category,
      text: p.text,
      openedOn: p.openedOn,
      days: Math.max(0, daysBetween(p.openedOn, s.day)),
    })),
    problemCount: f.problemCount,
    orders: s.orders,
  };
}


/** A unit's tasks, most behind first (unplanned last). */
export function unitJson(s: ScopedBoard, unitId: number, timezone: string): UnitJson | null {
  const tasks = s.tasks.filter((x) => x.unit.id === unitId);
  const figures = s.figures.units.find((u) => u.id === unitId);
  if (!figures) return null;
  const ranked = [...tasks].sort((a, b) => (b.lag ?? -Infinity) - (a.lag ?? -Infinity) || a.task.code.localeCompare(b.task.code));
  return { day: s.day, unit: unitRow(figures), tasks: ranked.map((x) => taskRow(x, s.day, timezone)) };
}

export function taskJson(story: TaskStory, day: Day, timezone: string): TaskJson {
  const on = (at: Date) => dayInZone(at, timezone);
  const named = (p: PersonName | null) => (p ? personName(p) : null);
  return {
    day,
    row: taskRow(story.task, day, timezone),
    start: story.task.plan.start,
    milestones: story.task.plan.milestones.map((m) => ({ date: m.date, percent: m.percent })),
    nextStep: story.task.task.nextStep,
    curve: {
      plan: story.curve.plan.map((p) => ({ date: p.date, percent: p.percent })),
      reported: story.curve.reported.map((p) => ({ date: p.date, percent: p.percent })),
    },
    reports: story.reports.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      day: on(r.at),
      reporter: named(r.reporter) ?? "",
      percent: r.percent,
      text: r.text,
      edited: r.edited,
      photos: r.photos,
    })),
    problems: story.problems.map((p) => {
      const openedOn = on(p.openedAt);
      const closedOn = p.closedAt ? on(p.closedAt) : null;
      return {
        category: p.category as TaskJson["problems"][number]["category"],
        text: p.text,
        openedOn,
        closedOn,
        days: Math.max(0, daysBetween(openedOn, closedOn ?? day)),
        closeNote: p.closeNote,
      };
    }),
    orders: story.orders.map((o) => ({
      number: `${o.year}-${String(o.serial).padStart(3, "0")}`,
      level: o.level,
      issuedOn: on(o.issuedAt),
      dueOn: o.dueOn.toISOString().slice(0, 10),
      closedOn: o.closedAt ? on(o.closedAt) : null,
    })),
    planChanges: story.changes.map((c) => ({
      at: c.at.toISOString(),
      action: c.action,
      actor: named(c.actor),
      before: asRecord(c.before),
      after: asRecord(c.after),
    })),
  };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The district's lag, red count and reporting rate, one point per saved digest. */
export function trendJson(days: number, rows: TrendRow[]): TrendJson {
  return {
    days,
    points: rows.map(({ day, averageLag, red, reporting }) => ({
      day,
      averageLag,
      red,
      reportingRate: reporting && reporting.due > 0 ? Math.round((1000 * reporting.reported) / reporting.due) / 10 : null,
    })),
  };
}
