import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import { addDays, dayToDate, type Day } from "#src/domain/calendar.js";
import { parseTarget, parseTaskCode } from "#src/domain/commands.js";

export const DEMO_DISTRICT_FILE = fileURLToPath(new URL("../../prisma/demo-district.json", import.meta.url));

const cadence = z.enum(["daily", "weekly", "dekad", "monthly"]);

const districtSchema = z.object({
  /** How often tasks report unless they say otherwise. */
  defaultCadence: cadence.default("daily"),
  units: z.array(z.object({ key: z.string(), name: z.string().min(1) })).min(1),
  officers: z.array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{4,31}$/), name: z.string(), unit: z.string() })).min(1),
  tasks: z
    .array(
      z.object({
        code: z.string(),
        name: z.string().min(1),
        kind: z.enum(["construction", "remediation"]),
        unit: z.string(),
        owner: z.string(),
        startDaysBefore: z.number().int().positive(),
        milestones: z.array(z.tuple([z.number().int().positive(), z.number().min(0).max(100)])),
        target: z.string().optional(),
        mustDeliver: z.boolean().optional(),
        cadence: cadence.optional(),
      }),
    )
    .min(1),
});

export type District = z.infer<typeof districtSchema>;

export async function readDistrict(file = DEMO_DISTRICT_FILE): Promise<District> {
  const parsed = districtSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  const district = parsed.data;
  const units = new Set(district.units.map((u) => u.key));
  const officers = new Set(district.officers.map((o) => o.key));
  for (const task of district.tasks) {
    if (!parseTaskCode(task.code)) throw new Error(`${file}: ${task.code} is not a task code`);
    if (!units.has(task.unit)) throw new Error(`${file}: ${task.code} names unit "${task.unit}", which is not listed`);
    if (!officers.has(task.owner)) throw new Error(`${file}: ${task.code} names owner "${task.owner}", who is not listed`);
    if (task.target && !parseTarget(task.target)) throw new Error(`${file}: ${task.code} has an unreadable target "${task.target}"`);
  }
  return district;
}

/** The next 30 June at least a quarter away: the common deadline the plans count back from. */
export function defaultDeadline(today: Day): Day {
  const year = Number(today.slice(0, 4));
  const candidate = `${year}-06-30`;
  return addDays(today, 90) <= candidate ? candidate : `${year + 1}-06-30`;
}

export interface LoadSummary {
  units: number;
  officers: number;
  tasks: number;
  deadline: Day;
}

/** Loads the district into an empty database: units, officers (by @username), tasks and plans. */
export async function loadDistrict(db: Db, district: District, deadline: Day, now: Date): Promise<LoadSummary> {
  const existing = await db.task.count();
  if (existing > 0) {
    throw new Error(`the database already has ${existing} tasks; demo data loads into an empty database only`);
  }
  return db.$transaction(async (tx) => {
    const unitIds = new Map<string, number>();
    for (const unit of district.units) {
      const saved = await tx.unit.upsert({ where: { name: unit.name }, create: { name: unit.name }, update: {} });
      unitIds.set(unit.key, saved.id);
    }
    const personIds = new Map<string, number>();
    for (const officer of district.officers) {
      const saved = await tx.person.upsert({
        where: { username: officer.key },
        create: { username: officer.key, displayName: officer.name },
        update: {},
      });
      personIds.set(officer.key, saved.id);
    }
    for (const task of district.tasks) {
      const target = task.target ? parseTarget(task.target) : null;
      await tx.task.create({
        data: {
          code: parseTaskCode(task.code)!,
          name: task.name,
          unitId: unitIds.get(task.unit)!,
          ownerId: personIds.get(task.owner)!,
          startDate: dayToDate(addDays(deadline, -task.startDaysBefore)),
          deadline: dayToDate(deadline),
          targetValue: target?.value ?? null,
          targetUnit: target?.unit ?? null,
          mustDeliver: task.mustDeliver ?? false,
          cadence: task.cadence ?? district.defaultCadence,
          createdAt: now,
          milestones: {
            create: task.milestones.map(([daysBefore, percent]) => ({ date: dayToDate(addDays(deadline, -daysBefore)), plannedPercent: percent })),
          },
        },
      });
    }
    const summary = { units: district.units.length, officers: district.officers.length, tasks: district.tasks.length, deadline };
    await audit(tx, { actorId: null, action: "demo.load", entity: "district", entityId: deadline, after: summary });
    return summary;
  });
}
