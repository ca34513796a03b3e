import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { Chat, User } from "grammy/types";
import { openDatabase } from "#src/db/database.js";
import { PgCluster } from "../support/pg-cluster.js";
import { runScript, type RunningProcess } from "../support/process.js";
import { StrictBotApi } from "../support/strict-bot-api.js";
import { TOKEN } from "../support/harness.js";

/**
 * The real bot (`npm start`, node-cron driver) on a PostgreSQL of its own, against a Bot API that
 * keeps updates until confirmed, enforces Telegram's limits and injects faults. Every case sends
 * a burst of reports over many groups and checks: each recorded once, each answered once, no
 * limit broken, the bot still running.
 */
const GROUPS = 20;
const PER_CASE = 60;
const RATE_PER_SECOND = 40;

const groups: Chat.SupergroupChat[] = Array.from({ length: GROUPS }, (_, i) => ({ id: -1009000 - i, type: "supergroup", title: `单位${i + 1}` }));
const officers: User[] = Array.from({ length: GROUPS }, (_, i) => ({ id: 5000 + i, is_bot: false, first_name: `干部${i + 1}`, username: `officer${i + 1}` }));
const code = (i: number) => `FT-${String(i + 1).padStart(2, "0")}`;

/** The test's own look at the database; the server going away under it is expected, not an error. */
function connectTo(url: string): pg.Client {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  return client;
}

describe("nothing lost, nothing doubled, never over Telegram's limits", () => {
  let cluster: PgCluster;
  let url: string;
  let telegram: StrictBotApi;
  let bot: RunningProcess;
  let client: pg.Client;
  let nextMessage = 1;
  const percent = new Map<number, number>();

  const startBot = async () => {
    bot = runScript("src/main.ts", {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATABASE_URL: url,
      LOG_LEVEL: "info",
      // What a killed process had in hand is taken over after 2 s.
      DUBAN_CLAIM_TIMEOUT: "2",
    });
    await bot.waitFor("schedules running", 60_000);
  };

  beforeAll(async () => {
    cluster = await PgCluster.create();
    url = await cluster.createDatabase("duban_faults");
    const database = await openDatabase({ databaseUrl: url, dataDir: "" });
    const db = database.prisma;
    for (let i = 0; i < GROUPS; i++) {
      const unit = await db.unit.create({ data: { name: `单位${i + 1}` } });
      const officer = officers[i];
      const group = groups[i];
      if (!officer || !group) throw new Error("fixture");
      await db.chat.create({ data: { id: BigInt(group.id), title: group.title, kind: "unit_group", unitId: unit.id } });
      const person = await db.person.create({ data: { telegramId: BigInt(officer.id), username: officer.username ?? null, displayName: officer.first_name } });
      await db.task.create({
        data: { code: code(i), name: `项目${i + 1}`, unitId: unit.id, ownerId: person.id, startDate: new Date("2026-01-01"), deadline: new Date("2027-12-31") },
      });
    }
    await database.close();
    client = connectTo(url);
    telegram = new StrictBotApi({ maxPollMs: 300 });
    for (const group of groups) telegram.chats.set(group.id, group);
    await telegram.start();
    await startBot();
  }, 120_000);

  afterAll(async () => {
    if (bot?.child.exitCode === null) bot.child.kill("SIGKILL");
    await bot?.exited;
    await telegram?.stop();
    await cluster?.destroy();
  });

  /** One report from the officer of a group, with a percent one above their last. */
  const report = (i: number) => {
    const group = groups[i % GROUPS];
    const officer = officers[i % GROUPS];
    if (!group || !officer) throw new Error("fixture");
    const next = (percent.get(group.id) ?? 0) + 1;
    percent.set(group.id, next);
    const messageId = nextMessage++;
    telegram.inject({ message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: group, from: officer, text: `${code(i % GROUPS)} 进度${next}%` } });
    return { chatId: group.id, messageId };
  };

  /** A burst at RATE_PER_SECOND; the fault happens once half of it is out. */
  const burst = async (fault: () => Promise<void>) => {
    const sent: { chatId: number; messageId: number }[] = [];
    for (let i = 0; i < PER_CASE; i++) {
      if (i === PER_CASE / 2) await fault();
      sent.push(report(i));
      await new Promise((r) => setTimeout(r, 1000 / RATE_PER_SECOND));
    }
    return sent;
  };

  /** Every report recorded once and answered once; no limit broken; the bot still running. */
  const expectAllOnce = async (reports: { chatId: number; messageId: number }[]) => {
    await telegram.waitFor(() => telegram.answers(reports).missing.length === 0, 90_000, "every report's confirmation");
    const { missing, doubled } = telegram.answers(reports);
    expect({ missing, doubled }).toEqual({ missing: [], doubled: [] });
    expect(telegram.violations).toEqual([]);
    const ids = reports.map((r) => r.messageId);
    const rows = await client.query<{ n: string; distinct_n: string }>(
      `SELECT count(*) AS n, count(DISTINCT ("sourceChatId", "sourceMessageId")) AS distinct_n FROM "ProgressReport" WHERE "sourceMessageId" = ANY($1)`,
      [ids],
    );
    expect(rows.rows[0]).toEqual({ n: String(reports.length), distinct_n: String(reports.length) });
    expect(bot.child.exitCode).toBeNull();
  };

  it("a PostgreSQL restart mid-burst", async () => {
    await client.connect();
    const reports = await burst(() => cluster.restart({ mode: "fast" }));
    // The test's own connection went down with the server.
    client = connectTo(url);
    await client.connect();
    await expectAllOnce(reports);
  }, 120_000);

  it("PostgreSQL down for three seconds mid-burst", async () => {
    let restart: Promise<void> = Promise.resolve();
    const reports = await burst(async () => {
      await client.end();
      await cluster.stop({ mode: "fast" });
      restart = new Promise((resolve) => setTimeout(resolve, 3000)).then(() => cluster.start());
    });
    await restart;
    client = connectTo(url);
    await client.connect();
    await expectAllOnce(reports);
  }, 120_000);

  it("kill -9 of the bot in the middle of a send, and a restart", async () => {
    const reports = await burst(async () => {
      // Killed while a Bot API call is in flight: that message was never delivered.
      const drop = await telegram.holdNextSend();
      // What Telegram delivered before is written down first: a kill between Telegram's answer
      // and that write would send the message again, a window no Bot API client can close.
      const recorded = async () => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "OutboxMessage" WHERE status = 'sent'`)).rows[0]?.n ?? 0);
      for (let i = 0; i < 100 && (await recorded()) < telegram.sent.length; i++) await new Promise((r) => setTimeout(r, 50));
      bot.child.kill("SIGKILL");
      await bot.exited;
      drop();
      await startBot();
    });
    await expectAllOnce(reports);
  }, 120_000);

  it("30% of sends answered 429", async () => {
    telegram.faults.rate429 = 0.3;
    const reports = await burst(async () => undefined);
    await expectAllOnce(reports);
    expect(telegram.injected.filter((f) => f.status === 429).length).toBeGreaterThan(0);
    telegram.faults.rate429 = 0;
  }, 120_000);

  it("10% of updates delivered twice", async () => {
    telegram.faults.redeliver = 0.1;
    const reports = await burst(async () => undefined);
    await expectAllOnce(reports);
    expect(telegram.redelivered.length).toBeGreaterThan(0);
    telegram.faults.redeliver = 0;
  }, 120_000);
});
