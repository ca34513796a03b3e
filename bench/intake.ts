import pg from "pg";
import { createBot } from "#src/bot/bot.js";
import { UpdateDispatcher } from "#src/bot/intake.js";
import { systemClock } from "#src/clock.js";
import { openDatabase } from "#src/db/database.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { createLogger } from "#src/logger.js";
import { createServices } from "#src/services/index.js";
import type { RawUpdate } from "#src/services/inbox.js";
import { createTestDatabase, type TestDatabase } from "../test/support/database.js";
import { runEntry, type RunningProcess } from "../test/support/process.js";
import { StrictBotApi } from "../test/support/strict-bot-api.js";
import { TOKEN } from "../test/support/harness.js";
import { burstReport, describeViolations, floorLatencies, groups, GROUPS, percentile, reportMessage, seedGroups } from "../test/support/report-burst.js";
import { number } from "./support/measure.js";

const THROUGHPUT_REPORTS = 2000;
const THROUGHPUT_TARGET = 500;
const CONCURRENCIES = [16, 32, 64];
const LATENCY_REPORTS = 500;
const RATE_PER_SECOND = 80;

/** Queries sent by every pg client in this process (Prisma's adapter uses pg's Client). */
let queries = 0;
const query = pg.Client.prototype.query;
function countQueries(): void {
  if ((pg.Client.prototype as { counted?: boolean }).counted) return;
  Object.assign(pg.Client.prototype, {
    counted: true,
    query(this: pg.Client, ...args: unknown[]) {
      queries++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    },
  });
}

interface Throughput {
  concurrency: number;
  queriesPerReport: number;
  cpuMsPerReport: number;
  ms: number;
  recorded: number;
  outbox: number;
  apiCalls: number;
}

/** Stores N reports straight into the inbox, then runs the real dispatcher until all are handled. */
async function throughputRun(concurrency: number, telegram: StrictBotApi): Promise<Throughput> {
  const testDb: TestDatabase = await createTestDatabase(`bench_intake_${concurrency}`);
  const database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
  const dispatcher: { current: UpdateDispatcher | null } = { current: null };
  try {
    await seedGroups(database.prisma);
    const logger = createLogger("error");
    const services = createServices({ db: database.prisma, sql: database.sql, clock: systemClock, timezone: "Asia/Shanghai", adminIds: [], thresholds: DEFAULT_THRESHOLDS });
    const bot = createBot(TOKEN, { services, logger, fileRoot: `${telegram.apiRoot}/file/bot${TOKEN}` }, { apiRoot: telegram.apiRoot });
    bot.botInfo = { ...telegram.botUser, is_bot: true, username: telegram.botUser.username ?? "duban_test_bot", can_join_groups: true, can_read_all_group_messages: true, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } as typeof bot.botInfo;
    const updates: RawUpdate[] = Array.from({ length: THROUGHPUT_REPORTS }, (_, i) => ({ update_id: i + 1, ...reportMessage(i, i + 1) }) as unknown as RawUpdate);
    for (let i = 0; i < updates.length; i += 500) await services.inbox.store(updates.slice(i, i + 500));
    const callsBefore = telegram.calls.length;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const queriesBefore = queries;
    const d = new UpdateDispatcher(bot, services.inbox, logger, { concurrency, idleMs: 5 });
    dispatcher.current = d;
    d.start();
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "InboxUpdate" WHERE status IN ('pending', 'handling')`);
        if (rows[0]?.n === "0") break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const ms = performance.now() - started;
      await d.stop();
      const used = process.cpuUsage(cpu);
      const queriesPerReport = (queries - queriesBefore) / THROUGHPUT_REPORTS;
      const cpuMsPerReport = (used.user + used.system) / 1000 / THROUGHPUT_REPORTS;
      const recorded = await client.query<{ n: string }>(`SELECT count(DISTINCT ("sourceChatId", "sourceMessageId")) AS n FROM "ProgressReport"`);
      const outbox = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "OutboxMessage"`).catch(() => ({ rows: [{ n: "-1" }] }));
      return { concurrency, queriesPerReport, cpuMsPerReport, ms, recorded: Number(recorded.rows[0]?.n), outbox: Number(outbox.rows[0]?.n), apiCalls: telegram.calls.length - callsBefore };
    } finally {
      await client.end();
    }
  } finally {
    await dispatcher.current?.stop();
    await database.close();
    await testDb.drop();
  }
}

