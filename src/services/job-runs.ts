import type { Db } from "#src/db/database.js";
import type { JobName } from "#src/domain/jobs.js";
import { forgetSecrets, pruneSendLog } from "./outbox.js";

export type Trigger = "schedule" | "catch-up" | "manual";

/**
 * A job's run for a period is recorded before anything else: the first to claim it composes,
 * and a run found composed is not composed again.
 */
export function jobRuns(db: Db) {
  return {
    /** Whether this run is to be composed: a fresh claim, or one that died before it was composed. */
    async claim(job: JobName, period: string, trigger: Trigger, now: Date): Promise<{ compose: boolean }> {
      const claimed = await db.jobRun.createMany({ data: [{ job, period, trigger, startedAt: now }], skipDuplicates: true });
      if (claimed.count > 0) return { compose: true };
      const run = await db.jobRun.findUnique({ where: { job_period: { job, period } } });
      return { compose: !run?.composedAt };
    },
    async composed(job: JobName, period: string, now: Date): Promise<void> {
      await db.jobRun.update({ where: { job_period: { job, period } }, data: { composedAt: now } });
    },
  };
}

export type JobRuns = ReturnType<typeof jobRuns>;

const DAY_MS = 24 * 3600 * 1000;
// Telegram keeps an update 24 hours; a handled one is kept a week for whoever looks into it.
const KEEP_HANDLED_UPDATES_MS = 7 * DAY_MS;
// Sent messages and run records matter while a reply to them or a repeat of the run can come.
const KEEP_SENT_MS = 90 * DAY_MS;

/**
 * Forgets what is no longer needed: handled updates, old sends and runs, buttons that expired a
 * week ago, and send-log lines no limiter will read again.
 */
export async function pruneOld(db: Db, now: Date): Promise<void> {
  const at = now.getTime();
  const handledBefore = new Date(at - KEEP_HANDLED_UPDATES_MS);
  await db.inboxUpdate.deleteMany({ where: { status: { in: ["handled", "failed"] }, handledAt: { lt: handledBefore } } });
  await db.pendingAction.deleteMany({ where: { expiresAt: { lt: handledBefore } } });
  await pruneSendLog(db, now);
  const old = new Date(at - KEEP_SENT_MS);
  await db.outboxMessage.deleteMany({ where: { status: { in: ["sent", "failed"] }, createdAt: { lt: old } } });
  await forgetSecrets(db);
  await db.jobRun.deleteMany({ where: { startedAt: { lt: old } } });
  await db.taskMessage.deleteMany({ where: { sentAt: { lt: old } } });
}
