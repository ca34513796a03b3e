import type { Api } from "grammy";
import type { Clock } from "./clock.js";
import type { Db } from "./db/database.js";
import type { LightThresholds } from "./domain/plan.js";
import type { Logger } from "./logger.js";
import { loadBoard } from "./services/board.js";
import { previousSnapshot, saveSnapshot } from "./services/digest.js";
import { jobRuns, pruneOld } from "./services/job-runs.js";
import { loadSchedule } from "./services/schedule.js";
import { supervisionService } from "./services/supervision.js";
import type { SupervisionSettings } from "./domain/supervision.js";
import { SendLimiter, TELEGRAM_LIMITS, type TelegramLimits } from "./sending/limiter.js";
import { createOutbox } from "./sending/outbox.js";
import type { JobEnv } from "#jobs/run.js";

export interface JobEnvOptions {
  db: Db;
  api: Api;
  logger: Logger;
  clock: Clock;
  timezone: string;
  thresholds: LightThresholds;
  escalateAfter: number;
  /** The 督办单 thresholds (config.supervision); the domain's defaults when unset. */
  supervision?: SupervisionSettings;
  /** Telegram's limits by default; the demo's in-process fake has none. */
  limits?: TelegramLimits;
  /** A sender claim older than this is taken to be from a dead process. */
  staleAfterMs?: number;
}

/** What the jobs run with, wired from the database, the Bot API and the one clock. */
export function createJobEnv(options: JobEnvOptions): JobEnv {
  const { db, clock, timezone, thresholds, logger } = options;
  // Telegram counts its limits in real seconds, whatever day the injected clock says it is: the
  // limiter paces by the real clock (its own tests inject theirs), the outbox stamps by the clock.
  const limiter = new SendLimiter(options.limits ?? TELEGRAM_LIMITS);
  return {
    runs: jobRuns(db),
    loadBoard: (day) => loadBoard(db, day, timezone, thresholds),
    loadSchedule: () => loadSchedule(db),
    snapshots: { previous: (period) => previousSnapshot(db, period), save: (period, snapshot) => saveSnapshot(db, period, snapshot) },
    outbox: createOutbox(db, options.api, limiter, logger, clock),
    prune: (now) => pruneOld(db, now),
    logger,
    clock,
    timezone,
    escalateAfter: options.escalateAfter,
    supervision: supervisionService({ db, timezone, now: () => clock.now(), ...(options.supervision ? { settings: options.supervision } : {}) }),
    ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}),
  };
}
