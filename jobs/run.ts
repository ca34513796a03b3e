import type { Clock } from "#src/clock.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import { JOB_CATALOG, type Schedule } from "#src/domain/jobs.js";
import { messages, DEFAULT_LANGUAGE } from "#src/locales/index.js";
import type { Logger } from "#src/logger.js";
import { jobRuns } from "#src/metrics.js";
import type { Board } from "#src/services/board.js";
import type { JobRuns, Trigger } from "#src/services/job-runs.js";
import type { DeliveryResult, Outbox } from "#src/sending/outbox.js";
import { JOBS } from "./index.js";
import type { ComposeContext, JobName } from "./types.js";

export type { Trigger } from "#src/services/job-runs.js";

/** What running a job needs; the bot process and `npm run worker` each build one (src/composition.ts). */
export interface JobEnv {
  runs: JobRuns;
  loadBoard(day: Day): Promise<Board>;
  loadSchedule(): Promise<Schedule>;
  snapshots: ComposeContext["snapshots"];
  outbox: Outbox;
  /** Forgets old update ids, sends and runs. */
  prune(now: Date): Promise<void>;
  logger: Logger;
  clock: Clock;
  timezone: string;
  escalateAfter: number;
  /** The 督办单 ladder the escalation job climbs. */
  supervision: ComposeContext["supervision"];
  /** A sender claim older than this is taken to be from a dead process. */
  staleAfterMs?: number;
  /** Since when the embedded database has gone without a backup (its last one, or its creation); absent on PostgreSQL. */
  lastBackupAt?: () => Date;
}

export interface RunRequest {
  job: JobName;
  day: Day;
  trigger: Trigger;
  /** The key this run is recorded under: the day for scheduled runs, the day and a request id for manual ones. */
  period?: string;
}

export interface RunSummary {
  job: JobName;
  period: string;
  outcome: "ran" | "already-ran" | "not-workday";
  queued: number;
  delivery: DeliveryResult;
}

/**
 * Runs a job for a period once: the run is recorded before anything else, its messages are
 * written to the outbox, then sent. Fired twice, the second run finds the record and only
 * finishes sending what the first left pending.
 */
export async function runJob(env: JobEnv, request: RunRequest): Promise<RunSummary> {
  try {
    const summary = await runOnce(env, request);
    jobRuns.inc({ job: request.job, outcome: summary.outcome });
    return summary;
  } catch (error) {
    jobRuns.inc({ job: request.job, outcome: "failed" });
    throw error;
  }
}

async function runOnce(env: JobEnv, request: RunRequest): Promise<RunSummary> {
  const period = request.period ?? request.day;
  const log = env.logger.child({ job: request.job, period, trigger: request.trigger });
  const { compose } = await env.runs.claim(request.job, period, request.trigger, env.clock.now());
  let outcome: RunSummary["outcome"] = "ran";
  let queued = 0;
  if (!compose) {
    outcome = "already-ran";
  } else {
    // Either ours, or a run that died before its messages were written: compose (again; the outbox keys dedupe).
    const board = await env.loadBoard(request.day);
    if (JOB_CATALOG[request.job].workdaysOnly && !board.isWorkday && request.trigger !== "manual") {
      outcome = "not-workday";
    } else {
      const t = messages(DEFAULT_LANGUAGE);
      const outgoing = await JOBS[request.job].compose({
        board,
        day: request.day,
        t,
        escalateAfter: env.escalateAfter,
        period,
        snapshots: env.snapshots,
        supervision: env.supervision,
        ...(env.lastBackupAt ? { backupAgeDays: ageInDays(env.lastBackupAt(), env.clock.now()) } : {}),
      });
      queued = await env.outbox.enqueue(request.job, period, outgoing);
    }
    await env.runs.composed(request.job, period, env.clock.now());
  }
  const delivery = await env.outbox.deliver({ job: request.job, period, ...(env.staleAfterMs ? { staleAfterMs: env.staleAfterMs } : {}) });
  log.info({ outcome, queued, ...delivery }, "job run");
  return { job: request.job, period, outcome, queued, delivery };
}

export function today(env: Pick<JobEnv, "clock" | "timezone">): Day {
  return dayInZone(env.clock.now(), env.timezone);
}

function ageInDays(at: Date, now: Date): number {
  return Math.floor((now.getTime() - at.getTime()) / 86_400_000);
}
