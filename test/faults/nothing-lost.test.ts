import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { openDatabase } from "#src/db/database.js";
import { PgCluster } from "../support/pg-cluster.js";
import { runEntry, zoneAtTwoInTheMorning, type RunningProcess } from "../support/process.js";
import { burstReport, GROUPS, reportMessage, seedGroups, startBurstTelegram, stopBurstRig } from "../support/report-burst.js";
import type { StrictBotApi} from "../support/strict-bot-api.js";
import { type ReportAnswered } from "../support/strict-bot-api.js";
import { TOKEN } from "../support/harness.js";

/**
 * The real bot (`npm start`, node-cron driver, the settings users get) on a PostgreSQL of its
 * own, against a Bot API that keeps updates until confirmed, enforces Telegram's limits and
 * injects faults. Every case sends a burst of reports over 50 groups and checks: each recorded
 * once, each answered once and soon enough, no limit broken, the bot still running, and no
 * process warning printed. `npm run bench -- faults` runs the same at full size and prints figures.
 */
const PER_CASE = 100;
const RATE_PER_SECOND = 40;

interface Sent extends ReportAnswered {
  at: number;
}

/** The test's own look at the database; the server going away under it is expected, not an error. */
function connectTo(url: string): pg.Client {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  return client;
}

const until = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("nothing lost, nothing doubled, never over Telegram's limits, answered in seconds", () => {
  let cluster: PgCluster;
  let url: string;
  let telegram: StrictBotApi;
  let bot: RunningProcess;
  let client: pg.Client;
  let next = 0;
  const outputs: (() => string)[] = [];

  const startBot = async () => {
    // No DUBAN_CLAIM_TIMEOUT: what users get (600 s), so nothing here is rescued by a short timeout.
    bot = runEntry("main", { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, DATABASE_URL: url, LOG_LEVEL: "info", DUBAN_TIMEZONE: zoneAtTwoInTheMorning() });
    outputs.push(bot.output);
    await bot.waitFor("schedules running", 60_000);
    return Date.now();
  };

  const claimed = async () => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "OutboxMessage" WHERE status = 'sending'`)).rows[0]?.n ?? 0);

  beforeAll(async () => {
    cluster = await PgCluster.create();
    url = await cluster.createDatabase("duban_faults");
    const database = await openDatabase({ databaseUrl: url, dataDir: "" });
    await seedGroups(database.prisma);
    await database.close();
    client = connectTo(url);
    await client.connect();
    telegram = await startBurstTelegram();
    await startBot();
  }, 120_000);

  afterAll(() => stopBurstRig({ bot, client, telegram, cluster }));

  /** A burst at RATE_PER_SECOND over every group; the fault happens once half of it is out. */
  const burst = async (fault: () => Promise<void>) => {
    // Each case answers for its own limits.
    telegram.violations.length = 0;
    const sent: Sent[] = [];
    for (let k = 0; k < PER_CASE; k++) {
      if (k === PER_CASE / 2) await fault();
      const i = next++;
      telegram.inject(reportMessage(i, i + 1));
      sent.push({ ...burstReport(i, i + 1), at: Date.now() });
      await new Promise((r) => setTimeout(r, 1000 / RATE_PER_SECOND));
    }
    return sent;
  };

  /** Every report recorded once and answered once, the slowest answer within maxLatencyMs; no limit broken. */
  const expectAllOnce = async (reports: Sent[], maxLatencyMs: number) => {
    await telegram.waitFor(() => telegram.answers(reports).missing.length === 0, 120_000, "every report's confirmation");
    // A doubled confirmation would come after the first: a moment for it to show.
    await new Promise((r) => setTimeout(r, 1500));
    const { missing, doubled } = telegram.answers(reports);
    expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
    expect(telegram.violations).toEqual([]);
    const latencies = reports.map((r) => Math.min(...telegram.answersTo(r).map((m) => m.at)) - r.at);
    expect(Math.max(...latencies)).toBeLessThan(maxLatencyMs);
    const rows = await client.query<{ n: string; distinct_n: string }>(
      `SELECT count(*) AS n, count(DISTINCT ("sourceChatId", "sourceMessageId")) AS distinct_n FROM "ProgressReport" WHERE "sourceMessageId" = ANY($1)`,
      [reports.map((r) => r.messageId)],
    );
    expect(rows.rows[0]).toEqual({ n: String(reports.length), distinct_n: String(reports.length) });
    expect(bot.child.exitCode).toBeNull();
    // Nothing left claimed by nobody.
    expect(await claimed()).toBe(0);
  };

  const reconnect = async () => {
    client = connectTo(url);
    await client.connect();
  };

  it("a PostgreSQL restart while the sender is between its claim and its record", async () => {
    // Slow answers from Telegram: the restart comes while sends are out and not yet recorded.
    telegram.faults.answerDelayMs = 1500;
    const reports = await burst(async () => {
      await until(async () => (await claimed()) >= 10, 20_000, "sends in flight");
      await client.end();
      await cluster.restart({ mode: "fast" });
      telegram.faults.answerDelayMs = 0;
    });
    await reconnect();
    await expectAllOnce(reports, 30_000);
  }, 180_000);

  it("PostgreSQL down for three seconds mid-burst", async () => {
    let restart: Promise<void> = Promise.resolve();
    const reports = await burst(async () => {
      await client.end();
      await cluster.stop({ mode: "fast" });
      restart = new Promise((resolve) => setTimeout(resolve, 3000)).then(() => cluster.start());
    });
    await restart;
    await reconnect();
    await expectAllOnce(reports, 30_000);
  }, 180_000);

  it(`kill -9 while ${GROUPS} chats have messages claimed, and a restart`, async () => {
    telegram.faults.answerDelayMs = 3000;
    let readyAt = 0;
    const reports = await burst(async () => {
      // Every group's answer is out to Telegram, claimed and not yet recorded, when the bot dies.
      await until(async () => (await claimed()) >= GROUPS, 20_000, `${GROUPS} chats' messages claimed`);
      bot.child.kill("SIGKILL");
      await bot.exited;
      telegram.faults.answerDelayMs = 0;
      readyAt = await startBot();
    });
    // Sending resumes within seconds of the restart, not after the 10-minute claim timeout.
    await telegram.waitFor(() => telegram.sent.some((m) => m.at >= readyAt), 10_000, "a send after the restart");
    expect(Math.min(...telegram.sent.filter((m) => m.at >= readyAt).map((m) => m.at)) - readyAt).toBeLessThan(5000);
    await expectAllOnce(reports, 40_000);
  }, 180_000);

  it("30% of sends answered 429, retry after 1 to 3 s", async () => {
    telegram.faults.rate429 = 0.3;
    telegram.faults.retryAfter = [1, 3];
    const reports = await burst(async () => undefined);
    await expectAllOnce(reports, 40_000);
    expect(telegram.injected.filter((f) => f.status === 429).length).toBeGreaterThan(0);
    telegram.faults.rate429 = 0;
  }, 180_000);

  it("10% of updates delivered twice", async () => {
    telegram.faults.redeliver = 0.1;
    const reports = await burst(async () => undefined);
    await expectAllOnce(reports, 20_000);
    expect(telegram.redelivered.length).toBeGreaterThan(0);
    telegram.faults.redeliver = 0;
  }, 180_000);

  it("printed no process warning (a listener leak, a deprecation) in any life of the bot", () => {
    const warnings = outputs.flatMap((output) => output().split("\n").filter((line) => /\(node:\d+\) \w*Warning/.test(line)));
    expect(warnings).toEqual([]);
  });
});
