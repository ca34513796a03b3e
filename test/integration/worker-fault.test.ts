import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { identifyPerson } from "#src/db/people.js";
import { addTask } from "#src/services/tasks.js";
import { bindChat } from "#src/services/chats.js";
import { openTestDatabase, type OpenTestDatabase } from "../support/database.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/harness.js";
import { runEntry, zoneAtTwoInTheMorning, type RunningProcess } from "../support/process.js";
import { dropQueue, TEST_REDIS_URL, uniqueQueue } from "../support/redis.js";

const GROUPS = 20;
const TASKS_PER_GROUP = 1; // one prompt per group: twenty groups make twenty prompts
const PROMPTS = GROUPS * TASKS_PER_GROUP;

describe("a worker that dies mid-run, and a job that fires twice", () => {
  const queueName = uniqueQueue("fault");
  const telegram = new FakeTelegram();
  let database: OpenTestDatabase;
  let env: Record<string, string>;
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    database = await openTestDatabase("fault");
    const db = database.prisma;
    const admin = await identifyPerson(db, { id: 1, username: "admin", first_name: "督查室" });
    for (let g = 1; g <= GROUPS; g++) {
      const { unit } = await bindChat(db, admin, { id: BigInt(-4000 - g), title: `单位${g}` }, `单位${g}`, new Date());
      for (let t = 1; t <= TASKS_PER_GROUP; t++) {
        await addTask(db, admin, unit, {
          code: `F${g}-0${t}`,
          name: `项目${g}-${t}`,
          ownerUsername: `officer${g}${t}`,
          start: null,
          deadline: null,
          target: null,
          mustDeliver: false,
        });
      }
    }
    env = {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: await telegram.start(),
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      DUBAN_QUEUE: queueName,
      DUBAN_TIMEZONE: zoneAtTwoInTheMorning(),
      DUBAN_CLAIM_TIMEOUT: "2",
      LOG_LEVEL: "info",
    };
  });

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    await telegram.stop();
    await database?.close();
    await dropQueue(queueName);
  });

  it("sends every prompt exactly once", async () => {
    const first = runEntry("worker", env);
    workers.push(first);
    await first.waitFor("worker running", 60_000);

    const queue = new Queue(queueName, { connection: new Redis(TEST_REDIS_URL) });
    const data = { trigger: "manual", day: "2026-07-02", period: "2026-07-02/fault" };
    // The same run, queued twice (a scheduler that fired twice).
    await queue.add("prompt", data, { jobId: "fault-once" });
    await queue.add("prompt", data, { jobId: "fault-twice" });

    // Let a few through, then cut the line and kill the worker while a send hangs.
    telegram.holdFrom = 7;
    await telegram.waitForSent(() => telegram.held > 0, 30_000);
    // Killed while a send hangs, once what Telegram did deliver is written down: a process killed
    // between Telegram's answer and that write would send the message again (no Bot API client
    // can close that window; docs/architecture.md says so).
    for (let i = 0; i < 100 && (await database.prisma.outboxMessage.count({ where: { status: "sent" } })) < telegram.sent.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    expect(telegram.sent).toHaveLength(7);
    telegram.holdFrom = null;
    // Time moved on past the dead worker's 15 s job lock: BullMQ's next stalled check (every 5 s)
    // hands its job to the new worker.
    const redis = new Redis(TEST_REDIS_URL);
    await redis.del(`bull:${queueName}:fault-once:lock`, `bull:${queueName}:fault-twice:lock`);
    await redis.quit();

    // A new worker takes over what the dead one left once its claims are past the claim timeout.
    const second = runEntry("worker", env);
    workers.push(second);
    await telegram.waitForSent((sent) => sent.length >= PROMPTS, 60_000);
    // Both queued runs are worked off before judging: the dead worker's job only once BullMQ
    // finds it stalled (its lock gone), and then it must send nothing more. Counted by name: the
    // catch-up sweep (every five minutes) completes jobs of its own in this queue.
    const completed = async () => (await queue.getJobs(["completed"])).filter((job) => job.name === "prompt").length;
    for (let i = 0; i < 300 && (await completed()) < 2; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await completed()).toBe(2);

    const texts = telegram.sent.map((m) => `${m.chatId}:${m.text}`);
    expect(texts).toHaveLength(PROMPTS);
    expect(new Set(texts).size).toBe(PROMPTS);
    const rows = await database.prisma.outboxMessage.groupBy({ by: ["status"], _count: true });
    expect(rows).toEqual([{ status: "sent", _count: PROMPTS }]);

    await second.stop();
    await queue.close();
  }, 180_000);
});
