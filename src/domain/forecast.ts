import { addDays, daysBetween, type Day } from "./calendar.js";

/**
 * When a task will finish at its recent pace: "按目前进度，能否按期完成？". Pure: reports, the
 * plan's dates and the district's workday calendar in; a date (with a range), or a plain reason
 * there is none, out.
 */

/** One report's percent on its day (the day's last, when there were several). */
export interface ForecastPoint {
  day: Day;
  percent: number;
}

export type Forecast =
  /** Completed: nothing to forecast. */
  | { kind: "done" }
  /** Fewer than 3 reports, or under 10 days between the first and the latest: 数据不足. */
  | { kind: "insufficient" }
  /** No rise across the last three reports, which span at least a week: 停滞 (no date). */
  | { kind: "stalled"; since: Day }
  | {
      kind: "forecast";
      /** The workday the pace reaches 100%. */
      finish: Day;
      /** The range from the spread of the pace (latest null: at the slow end it never gets there). */
      earliest: Day;
      latest: Day | null;
      /** finish − deadline in calendar days: positive is late. */
      lateDays: number;
      /** Points per week at the recent pace (five workdays). */
      pacePerWeek: number;
      /** Points per week that would meet the deadline (null: the deadline has passed). */
      neededPerWeek: number | null;
    };

/** The pace is read from the reports of at most the last 30 workdays. */
export const FORECAST_WINDOW_WORKDAYS = 30;
const MIN_REPORTS = 3;
const MIN_HISTORY_DAYS = 10;
const STALL_SPAN_DAYS = 7;
/** A finish further than this is no date anyone can use: "never" at that pace. */
const HORIZON_WORKDAYS = 2500;

/**
 * Workdays counted from a fixed day, both ways: the index of a day, and the day of an index.
 * Built once per calendar and range, so a forecast of 10,000 tasks counts no day twice.
 */
export class WorkdayLine {
  private readonly indexByOffset: Int32Array;
  private readonly workdays: Day[] = [];

  constructor(
    private readonly from: Day,
    days: number,
    isWorkday: (day: Day) => boolean,
  ) {
    this.indexByOffset = new Int32Array(days + 1);
    let index = 0;
    for (let offset = 0; offset <= days; offset++) {
      const day = addDays(from, offset);
      // The index of a day off is the workday before it: Saturday counts as Friday.
      if (isWorkday(day)) {
        index++;
        this.workdays.push(day);
      }
      this.indexByOffset[offset] = index;
    }
  }

  /** A line from `from` for `years` years. */
  static covering(from: Day, years: number, isWorkday: (day: Day) => boolean): WorkdayLine {
    return new WorkdayLine(from, Math.ceil(years * 366), isWorkday);
  }

  // Days repeat across tasks (every task reported on the same days): each is read once.
  private readonly known = new Map<Day, number>();

  /** Workdays from the line's start up to and including the day. */
  index(day: Day): number {
    const known = this.known.get(day);
    if (known !== undefined) return known;
    const offset = daysBetween(this.from, day);
    const index = offset < 0 ? 0 : (this.indexByOffset[Math.min(offset, this.indexByOffset.length - 1)] ?? 0);
    this.known.set(day, index);
    return index;
  }

  /** The day of a workday index (the last one the line holds, past its end). */
  day(index: number): Day {
    const i = Math.max(1, Math.min(Math.ceil(index), this.workdays.length));
    return this.workdays[i - 1] ?? this.from;
  }

  get last(): number {
    return this.workdays.length;
  }
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return (sorted[below] ?? 0) + ((sorted[above] ?? 0) - (sorted[below] ?? 0)) * (position - below);
}

/**
 * Theil–Sen: the median of the slopes between every pair of points, and the median intercept.
 * One odd report moves a handful of the slopes, not their median. The quartiles of the slopes
 * give the range.
 */
export function robustLine(x: readonly number[], y: readonly number[]): { slope: number; intercept: number; slow: number; fast: number } {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = (x[j] ?? 0) - (x[i] ?? 0);
      if (dx !== 0) slopes.push(((y[j] ?? 0) - (y[i] ?? 0)) / dx);
    }
  }
  const sorted = Float64Array.from(slopes).sort();
  const slope = sorted.length ? median(sorted) : 0;
  const intercepts = Float64Array.from(x.map((xi, i) => (y[i] ?? 0) - slope * xi)).sort();
  return { slope, intercept: median(intercepts), slow: sorted.length ? quantile(sorted, 0.25) : 0, fast: sorted.length ? quantile(sorted, 0.75) : 0 };
}

export interface ForecastInput {
  /** The task's reports, oldest first (a day once: its last percent). */
  points: readonly ForecastPoint[];
  deadline: Day;
  today: Day;
  completed: boolean;
  line: WorkdayLine;
}

