import type { Language } from "#src/domain/types.js";
import type { PersonName } from "#src/domain/people.js";
import type { TaskStanding } from "#src/domain/standing.js";
import type { PlanPoint } from "#src/domain/plan.js";
import type { Messages } from "#src/locales/index.js";
import { formatInstant, formatPercent, formatQuantity, lightText, personHandle } from "./format.js";

/** How a person is named in a text: @handle in groups (they are notified), the name for leaders. */
export type PersonLabel = (person: PersonName) => string;

/** One line per task: light, code, name, owner, reported and planned percent. */
export function taskLine(s: TaskStanding, t: Messages, label: PersonLabel = personHandle): string {
  return t.taskLine({
    light: lightText(s, t),
    code: s.task.code,
    name: s.task.name,
    mustDeliver: s.task.mustDeliver,
    owner: label(s.owner),
    percent: s.reported === null ? t.never : formatPercent(s.reported, t),
    expected: s.expected === null ? null : formatPercent(s.expected, t),
  });
}

export function taskList(header: string, standings: TaskStanding[], t: Messages): string {
  return [header, ...standings.map((s) => taskLine(s, t))].join("\n");
}

export interface StatusCardInput {
  standing: TaskStanding;
  blockers: { category: keyof Messages["blocker"]; text: string }[];
  lang: Language;
  timezone: string;
}

/** The answer to /status: everything about one task on one screen. */
export function statusCard({ standing: s, blockers, lang, timezone }: StatusCardInput, t: Messages): string {
  const done = s.task.quantityTotal;
  const unit = s.task.quantityUnit;
  const quantity =
    done === null || !unit
      ? null
      : s.task.targetValue && s.task.targetUnit
        ? `${formatQuantity(done, unit, lang, t)} / ${formatQuantity(s.task.targetValue, s.task.targetUnit, lang, t)}`
        : formatQuantity(done, unit, lang, t);
  return t.statusCard({
    code: s.task.code,
    name: s.task.name,
    mustDeliver: s.task.mustDeliver,
    unit: s.unit.name,
    owner: personHandle(s.owner),
    status: t.status[s.task.status],
    light: lightText(s, t),
    percent: s.reported === null ? t.never : formatPercent(s.reported, t),
    quantity,
    expected: s.expected === null ? t.noExpected : formatPercent(s.expected, t),
    lag: t.lagText(s.lag),
    deadline: s.plan.deadline ?? t.noDeadline,
    lastReport: s.task.lastReportAt ? formatInstant(s.task.lastReportAt, timezone) : t.never,
    blockers: blockers.map((b) => `[${t.blocker[b.category]}] ${b.text}`),
  });
}

export interface PlanSummary {
  code: string;
  start: string | null;
  deadline: string | null;
  milestones: PlanPoint[];
  cadence: string;
}

/** The answer to /plan: the plan as it now stands. */
export function planSet(plan: PlanSummary, t: Messages): string {
  const lines: string[] = [];
  if (plan.start) lines.push(t.planPointStart(plan.start));
  for (const m of plan.milestones) lines.push(t.planPoint(m.date, m.percent));
  if (plan.deadline) lines.push(t.planPointDue(plan.deadline));
  lines.push(t.cadenceLine(t.cadence[plan.cadence] ?? plan.cadence));
  return t.planSet(plan.code, lines.join("\n"));
}
