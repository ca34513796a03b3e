import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import type { Person } from "#src/generated/prisma/client.js";
import { defaultSchedule, isJobName, JOB_CATALOG, type JobName, type Schedule } from "#src/domain/jobs.js";

export type { Schedule } from "#src/domain/jobs.js";

export async function loadSchedule(db: Db): Promise<Schedule> {
  const schedule = defaultSchedule();
  for (const row of await db.jobSchedule.findMany()) if (isJobName(row.job)) schedule[row.job] = row.time;
  return schedule;
}

export async function setJobTime(db: Db, actor: Person, job: JobName, time: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.jobSchedule.findUnique({ where: { job } });
    await tx.jobSchedule.upsert({ where: { job }, create: { job, time }, update: { time } });
    await audit(tx, { actorId: actor.id, action: "schedule.set", entity: "job", entityId: job, before: { time: before?.time ?? JOB_CATALOG[job].defaultTime }, after: { time } });
  });
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since midnight of an instant, in a time zone. */
export function minutesNow(now: Date, timeZone: string): number {
  let format = clockFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clockFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const read = (type: "hour" | "minute") => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return read("hour") * 60 + read("minute");
}