async function benchThroughput(): Promise<void> {
  console.log(`\nintake — reports a second end to end (inbox → record → outbox, no sender), ${number(THROUGHPUT_REPORTS)} reports over ${GROUPS} groups, local PostgreSQL`);
  countQueries();
  const telegram = new StrictBotApi();
  await telegram.start();
  try {
    const runs: Throughput[] = [];
    for (const concurrency of CONCURRENCIES) {
      const run = await throughputRun(concurrency, telegram);
      runs.push(run);
      const perSecond = (THROUGHPUT_REPORTS / run.ms) * 1000;
      console.log(
        `  concurrency ${String(concurrency).padStart(2)}: ${number(perSecond).padStart(5)} reports/s (${(run.ms / 1000).toFixed(2)} s); recorded ${run.recorded}/${THROUGHPUT_REPORTS}, outbox rows ${run.outbox}, Bot API calls ${run.apiCalls}; ${run.queriesPerReport.toFixed(1)} queries and ${run.cpuMsPerReport.toFixed(1)} ms of the bot's CPU a report (includes the bench's own polling)`,
      );
    }
    const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
    const bestRate = (THROUGHPUT_REPORTS / best.ms) * 1000;
    console.log(`  best: ${number(bestRate)} reports/s at concurrency ${best.concurrency} (target ≥ ${THROUGHPUT_TARGET}/s: ${bestRate >= THROUGHPUT_TARGET ? "met" : "NOT met"})`);
  } finally {
    await telegram.stop();
  }
}

async function benchLatency(): Promise<void> {
  console.log(`\nintake — confirmation latency, the bot as a process, ${LATENCY_REPORTS} reports at ${RATE_PER_SECOND}/s over ${GROUPS} groups`);
  const testDb = await createTestDatabase("bench_intake_latency");
  const telegram = new StrictBotApi({ maxPollMs: 300 });
  let bot: RunningProcess | null = null;
  try {
    const database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
    await seedGroups(database.prisma);
    await database.close();
    for (const group of groups) telegram.chats.set(group.id, group);
    await telegram.start();
    bot = runEntry("main", { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, DATABASE_URL: testDb.url, LOG_LEVEL: "info" });
    await bot.waitFor("schedules running", 60_000);
    // Each report's own line identifies its confirmation, alone or merged with others into one message.
    const sent: (ReturnType<typeof burstReport> & { at: number })[] = [];
    const start = Date.now();
    for (let i = 0; i < LATENCY_REPORTS; i++) {
      const due = start + (i * 1000) / RATE_PER_SECOND;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const messageId = i + 1;
      const at = Date.now();
      telegram.inject(reportMessage(i, messageId));
      sent.push({ ...burstReport(i, messageId), at });
    }
    await telegram.waitFor(() => telegram.answers(sent).missing.length === 0, 120_000, "every confirmation").catch(() => undefined);
    const { missing, doubled } = telegram.answers(sent);
    const latencies = sent.flatMap((s) => {
      const answer = telegram.answersTo(s)[0];
      return answer ? [answer.at - s.at] : [];
    });
    const floor = floorLatencies(sent, telegram.limits);
    const ms = (v: number) => `${(v / 1000).toFixed(2)} s`;
    console.log(`  measured: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}`);
    console.log(`  floor:    p50 ${ms(percentile(floor, 50))}, p95 ${ms(percentile(floor, 95))}, max ${ms(Math.max(...floor))}  (per chat 1/s, per group 20/min, overall 30/s; a sender that knew each report at once)`);
    console.log(`  confirmed ${latencies.length}/${LATENCY_REPORTS}, missing ${missing.length}, doubled ${doubled.length}, limit violations ${describeViolations(telegram.violations)}, bot ${bot.child.exitCode === null ? "running" : `exited ${bot.child.exitCode}`}`);
  } finally {
    if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await bot?.exited;
    await telegram.stop();
    await testDb.drop();
  }
}

/** `npm run bench -- intake`: prints figures, asserts nothing. */
export async function benchIntake(): Promise<void> {
  await benchThroughput();
  await benchLatency();
}
