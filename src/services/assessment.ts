/**
 * 考核: per officer and per unit over a period — reporting rate (periods reported / due), average
 * lag, days red, tasks completed on time, problems closed and their average age. Each day is judged
 * against the plan as it stood that day: plan changes are audited ("task.plan" before/after), so
 * the plan of any past day is the last change made by then (or the first change's "before").
 */
import type { Db } from "#src/db/database.js";
import { addDays, dateToDay, dayInZone, daysBetween, type Day } from "#src/domain/calendar.js";
import { periodOf, type Cadence } from "#src/domain/periods.js";
import { round1, type LightThresholds } from "#src/domain/plan.js";
import { loadWorkdayTest } from "./calendar.js";
import { groupBy } from "#src/domain/group.js";

export interface AssessmentRow {
  name: string;
  /** The officer's unit(s), or the unit itself. */
  unit: string;
  tasks: number;
  periodsDue: number;
  periodsReported: number;
  /** periodsReported / periodsDue; null when nothing was due. */
  reportingRate: number | null;
  /** Average points behind the day's plan over the days judged (ahead counts as 0). */
  averageLag: number | null;
  daysRed: number;
  completed: number;
  completedOnTime: number;
  problemsClosed: number;
  /** Average days a closed problem was open. */
  averageProblemAge: number | null;
}

export interface Assessment {
  from: Day;
  to: Day;
  officers: AssessmentRow[];
  units: AssessmentRow[];
}

interface PlanVersion {
  /** First day (as a day number) this plan holds. */
  from: number;
  start: number | null;
  deadline: number | null;
  /** Sorted (day number, percent): start 0%, milestones, deadline 100%. */
  points: [number, number][];
  cadence: Cadence;
}

interface PlanJson {
  start?: Day | null;
  deadline?: Day | null;
  milestones?: { date: Day; percent: number }[];
  cadence?: Cadence;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: Day) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;

function version(from: number, json: PlanJson, previous: PlanVersion | null, cadence: Cadence): PlanVersion {
  const start = json.start === undefined ? (previous?.start ?? null) : json.start ? dayNumber(json.start) : null;
  const deadline = json.deadline === undefined ? (previous?.deadline ?? null) : json.deadline ? dayNumber(json.deadline) : null;
  // An empty milestone list in a change means the milestones were kept.
  const milestones: [number, number][] =
    json.milestones && json.milestones.length > 0
      ? json.milestones.map((m) => [dayNumber(m.date), m.percent])
      : (previous?.points.filter(([d, p]) => !(d === previous.start && p === 0) && !(d === previous.deadline && p === 100)) ?? []);
  const points: [number, number][] = [];
  if (start !== null) points.push([start, 0]);
  points.push(...[...milestones].sort((a, b) => a[0] - b[0]));
  if (deadline !== null) points.push([deadline, 100]);
  return { from, start, deadline, points, cadence: json.cadence ?? previous?.cadence ?? cadence };
}

/** The plan's expected percent on day n (as domain/plan expectedPercent, on day numbers). */
function expectedOn(plan: PlanVersion, n: number): number | null {
  const points = plan.points;
  const first = points[0];
  if (!first) return null;
  if (n < first[0]) return plan.start !== null ? 0 : null;
  for (let i = 1; i < points.length; i++) {
    const [ad, ap] = points[i - 1]!;
    const [bd, bp] = points[i]!;
    if (n <= bd) return bd - ad <= 0 ? bp : ap + ((bp - ap) * (n - ad)) / (bd - ad);
  }
  return points[points.length - 1]![1];
}

interface Tally {
  name: string;
  units: Set<string>;
  tasks: number;
  periodsDue: number;
  periodsReported: number;
  lagSum: number;
  lagDays: number;
  daysRed: number;
  completed: number;
  completedOnTime: number;
  problemsClosed: number;
  problemDays: number;
}

const tally = (name: string): Tally => ({
  name,
  units: new Set(),
  tasks: 0,
  periodsDue: 0,
  periodsReported: 0,
  lagSum: 0,
  lagDays: 0,
  daysRed: 0,
  completed: 0,
  completedOnTime: 0,
  problemsClosed: 0,
  problemDays: 0,
});

