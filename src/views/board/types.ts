/**
 * The board's JSON: what `GET /api/board`, `/api/units/:id`, `/api/tasks/:code` and `/api/trend`
 * answer, and what the page in the browser (src/web/app) reads. Plain types only: the page
 * imports this file, so nothing here may pull in server code.
 */
import type { Light } from "#src/domain/plan.js";
import type { DigestChange } from "#src/domain/standing.js";
import type { Forecast } from "#src/domain/forecast.js";
import type { BlockerCategory, Language, TaskStatus } from "#src/domain/types.js";

export type Day = string;

/** Where the viewer's rights end: everything (leaders, admins, screens) or some units (an officer). */
export type BoardScope = { kind: "all" } | { kind: "units"; unitIds: number[] };

/** When a task will finish at its recent pace, or why there is no date (the forecast's own kinds). */
export type ForecastJson = Forecast;

/** One task in a list: enough to rank it and to open it. */
export interface TaskRow {
  code: string;
  name: string;
  unitId: number;
  unit: string;
  owner: string;
  status: TaskStatus;
  mustDeliver: boolean;
  /** Percent after the latest report; null when never reported. */
  percent: number | null;
  /** Percent the plan expects today; null without a plan. */
  expected: number | null;
  /** Points behind plan (negative: ahead); null without a plan or a report. */
  lag: number | null;
  /** The light the digest shows (overdue counts as red). */
  light: Light;
  overdue: boolean;
  deadline: Day | null;
  /** Whole days since the latest report; null when never reported. */
  lastReportDays: number | null;
  /** Missed its last finished period (the digest's 未报). */
  silent: boolean;
  forecast: ForecastJson;
}

export interface UnitRow {
  id: number;
  name: string;
  /** Average points behind plan of its unfinished planned tasks; null without a plan. */
  lag: number | null;
  light: Light;
  tasks: number;
  red: number;
  yellow: number;
  green: number;
}

export interface ProblemRow {
  taskCode: string;
  taskName: string;
  unit: string;
  owner: string;
  category: BlockerCategory;
  text: string;
  openedOn: Day;
  /** Days open. */
  days: number;
}

/** Said by the board, a unit and a task: the board is being computed again after a change. */
export interface Updating {
  /** What is shown is the last board; ask again in a moment for the new one. */
  updating?: boolean;
}

export interface BoardJson extends Updating {
  day: Day;
  language: Language;
  scope: BoardScope;
  /** Who is looking: a name for the header (a screen: null). */
  viewer: string | null;
  total: number;
  counts: { green: number; yellow: number; red: number; overdue: number; missing: number };
  /** Tasks that owed a report for their last finished period, and how many made it. */
  reporting: { due: number; reported: number };
  averageLag: number | null;
  /** Since the last digest before today; null when there was none. */
  change: DigestChange | null;
  /** Every unit in scope, most behind first. */
  units: UnitRow[];
  /** Must-deliver tasks red, yellow or overdue, worst first (at most 10), and how many in all. */
  atRisk: TaskRow[];
  atRiskCount: number;
  /** Tasks forecast to finish after their deadline, latest first (at most 10), and how many in all. */
  late: { count: number; tasks: TaskRow[] };
  /** The oldest open problems (at most 10), and how many are open. */
  problems: ProblemRow[];
  problemCount: number;
  /** Open 督办单 by level. */
  orders: { blue: number; yellow: number; red: number };
}

export interface UnitJson extends Updating {
  day: Day;
  unit: UnitRow;
  /** Its tasks, most behind first. */
  tasks: TaskRow[];
}

export interface ReportJson {
  id: number;
  /** ISO instant. */
  at: string;
  day: Day;
  reporter: string;
  percent: number | null;
  text: string;
  edited: boolean;
  /** Photos sent with it: fetch `/api/tasks/:code/photos/:id` (with the same Authorization). */
  photos: { id: number; width: number | null; height: number | null }[];
}

export interface TaskProblemJson {
  category: BlockerCategory;
  text: string;
  openedOn: Day;
  closedOn: Day | null;
  /** Days open (to today while open, to its close once closed). */
  days: number;
  closeNote: string | null;
}

export interface OrderJson {
  number: string;
  level: "blue" | "yellow" | "red";
  issuedOn: Day;
  dueOn: Day;
  closedOn: Day | null;
}

export interface PlanChangeJson {
  at: string;
  /** The audit trail's action: task.add, task.plan, task.assign, task.update, task.deputy.add, … */
  action: string;
  actor: string | null;
  /** What changed, as the audit trail holds it: before and after of the changed fields. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface TaskJson extends Updating {
  day: Day;
  row: TaskRow;
  start: Day | null;
  milestones: { date: Day; percent: number }[];
  nextStep: string | null;
  /** The S-curve's points: the plan line and the cumulative percent by day. */
  curve: { plan: { date: Day; percent: number }[]; reported: { date: Day; percent: number }[] };
  /** Newest first, at most 50. */
  reports: ReportJson[];
  problems: TaskProblemJson[];
  orders: OrderJson[];
  planChanges: PlanChangeJson[];
}

export interface TrendPoint {
  day: Day;
  averageLag: number | null;
  red: number;
  /** Reported / due of that day's digest, in percent; null when it did not say. */
  reportingRate: number | null;
}

export interface TrendJson {
  days: number;
  points: TrendPoint[];
}

/** What a screen reads: the board and when it was computed. */
export interface ScreenJson {
  board: BoardJson;
  trend: TrendJson;
}
