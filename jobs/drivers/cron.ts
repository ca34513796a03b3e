import cron, { type ScheduledTask } from "node-cron";
import { cronPattern, loadSchedule } from "#src/services/schedule.js";
import { JOB_NAMES, type JobName } from "#jobs/index.js";
import { runJob, today, type JobEnv, type RunSummary } from "#jobs/run.js";
import { catchUp, sweep, SWEEP_PATTERN, type Scheduler } from "./scheduler.js";

/** The embedded default: jobs in the bot process on node-cron, schedules kept in the database. */
export class CronScheduler implements Scheduler {
  readonly kind = "cron";
  private tasks = new Map<string, ScheduledTask>();
  // One run at a time per process: a slow digest never overlaps the next job's sends.
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly env: JobEnv,
    /** realTime false: no timers; the caller moves the clock and calls runDue() (the demo). */
    private readonly options: { realTime: boolean } = { realTime: true },
  ) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async start(): Promise<void> {
    if (!this.options.realTime) return;
    const schedule = await loadSchedule(this.env.db);
    for (const job of JOB_NAMES) this.install(job, schedule[job]);
    this.tasks.set(
      "sweep",
      cron.schedule(SWEEP_PATTERN, () => this.serial(() => sweep(this.env)).catch((error: unknown) => this.env.logger.error({ err: error }, "sweep failed")), {
        timezone: this.env.timezone,
        name: "duban-sweep",
      }),
    );
    await this.serial(() => catchUp(this.env, this.env.logger));
  }

  private install(job: JobName, time: string): void {
    void this.tasks.get(job)?.destroy();
    const task = cron.schedule(
      cronPattern(time),
      () =>
        this.serial(() => runJob(this.env, { job, day: today(this.env), trigger: "schedule" })).catch((error: unknown) =>
          this.env.logger.error({ err: error, job }, "scheduled job failed"),
        ),
      { timezone: this.env.timezone, name: `duban-${job}` },
    );
    this.tasks.set(job, task);
  }

  async reschedule(job: JobName, time: string): Promise<void> {
    if (this.options.realTime) this.install(job, time);
  }

  /** Runs every job whose time today has come and that has not run yet. */
  runDue(): Promise<RunSummary[]> {
    return this.serial(() => catchUp(this.env, this.env.logger));
  }

  runNow(job: JobName, requestKey: string): Promise<RunSummary> {
    const day = today(this.env);
    return this.serial(() => runJob(this.env, { job, day, trigger: "manual", period: `${day}/manual/${requestKey}` }));
  }

  async stop(): Promise<void> {
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    await this.chain;
  }
}
