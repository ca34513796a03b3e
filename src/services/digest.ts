import type { Db } from "#src/db/database.js";
import { daysBetween } from "#src/domain/calendar.js";
import { round1 } from "#src/domain/plan.js";
import { byUrgency } from "#src/domain/standing.js";
import { BLOCKER_CATEGORIES, type BlockerCategory } from "#src/domain/types.js";
import type { Board, BoardTask } from "./board.js";

const TOP = 10;
const FINISHED = new Set(["completed", "accepted"]);

/** What the next digest compares itself with. */
export interface DigestSnapshot {
  lags: Record<string, number | null>;
  red: string[];
  averageLag: number | null;
  counts: { green: number; yellow: number; red: number; missing: number };
}

export interface DigestFigures {
  day: string;
  total: number;
  counts: DigestSnapshot["counts"];
  units: { name: string; lag: number | null; tasks: number; red: number }[];
  /** The tasks most behind (at most ten), and how many are behind in all. */
  behind: { top: BoardTask[]; count: number };
  officers: { owner: BoardTask["owner"]; lag: number; tasks: number }[];
  missing: BoardTask[];
  red: BoardTask[];
  blockers: { category: BlockerCategory; items: { taskCode: string; text: string }[] }[];
  blockerCount: number;
  /** The problem open longest (its first wording), and for how many days. */
  oldestProblem: { taskCode: string; category: BlockerCategory; text: string; days: number } | null;
  change: null | {
    averageLag: [number | null, number | null];
    red: [number, number];
    missing: [number, number];
    newlyRed: string[];
    recovered: string[];
  };
  inactiveChats: string[];
  snapshot: DigestSnapshot;
}

function average(values: number[]): number | null {
  return values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

/** Missed its last finished period, or has never reported at all; leave is not silence. */
export function isSilent(task: BoardTask): boolean {
  return task.reporting && !task.ownerOnLeave && (task.missedInARow > 0 || task.task.lastReportAt === null);
}

function isRed(task: BoardTask): boolean {
  return task.light === "red" || task.overdue;
}

const byCode = (a: BoardTask, b: BoardTask) => a.task.code.localeCompare(b.task.code);

function oldestProblem(board: Board): DigestFigures["oldestProblem"] {
  const first = board.blockers[0];
  if (!first) return null;
  return { taskCode: first.taskCode, category: first.category, text: first.text, days: Math.max(0, daysBetween(first.openedOn, board.day)) };
}

/** The leaders' morning figures, pure over the day's board: who is behind, silent, red, stuck; what changed. */
export function digestFigures(board: Board, previous: DigestSnapshot | null): DigestFigures {
  const tasks = board.tasks;
  // Rankings look at work still to do: a finished task is not behind, and one far ahead must not
  // hide another far behind in the same unit's or officer's average.
  const planned = tasks.filter((x) => x.lag !== null && !FINISHED.has(x.task.status));
  const plannedSet = new Set(planned);
  const behindBy = (x: BoardTask) => Math.max(0, x.lag ?? 0);
  const counts = {
    green: tasks.filter((x) => !isRed(x) && x.light === "green").length,
    yellow: tasks.filter((x) => !isRed(x) && x.light === "yellow").length,
    red: tasks.filter(isRed).length,
    missing: tasks.filter(isSilent).length,
  };

  const units = board.units
    .map((unit) => {
      const own = tasks.filter((x) => x.unit.id === unit.id);
      return { name: unit.name, tasks: own.length, red: own.filter(isRed).length, lag: average(own.filter((x) => plannedSet.has(x)).map(behindBy)) };
    })
    .filter((u) => u.tasks > 0)
    .sort((a, b) => (b.lag ?? -Infinity) - (a.lag ?? -Infinity) || a.name.localeCompare(b.name));

  const behind = planned.filter((x) => (x.lag ?? 0) > 0).sort((a, b) => (b.lag ?? 0) - (a.lag ?? 0) || byCode(a, b));

  const byOfficer = new Map<number, { owner: BoardTask["owner"]; lags: number[] }>();
  for (const x of planned) {
    const entry = byOfficer.get(x.owner.id) ?? { owner: x.owner, lags: [] };
    entry.lags.push(behindBy(x));
    byOfficer.set(x.owner.id, entry);
  }
  const officers = [...byOfficer.values()]
    .map((o) => ({ owner: o.owner, tasks: o.lags.length, lag: average(o.lags) ?? 0 }))
    .filter((o) => o.lag > 0)
    .sort((a, b) => b.lag - a.lag || (a.owner.displayName ?? a.owner.username ?? "").localeCompare(b.owner.displayName ?? b.owner.username ?? ""))
    .slice(0, TOP);

  // In the morning, today's period has only begun: missing means the last finished one passed silently.
  const missing = tasks.filter(isSilent).sort((a, b) => b.missedInARow - a.missedInARow || byCode(a, b));
  const red = tasks.filter(isRed).sort(byUrgency);
  const blockers = BLOCKER_CATEGORIES.map((category) => ({
    category,
    items: board.blockers.filter((b) => b.category === category).map((b) => ({ taskCode: b.taskCode, text: b.text })),
  })).filter((g) => g.items.length > 0);

  const snapshot: DigestSnapshot = {
    lags: Object.fromEntries(tasks.map((x) => [x.task.code, x.lag])),
    red: red.map((x) => x.task.code),
    averageLag: average(planned.map(behindBy)),
    counts,
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
    units,
    behind: { top: behind.slice(0, TOP), count: behind.length },
    officers,
    missing,
    red,
    blockers,
    blockerCount: board.blockers.length,
    oldestProblem: oldestProblem(board),
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
