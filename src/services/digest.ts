import type { Db } from "#src/db/database.js";
import { daysBetween } from "#src/domain/calendar.js";
import type { Light } from "#src/domain/plan.js";
import { round1 } from "#src/domain/plan.js";
import { byUrgency } from "#src/domain/standing.js";
import type { BlockerCategory } from "#src/domain/types.js";
import type { Board, BoardTask } from "./board.js";

/** How many units, officers, tasks and problems the one-screen digest names in each list. */
export const DIGEST_TOP = { units: 3, officers: 3, atRisk: 3, late: 3, problems: 3, best: 3 } as const;
const FINISHED = new Set(["completed", "accepted"]);

/** What the next digest compares itself with. */
export interface DigestSnapshot {
  lags: Record<string, number | null>;
  red: string[];
  averageLag: number | null;
  counts: { green: number; yellow: number; red: number; missing: number };
  /** Tasks that owed a report and how many made it (absent from digests saved before the board). */
  reporting?: { due: number; reported: number };
}

export interface UnitFigures {
  id: number;
  name: string;
  /** Average points behind plan of the unit's unfinished planned tasks (ahead counts as 0); null without a plan. */
  lag: number | null;
  /** Average lag with ahead counting as ahead (negative), to rank the best. */
  net: number | null;
  light: Light;
  tasks: number;
  red: number;
  yellow: number;
  green: number;
}

export interface OfficerFigures {
  owner: BoardTask["owner"];
  unit: string;
  lag: number;
  tasks: number;
}

export interface ProblemFigures {
  taskCode: string;
  taskName: string;
  owner: BoardTask["owner"];
  unit: string;
  category: BlockerCategory;
  text: string;
  openedOn: string;
  days: number;
}

export interface DigestFigures {
  day: string;
  total: number;
  counts: { green: number; yellow: number; red: number; overdue: number; missing: number };
  /** Tasks that owed a report for their last finished period, and how many made it. */
  reporting: { due: number; reported: number };
  /** Every unit with tasks, most behind first. */
  units: UnitFigures[];
  /** The units most behind (lag > 0), at most DIGEST_TOP.units. */
  worstUnits: UnitFigures[];
  /** The units furthest ahead or least behind, not among the worst, at most DIGEST_TOP.best. */
  bestUnits: UnitFigures[];
  /** Officers most behind, by name. */
  officers: OfficerFigures[];
  /** Must-deliver tasks red, yellow or overdue, worst first: the first DIGEST_TOP.atRisk, and how many in all. */
  atRisk: BoardTask[];
  atRiskCount: number;
  /**
   * Tasks whose forecast finish is after their deadline: how many, and the ones late by the most
   * days (DIGEST_TOP.late) not already named in atRisk.
   */
  late: { count: number; worst: { task: BoardTask; lateDays: number; finish: string }[] };
  /**
   * Every must-deliver task at risk and every task forecast late, worst first: the digest names
   * the first few of each (atRisk, late.worst), the board more.
   */
  ranked: { atRisk: BoardTask[]; late: { task: BoardTask; lateDays: number; finish: string }[] };
  /** The oldest open problems (DIGEST_TOP.problems), one per task, on tasks not already named in atRisk or late. */
  problems: ProblemFigures[];
  problemCount: number;
  /** Tasks silent for their last finished period (started by plan, due in their cadence, owner not on leave). */
  missing: BoardTask[];
  change: DigestChange | null;
  inactiveChats: string[];
  snapshot: DigestSnapshot;
}