/** The task's finish at its recent pace, or why there is none. */
export function forecastTask({ points, deadline, today, completed, line }: ForecastInput): Forecast {
  const last = points.at(-1);
  if (completed || (last && last.percent >= 100)) return { kind: "done" };
  const first = points[0];
  if (!last || !first || points.length < MIN_REPORTS || daysBetween(first.day, last.day) < MIN_HISTORY_DAYS) return { kind: "insufficient" };
  // No rise over the last week or more of reports (at least three of them): stalled. The
  // reports are compared, not the days between them: a week without reports is not a stall.
  // One odd report among them does not make a stall: the week's own robust pace must be flat too.
  // The last three reports, or all of the last week's when there were more.
  const weekBefore = lastReportBefore(points, addDays(last.day, -STALL_SPAN_DAYS));
  if (weekBefore !== null) {
    const from = Math.min(weekBefore, points.length - MIN_REPORTS);
    const stretch = points.slice(from);
    const flat = last.percent <= (points[from] as ForecastPoint).percent && robustLine(stretch.map((p) => line.index(p.day)), stretch.map((p) => p.percent)).slope <= 0;
    if (flat) return { kind: "stalled", since: (points[from] as ForecastPoint).day };
  }
  const lastThree = points.slice(-MIN_REPORTS);

  const lastIndex = line.index(last.day);
  // The reports of the last 30 workdays (counted back from the latest: a long history costs nothing).
  const x: number[] = [];
  const y: number[] = [];
  for (let i = points.length - 1; i >= 0; i--) {
    const point = points[i] as ForecastPoint;
    const index = line.index(point.day);
    if (lastIndex - index > FORECAST_WINDOW_WORKDAYS && x.length >= MIN_REPORTS) break;
    x.unshift(index);
    y.unshift(point.percent);
  }
  // Work stopped and started again within the window: the pace is read from the workdays worked,
  // the stop left out (the days after it moved back by its length), as work resumes at its pace.
  const pause = latestPause(x, y);
  if (pause) {
    const length = (x[pause.end] ?? 0) - (x[pause.begin] ?? 0);
    x.splice(pause.begin + 1, pause.end - pause.begin);
    y.splice(pause.begin + 1, pause.end - pause.begin);
    for (let i = pause.begin + 1; i < x.length; i++) x[i] = (x[i] ?? 0) - length;
  }
  const fit = robustLine(x, y);
  // The line's own workday for "now" (moved back by the stop, if any).
  const nowIndex = x.at(-1) ?? lastIndex;
  if (fit.slope <= 0) return { kind: "stalled", since: last.day };
  // Where the task stands now by the fitted line (one odd latest report does not move it), never
  // below what was really reported as the worst of the last two.
  const level = Math.min(100, Math.max(fit.intercept + fit.slope * nowIndex, Math.min(last.percent, lastThree.at(-2)?.percent ?? last.percent)));
  const finishAt = (slope: number) => {
    if (slope <= 0) return null;
    const workdays = (100 - level) / slope;
    return workdays > HORIZON_WORKDAYS ? null : line.day(lastIndex + Math.max(1, Math.ceil(workdays)));
  };
  const finish = finishAt(fit.slope);
  if (!finish) return { kind: "stalled", since: last.day };
  const earliest = finishAt(Math.max(fit.fast, fit.slope)) ?? finish;
  const latest = finishAt(Math.min(fit.slow, fit.slope));
  const weeksLeft = daysBetween(today, deadline) / 7;
  return {
    kind: "forecast",
    finish,
    earliest,
    latest,
    lateDays: daysBetween(deadline, finish),
    pacePerWeek: fit.slope * 5,
    neededPerWeek: weeksLeft > 0 ? (100 - level) / weeksLeft : null,
  };
}

/** The index of the latest report on or before a day (null: none). */
function lastReportBefore(points: readonly ForecastPoint[], day: Day): number | null {
  for (let i = points.length - 1; i >= 0; i--) if ((points[i] as ForecastPoint).day <= day) return i;
  return null;
}

/** A stretch this long without a rise is a stop, not noise. */
const PAUSE_WORKDAYS = 8;
const PAUSE_RISE = 0.5;

/**
 * The latest stretch of at least 8 workdays without a rise that work went on after: its first
 * and last report (null: none).
 */
function latestPause(x: readonly number[], y: readonly number[]): { begin: number; end: number } | null {
  for (let end = x.length - 2; end > 0; end--) {
    // The flat stretch ending at `end`: the earliest report it reaches back to without a rise.
    let begin = end;
    while (begin > 0 && (y[end] ?? 0) - (y[begin - 1] ?? 0) <= PAUSE_RISE) begin--;
    if ((x[end] ?? 0) - (x[begin] ?? 0) >= PAUSE_WORKDAYS) return { begin, end };
  }
  return null;
}

/** The naive forecast the backtest compares with: a straight line from the start (0%) through the latest report. */
export function naiveFinish(start: Day, latest: ForecastPoint): Day | null {
  const elapsed = daysBetween(start, latest.day);
  if (latest.percent <= 0 || elapsed <= 0) return null;
  return addDays(start, Math.round((elapsed * 100) / latest.percent));
}
