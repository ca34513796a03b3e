import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import type { Person } from "#src/generated/prisma/client.js";
import { JOBS, JOB_NAMES, type JobName } from "#jobs/index.js";

export type Schedule = Record<JobName, string>;

/** HH:MM, 00:00 to 23:59. */
export function parseTime(text: string): string | null {
  const m = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/u.exec(text.trim());
  return m ? `${m[1]!.padStart(2, "0")}:${m[2]}` : null;
}

export async function loadSchedule(db: Db): Promise<Schedule> {
  const rows = await db.jobSchedule.findMany();
  const schedule = Object.fromEntries(JOB_NAMES.map((name) => [name, JOBS[name].defaultTime])) as Schedule;
  for (const row of rows) if (row.job in schedule) schedule[row.job as JobName] = row.time;
  return schedule;
}

export async function setJobTime(db: Db, actor: Person, job: JobName, time: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.jobSchedule.findUnique({ where: { job } });
    await tx.jobSchedule.upsert({ where: { job }, create: { job, time }, update: { time } });
    await audit(tx, { actorId: actor.id, action: "schedule.set", entity: "job", entityId: job, before: { time: before?.time ?? JOBS[job].defaultTime }, after: { time } });
  });
}

/** The cron pattern for a daily HH:MM. */
export function cronPattern(time: string): string {
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return `${mm} ${hh} * * *`;
}

/** Minutes since midnight of an HH:MM time, for comparing with the clock. */
export function minutesOf(time: string): number {
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return hh * 60 + mm;
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

export function minutesNow(now: Date, timeZone: string): number {
  let format = clockFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    clockFormatters.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const hour = Number(parts.find((p) => p.type === "hour")!.value);
  const minute = Number(parts.find((p) => p.type === "minute")!.value);
  return hour * 60 + minute;
}
