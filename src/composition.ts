import type { Api } from "grammy";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Db } from "./db/database.js";
import type { Sql } from "./db/sql.js";
import type { LightThresholds } from "./domain/plan.js";
import type { Logger } from "./logger.js";
import { loadBoard } from "./services/board.js";
import { previousSnapshot, saveSnapshot } from "./services/digest.js";
import { jobRuns, pruneOld } from "./services/job-runs.js";
import { loadSchedule } from "./services/schedule.js";
import { supervisionService } from "./services/supervision.js";
import type { SupervisionSettings } from "./domain/supervision.js";
import { SendLimiter, TELEGRAM_LIMITS, type TelegramLimits } from "./sending/limiter.js";
import { createOutbox, DEFAULT_LEASE_MS, type Sender } from "./sending/outbox.js";
import { thisLife } from "./process-life.js";
import type { JobEnv } from "#jobs/run.js";

export interface SenderOptions {
  db: Db;
  sql: Sql;
  api: Api;
  logger: Logger;
  clock: Clock;
  /** Telegram's limits by default; the demo's in-process fake has none. */
  limits?: TelegramLimits;
  /** This process's name for the send lease. */
  holder?: string;
  /** How long the send lease lasts unrenewed: a dead sender's successor waits this long at most. */
  leaseMs?: number;
}

/**
 * How this process sends: one limiter for every message it sends (replies and jobs alike).
 * Telegram counts its limits in real seconds, whatever day the injected clock says it is: the
 * limiter paces by the real clock (its own tests inject theirs), the outbox stamps by the clock.
 */
export function createSender(options: SenderOptions): Sender {
  return {
    db: options.db,
    sql: options.sql,
    api: options.api,
    limiter: new SendLimiter(options.limits ?? TELEGRAM_LIMITS),
    log: options.logger,
    clock: options.clock,
    holder: options.holder ?? thisLife.name,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  };
}

export interface JobEnvOptions {
  db: Db;
  /** Plain SQL on the same database, for the board's big reads. */
  sql: Sql;
  sender: Sender;
  logger: Logger;
  clock: Clock;
  timezone: string;
  thresholds: LightThresholds;
  escalateAfter: number;
  /** The 督办单 thresholds (config.supervision); the domain's defaults when unset. */
  supervision?: SupervisionSettings;
  /** A sender claim older than this is taken to be from a dead process. */
  staleAfterMs?: number;
  /** Since when the embedded database has gone without a backup; absent on PostgreSQL. */
  lastBackupAt?: () => Date;
}

/** What the jobs run with, wired from the database, the sender and the one clock. */
export function createJobEnv(options: JobEnvOptions): JobEnv {
  const { db, clock, timezone, thresholds, logger } = options;
  return {
    runs: jobRuns(db),
    loadBoard: (day) => loadBoard({ prisma: db, sql: options.sql }, day, timezone, thresholds),
    loadSchedule: () => loadSchedule(db),
    snapshots: { previous: (period) => previousSnapshot(db, period), save: (period, snapshot) => saveSnapshot(db, period, snapshot) },
    outbox: createOutbox(options.sender),
    prune: (now) => pruneOld(db, now),
    logger,
    clock,
    timezone,
    escalateAfter: options.escalateAfter,
    supervision: supervisionService({ db, timezone, now: () => clock.now(), ...(options.supervision ? { settings: options.supervision } : {}) }),
    ...(options.staleAfterMs ? { staleAfterMs: options.staleAfterMs } : {}),
    ...(options.lastBackupAt ? { lastBackupAt: options.lastBackupAt } : {}),
  };
}

/**
 * How long what a dead process had in hand (an update being handled, the send lease) waits
 * before another process takes it over: DUBAN_CLAIM_TIMEOUT, at most 5 s for the lease and a
 * minute for an update, which never take that long in a live process. A restarted process
 * takes its earlier life's back at once (src/process-life.ts).
 */
export function takeoverMs(config: Pick<Config, "claimTimeoutSeconds">, cap = DEFAULT_LEASE_MS): number {
  return Math.min(cap, config.claimTimeoutSeconds * 1000);
}
