import { personLabel } from "#src/db/people.js";
import { round1 } from "#src/domain/plan.js";
import { BLOCKER_CATEGORIES } from "#src/domain/types.js";
import type { Messages } from "#src/locales/index.js";
import type { BoardTask } from "#src/services/board.js";
import { byUrgency } from "#src/services/standing.js";
import { taskLine } from "#src/bot/format.js";
import type { ComposeContext, JobDefinition, Outgoing } from "./types.js";

const TOP = 10;
const FINISHED = new Set(["completed", "accepted"]);

interface Figures {
  lags: Record<string, number | null>;
  red: string[];
  averageLag: number | null;
  counts: { green: number; yellow: number; red: number; missing: number };
}

function average(values: number[]): number | null {
  return values.length ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

function lagText(t: Messages, lag: number | null): string {
  return lag === null ? t.noPlanLag : t.lagPoints(lag);
}

/** Missed its last finished period, or has never reported at all; leave is not silence. */
function isSilent(task: BoardTask): boolean {
  return task.reporting && !task.ownerOnLeave && (task.missedInARow > 0 || task.task.lastReportAt === null);
}

function isRed(task: BoardTask): boolean {
  return task.light === "red" || task.overdue;
}

/** The leaders' morning read: who is behind, who is silent, what is red, what is stuck, what changed. */
export function composeDigest(ctx: ComposeContext, previous: Figures | null): { text: string; figures: Figures } {
  const { board, t } = ctx;
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
  const sections: string[] = [t.digestTitle(board.day, tasks.length, counts.green, counts.yellow, counts.red, counts.missing)];

  // Units by average lag.
  const units = board.units
    .map((unit) => {
      const own = tasks.filter((x) => x.unit.id === unit.id);
      return { unit, tasks: own.length, red: own.filter(isRed).length, lag: average(own.filter((x) => plannedSet.has(x)).map(behindBy)) };
    })
    .filter((u) => u.tasks > 0)
    .sort((a, b) => (b.lag ?? -Infinity) - (a.lag ?? -Infinity) || a.unit.name.localeCompare(b.unit.name));
  sections.push(
    [t.digestUnits, ...(units.length ? units.map((u, i) => t.digestUnitLine(i + 1, u.unit.name, lagText(t, u.lag), u.tasks, u.red)) : [t.digestNothing])].join("\n"),
  );

  // Tasks most behind.
  const behind = planned.filter((x) => (x.lag ?? 0) > 0).sort((a, b) => b.lag! - a.lag! || a.task.code.localeCompare(b.task.code));
  const top = behind.slice(0, TOP);
  sections.push(
    [t.digestTasks(top.length, behind.length), ...(top.length ? top.map((x, i) => t.digestTaskLine(i + 1, taskLine(x, t), lagText(t, x.lag))) : [t.digestNothing])].join("\n"),
  );

  // Officers by average lag.
  const officers = new Map<number, { label: string; lags: number[]; tasks: number }>();
  for (const x of planned) {
    const o = officers.get(x.owner.id) ?? { label: personLabel(x.owner), lags: [], tasks: 0 };
    o.lags.push(behindBy(x));
    o.tasks++;
    officers.set(x.owner.id, o);
  }
  const rankedOfficers = [...officers.values()]
    .map((o) => ({ ...o, lag: average(o.lags)! }))
    .filter((o) => o.lag > 0)
    .sort((a, b) => b.lag - a.lag || a.label.localeCompare(b.label))
    .slice(0, TOP);
  sections.push(
    [t.digestOfficers, ...(rankedOfficers.length ? rankedOfficers.map((o, i) => t.digestOfficerLine(i + 1, o.label, lagText(t, o.lag), o.tasks)) : [t.digestNothing])].join("\n"),
  );

  // Missing reports: every task that let its last finished period pass without one, longest
  // silence first (in the morning, today's period has only begun).
  const missing = tasks.filter(isSilent).sort((a, b) => b.missedInARow - a.missedInARow || a.task.code.localeCompare(b.task.code));
  sections.push(
    [
      t.digestMissing(missing.length),
      ...(missing.length
        ? missing.map((x) =>
            t.digestMissingLine(x.task.code, x.task.name, personLabel(x.owner), x.unit.name, x.missedInARow, x.task.lastReportAt === null),
          )
        : [t.digestNothing]),
    ].join("\n"),
  );

  // Red and overdue, must-deliver first.
  const red = tasks.filter(isRed).sort(byUrgency);
  sections.push([t.digestRed(red.length), ...(red.length ? red.map((x) => t.digestRedLine(taskLine(x, t))) : [t.digestNothing])].join("\n"));

  // Open blockers by category.
  const blockerLines: string[] = [t.digestBlockers(board.blockers.length)];
  for (const category of BLOCKER_CATEGORIES) {
    const group = board.blockers.filter((b) => b.category === category);
    if (group.length === 0) continue;
    blockerLines.push(t.digestBlockerGroup(t.blocker[category], group.length), ...group.map((b) => t.digestBlockerLine(b.taskCode, b.text)));
  }
  if (board.blockers.length === 0) blockerLines.push(t.digestNothing);
  sections.push(blockerLines.join("\n"));

  // Change since the last digest.
  const figures: Figures = {
    lags: Object.fromEntries(tasks.map((x) => [x.task.code, x.lag])),
    red: red.map((x) => x.task.code),
    averageLag: average(planned.map(behindBy)),
    counts,
  };
  const change = [t.digestChange];
  if (!previous) {
    change.push(t.digestFirst);
  } else {
    const fmt = (n: number | null) => (n === null ? "-" : String(n));
    change.push(t.digestChangeLine(t.digestAverageLag, fmt(previous.averageLag), fmt(figures.averageLag)));
    change.push(t.digestChangeLine("🔴", String(previous.counts.red), String(counts.red)));
    change.push(t.digestChangeLine(t.digestMissingLabel, String(previous.counts.missing), String(counts.missing)));
    const before = new Set(previous.red);
    const now = new Set(figures.red);
    const newlyRed = figures.red.filter((c) => !before.has(c));
    const recovered = previous.red.filter((c) => !now.has(c));
    if (newlyRed.length) change.push(t.digestNewlyRed(newlyRed.join(t.listSeparator)));
    if (recovered.length) change.push(t.digestRecovered(recovered.join(t.listSeparator)));
  }
  sections.push(change.join("\n"));

  if (board.inactiveChats.length) {
    sections.push(t.digestInactive(board.inactiveChats.map((c) => c.title ?? String(c.id)).join(t.listSeparator)));
  }
  return { text: sections.join("\n\n"), figures };
}

export const digestJob: JobDefinition = {
  name: "digest",
  defaultTime: "08:30",
  workdaysOnly: false,
  async compose(ctx) {
    if (ctx.board.leaderChats.length === 0) return [];
    const last = await ctx.db.digestSnapshot.findFirst({ where: { period: { not: ctx.period } }, orderBy: { createdAt: "desc" } });
    const { text, figures } = composeDigest(ctx, (last?.figures as Figures | undefined) ?? null);
    await ctx.db.digestSnapshot.upsert({
      where: { period: ctx.period },
      create: { period: ctx.period, figures: figures as object },
      update: {},
    });
    return ctx.board.leaderChats.map((chat): Outgoing => ({ chatId: chat.id, text }));
  },
};
