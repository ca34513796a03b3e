import type { Db } from "#src/db/database.js";
import { addDays, dayToDate, type Day } from "#src/domain/calendar.js";

/** A unit's bound group id: negative, as Telegram group ids are. */
export const groupId = (unit: number): number => -1001000000000 - unit;

/**
 * `groups` units, each with its bound group and `tasksPerGroup` officers owning one daily task
 * each; every task last reported the day before `day`, so on `day` all of them are missing and the
 * remind job names every officer (one message per group) and the prompt job asks about every task
 * (one message per task).
 */
export async function seedFanout(db: Db, day: Day, groups: number, tasksPerGroup: number): Promise<void> {
  const longAgo = dayToDate(addDays(day, -60));
  const units = Array.from({ length: groups }, (_, i) => i + 1);
  await db.unit.createMany({ data: units.map((id) => ({ id, name: `第${String(id).padStart(2, "0")}指挥部`, createdAt: longAgo })) });
  await db.chat.createMany({
    data: units.map((unit) => ({
      id: BigInt(groupId(unit)),
      title: `第${String(unit).padStart(2, "0")}指挥部工作群`,
      kind: "unit_group" as const,
      unitId: unit,
      boundAt: longAgo,
    })),
  });
  const officers = groups * tasksPerGroup;
  const people = Array.from({ length: officers }, (_, i) => i + 1);
  await db.person.createMany({
    data: people.map((id) => ({
      id,
      telegramId: BigInt(200000000 + id),
      username: `officer${String(id).padStart(4, "0")}`,
      displayName: `干部${id}`,
      createdAt: longAgo,
    })),
  });
  // Reported yesterday evening (Asia/Shanghai): missing today.
  const lastReportAt = new Date(`${addDays(day, -1)}T10:00:00Z`);
  await db.task.createMany({
    data: people.map((owner) => ({
      id: owner,
      code: `F-${String(owner).padStart(4, "0")}`,
      name: `重点项目${owner}`,
      unitId: ((owner - 1) % groups) + 1,
      ownerId: owner,
      startDate: dayToDate(addDays(day, -30)),
      deadline: dayToDate(addDays(day, 200)),
      cadence: "daily" as const,
      status: "in_progress" as const,
      progressPercent: 10,
      lastReportAt,
      createdAt: longAgo,
    })),
  });
}
