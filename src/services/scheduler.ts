import type { JobName } from "#src/domain/jobs.js";

/** What a run started by hand came to: done here (with what was sent), or queued for a worker. */
export type RunNowResult = { kind: "done"; sent: number; queued: number } | { kind: "queued" };

/** /schedule's answer: every job's saved time, and whether the running driver has it yet. */
export interface ScheduleShown {
  jobs: { job: JobName; time: string; workdaysOnly: boolean; waiting: boolean }[];
  /** The driver (Redis) did not answer: the times are as saved. */
  queueDown: boolean;
}

/** Why a run could not start: the queue (Redis) did not answer in time. Nothing was queued. */
export class SchedulerUnavailableError extends Error {}

/**
 * The schedules as the rest of the program sees them; the BullMQ and node-cron drivers
 * implement it, so nothing but the entry points knows which one runs.
 */
export interface Scheduler {
  readonly kind: "bullmq" | "cron";
  start(): Promise<void>;
  /** A job's time changed: its schedule is replaced under the same id. */
  reschedule(job: JobName, time: string): Promise<void>;
  /** Runs a job now (a manual run with its own key). */
  runNow(job: JobName, requestKey: string): Promise<RunNowResult>;
  /** The time each job runs at as this driver has it now (a job it does not run is absent). */
  list(): Promise<Partial<Record<JobName, string>>>;
  /** Whether what the driver runs on answers (Redis for BullMQ; in-process timers always). */
  answers(): Promise<boolean>;
  stop(): Promise<void>;
}
