import type { Db } from "../db/database.js";
import { audit } from "../db/audit.js";
import type { Person } from "../generated/prisma/client.js";
import { dateToDay, dayToDate, type Day } from "../domain/calendar.js";
import { workdayTest, type CalendarOverride } from "../domain/workdays.js";

/** Whether a day is a workday, by the holiday table an admin loaded. */
export async function loadWorkdayTest(db: Db): Promise<(day: Day) => boolean> {
  const rows = await db.calendarDay.findMany();
  return workdayTest(rows.map((r) => ({ day: dateToDay(r.date), workday: r.workday, name: r.name })));
}

/** Loads holiday-table rows; a day given again replaces its earlier row. */
export async function importCalendar(db: Db, actor: Person | null, overrides: CalendarOverride[]): Promise<number> {
  await db.$transaction(async (tx) => {
    for (const o of overrides) {
      await tx.calendarDay.upsert({
        where: { date: dayToDate(o.day) },
        create: { date: dayToDate(o.day), workday: o.workday, name: o.name },
        update: { workday: o.workday, name: o.name },
      });
    }
    await audit(tx, {
      actorId: actor?.id ?? null,
      action: "calendar.import",
      entity: "calendar",
      entityId: overrides.length ? `${overrides[0]!.day}..${overrides[overrides.length - 1]!.day}` : "-",
      after: { days: overrides.length },
    });
  });
  return overrides.length;
}

export async function addLeave(db: Db, actor: Person, person: Person, from: Day, to: Day): Promise<void> {
  await db.$transaction(async (tx) => {
    const leave = await tx.leave.create({
      data: { personId: person.id, fromDate: dayToDate(from), toDate: dayToDate(to), createdById: actor.id },
    });
    await audit(tx, { actorId: actor.id, action: "leave.add", entity: "person", entityId: person.id, after: { leaveId: leave.id, from, to } });
  });
}

/** People on leave on a day. */
export async function onLeave(db: Db, day: Day): Promise<Set<number>> {
  const date = dayToDate(day);
  const rows = await db.leave.findMany({ where: { fromDate: { lte: date }, toDate: { gte: date } }, select: { personId: true } });
  return new Set(rows.map((r) => r.personId));
}
