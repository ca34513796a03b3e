import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { dropQueue, TEST_REDIS_URL, uniqueQueue } from "../support/redis.js";
import { admin, SCENARIO_NOW, schedulesScenario } from "./schedules.scenario.js";

describe("schedules on BullMQ (REDIS_URL), through the fake Bot API", () => {
  const queueName = uniqueQueue("e2e");
  let db: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    db = await createTestDatabase("e2e_bullmq");
    h = await startHarness({ databaseUrl: db.url, redisUrl: TEST_REDIS_URL, queueName, adminIds: [admin.id], now: SCENARIO_NOW });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
    await dropQueue(queueName);
  });

  it("keeps one job scheduler per job and time zone in Redis", async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const queue = new Queue(queueName, { connection: redis });
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => s.key).sort()).toEqual(
      ["digest@Asia/Shanghai", "escalate@Asia/Shanghai", "prompt@Asia/Shanghai", "remind@Asia/Shanghai", "sweep@Asia/Shanghai"].sort(),
    );
    expect(schedulers.find((s) => s.key === "remind@Asia/Shanghai")).toMatchObject({ pattern: "0 16 * * *", tz: "Asia/Shanghai" });
    expect(await redis.exists(`bull:${queueName}:repeat`)).toBe(1);
    // One job at a time across workers, so their sends never add up past Telegram's limits.
    expect(await queue.getGlobalConcurrency()).toBe(1);
    await queue.close();
    redis.disconnect();
  });

  schedulesScenario(() => h, "bullmq", queueName);

  it("moves the scheduler, not adds one, when the time changes, and keeps it across a bot restart", async () => {
    const queue = new Queue(queueName, { connection: new Redis(TEST_REDIS_URL) });
    await h.restart();
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers.filter((s) => s.key?.startsWith("digest@"))).toHaveLength(1);
    const digest = schedulers.find((s) => s.key === "digest@Asia/Shanghai")!;
    const saved = await h.app.database.prisma.jobSchedule.findUniqueOrThrow({ where: { job: "digest" } });
    const [hh, mm] = saved.time.split(":").map(Number);
    expect(digest.pattern).toBe(`${mm} ${hh} * * *`);
    await queue.close();
  });
});
