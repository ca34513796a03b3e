import type { Api } from "grammy";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * What a monitoring system scrapes from /metrics (Prometheus text format), one registry per
 * process. Counters move where things happen (the inbox, the dispatcher, reporting, the sender,
 * the jobs); the queue depths are read from the database when scraped.
 */
export const registry = new Registry();
// The standard process_* and nodejs_* names, as stock dashboards expect them.
collectDefaultMetrics({ register: registry });

export const updatesReceived = new Counter({ name: "duban_updates_received_total", help: "Telegram updates stored in the inbox (a redelivered one counts once)", registers: [registry] });
export const updatesHandled = new Counter({ name: "duban_updates_handled_total", help: "Updates handled", registers: [registry] });
export const updatesFailed = new Counter({
  name: "duban_updates_failed_total",
  help: "Updates whose handling failed: transient (tried again) or permanent (set aside)",
  labelNames: ["kind"] as const,
  registers: [registry],
});
export const reportsRecorded = new Counter({
  name: "duban_reports_total",
  help: "Progress reports read, by outcome (recorded, corrected, unknown_task, not_allowed, parse_error, ...)",
  labelNames: ["outcome"] as const,
  registers: [registry],
});
export const sendLatency = new Histogram({
  name: "duban_send_latency_seconds",
  help: "From an answer or job message being queued to Telegram accepting it",
  buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
  registers: [registry],
});
export const telegram429 = new Counter({ name: "duban_telegram_429_total", help: "Bot API calls answered 429 Too Many Requests", registers: [registry] });
export const jobRuns = new Counter({ name: "duban_job_runs_total", help: "Job runs, by job and outcome (ran, already-ran, not-workday, failed)", labelNames: ["job", "outcome"] as const, registers: [registry] });

/** The database's view, read when /metrics is scraped. */
export interface QueueProbe {
  /** Seconds the oldest update not yet handled has waited (0 when none). */
  inboxLagSeconds(): Promise<number>;
  /** Messages waiting to be sent (pending or being sent), by kind (text, photo, document). */
  outboxDepth(): Promise<Record<string, number>>;
}

let probe: QueueProbe | null = null;

/** Where the queue gauges read from: this process's database. */
export function probeQueues(source: QueueProbe): void {
  probe = source;
}

new Gauge({
  name: "duban_inbox_lag_seconds",
  help: "How long the oldest update not yet handled has waited since it arrived (the same in every process: take the max)",
  registers: [registry],
  async collect() {
    if (probe) this.set(await probe.inboxLagSeconds().catch(() => NaN));
  },
});

new Gauge({
  name: "duban_outbox_depth",
  help: "Messages waiting to be sent, by kind (the same in every process: take the max)",
  labelNames: ["kind"] as const,
  registers: [registry],
  async collect() {
    if (!probe) return;
    const depth = await probe.outboxDepth().catch(() => null);
    this.reset();
    for (const kind of ["text", "photo", "document"]) this.set({ kind }, depth ? (depth[kind] ?? 0) : NaN);
  },
});

/** When a Bot API call last got an answer (any answer: Telegram is there), in ms; 0: never. */
let botApiAnsweredAt = 0;

export function lastBotApiAnswer(): number {
  return botApiAnsweredAt;
}

/** Watches a Bot API client: its answers say Telegram is reachable, and its 429s are counted. */
export function watchBotApi(api: Api): void {
  api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    botApiAnsweredAt = Date.now();
    if (!result.ok && result.error_code === 429) telegram429.inc();
    return result;
  });
}
