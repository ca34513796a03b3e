import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import type { Person } from "#src/generated/prisma/client.js";
import { addDays, dateToDay, dayToDate, type Day } from "#src/domain/calendar.js";
import { workdayTest, type CalendarOverride } from "#src/domain/workdays.js";
import { groupBy } from "#src/domain/group.js";

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

/** Each officer's leave that reaches into the last `days` days, by person id. */
export async function recentLeave(db: Db, today: Day, days: number): Promise<Map<number, { from: Day; to: Day }[]>> {
  const rows = await db.leave.findMany({ where: { toDate: { gte: dayToDate(addDays(today, -days)) }, fromDate: { lte: dayToDate(today) } } });
  const byPerson = groupBy(rows, (row) => row.personId);
  return new Map([...byPerson].map(([personId, leave]) => [personId, leave.map((row) => ({ from: dateToDay(row.fromDate), to: dateToDay(row.toDate) }))]));
}
