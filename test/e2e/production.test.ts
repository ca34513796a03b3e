import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { openDatabase } from "#src/db/database.js";
import { freePort, PgCluster } from "../support/pg-cluster.js";
import { runEntry, zoneAtTwoInTheMorning, type RunningProcess } from "../support/process.js";
import { burstReport, reportMessage, seedGroups, startBurstTelegram, stopBurstRig } from "../support/report-burst.js";
import type { StrictBotApi } from "../support/strict-bot-api.js";
import { TOKEN } from "../support/harness.js";

/**
 * The compiled bot (`npm start`) as an operator runs it: health, readiness and metrics on its
 * HTTP port, readiness following the database, and a SIGTERM in the middle of a burst that
 * loses nothing and leaves nothing claimed.
 */
describe("npm start as a production service", { timeout: 120_000 }, () => {
  let cluster: PgCluster;
  let url: string;
  let telegram: StrictBotApi;
  let bot: RunningProcess;
  let port: number;
  let client: pg.Client;
  let next = 0;

  const http = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const metric = async (name: string) => {
    const line = (await http("/metrics")).text.split("\n").find((l) => l.startsWith(name));
    return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
  };
  const start = async () => {
    bot = runEntry("main", { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, DATABASE_URL: url, LOG_LEVEL: "info", DUBAN_HTTP_PORT: String(port), DUBAN_TIMEZONE: zoneAtTwoInTheMorning() });
    await bot.waitFor("schedules running", 60_000);
  };

  beforeAll(async () => {
    cluster = await PgCluster.create();
    url = await cluster.createDatabase("duban_production");
    const database = await openDatabase({ databaseUrl: url, dataDir: "" });
    await seedGroups(database.prisma);
    await database.close();
    telegram = await startBurstTelegram();
    port = await freePort();
    client = new pg.Client({ connectionString: url });
    client.on("error", () => undefined);
    await client.connect();
    await start();
  }, 120_000);

  afterAll(() => stopBurstRig({ bot, client, telegram, cluster }));

  it("is up, and ready once it is sending", async () => {
    expect(await http("/healthz")).toEqual({ status: 200, text: '{"status":"ok"}' });
    await until(async () => (await http("/readyz")).status === 200, "/readyz 200");
    const checks = JSON.parse((await http("/readyz")).text).checks;
    expect(Object.keys(checks).sort()).toEqual(["botApi", "database", "redis", "sendLease"]);
  });

  it("counts a report in /metrics", async () => {
    const recorded = await metric('duban_reports_total{outcome="recorded"}');
    const received = await metric("duban_updates_received_total");
    const i = next++;
    telegram.inject(reportMessage(i, 10_000 + i));
    const report = burstReport(i, 10_000 + i);
    await telegram.waitFor(() => telegram.answersTo(report).length === 1, 20_000, "the confirmation");
    await until(async () => (await metric('duban_reports_total{outcome="recorded"}')) === recorded + 1, "the report counted");
    expect(await metric("duban_updates_received_total")).toBe(received + 1);
    // Observed once the send is written down, a moment after Telegram has it.
    await until(async () => (await metric("duban_send_latency_seconds_count")) > 0, "the send's latency observed");
    expect(await metric('duban_outbox_depth{kind="text"}')).toBe(0);
    expect((await http("/metrics")).text).toContain("process_resident_memory_bytes");
  });

  it("is not ready while the database is away, and ready again once it is back", async () => {
    await client.end();
    await cluster.stop({ mode: "fast" });
    try {
      await until(async () => (await http("/readyz")).status === 503, "/readyz 503");
      expect(JSON.parse((await http("/readyz")).text).checks.database.ok).toBe(false);
      // Still up: the process is not to be restarted for it.
      expect((await http("/healthz")).status).toBe(200);
    } finally {
      await cluster.start();
    }
    await until(async () => (await http("/readyz")).status === 200, "/readyz 200 again");
    client = new pg.Client({ connectionString: url });
    client.on("error", () => undefined);
    await client.connect();
  });

  it("stops on SIGTERM mid-burst within 10 s, leaving nothing claimed, and answers everything after a restart", async () => {
    // Slow answers: the stop comes while sends are out.
    telegram.faults.answerDelayMs = 800;
    const sent: ReturnType<typeof burstReport>[] = [];
    let stopping = 0;
    for (let k = 0; k < 100; k++) {
      const i = next++;
      telegram.inject(reportMessage(i, 10_000 + i));
      sent.push(burstReport(i, 10_000 + i));
      if (k === 60) {
        stopping = Date.now();
        bot.child.kill("SIGTERM");
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const code = await bot.exited;
    expect(code).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(bot.output()).toContain("stopped");
    const claimed = await client.query<{ outbox: string; inbox: string; lease: string }>(
      `SELECT (SELECT count(*) FROM "OutboxMessage" WHERE status = 'sending') AS outbox,
              (SELECT count(*) FROM "InboxUpdate" WHERE status = 'handling') AS inbox,
              (SELECT count(*) FROM "SenderLease") AS lease`,
    );
    expect(claimed.rows[0]).toEqual({ outbox: "0", inbox: "0", lease: "0" });
    telegram.faults.answerDelayMs = 0;
    await start();
    await telegram.waitFor(() => telegram.answers(sent).missing.length === 0, 60_000, "every confirmation");
    expect(telegram.answers(sent).doubled).toEqual([]);
    const rows = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ProgressReport" WHERE "sourceMessageId" = ANY($1)`, [sent.map((s) => s.messageId)]);
    expect(rows.rows[0]?.n).toBe(String(sent.length));
  });
});