function average(values: number[]): number | null {
  return values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

import { isSilent, lightOf, type DigestChange } from "#src/domain/standing.js";

const byCode = (a: BoardTask, b: BoardTask) => a.task.code.localeCompare(b.task.code);
const nameOf = (p: BoardTask["owner"]) => p.displayName ?? p.username ?? "";

/**
 * The leaders' figures, pure over the day's board, in one pass per list: O(tasks + problems),
 * never O(reports). Every view (digest text, chart, bulletin) is written from these.
 */
export function digestFigures(board: Board, previous: DigestSnapshot | null): DigestFigures {
  const tasks = board.tasks;
  // Rankings look at work still to do: a finished task is not behind, and one far ahead must not
  // hide another far behind in the same unit's or officer's average.
  const isPlanned = (x: BoardTask) => x.lag !== null && !FINISHED.has(x.task.status);
  const behindBy = (x: BoardTask) => Math.max(0, x.lag ?? 0);
  const counts = { green: 0, yellow: 0, red: 0, overdue: 0, missing: 0 };
  const reporting = { due: 0, reported: 0 };
  const perUnit = new Map<number, { tasks: number; red: number; yellow: number; green: number; lags: number[]; net: number[] }>();
  const perOfficer = new Map<number, { owner: BoardTask["owner"]; unit: string; lags: number[] }>();
  const missing: BoardTask[] = [];
  const red: BoardTask[] = [];
  const atRisk: BoardTask[] = [];
  const planned: number[] = [];
  for (const x of tasks) {
    const light = lightOf(x);
    counts[light]++;
    if (x.overdue) counts.overdue++;
    if (light === "red") red.push(x);
    const silent = isSilent(x);
    if (silent) {
      counts.missing++;
      missing.push(x);
    }
    if (x.reporting && x.due !== false && !x.ownerOnLeave) {
      reporting.due++;
      if (!silent) reporting.reported++;
    }
    const unit = perUnit.get(x.unit.id) ?? { tasks: 0, red: 0, yellow: 0, green: 0, lags: [], net: [] };
    unit.tasks++;
    unit[light]++;
    if (isPlanned(x)) {
      unit.lags.push(behindBy(x));
      unit.net.push(x.lag ?? 0);
      planned.push(behindBy(x));
      const officer = perOfficer.get(x.owner.id) ?? { owner: x.owner, unit: x.unit.name, lags: [] };
      officer.lags.push(behindBy(x));
      perOfficer.set(x.owner.id, officer);
    }
    perUnit.set(x.unit.id, unit);
    if (x.task.mustDeliver && light !== "green" && !FINISHED.has(x.task.status)) atRisk.push(x);
  }

  const units: UnitFigures[] = board.units
    .flatMap((u) => {
      const f = perUnit.get(u.id);
      if (!f) return [];
      const light: Light = f.red > 0 ? "red" : f.yellow > 0 ? "yellow" : "green";
      return [{ id: u.id, name: u.name, lag: average(f.lags), net: average(f.net), light, tasks: f.tasks, red: f.red, yellow: f.yellow, green: f.green }];
    })
    .sort((a, b) => (b.lag ?? -Infinity) - (a.lag ?? -Infinity) || b.red - a.red || a.name.localeCompare(b.name));
  const worstUnits = units.filter((u) => (u.lag ?? 0) > 0).slice(0, DIGEST_TOP.units);
  const worst = new Set(worstUnits);
  const bestUnits = units
    .filter((u) => u.net !== null && !worst.has(u) && u.red === 0)
    .sort((a, b) => (a.net ?? 0) - (b.net ?? 0) || a.name.localeCompare(b.name))
    .slice(0, DIGEST_TOP.best);

  const officers = [...perOfficer.values()]
    .map((o) => ({ owner: o.owner, unit: o.unit, tasks: o.lags.length, lag: average(o.lags) ?? 0 }))
    .filter((o) => o.lag > 0)
    .sort((a, b) => b.lag - a.lag || nameOf(a.owner).localeCompare(nameOf(b.owner)))
    .slice(0, DIGEST_TOP.officers);

  atRisk.sort(byUrgency);
  missing.sort((a, b) => b.missedInARow - a.missedInARow || byCode(a, b));
  red.sort(byUrgency);

  // Each task appears once: a problem on a must-deliver task already named is not repeated.
  const named = new Set(atRisk.slice(0, DIGEST_TOP.atRisk).map((x) => x.task.id));
  const lateAll = tasks
    .flatMap((x) => (x.forecast.kind === "forecast" && x.forecast.lateDays > 0 ? [{ task: x, lateDays: x.forecast.lateDays, finish: x.forecast.finish }] : []))
    .sort((a, b) => b.lateDays - a.lateDays || byCode(a.task, b.task));
  const lateWorst = lateAll.filter((l) => !named.has(l.task.task.id)).slice(0, DIGEST_TOP.late);
  for (const l of lateWorst) named.add(l.task.task.id);
  const taskById = new Map(tasks.map((x) => [x.task.id, x]));
  const seen = new Set<number>();
  const problems: ProblemFigures[] = [];
  for (const p of board.blockers) {
    const x = taskById.get(p.taskId);
    if (!x || named.has(p.taskId) || seen.has(p.taskId)) continue;
    seen.add(p.taskId);
    problems.push({
      taskCode: x.task.code,
      taskName: x.task.name,
      owner: x.owner,
      unit: x.unit.name,
      category: p.category,
      text: p.text,
      openedOn: p.openedOn,
      days: Math.max(0, daysBetween(p.openedOn, board.day)),
    });
  }

  const snapshot: DigestSnapshot = {
    lags: Object.fromEntries(tasks.map((x) => [x.task.code, x.lag])),
    red: red.map((x) => x.task.code),
    averageLag: average(planned),
    counts: { green: counts.green, yellow: counts.yellow, red: counts.red, missing: counts.missing },
    reporting,
  };
  let change: DigestFigures["change"] = null;
  if (previous) {
    const before = new Set(previous.red);
    const now = new Set(snapshot.red);
    change = {
      averageLag: [previous.averageLag, snapshot.averageLag],
      red: [previous.counts.red, counts.red],
      missing: [previous.counts.missing, counts.missing],
      newlyRed: snapshot.red.filter((c) => !before.has(c)),
      recovered: previous.red.filter((c) => !now.has(c)),
    };
  }
  return {
    day: board.day,
    total: tasks.length,
    counts,
    reporting,
    units,
    worstUnits,
    bestUnits,
    officers,
    atRisk: atRisk.slice(0, DIGEST_TOP.atRisk),
    atRiskCount: atRisk.length,
    late: { count: lateAll.length, worst: lateWorst },
    ranked: { atRisk, late: lateAll },
    problems: problems.slice(0, DIGEST_TOP.problems),
    problemCount: board.blockers.length,
    missing,
    change,
    inactiveChats: board.inactiveChats.map((c) => c.title ?? String(c.id)),
    snapshot,
  };
}

/** The figures of the last digest before this period, to say what changed. */
export async function previousSnapshot(db: Db, period: string): Promise<DigestSnapshot | null> {
  const last = await db.digestSnapshot.findFirst({ where: { period: { not: period } }, orderBy: { createdAt: "desc" } });
  return isSnapshot(last?.figures) ? last.figures : null;
}

export async function saveSnapshot(db: Db, period: string, snapshot: DigestSnapshot): Promise<void> {
  const figures = JSON.parse(JSON.stringify(snapshot)) as object;
  await db.digestSnapshot.upsert({ where: { period }, create: { period, figures }, update: {} });
}

function isSnapshot(value: unknown): value is DigestSnapshot {
  return typeof value === "object" && value !== null && "counts" in value && "red" in value && "lags" in value;
}
