import type { Api } from "grammy";
import type { Clock } from "#src/clock.js";
import type { Db } from "#src/db/database.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import { messages, DEFAULT_LANGUAGE } from "#src/locales/index.js";
import type { Logger } from "#src/logger.js";
import { loadBoard } from "#src/services/board.js";
import { deliver, enqueue, type DeliveryResult } from "#src/sending/outbox.js";
import type { SendLimiter } from "#src/sending/limiter.js";
import { JOBS } from "./index.js";
import type { JobName } from "./types.js";

/** What running a job needs; the bot process and `npm run worker` each build one. */
export interface JobEnv {
  db: Db;
  api: Api;
  limiter: SendLimiter;
  logger: Logger;
  clock: Clock;
  timezone: string;
  thresholds: LightThresholds;
  escalateAfter: number;
  /** A sender claim older than this is taken to be from a dead process. */
  staleAfterMs?: number;
}

export type Trigger = "schedule" | "catch-up" | "manual";

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
  const { db, logger } = env;
  const definition = JOBS[request.job];
  const period = request.period ?? request.day;
  const log = logger.child({ job: request.job, period, trigger: request.trigger });

  const claimed = await db.jobRun.createMany({ data: [{ job: request.job, period, trigger: request.trigger }], skipDuplicates: true });
  const run = await db.jobRun.findUniqueOrThrow({ where: { job_period: { job: request.job, period } } });
  let outcome: RunSummary["outcome"] = "ran";
  let queued = 0;
  if (claimed.count === 0 && run.composedAt) {
    outcome = "already-ran";
  } else {
    // Either ours, or a run that died before its messages were written: compose (again; the outbox keys dedupe).
    const board = await loadBoard(db, request.day, env.timezone, env.thresholds);
    if (definition.workdaysOnly && !board.isWorkday && request.trigger !== "manual") {
      outcome = "not-workday";
    } else {
      const outgoing = await definition.compose({
        db,
        board,
        day: request.day,
        t: messages(DEFAULT_LANGUAGE),
        thresholds: env.thresholds,
        escalateAfter: env.escalateAfter,
        period,
      });
      queued = await enqueue(db, request.job, period, outgoing);
    }
    await db.jobRun.update({ where: { job_period: { job: request.job, period } }, data: { composedAt: new Date() } });
  }
  const delivery = await deliver(db, env.api, env.limiter, log, { job: request.job, period, staleAfterMs: env.staleAfterMs });
  log.info({ outcome, queued, ...delivery }, "job run");
  return { job: request.job, period, outcome, queued, delivery };
}

export function today(env: Pick<JobEnv, "clock" | "timezone">): Day {
  return dayInZone(env.clock.now(), env.timezone);
}
