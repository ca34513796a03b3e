import { forecastFor, forecastLine, forecastPoints } from "./forecasts.js";
import { loadWorkdayTest } from "./calendar.js";
import type { Sql } from "#src/db/sql.js";
import type { Db } from "#src/db/database.js";
import { auditMany } from "#src/db/audit.js";
import { personHandle as personLabel } from "#src/domain/people.js";
import type { Person, Prisma } from "#src/generated/prisma/client.js";
import { addDays, dateToDay, dayInZone, dayToDate, type Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import type { QuantityUnit } from "#src/domain/types.js";
import { QUANTITY_UNITS } from "#src/domain/types.js";
import type { PersonRef } from "#src/domain/ledger/cells.js";
import { diffLedger, personKey, type ImportPlan, type KnownPerson, type KnownTask, type KnownWorld } from "#src/domain/ledger/diff.js";
import type { LedgerRow } from "#src/domain/ledger/format.js";
import type { TaskSpec } from "#src/domain/ledger/read.js";
import { standingOf } from "./standing.js";
import type { District } from "./demo-data.js";
import { parseTarget, parseTaskCode } from "#src/domain/commands.js";
import { groupBy } from "#src/domain/group.js";

type Tx = Prisma.TransactionClient;

/** An import may create a thousand tasks in one transaction: more time than Prisma's 5 s default. */
const IMPORT_TRANSACTION = { maxWait: 10_000, timeout: 120_000 } as const;

function knownPerson(p: Pick<Person, "id" | "username" | "telegramId" | "displayName">): KnownPerson {
  return { id: p.id, username: p.username, telegramId: p.telegramId === null ? null : p.telegramId.toString(), name: p.displayName };
}

function quantityUnit(unit: string | null): QuantityUnit | null {
  return QUANTITY_UNITS.find((u) => u === unit) ?? null;
}

/** People in a fixed order (@username or #id, as text), so summaries and exports do not depend on the database's. */
function byKey(a: PersonRef, b: PersonRef): number {
  const [x, y] = [personKey(a), personKey(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function peopleNamed(specs: readonly TaskSpec[]): PersonRef[] {
  return specs.flatMap((s) => [s.owner, ...(s.deputies ?? [])]);
}

class PeopleIndex {
  private byUsername = new Map<string, KnownPerson>();
  private byTelegramId = new Map<string, KnownPerson>();
  constructor(people: readonly KnownPerson[]) {
    for (const p of people) this.add(p);
  }
  add(p: KnownPerson): void {
    if (p.username) this.byUsername.set(p.username, p);
    if (p.telegramId) this.byTelegramId.set(p.telegramId, p);
  }
  find(ref: PersonRef): KnownPerson | null {
    if (ref.username) return this.byUsername.get(ref.username) ?? null;
    return ref.telegramId ? (this.byTelegramId.get(ref.telegramId) ?? null) : null;
  }
}

async function loadPeople(tx: Tx, refs: readonly PersonRef[]): Promise<PeopleIndex> {
  const usernames = [...new Set(refs.flatMap((r) => (r.username ? [r.username] : [])))];
  const ids = [...new Set(refs.flatMap((r) => (!r.username && r.telegramId ? [BigInt(r.telegramId)] : [])))];
  const people = await tx.person.findMany({
    where: { OR: [{ username: { in: usernames } }, { telegramId: { in: ids } }] },
    select: { id: true, username: true, telegramId: true, displayName: true },
  });
  return new PeopleIndex(people.map(knownPerson));
}

async function loadWorld(tx: Tx, specs: readonly TaskSpec[]): Promise<{ world: KnownWorld; people: PeopleIndex; unitIds: Map<string, number> }> {
  const codes = specs.map((s) => s.code);
  // One after another: inside a transaction all queries share one connection, and an `include`
  // of several relations would send its queries at once (pg deprecates that; prisma/orm#29407).
  const tasks = await tx.task.findMany({ where: { code: { in: codes } } });
  const taskIds = tasks.map((t) => t.id);
  const taskUnits = await tx.unit.findMany({ where: { id: { in: [...new Set(tasks.map((t) => t.unitId))] } } });
  const owners = await tx.person.findMany({ where: { id: { in: [...new Set(tasks.map((t) => t.ownerId))] } } });
  const milestones = await tx.milestone.findMany({ where: { taskId: { in: taskIds } }, orderBy: { date: "asc" } });
  const deputies = await tx.taskDeputy.findMany({ where: { taskId: { in: taskIds } }, include: { person: true } });
  const allCodes = await tx.task.findMany({ select: { code: true } });
  const units = await tx.unit.findMany({ where: { name: { in: [...new Set(specs.map((s) => s.unit))] } } });
  const people = await loadPeople(tx, peopleNamed(specs));
  const known = new Map<string, KnownTask>();
  const unitNames = new Map(taskUnits.map((u) => [u.id, u.name]));
  const milestonesOf = groupBy(milestones, (m) => m.taskId);
  const deputiesOf = groupBy(deputies, (d) => d.taskId);
  const ownersById = new Map(owners.map((o) => [o.id, o]));
  for (const t of tasks) {
    const unit = quantityUnit(t.targetUnit);
    const owner = ownersById.get(t.ownerId);
    const unitName = unitNames.get(t.unitId);
    if (!owner || unitName === undefined) throw new Error(`task ${t.code}: its unit or owner is missing`);
    known.set(t.code, {
      id: t.id,
      code: t.code,
      name: t.name,
      unit: unitName,
      owner: knownPerson(owner),
      start: t.startDate ? dateToDay(t.startDate) : null,
      deadline: t.deadline ? dateToDay(t.deadline) : null,
      target: t.targetValue !== null && unit ? { value: t.targetValue, unit } : null,
      milestones: (milestonesOf.get(t.id) ?? []).map((m) => ({ date: dateToDay(m.date), percent: m.plannedPercent })),
      mustDeliver: t.mustDeliver,
      cadence: t.cadence,
      deputies: (deputiesOf.get(t.id) ?? []).map((d) => knownPerson(d.person)).sort(byKey),
    });
  }
  const unitIds = new Map(units.map((u) => [u.name, u.id]));
  const world: KnownWorld = {
    tasks: known,
    allCodes: allCodes.map((t) => t.code),
    units: new Set(unitIds.keys()),
    findPerson: (ref) => people.find(ref),
  };
  return { world, people, unitIds };
}

/** What importing these tasks would do, without writing anything: the dry run. */
export async function planImport(db: Db, specs: readonly TaskSpec[], today: Day): Promise<ImportPlan> {
  const { world } = await loadWorld(db, specs);
  return diffLedger(specs, world, today);
}

function label(p: KnownPerson): string {
  return personLabel({ username: p.username, displayName: p.name, telegramId: p.telegramId === null ? null : BigInt(p.telegramId) });
}

/**
 * Imports the tasks in one transaction: new units, officers and tasks created; a changed owner
 * is a reassignment and a changed plan a plan change, each audited as the chat commands audit
 * them; unchanged tasks are not touched, so importing the same file twice writes nothing.
 */
export async function applyImport(
  db: Db,
  actor: Person | null,
  specs: readonly TaskSpec[],
  today: Day,
): Promise<ImportPlan> {
  const actorId = actor?.id ?? null;
  return db.$transaction(async (tx) => {
    const { world, people, unitIds } = await loadWorld(tx, specs);
    const plan = diffLedger(specs, world, today);
    const audits: Parameters<typeof auditMany>[1] = [];

    if (plan.newUnits.length) {
      await tx.unit.createMany({ data: plan.newUnits.map((name) => ({ name })), skipDuplicates: true });
      for (const u of await tx.unit.findMany({ where: { name: { in: plan.newUnits } } })) unitIds.set(u.name, u.id);
    }
    if (plan.newOfficers.length) {
      // INSERT ... ON CONFLICT DO NOTHING: someone named at the same moment elsewhere is simply found.
      const byName = plan.newOfficers.filter((r) => r.username);
      const byId = plan.newOfficers.filter((r) => !r.username && r.telegramId);
      if (byName.length) {
        await tx.person.createMany({ data: byName.map((r) => ({ username: r.username, displayName: r.name })), skipDuplicates: true });
      }
      if (byId.length) {
        await tx.person.createMany({
          data: byId.map((r) => ({ telegramId: BigInt(r.telegramId ?? "0"), displayName: r.name })),
          skipDuplicates: true,
        });
      }
      const created = await loadPeople(tx, plan.newOfficers);
      for (const ref of plan.newOfficers) {
        const p = created.find(ref);
        if (p) people.add(p);
      }
    }
    const personId = (ref: PersonRef): number => {
      const p = people.find(ref);
      if (!p) throw new Error(`ledger import: ${personKey(ref)} was not created`);
      return p.id;
    };
    const unitId = (name: string): number => {
      const id = unitIds.get(name);
      if (id === undefined) throw new Error(`ledger import: unit ${name} was not created`);
      return id;
    };

    if (plan.created.length) {
      await tx.task.createMany({
        data: plan.created.map((s) => ({
          code: s.code,
          name: s.name,
          unitId: unitId(s.unit),
          ownerId: personId(s.owner),
          startDate: dayToDate(s.start),
          deadline: dayToDate(s.deadline),
          targetValue: s.target?.value ?? null,
          targetUnit: s.target?.unit ?? null,
          mustDeliver: s.mustDeliver ?? false,
          ...(s.cadence ? { cadence: s.cadence } : {}),
        })),
      });
      const ids = new Map(
        (await tx.task.findMany({ where: { code: { in: plan.created.map((s) => s.code) } }, select: { id: true, code: true } })).map((t) => [t.code, t.id]),
      );
      const taskId = (code: string): number => ids.get(code) ?? 0;
      const milestones = plan.created.flatMap((s) =>
        (s.milestones ?? []).map((m) => ({ taskId: taskId(s.code), date: dayToDate(m.date), plannedPercent: m.percent })),
      );
      if (milestones.length) await tx.milestone.createMany({ data: milestones });
      const deputies = plan.created.flatMap((s) => (s.deputies ?? []).map((d) => ({ taskId: taskId(s.code), personId: personId(d) })));
      if (deputies.length) await tx.taskDeputy.createMany({ data: deputies, skipDuplicates: true });
      for (const s of plan.created) {
        const owner = people.find(s.owner);
        audits.push({
          actorId,
          action: "task.add",
          entity: "task",
          entityId: s.code,
          after: {
            code: s.code,
            name: s.name,
            unit: s.unit,
            owner: owner ? label(owner) : personKey(s.owner),
            start: s.start,
            deadline: s.deadline,
            target: s.target ?? null,
            mustDeliver: s.mustDeliver ?? false,
            cadence: s.cadence ?? null,
            milestones: s.milestones ?? [],
            deputies: (s.deputies ?? []).map(personKey),
            source: s.source,
          },
        });
      }
    }

    for (const change of plan.changed) {
      const { spec, known } = change;
      const data: Prisma.TaskUncheckedUpdateInput = {};
      if (change.owner) {
        const to = people.find(spec.owner);
        data.ownerId = personId(spec.owner);
        audits.push({
          actorId,
          action: "task.assign",
          entity: "task",
          entityId: known.code,
          before: { owner: label(known.owner), ownerId: known.owner.id },
          after: { owner: to ? label(to) : personKey(spec.owner), ownerId: data.ownerId },
        });
      }
      if (change.plan) {
        const cadence = spec.cadence ?? known.cadence;
        const milestones = spec.milestones ?? known.milestones;
        data.startDate = dayToDate(spec.start);
        data.deadline = dayToDate(spec.deadline);
        data.cadence = cadence;
        if (spec.milestones && change.fields.some((f) => f.column === "milestones")) {
          await tx.milestone.deleteMany({ where: { taskId: known.id } });
          if (spec.milestones.length) {
            await tx.milestone.createMany({
              data: spec.milestones.map((m) => ({ taskId: known.id, date: dayToDate(m.date), plannedPercent: m.percent })),
            });
          }
        }
        audits.push({
          actorId,
          action: "task.plan",
          entity: "task",
          entityId: known.code,
          before: { start: known.start, deadline: known.deadline, milestones: known.milestones, cadence: known.cadence },
          after: { start: spec.start, deadline: spec.deadline, milestones, cadence },
        });
      }
      if (change.detail) {
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        if (spec.name !== known.name) {
          data.name = spec.name;
          [before.name, after.name] = [known.name, spec.name];
        }
        if (spec.unit !== known.unit) {
          data.unitId = unitId(spec.unit);
          [before.unit, after.unit] = [known.unit, spec.unit];
        }
        if (change.fields.some((f) => f.column === "target") && spec.target !== undefined) {
          data.targetValue = spec.target?.value ?? null;
          data.targetUnit = spec.target?.unit ?? null;
          [before.target, after.target] = [known.target, spec.target];
        }
        if (spec.mustDeliver !== undefined && spec.mustDeliver !== known.mustDeliver) {
          data.mustDeliver = spec.mustDeliver;
          [before.mustDeliver, after.mustDeliver] = [known.mustDeliver, spec.mustDeliver];
        }
        audits.push({ actorId, action: "task.update", entity: "task", entityId: known.code, before, after });
      }
      if (Object.keys(data).length) await tx.task.update({ where: { id: known.id }, data });
      for (const ref of change.deputiesAdded) {
        await tx.taskDeputy.upsert({
          where: { taskId_personId: { taskId: known.id, personId: personId(ref) } },
          create: { taskId: known.id, personId: personId(ref) },
          update: {},
        });
        const p = people.find(ref);
        audits.push({ actorId, action: "task.deputy.add", entity: "task", entityId: known.code, after: { deputy: p ? label(p) : personKey(ref) } });
      }
      for (const p of change.deputiesRemoved) {
        await tx.taskDeputy.deleteMany({ where: { taskId: known.id, personId: p.id } });
        audits.push({ actorId, action: "task.deputy.remove", entity: "task", entityId: known.code, after: { deputy: label(p) } });
      }
    }

    if (audits.length || plan.newUnits.length || plan.newOfficers.length) {
      audits.push({
        actorId,
        action: "ledger.import",
        entity: "ledger",
        entityId: today,
        after: {
          tasks: plan.total,
          created: plan.created.length,
          changed: plan.changed.length,
          unchanged: plan.unchanged.length,
          newUnits: plan.newUnits,
          newOfficers: plan.newOfficers.map(personKey),
        },
      });
    }
    await auditMany(tx, audits);
    return plan;
  }, IMPORT_TRANSACTION);
}

function personRef(p: Pick<Person, "username" | "telegramId" | "displayName">): PersonRef {
  return { username: p.username, telegramId: p.telegramId === null ? null : p.telegramId.toString(), name: p.displayName };
}

/** Every task as a ledger row, with its standing today: what `ledger export` writes. */
export async function loadExport(db: Db, today: Day, thresholds: LightThresholds, timeZone: string, sql?: Sql): Promise<LedgerRow[]> {
  // 预计完成 when plain SQL is at hand (every caller but the tests of the ledger's own columns).
  const forecasts = sql ? { points: await forecastPoints(sql, today, timeZone), line: forecastLine(today, await loadWorkdayTest(db)) } : null;
  const tasks = await db.task.findMany({
    include: {
      unit: true,
      owner: true,
      milestones: { orderBy: { date: "asc" } },
      deputies: { include: { person: true } },
      blockers: { where: { resolvedAt: null }, orderBy: { openedAt: "asc" } },
    },
    orderBy: { code: "asc" },
  });
  return tasks.map((t) => {
    const standing = standingOf(t, today, thresholds);
    const unit = quantityUnit(t.targetUnit);
    return {
      code: t.code,
      name: t.name,
      unit: t.unit.name,
      owner: personRef(t.owner),
      start: standing.plan.start,
      deadline: standing.plan.deadline,
      target: t.targetValue !== null && unit ? { value: t.targetValue, unit } : null,
      milestones: standing.plan.milestones,
      mustDeliver: t.mustDeliver,
      cadence: t.cadence,
      deputies: t.deputies.map((d) => personRef(d.person)).sort(byKey),
      note: null,
      progress: {
        latest: standing.reported,
        expected: standing.expected,
        lag: standing.lag,
        light: standing.light,
        lastReport: t.lastReportAt ? dayInZone(t.lastReportAt, timeZone) : null,
        openIssues: t.blockers.map((b) => b.text),
        ...(forecasts
          ? {
              forecast: forecastFor(
                forecasts.points.get(t.id),
                { deadline: standing.plan.deadline, completed: t.status === "completed" || t.status === "accepted" },
                today,
                forecasts.line,
              ),
            }
          : {}),
      },
    };
  });
}

/** The demo district as a filled ledger: the rows `loadDistrict` would make, with plans counted back from the deadline. */
export function districtLedgerRows(district: District, deadline: Day): LedgerRow[] {
  const units = new Map(district.units.map((u) => [u.key, u.name]));
  const officers = new Map(district.officers.map((o) => [o.key, o.name]));
  return district.tasks.map((task) => ({
    code: parseTaskCode(task.code) ?? task.code,
    name: task.name,
    unit: units.get(task.unit) ?? task.unit,
    owner: { username: task.owner, telegramId: null, name: officers.get(task.owner) ?? null },
    start: addDays(deadline, -task.startDaysBefore),
    deadline,
    target: task.target ? parseTarget(task.target) : null,
    milestones: task.milestones
      .map(([daysBefore, percent]) => ({ date: addDays(deadline, -daysBefore), percent }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    mustDeliver: task.mustDeliver ?? false,
    cadence: task.cadence ?? district.defaultCadence,
    deputies: [],
    note: null,
  }));
}
