import type { Messages } from "#src/locales/index.js";
import type { TaskStanding } from "#src/domain/standing.js";
import type { DigestFigures } from "#src/services/digest.js";
import { personName } from "./format.js";
import { taskLine } from "./tasks.js";

/** The figures the digest text is written from (services/digest computes them). */
export type DigestInput = Omit<DigestFigures, "snapshot">;

const lagText = (t: Messages, lag: number | null) => (lag === null ? t.noPlanLag : t.lagPoints(lag));
const orNothing = (lines: string[], t: Messages) => (lines.length ? lines : [t.digestNothing]);

/** The leaders' morning read; people by name, never by @handle. */
export function digestText(f: DigestInput, t: Messages): string {
  const line = (s: TaskStanding) => taskLine(s, t, personName);
  const sections = [
    t.digestTitle(f.day, f.total, f.counts.green, f.counts.yellow, f.counts.red, f.counts.missing),
    [t.digestUnits, ...orNothing(f.units.map((u, i) => t.digestUnitLine(i + 1, u.name, lagText(t, u.lag), u.tasks, u.red)), t)].join("\n"),
    [t.digestTasks(f.behind.top.length, f.behind.count), ...orNothing(f.behind.top.map((x, i) => t.digestTaskLine(i + 1, line(x), lagText(t, x.lag))), t)].join("\n"),
    [t.digestOfficers, ...orNothing(f.officers.map((o, i) => t.digestOfficerLine(i + 1, personName(o.owner), lagText(t, o.lag), o.tasks)), t)].join("\n"),
    [
      t.digestMissing(f.missing.length),
      ...orNothing(
        f.missing.map((x) => t.digestMissingLine(x.task.code, x.task.name, personName(x.owner), x.unit.name, x.missedInARow, x.task.lastReportAt === null)),
        t,
      ),
    ].join("\n"),
    [t.digestRed(f.red.length), ...orNothing(f.red.map((x) => t.digestRedLine(line(x))), t)].join("\n"),
    [
      t.digestBlockers(f.blockerCount),
      ...(f.oldestProblem
        ? [t.digestOldestProblem(f.oldestProblem.taskCode, t.blocker[f.oldestProblem.category], f.oldestProblem.text, f.oldestProblem.days)]
        : []),
      ...orNothing(
        f.blockers.flatMap((g) => [t.digestBlockerGroup(t.blocker[g.category], g.items.length), ...g.items.map((b) => t.digestBlockerLine(b.taskCode, b.text))]),
        t,
      ),
    ].join("\n"),
    [t.digestChange, ...changeLines(f.change, t)].join("\n"),
  ];
  if (f.inactiveChats.length) sections.push(t.digestInactive(f.inactiveChats.join(t.listSeparator)));
  return sections.join("\n\n");
}

function changeLines(change: DigestInput["change"], t: Messages): string[] {
  if (!change) return [t.digestFirst];
  const fmt = (n: number | null) => (n === null ? "-" : String(n));
  const lines = [
    t.digestChangeLine(t.digestAverageLag, fmt(change.averageLag[0]), fmt(change.averageLag[1])),
    t.digestChangeLine("🔴", String(change.red[0]), String(change.red[1])),
    t.digestChangeLine(t.digestMissingLabel, String(change.missing[0]), String(change.missing[1])),
  ];
  if (change.newlyRed.length) lines.push(t.digestNewlyRed(change.newlyRed.join(t.listSeparator)));
  if (change.recovered.length) lines.push(t.digestRecovered(change.recovered.join(t.listSeparator)));
  return lines;
}
