import cron, { type ScheduledTask } from "node-cron";
import type { JobName } from "#src/domain/jobs.js";
import type { RunNowResult, Scheduler } from "#src/services/scheduler.js";
import { runJob, today, type JobEnv, type RunSummary } from "#jobs/run.js";
import { runDue, sweep, SWEEP_PATTERN } from "./catch-up.js";

/** Every minute: what is due by the injected clock runs (the schedule is read from the database). */
const TICK_PATTERN = "* * * * *";

/**
 * The embedded default: jobs in the bot process. node-cron only says "a minute passed"; which
 * jobs are due is decided by the injected clock and the schedule in the database, so a test or
 * the demo moves the clock and calls tick(), and an admin's new time needs no timer change.
 */
export class CronScheduler implements Scheduler {
  readonly kind = "cron";
  private timers: ScheduledTask[] = [];
  // One run at a time per process: a slow digest never overlaps the next job's sends.
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly env: JobEnv,
    /** realTime false: no timers; the caller moves the clock and calls tick() (tests, the demo). */
    private readonly options: { realTime: boolean } = { realTime: true },
  ) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async answers(): Promise<boolean> {
    return true;
  }

  async start(): Promise<void> {
    if (this.options.realTime) {
      const log = (what: string) => (error: unknown) => this.env.logger.error({ err: error }, `${what} failed`);
      const options = { timezone: this.env.timezone, noOverlap: true };
      this.timers.push(cron.schedule(TICK_PATTERN, () => this.tick().catch(log("scheduled run")), { ...options, name: "duban-tick" }));
      this.timers.push(cron.schedule(SWEEP_PATTERN, () => this.serial(() => sweep(this.env)).catch(log("sweep")), { ...options, name: "duban-sweep" }));
    }
    await this.tick();
  }

  /** Runs every job whose time today has come and that has not run yet. */
  tick(): Promise<RunSummary[]> {
    return this.serial(() => runDue(this.env, this.env.logger));
  }

  /** The schedule is read at every tick: nothing to move. */
  async reschedule(_job: JobName, _time: string): Promise<void> {}

  /** What the next tick reads: the saved schedule. */
  async list(): Promise<Partial<Record<JobName, string>>> {
    return this.env.loadSchedule();
  }

  async runNow(job: JobName, requestKey: string): Promise<RunNowResult> {
    const day = today(this.env);
    const summary = await this.serial(() => runJob(this.env, { job, day, trigger: "manual", period: `${day}/manual/${requestKey}` }));
    return { kind: "done", sent: summary.delivery.sent, queued: summary.queued };
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) await timer.destroy();
    this.timers = [];
    await this.chain;
  }
}
