import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, user } from "../support/updates.js";
import { ask } from "../support/conversation.js";

const admin = user(1001, "duchashi", "督查室");
const leaders = group(-1005999, "区领导督办群");

/** A Redis of this test's own, with an append-only file, as docker-compose runs it. */
class OwnRedis {
  readonly port = 20000 + Math.floor(Math.random() * 20000);
  readonly dir = mkdtempSync(path.join(tmpdir(), "duban-redis-"));
  private process: ChildProcess | null = null;
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.process = spawn("redis-server", [
      "--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir,
      "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction",
    ], { stdio: "ignore" });
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => undefined);
      const ok = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
      probe.disconnect();
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("redis-server did not start");
  }
  async stop(): Promise<void> {
    if (!this.process) return;
    const exited = new Promise((r) => this.process!.once("exit", r));
    this.process.kill("SIGTERM");
    await exited;
    this.process = null;
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe("schedules across a restart of Redis", () => {
  const redis = new OwnRedis();
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    await redis.start();
    db = await createTestDatabase("redis_restart");
    h = await startHarness({ databaseUrl: db.url, redisUrl: redis.url, queueName: "duban", adminIds: [admin.id], now: new Date("2026-07-01T16:30:00Z") });
  });
  afterAll(async () => {
    await h?.stop();
    await redis.stop();
    redis.cleanup();
    await db?.drop();
  });

  /** The queue as Redis holds it: its job schedulers, and how many jobs may run at once. */
  const inRedis = async () => {
    const connection = new Redis(redis.url);
    const queue = new Queue("duban", { connection });
    const list = await queue.getJobSchedulers(0, -1);
    const concurrency = await queue.getGlobalConcurrency();
    await queue.close();
    connection.disconnect();
    return { schedulers: list.map((s) => `${s.key} ${s.pattern}`).sort(), concurrency };
  };
  const schedulers = async () => (await inRedis()).schedulers;

  it("keeps every job scheduler, and the bot keeps working once Redis is back", async () => {
    await ask(h.telegram, h.scene, leaders, admin, "/leaders");
    await ask(h.telegram, h.scene, leaders, admin, "/schedule digest 07:45");
    const before = await schedulers();
    expect(before).toContain("digest@Asia/Shanghai 45 7 * * *");
    expect(before).toHaveLength(5);

    await redis.stop();
    // With Redis down, a job asked for by hand is answered within seconds, saying it was not done.
    const asked = performance.now();
    const { answer: down } = await ask(h.telegram, h.scene, leaders, admin, "/remind");
    expect(down).toContain("没有执行，也没有排队");
    expect(performance.now() - asked).toBeLessThan(10_000);
    // A new time is saved, and /schedule says the queue has not taken it yet.
    expect((await ask(h.telegram, h.scene, leaders, admin, "/schedule digest 08:05")).answer).toContain("队列恢复连接后，新时间自动生效");
    const listed = (await ask(h.telegram, h.scene, leaders, admin, "/schedule")).answer;
    expect(listed).toContain("digest（领导日报）每天 08:05");
    expect(listed).toContain("暂时连不上");
    await redis.start();
    // Back: every scheduler kept, and the time saved meanwhile taken, with no restart of the bot.
    const after = before.map((s) => (s.startsWith("digest@") ? "digest@Asia/Shanghai 5 8 * * *" : s));
    for (let i = 0; i < 100 && JSON.stringify(await schedulers()) !== JSON.stringify(after); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await schedulers()).toEqual(after);
    // The /remind answered "not queued" while Redis was down was not queued once it came back.
    const connection = new Redis(redis.url);
    const queue = new Queue("duban", { connection });
    const reminds = (await queue.getJobs(["waiting", "active", "completed", "failed", "delayed", "prioritized"])).filter((j) => j.name === "remind" && j.id?.startsWith("manual-"));
    await queue.close();
    connection.disconnect();
    expect(reminds.map((j) => j.id)).toEqual([]);
    const relisted = (await ask(h.telegram, h.scene, leaders, admin, "/schedule")).answer;
    expect(relisted).toContain("digest（领导日报）每天 08:05");
    expect(relisted).not.toContain("队列恢复连接后生效");
    expect(relisted).not.toContain("暂时连不上");

    // The bot's own connections come back by themselves.
    const sentBefore = h.telegram.sent.length;
    const { answer } = await ask(h.telegram, h.scene, leaders, admin, "/digest");
    expect(answer).toContain("已开始");
    await h.telegram.waitForSent((sent) => sent.slice(sentBefore).some((m) => m.text.includes("督办日报")), 30_000);
  }, 90_000);

  it("sets the queue up again when Redis comes back empty", async () => {
    const whole = await inRedis();
    expect(whole.concurrency).toBe(1);
    expect(whole.schedulers).toHaveLength(5);
    await redis.stop();
    rmSync(redis.dir, { recursive: true, force: true });
    mkdirSync(redis.dir);
    await redis.start();
    let now = await inRedis();
    for (let i = 0; i < 100 && JSON.stringify(now) !== JSON.stringify(whole); i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await inRedis();
    }
    expect(now).toEqual(whole);
  }, 60_000);
});