function row(t: Tally): AssessmentRow {
  return {
    name: t.name,
    unit: [...t.units].sort().join("、"),
    tasks: t.tasks,
    periodsDue: t.periodsDue,
    periodsReported: t.periodsReported,
    reportingRate: t.periodsDue ? Math.round((t.periodsReported / t.periodsDue) * 1000) / 1000 : null,
    averageLag: t.lagDays ? round1(t.lagSum / t.lagDays) : null,
    daysRed: t.daysRed,
    completed: t.completed,
    completedOnTime: t.completedOnTime,
    problemsClosed: t.problemsClosed,
    averageProblemAge: t.problemsClosed ? round1(t.problemDays / t.problemsClosed) : null,
  };
}

/** The assessment of every officer and unit from `from` to `to` (days after `today` are not judged). */
export async function assess(db: Db, from: Day, to: Day, today: Day, timezone: string, thresholds: LightThresholds): Promise<Assessment> {
  const last = to < today ? to : addDays(today, -1) < from ? from : addDays(today, -1);
  const [tasks, audits, dailyReports, closed, isWorkday] = await Promise.all([
    db.task.findMany({ include: { unit: true, owner: true, milestones: true } }),
    db.auditEntry.findMany({ where: { action: "task.plan", entity: "task" }, orderBy: [{ at: "asc" }, { id: "asc" }], select: { at: true, entityId: true, before: true, after: true } }),
    // Per task, the days it reported (as day numbers, ascending) and each day's last cumulative
    // percent (null when none said one): one row a task, not one a report.
    db.$queryRaw<{ taskId: number; days: number[]; percents: (number | null)[] }[]>`
      SELECT "taskId", array_agg(d ORDER BY d) AS days, array_agg(p ORDER BY d) AS percents
      FROM (
        SELECT "taskId", (("reportedAt" AT TIME ZONE ${timezone})::date - DATE '1970-01-01') AS d,
               (array_agg("progressPercent" ORDER BY "reportedAt" DESC) FILTER (WHERE "progressPercent" IS NOT NULL))[1] AS p
        FROM "ProgressReport"
        WHERE "reportedAt" < ${new Date(`${addDays(last, 2)}T00:00:00Z`)}
        GROUP BY 1, 2
      ) daily
      WHERE d <= ${dayNumber(last)}
      GROUP BY 1`,
    db.blocker.findMany({
      where: { resolvedAt: { not: null, gte: new Date(`${from}T00:00:00Z`), lt: new Date(`${addDays(to, 2)}T00:00:00Z`) } },
      select: { taskId: true, openedAt: true, resolvedAt: true },
    }),
    loadWorkdayTest(db),
  ]);

  const auditsByTask = groupBy(audits, (a) => a.entityId);
  const reportsByTask = new Map<number, { day: number; percent: number | null }[]>();
  for (const r of dailyReports) {
    reportsByTask.set(
      r.taskId,
      r.days.map((day, i) => ({ day: Number(day), percent: r.percents[i] === null || r.percents[i] === undefined ? null : Number(r.percents[i]) })),
    );
  }
  // Each cadence's periods over the assessment, once for every task: [first day, last day, has a workday].
  const periodsOf = new Map<Cadence, [number, number, boolean][]>();
  const periods = (cadence: Cadence) => {
    let list = periodsOf.get(cadence);
    if (!list) {
      list = [];
      for (let p = periodOf(from, cadence); p.end <= last; p = periodOf(addDays(p.end, 1), cadence)) {
        list.push([dayNumber(p.start), dayNumber(p.end), hasWorkday(p.start, p.end, cadence, isWorkday)]);
      }
      periodsOf.set(cadence, list);
    }
    return list;
  }

  const officers = new Map<number, Tally>();
  const units = new Map<number, Tally>();
  const first = dayNumber(from);
  const end = dayNumber(last);
  const taskById = new Map(tasks.map((t) => [t.id, t]));

  for (const task of tasks) {
    const officer = officers.get(task.ownerId) ?? tally(task.owner.displayName ?? task.owner.username ?? `#${task.owner.id}`);
    const unit = units.get(task.unitId) ?? tally(task.unit.name);
    officers.set(task.ownerId, officer);
    units.set(task.unitId, unit);
    officer.units.add(task.unit.name);
    unit.units.add(task.unit.name);
    const both = [officer, unit];
    for (const t of both) t.tasks++;

    // The plan's versions: the first change's "before" holds until that change, then each "after".
    const current: PlanJson = {
      start: task.startDate ? dateToDay(task.startDate) : null,
      deadline: task.deadline ? dateToDay(task.deadline) : null,
      milestones: task.milestones.map((m) => ({ date: dateToDay(m.date), percent: m.plannedPercent })),
      cadence: task.cadence,
    };
    const changes = auditsByTask.get(task.code) ?? [];
    const versions: PlanVersion[] = [];
    let previous: PlanVersion | null = null;
    previous = version(-Infinity, (changes[0]?.before as PlanJson | null) ?? current, null, task.cadence);
    versions.push(previous);
    for (const change of changes) {
      previous = version(dayNumber(dayInZone(change.at, timezone)), (change.after as PlanJson | null) ?? {}, previous, task.cadence);
      versions.push(previous);
    }

    const created = dayNumber(dayInZone(task.createdAt, timezone));
    const reports = reportsByTask.get(task.id) ?? [];
    const finishedOn = reports.find((x) => (x.percent ?? 0) >= 100)?.day ?? Infinity;
    // Percent as it stood when the period began: the last report before it.
    let r = 0;
    let percent: number | null = null;
    while (r < reports.length && reports[r]!.day < first) {
      if (reports[r]!.percent !== null) percent = reports[r]!.percent;
      r++;
    }
    let v = 0;
    let done = percent !== null && percent >= 100;
    for (let n = Math.max(first, created); n <= end; n++) {
      while (v + 1 < versions.length && versions[v + 1]!.from <= n) v++;
      while (r < reports.length && reports[r]!.day <= n) {
        if (reports[r]!.percent !== null) percent = reports[r]!.percent;
        r++;
      }
      const plan = versions[v]!;
      if (plan.start !== null && n < plan.start) continue;
      if (task.status === "suspended") continue;
      if (done) continue;
      const reported = percent ?? 0;
      if (reported >= 100) {
        done = true;
        for (const t of both) {
          t.completed++;
          if (plan.deadline === null || n <= plan.deadline) t.completedOnTime++;
        }
        continue;
      }
      const expected = expectedOn(plan, n);
      const behind = expected === null ? null : Math.max(0, expected - reported);
      if (behind !== null) {
        for (const t of both) {
          t.lagSum += behind;
          t.lagDays++;
        }
      }
      const red = (plan.deadline !== null && n > plan.deadline) || (behind ?? 0) > thresholds.redLag;
      if (red) for (const t of both) t.daysRed++;
    }

    // Reporting: each finished period of the task's cadence, after it started, with a working day.
    const plan = versions[versions.length - 1]!;
    const begun = Math.max(created, plan.start ?? created);
    let k = 0;
    if (task.status !== "suspended") {
      for (const [ps, pe, working] of periods(plan.cadence)) {
        if (ps < begun || !working || finishedOn < ps) continue;
        while (k < reports.length && reports[k]!.day < ps) k++;
        const reported = k < reports.length && reports[k]!.day <= pe;
        for (const t of both) {
          t.periodsDue++;
          if (reported) t.periodsReported++;
        }
      }
    }
  }

  for (const b of closed) {
    const task = taskById.get(b.taskId);
    if (!task || !b.resolvedAt) continue;
    const resolved = dayInZone(b.resolvedAt, timezone);
    if (resolved < from || resolved > to) continue;
    const age = Math.max(0, daysBetween(dayInZone(b.openedAt, timezone), resolved));
    for (const t of [officers.get(task.ownerId), units.get(task.unitId)]) {
      if (!t) continue;
      t.problemsClosed++;
      t.problemDays += age;
    }
  }

  const order = (a: AssessmentRow, b: AssessmentRow) => (b.averageLag ?? -1) - (a.averageLag ?? -1) || a.name.localeCompare(b.name);
  return { from, to, officers: [...officers.values()].map(row).sort(order), units: [...units.values()].map(row).sort(order) };
}

function hasWorkday(start: Day, end: Day, cadence: Cadence, isWorkday: (d: Day) => boolean): boolean {
  if (cadence === "daily") return isWorkday(start);
  for (let d = start; d <= end; d = addDays(d, 1)) if (isWorkday(d)) return true;
  return false;
}
