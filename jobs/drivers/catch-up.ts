import type { Logger } from "#src/logger.js";
import { JOB_NAMES, minutesOf } from "#src/domain/jobs.js";
import { minutesNow } from "#src/services/schedule.js";
import { runJob, today, type JobEnv, type RunSummary } from "#jobs/run.js";

/**
 * Runs each job whose time today has passed and that has not run today: the job at its minute,
 * the first run of the day for a process that was down at that time, and the leftovers of a run
 * that died. runJob makes repeats harmless.
 */
export async function runDue(env: JobEnv, log: Logger): Promise<RunSummary[]> {
  const schedule = await env.loadSchedule();
  const now = minutesNow(env.clock.now(), env.timezone);
  const day = today(env);
  const summaries: RunSummary[] = [];
  for (const job of JOB_NAMES) {
    if (minutesOf(schedule[job]) > now) continue;
    const summary = await runJob(env, { job, day, trigger: "catch-up" });
    if (summary.outcome === "ran") log.info({ job, day }, "ran a job that was due");
    summaries.push(summary);
  }
  // Messages of earlier days that a dead sender left behind.
  await env.outbox.deliver(env.staleAfterMs ? { staleAfterMs: env.staleAfterMs } : {});
  return summaries;
}

/**
 * Every five minutes: a job whose run failed (a database error at its time) is run again,
 * messages that could not be sent are tried again, and what is no longer needed is forgotten.
 */
export const SWEEP_PATTERN = "*/5 * * * *";

export async function sweep(env: JobEnv): Promise<void> {
  await runDue(env, env.logger);
  await env.prune(env.clock.now());
}
