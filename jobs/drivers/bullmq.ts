import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { dayInZone } from "#src/domain/calendar.js";
import { cronPattern, isJobName, JOB_NAMES, timeOfPattern, type JobName } from "#src/domain/jobs.js";
import { SchedulerUnavailableError, type RunNowResult, type Scheduler } from "#src/services/scheduler.js";
import { runJob, today, type JobEnv, type Trigger } from "#jobs/run.js";
import { runDue, sweep, SWEEP_PATTERN } from "./catch-up.js";

interface JobData {
  trigger?: Trigger;
  day?: string;
  period?: string;
}

// A run that fails (the database briefly away) is tried again; runJob makes repeats harmless.
const RETRIES = { attempts: 5, backoff: { type: "exponential", delay: 10_000 } };

export interface BullOptions {
  redisUrl: string;
  queueName: string;
  /** Whether this process also works the queue (the bot may leave it to `npm run worker`). */
  runWorkers: boolean;
}

/** Production: schedules live in Redis as BullMQ job schedulers, one per job and time zone. */
export class BullScheduler implements Scheduler {
  readonly kind = "bullmq";
  readonly queue: Queue;
  private worker: Worker | null = null;
  private producer: Redis;
  private consumer: Redis | null = null;
  private restoreTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly env: JobEnv,
    private readonly options: BullOptions,
  ) {
    // Producers fail fast when Redis is down; workers wait for it forever.
    this.producer = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 3 });
    this.producer.on("error", (err) => env.logger.warn({ err: err.message }, "redis (queue) error"));
    this.queue = new Queue(options.queueName, { connection: this.producer });
  }

  static schedulerId(job: JobName | "sweep", timezone: string): string {
    return `${job}@${timezone}`;
  }

  async answers(): Promise<boolean> {
    return this.producer
      .ping()
      .then((pong) => pong === "PONG")
      .catch(() => false);
  }

  async start(): Promise<void> {
    await this.producer.ping().catch(async () => {
      this.env.logger.warn({ queue: this.options.queueName }, "waiting for Redis before setting up the schedules");
      await new Promise((resolve) => this.producer.once("ready", resolve));
    });
    await this.applySetup();
    // Redis back after an outage: a time an admin set meanwhile was saved, not queued, and a Redis
    // that lost its data lost everything. Set it all up again (the same ids: nothing doubles).
    this.producer.on("ready", () => this.restoreSetup(0));
    if (this.options.runWorkers) await this.startWorker();
  }

  /** What the queue needs in Redis: one job at a time, each job at its saved time, the sweep. */
  private async applySetup(): Promise<void> {
    // One job at a time across all workers: each worker paces its sends by Telegram's limits,
    // so two sending at once would together break them. Extra workers are for failover.
    await this.queue.setGlobalConcurrency(1);
    const schedule = await this.env.loadSchedule();
    for (const job of JOB_NAMES) await this.upsertSchedule(job, schedule[job]);
    await this.queue.upsertJobScheduler(
      BullScheduler.schedulerId("sweep", this.env.timezone),
      { pattern: SWEEP_PATTERN, tz: this.env.timezone },
      { name: "sweep", data: {} },
    );
  }

  /** applySetup after `delayMs`, tried again every RESTORE_RETRY_MS while it fails (the database may be away too). */
  private restoreSetup(delayMs: number): void {
    if (this.stopped) return;
    if (this.restoreTimer) clearTimeout(this.restoreTimer);
    this.restoreTimer = setTimeout(() => {
      this.restoreTimer = null;
      this.applySetup().catch((error: unknown) => {
        this.env.logger.warn({ err: error, retryInMs: RESTORE_RETRY_MS }, "queue setup not restored after Redis came back; trying again");
        this.restoreSetup(RESTORE_RETRY_MS);
      });
    }, delayMs);
    this.restoreTimer.unref();
  }

  async startWorker(): Promise<void> {
    this.consumer = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.consumer.on("error", (err) => this.env.logger.warn({ err: err.message }, "redis (worker) error"));
    this.worker = new Worker(this.options.queueName, (job) => this.process(job), {
      connection: this.consumer,
      concurrency: 1,
      // A worker that dies mid-run leaves its job stalled: its lock lapses after 15 s and the
      // next stalled check (every 5 s) hands the job to a live worker, which finishes the run.
      lockDuration: 15_000,
      stalledInterval: 5_000,
    });
    this.worker.on("failed", (job, err) => this.env.logger.error({ job: job?.name, err: err.message }, "job failed"));
    await this.worker.waitUntilReady();
    await runDue(this.env, this.env.logger);
  }

  private async process(job: Job<JobData>): Promise<unknown> {
    if (job.name === "sweep") return sweep(this.env);
    if (!isJobName(job.name)) throw new Error(`unknown job ${job.name}`);
    const data = job.data ?? {};
    // A scheduled job's day is the day it was due, even if a worker picks it up after midnight.
    const dueAt = job.timestamp + (job.delay ?? 0);
    const day = data.day ?? dayInZone(new Date(dueAt), this.env.timezone);
    return runJob(this.env, { job: job.name, day, trigger: data.trigger ?? "schedule", ...(data.period ? { period: data.period } : {}) });
  }

  /** With Redis away, fails within seconds; the saved time reaches Redis when it is back (restoreSetup). */
  async reschedule(job: JobName, time: string): Promise<void> {
    const upsert = async (live: () => boolean) => {
      await this.connected();
      if (live()) await this.upsertSchedule(job, time);
    };
    await withinSeconds(upsert, REDIS_ANSWER_SECONDS, "the job queue (Redis) did not answer");
  }

  /** The times Redis holds; with Redis away, SchedulerUnavailableError at once (it only shows them). */
  async list(): Promise<Partial<Record<JobName, string>>> {
    if (this.producer.status !== "ready") throw new SchedulerUnavailableError("the job queue (Redis) is not connected");
    const schedulers = await withinSeconds(() => this.queue.getJobSchedulers(0, -1), REDIS_ANSWER_SECONDS, "the job queue (Redis) did not answer");
    const times: Partial<Record<JobName, string>> = {};
    for (const job of JOB_NAMES) {
      const found = schedulers.find((s) => (s.key ?? s.id) === BullScheduler.schedulerId(job, this.env.timezone));
      const time = found?.pattern ? timeOfPattern(found.pattern) : null;
      if (time) times[job] = time;
    }
    return times;
  }

  private async connected(): Promise<void> {
    if (this.producer.status !== "ready") await new Promise((resolve) => this.producer.once("ready", resolve));
  }

  private async upsertSchedule(job: JobName, time: string): Promise<void> {
    const id = BullScheduler.schedulerId(job, this.env.timezone);
    // A scheduler left over from another time zone would keep firing: remove it.
    for (const existing of await this.queue.getJobSchedulers(0, -1)) {
      const key = existing.key ?? existing.id;
      if (key && key.startsWith(`${job}@`) && key !== id) await this.queue.removeJobScheduler(key);
    }
    await this.queue.upsertJobScheduler(id, { pattern: cronPattern(time), tz: this.env.timezone }, { name: job, data: {}, opts: RETRIES });
  }

  /** Queued for a worker; with Redis away the answer comes within seconds and nothing is queued. */
  async runNow(job: JobName, requestKey: string): Promise<RunNowResult> {
    const day = today(this.env);
    const period = `${day}/manual/${requestKey}`;
    // Redis just back: the producer reconnects within moments; wait for it, not past the bound.
    // Past it the admin is told nothing was queued, so nothing may be queued later either.
    const add = async (live: () => boolean) => {
      await this.connected();
      if (!live()) return;
      await this.queue.add(job, { trigger: "manual", day, period }, { jobId: `manual-${job}-${day}-${requestKey}`, removeOnComplete: 1000, removeOnFail: 1000, ...RETRIES });
    };
    await withinSeconds(add, REDIS_ANSWER_SECONDS, "the job queue (Redis) did not answer");
    return { kind: "queued" };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restoreTimer) clearTimeout(this.restoreTimer);
    await this.worker?.close();
    await this.queue.close();
    this.producer.disconnect();
    this.consumer?.disconnect();
  }
}

const REDIS_ANSWER_SECONDS = 5;
const RESTORE_RETRY_MS = 30_000;

/**
 * Runs `start` with a bound of `seconds`; past it, SchedulerUnavailableError, and `live()` turns
 * false so that work still waiting (for Redis to reconnect) does nothing when it resumes.
 */
async function withinSeconds<T>(start: (live: () => boolean) => Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new SchedulerUnavailableError(what));
    }, seconds * 1000);
  });
  try {
    return await Promise.race([start(() => !timedOut), timeout]);
  } catch (error) {
    throw error instanceof SchedulerUnavailableError ? error : new SchedulerUnavailableError(`${what}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
