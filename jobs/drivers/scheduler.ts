import type { Logger } from "#src/logger.js";
import { loadSchedule, minutesNow, minutesOf } from "#src/services/schedule.js";
import { deliver } from "#src/sending/outbox.js";
import { JOB_NAMES, type JobName } from "#jobs/index.js";
import { runJob, today, type JobEnv, type RunSummary } from "#jobs/run.js";

/** What the bot asks of whichever driver runs the jobs. */
export interface Scheduler {
  readonly kind: "bullmq" | "cron";
  start(): Promise<void>;
  /** A job's time changed: its schedule is replaced under the same id. */
  reschedule(job: JobName, time: string): Promise<void>;
  /** Runs a job now (a manual run with its own key): done here, or queued for a worker. */
  runNow(job: JobName, requestKey: string): Promise<RunSummary | "queued">;
  stop(): Promise<void>;
}

/**
 * Runs each job whose time today has passed: the first run of the day for a process that was
 * down at that time, and the leftovers of a run that died. runJob makes repeats harmless.
 */
export async function catchUp(env: JobEnv, log: Logger): Promise<RunSummary[]> {
  const schedule = await loadSchedule(env.db);
  const now = minutesNow(env.clock.now(), env.timezone);
  const day = today(env);
  const summaries: RunSummary[] = [];
  for (const job of JOB_NAMES) {
    if (minutesOf(schedule[job]) > now) continue;
    const summary = await runJob(env, { job, day, trigger: "catch-up" });
    if (summary.outcome === "ran") log.info({ job, day }, "ran a job missed while down");
    summaries.push(summary);
  }
  // Messages of earlier days that a dead sender left behind.
  await deliver(env.db, env.api, env.limiter, log, { staleAfterMs: env.staleAfterMs });
  return summaries;
}

/**
 * Every five minutes: a job whose run failed (a database error at its time) is run again,
 * messages that could not be sent are tried again, and update ids older than Telegram keeps
 * updates are forgotten.
 */
export const SWEEP_PATTERN = "*/5 * * * *";

const DAY_MS = 24 * 3600 * 1000;
const KEEP_UPDATE_IDS_MS = 7 * DAY_MS;
// Sent messages and run records matter while a reply to them or a repeat of the run can come.
const KEEP_SENT_MS = 90 * DAY_MS;

export async function sweep(env: JobEnv): Promise<void> {
  await catchUp(env, env.logger);
  const now = env.clock.now().getTime();
  const db = env.db;
  await db.processedUpdate.deleteMany({ where: { processedAt: { lt: new Date(now - KEEP_UPDATE_IDS_MS) } } });
  const old = new Date(now - KEEP_SENT_MS);
  await db.outboxMessage.deleteMany({ where: { status: { in: ["sent", "failed"] }, createdAt: { lt: old } } });
  await db.jobRun.deleteMany({ where: { startedAt: { lt: old } } });
  await db.taskMessage.deleteMany({ where: { sentAt: { lt: old } } });
}
