import type { Messages } from "#src/locales/index.js";
import type { Light } from "#src/domain/plan.js";
import type { DigestFigures } from "#src/services/digest.js";
import { renderLagChart } from "./charts/index.js";
import { chartWords } from "./charts/words.js";
import { personName } from "./format.js";

/** The figures the digest text is written from (services/digest computes them). */
export type DigestInput = Omit<DigestFigures, "snapshot">;

/** One phone screen: the digest never grows past these, whatever the district's size. */
export const DIGEST_MAX_CHARS = 1200;
export const DIGEST_MAX_LINES = 25;

const EMOJI: Record<Light, string> = { green: "🟢", yellow: "🟡", red: "🔴" };
const NAME_MAX = 12;
const TASK_NAME_MAX = 14;

/** A name cut to `max` characters (code points), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

const lagText = (t: Messages, lag: number | null) => (lag === null ? t.dgNoPlan : t.dgLag(lag));
const fmt = (n: number | null) => (n === null ? "-" : String(n));
const rate = (reported: number, due: number) => (due === 0 ? "-" : `${Math.round((reported / due) * 100)}%`);

/**
 * The leaders' morning read, one phone screen: headline figures, the units and officers most
 * behind, must-deliver tasks at risk, the problems open longest, the best units. People by name,
 * never by @handle; officers' own words are not pasted (a problem is named by its category). Each
 * task appears once. The full lists are the chart and the bulletin.
 */
export function digestText(f: DigestInput, t: Messages, backup?: { staleDays: number }): string {
  const c = f.counts;
  const lines: string[] = [t.dgTitle(f.day), t.dgHeadline(f.total, c.green, c.yellow, c.red, c.overdue)];
  lines.push(t.dgReporting(f.reporting.reported, f.reporting.due, rate(f.reporting.reported, f.reporting.due), c.missing));
  lines.push(f.change ? t.dgChange(f.change.red[0], f.change.red[1], fmt(f.change.averageLag[0]), fmt(f.change.averageLag[1])) : t.dgFirst);

  if (f.worstUnits.length) {
    lines.push(t.dgWorstUnits);
    f.worstUnits.forEach((u, i) => lines.push(t.dgUnitLine(i + 1, clip(u.name, NAME_MAX), lagText(t, u.lag), u.red)));
  }
  if (f.officers.length) {
    lines.push(t.dgOfficers);
    f.officers.forEach((o, i) => lines.push(t.dgOfficerLine(i + 1, clip(personName(o.owner), 8), clip(o.unit, NAME_MAX), t.dgLag(o.lag), o.tasks)));
  }
  if (f.atRiskCount) {
    lines.push(t.dgAtRisk(f.atRiskCount));
    for (const x of f.atRisk) {
      const light = x.overdue ? "red" : x.light;
      const lag = x.overdue ? t.dgOverdue : lagText(t, x.lag);
      lines.push(t.dgAtRiskLine(EMOJI[light], x.task.code, clip(x.task.name, TASK_NAME_MAX), clip(personName(x.owner), 8), lag));
    }
    if (f.atRiskCount > f.atRisk.length) lines.push(t.dgMore(f.atRiskCount - f.atRisk.length));
  }
  if (f.late.count) {
    const named = f.late.worst.map((l) => t.dgLateItem(l.task.task.code, clip(l.task.task.name, 8), l.lateDays)).join(t.listSeparator);
    lines.push(t.dgLate(f.late.count, named));
  }
  if (f.problemCount) {
    lines.push(t.dgProblems(f.problemCount));
    for (const p of f.problems) lines.push(t.dgProblemLine(p.taskCode, t.blocker[p.category], p.days, clip(personName(p.owner), 8)));
  }
  lines.push(t.dgBest(f.bestUnits.length ? f.bestUnits.map((u) => t.dgBestUnit(clip(u.name, NAME_MAX), lagText(t, u.net))).join(t.listSeparator) : t.dgNone));
  lines.push(t.dgFooter);
  if (f.inactiveChats.length) lines.push(clip(t.dgInactive(f.inactiveChats.length, f.inactiveChats.join(t.listSeparator)), 120));
  // The embedded database not backed up for two days: the admins are told here.
  if (backup) lines.splice(lines.indexOf(t.dgFooter), 1, t.dgBackupStale(backup.staleDays));
  return lines.join("\n");
}

/** The digest's picture: every unit as a bar by lag, coloured by its light. */
export function digestChart(f: DigestInput, t: Messages): Promise<Buffer> {
  const words = chartWords(t);
  return renderLagChart({
    title: words.lagTitle(f.day),
    units: f.units.map((u) => ({ name: u.name, lag: u.lag, light: u.light, red: u.red, yellow: u.yellow, green: u.green })),
    labels: words.lag,
  });
}

export const digestChartFileName = (day: string) => `digest-${day}.png`;
