import type { Day } from "../calendar.js";
import type { Cadence } from "../periods.js";
import type { PlanPoint } from "../plan.js";
import type { QuantityUnit } from "../types.js";
import type { PersonRef } from "./cells.js";
import type { LedgerColumn } from "./columns.js";
import { formatCadence, formatMilestones, formatMust, formatTarget } from "./format.js";
import type { TaskSpec } from "./read.js";

/** A person already in the database, as the ledger compares people. */
export interface KnownPerson {
  id: number;
  username: string | null;
  telegramId: string | null;
  name: string | null;
}

/** A task already in the database, in the ledger's terms. */
export interface KnownTask {
  id: number;
  code: string;
  name: string;
  unit: string;
  owner: KnownPerson;
  start: Day | null;
  deadline: Day | null;
  target: { value: number; unit: QuantityUnit } | null;
  milestones: PlanPoint[];
  mustDeliver: boolean;
  cadence: Cadence;
  deputies: KnownPerson[];
}

export interface KnownWorld {
  /** Tasks the file names that already exist, by code. */
  tasks: ReadonlyMap<string, KnownTask>;
  /** Codes of every task in the database. */
  allCodes: readonly string[];
  units: ReadonlySet<string>;
  findPerson(ref: PersonRef): KnownPerson | null;
}

/** Which part of a task changed; plan parts are audited as a plan change, the owner as a reassignment. */
export type ChangeKind = "owner" | "plan" | "detail" | "deputies";

export interface FieldChange {
  code: string;
  column: LedgerColumn;
  kind: ChangeKind;
  before: string;
  after: string;
}

export interface TaskChange {
  spec: TaskSpec;
  known: KnownTask;
  owner: boolean;
  plan: boolean;
  detail: boolean;
  /** Deputies to add and to remove. */
  deputiesAdded: PersonRef[];
  deputiesRemoved: KnownPerson[];
  fields: FieldChange[];
}

export interface ImportPlan {
  total: number;
  created: TaskSpec[];
  changed: TaskChange[];
  unchanged: string[];
  newUnits: string[];
  /** People the file names who are not in the database yet: new officers. */
  newOfficers: PersonRef[];
  /** Tasks in the database the file does not name: left as they are. */
  missing: string[];
  /** Tasks in the file whose deadline is already past (a warning, not an error). */
  pastDeadline: string[];
}

export function personKey(ref: PersonRef): string {
  return ref.username ? `@${ref.username}` : `#${ref.telegramId ?? ""}`;
}

function refLabel(ref: PersonRef): string {
  return ref.name ?? (ref.username ? `@${ref.username}` : (ref.telegramId ?? "?"));
}

function knownLabel(person: KnownPerson): string {
  return person.name ?? (person.username ? `@${person.username}` : (person.telegramId ?? "?"));
}

const NONE = "—";

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function sameTarget(a: KnownTask["target"], b: KnownTask["target"]): boolean {
  if (!a || !b) return a === b;
  return a.unit === b.unit && sameNumber(a.value, b.value);
}

function sameMilestones(a: readonly PlanPoint[], b: readonly PlanPoint[]): boolean {
  return a.length === b.length && a.every((p, i) => p.date === b[i]?.date && sameNumber(p.percent, b[i]?.percent ?? NaN));
}

/** Compares the file with the database: what would be created, changed, left alone. Writes nothing. */
export function diffLedger(specs: readonly TaskSpec[], world: KnownWorld, today: Day): ImportPlan {
  const plan: ImportPlan = { total: specs.length, created: [], changed: [], unchanged: [], newUnits: [], newOfficers: [], missing: [], pastDeadline: [] };
  const newUnits = new Set<string>();
  const newOfficers = new Map<string, PersonRef>();
  const noteNewPeople = (refs: readonly PersonRef[]) => {
    for (const ref of refs) {
      if (!world.findPerson(ref) && !newOfficers.has(personKey(ref))) newOfficers.set(personKey(ref), ref);
    }
  };

  for (const spec of specs) {
    if (!world.units.has(spec.unit)) newUnits.add(spec.unit);
    noteNewPeople([spec.owner, ...(spec.deputies ?? [])]);
    if (spec.deadline < today) plan.pastDeadline.push(spec.code);
    const known = world.tasks.get(spec.code);
    if (!known) {
      plan.created.push(spec);
      continue;
    }
    const change = compareTask(spec, known, world);
    if (change.fields.length) plan.changed.push(change);
    else plan.unchanged.push(spec.code);
  }
  const named = new Set(specs.map((s) => s.code));
  plan.missing = world.allCodes.filter((c) => !named.has(c)).sort();
  plan.newUnits = [...newUnits];
  plan.newOfficers = [...newOfficers.values()];
  return plan;
}

function compareTask(spec: TaskSpec, known: KnownTask, world: KnownWorld): TaskChange {
  const fields: FieldChange[] = [];
  const add = (column: LedgerColumn, kind: ChangeKind, before: string, after: string) => fields.push({ code: spec.code, column, kind, before, after });

  if (spec.name !== known.name) add("name", "detail", known.name, spec.name);
  if (spec.unit !== known.unit) add("unit", "detail", known.unit, spec.unit);
  const owner = world.findPerson(spec.owner);
  if (owner?.id !== known.owner.id) add("owner", "owner", knownLabel(known.owner), refLabel(spec.owner));
  if (spec.start !== known.start) add("start", "plan", known.start ?? NONE, spec.start);
  if (spec.deadline !== known.deadline) add("deadline", "plan", known.deadline ?? NONE, spec.deadline);
  if (spec.milestones !== undefined && !sameMilestones(spec.milestones, known.milestones)) {
    add("milestones", "plan", formatMilestones(known.milestones) || NONE, formatMilestones(spec.milestones) || NONE);
  }
  if (spec.cadence !== undefined && spec.cadence !== null && spec.cadence !== known.cadence) {
    add("cadence", "plan", formatCadence(known.cadence), formatCadence(spec.cadence));
  }
  if (spec.target !== undefined && !sameTarget(spec.target, known.target)) {
    add("target", "detail", formatTarget(known.target) || NONE, formatTarget(spec.target) || NONE);
  }
  if (spec.mustDeliver !== undefined && spec.mustDeliver !== known.mustDeliver) {
    add("must", "detail", formatMust(known.mustDeliver), formatMust(spec.mustDeliver));
  }

  const deputiesAdded: PersonRef[] = [];
  const deputiesRemoved: KnownPerson[] = [];
  if (spec.deputies !== undefined) {
    const wanted = new Map<string, PersonRef>();
    for (const ref of spec.deputies) wanted.set(personKey(ref), ref);
    const keptIds = new Set<number>();
    for (const ref of wanted.values()) {
      const person = world.findPerson(ref);
      if (person && known.deputies.some((d) => d.id === person.id)) keptIds.add(person.id);
      else deputiesAdded.push(ref);
    }
    for (const d of known.deputies) if (!keptIds.has(d.id)) deputiesRemoved.push(d);
    if (deputiesAdded.length || deputiesRemoved.length) {
      add("deputies", "deputies", known.deputies.map(knownLabel).join("、") || NONE, spec.deputies.map(refLabel).join("、") || NONE);
    }
  }
  return {
    spec,
    known,
    owner: fields.some((f) => f.kind === "owner"),
    plan: fields.some((f) => f.kind === "plan"),
    detail: fields.some((f) => f.kind === "detail"),
    deputiesAdded,
    deputiesRemoved,
    fields,
  };
}
