import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Api } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { identifyPerson } from "#src/db/people.js";
import { addTask } from "#src/services/tasks.js";
import { bindChat } from "#src/services/chats.js";
import { addLeave, importCalendar } from "#src/services/calendar.js";
import { recordReports } from "#src/services/reports.js";
import { createJobEnv, createSender } from "#src/composition.js";
import { ManualClock } from "#src/clock.js";
import { createLogger } from "#src/logger.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { runJob, type JobEnv } from "#jobs/run.js";
import { openTestDatabase, type OpenTestDatabase } from "../support/database.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/harness.js";
import { parsedReport } from "../support/reports.js";

// Thursday 2026-07-02, 10:00 in Shanghai.
const NOW = new Date("2026-07-02T02:00:00Z");
const GROUP_A = -2001n;
const GROUP_B = -2002n;
const LEADERS = -2999n;

describe("jobs against PostgreSQL and a fake Bot API", () => {
  let database: OpenTestDatabase;
  let telegram: FakeTelegram;
  let env: JobEnv;

  beforeAll(async () => {
    database = await openTestDatabase("jobs");
    const db = database.prisma;
    const admin = await identifyPerson(db, { id: 1, username: "admin", first_name: "督查室" });
    const { unit: a } = await bindChat(db, admin, { id: GROUP_A, title: "北园" }, "北园大街指挥部", new Date());
    const { unit: b } = await bindChat(db, admin, { id: GROUP_B, title: "小清河" }, "小清河指挥部", new Date());
    await db.chat.create({ data: { id: LEADERS, title: "领导群", kind: "leaders" } });
    const task = (code: string, owner: string, unit: typeof a) =>
      addTask(db, admin, unit, { code, name: `项目${code}`, ownerUsername: owner, start: "2026-01-01", deadline: "2026-12-31", target: null, mustDeliver: false });
    await task("BY-01", "zhangwei", a);
    await task("BY-02", "lina", a);
    await task("BY-03", "wangqiang", a);
    await task("XQH-01", "zhaolei", b);
    // Tasks were added a week before today, so missed days can be counted.
    await db.task.updateMany({ data: { createdAt: new Date("2026-06-25T01:00:00Z") } });
    const zhang = await identifyPerson(db, { id: 2001, username: "zhangwei", first_name: "张伟" });
    await recordReports(database, { person: zhang, isAdmin: false }, [
      parsedReport("BY-01", { percent: 40 }),
    ], { chatId: GROUP_A, messageId: 1, updateId: 1n, sentAt: new Date("2026-07-02T01:00:00Z"), text: "BY-01 40%", editedAt: null });
    const li = await identifyPerson(db, { id: 2002, username: "lina", first_name: "李娜" });
    await addLeave(db, admin, li, "2026-07-01", "2026-07-03");
  });

  afterAll(async () => {
    await database?.close();
  });

  beforeEach(async () => {
    telegram = new FakeTelegram();
    const apiRoot = await telegram.start();
    const api = new Api(TOKEN, { apiRoot });
    api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5 }));
    env = createJobEnv({
      db: database.prisma,
      sql: database.sql,
      // One process: one name for the send lease, whichever test builds its sender.
      sender: createSender({ db: database.prisma, sql: database.sql, api, logger: createLogger("silent"), clock: new ManualClock(NOW), holder: "jobs-test" }),
      logger: createLogger("silent"),
      clock: new ManualClock(NOW),
      timezone: "Asia/Shanghai",
      thresholds: DEFAULT_THRESHOLDS,
      escalateAfter: 3,
    });
  });
  afterEach(async () => {
    await telegram.stop();
  });

  it("reminds only the silent owner who is not on leave, once per group", async () => {
    const summary = await runJob(env, { job: "remind", day: "2026-07-02", trigger: "schedule" });
    expect(summary).toMatchObject({ outcome: "ran", queued: 2, delivery: { sent: 2, failed: 0 } });
    const a = telegram.sentTo(Number(GROUP_A));
    expect(a).toHaveLength(1);
    expect(a[0]!.text).toContain("@wangqiang");
    expect(a[0]!.text).not.toMatch(/@zhangwei|@lina/);
    expect(telegram.sentTo(Number(GROUP_B))[0]!.text).toContain("@zhaolei");
  });

  it("sends nothing twice when the same run fires again, even at the same moment", async () => {
    const twice = await Promise.all([
      runJob(env, { job: "prompt", day: "2026-07-02", trigger: "schedule" }),
      runJob(env, { job: "prompt", day: "2026-07-02", trigger: "schedule" }),
    ]);
    const again = await runJob(env, { job: "prompt", day: "2026-07-02", trigger: "catch-up" });
    expect(again.outcome).toBe("already-ran");
    const total = twice.reduce((n, s) => n + s.delivery.sent, 0) + again.delivery.sent;
    // BY-03 and XQH-01 are due; BY-01 reported and BY-02's owner is on leave.
    expect(total).toBe(2);
    expect(telegram.sent).toHaveLength(2);
    expect(new Set(telegram.sent.map((m) => m.text)).size).toBe(2);
    expect(telegram.sent.every((m) => m.forceReply)).toBe(true);
    // A reply to a prompt carries its task.
    const link = await database.prisma.taskMessage.findFirst({ where: { chatId: GROUP_A }, include: { task: true } });
    expect(link?.task.code).toBe("BY-03");
  });

  it("skips reminders on a holiday and sends them on a 调休 Saturday", async () => {
    await importCalendar(database.prisma, null, [
      { day: "2026-07-06", workday: false, name: "假日" },
      { day: "2026-07-04", workday: true, name: "调休" },
    ]);
    expect((await runJob(env, { job: "remind", day: "2026-07-06", trigger: "schedule" })).outcome).toBe("not-workday");
    expect((await runJob(env, { job: "remind", day: "2026-07-05", trigger: "schedule" })).outcome).toBe("not-workday");
    expect((await runJob(env, { job: "remind", day: "2026-07-04", trigger: "schedule" })).delivery.sent).toBe(2);
    expect(telegram.sent).toHaveLength(2);
  });

  it("tells the leaders after three missed workdays", async () => {
    const summary = await runJob(env, { job: "escalate", day: "2026-07-02", trigger: "schedule" });
    // Besides the alert, the red tasks get their yellow 督办单 in their units' groups.
    expect(summary.delivery.failed).toBe(0);
    expect(telegram.sentTo(Number(LEADERS))).toHaveLength(1);
    expect(telegram.sentTo(Number(GROUP_A)).every((m) => m.text.includes("黄色督办单"))).toBe(true);
    const [alert] = telegram.sentTo(Number(LEADERS));
    // Added 06-25 (Thursday): missed 06-25, 06-26, 06-29, 06-30, 07-01 before today.
    // Leaders read names: an officer the bot has not seen yet by username, without the @.
    expect(alert!.text).toMatch(/BY-03[^@\n]*wangqiang.*连续 5 期/);
    expect(alert!.text).toContain("XQH-01");
    expect(alert!.text).not.toContain("BY-02");
    expect(alert!.text).not.toContain("BY-01");
  });

  it("marks a chat the bot was removed from inactive, finishes the run, and the digest says so", async () => {
    // The first send of the run (to 小清河, the group with the lowest id) is refused with 403.
    telegram.fail("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat", 1);
    const summary = await runJob(env, { job: "remind", day: "2026-07-09", trigger: "schedule" });
    expect(summary.delivery).toMatchObject({ sent: 1, failed: 1 });
    const inactive = await database.prisma.chat.findMany({ where: { active: false } });
    expect(inactive.map((c) => c.id)).toEqual([GROUP_B]);
    const digest = await runJob(env, { job: "digest", day: "2026-07-09", trigger: "schedule" });
    // The text and its chart.
    expect(digest.delivery.sent).toBe(2);
    expect(telegram.sentTo(Number(LEADERS)).findLast((m) => m.method === "sendMessage")!.text).toMatch(/无法发送.*小清河/);
    await database.prisma.chat.updateMany({ data: { active: true } });
  });

  it("follows a group that became a supergroup when a send is refused with its new id", async () => {
    telegram.fail("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat", 1, { migrate_to_chat_id: -1002002 });
    const summary = await runJob(env, { job: "remind", day: "2026-07-16", trigger: "schedule" });
    expect(summary.delivery).toMatchObject({ sent: 2, failed: 0 });
    expect(telegram.sent.map((m) => m.chatId).sort()).toEqual([-1002002, Number(GROUP_A)].sort());
    const moved = await database.prisma.chat.findUniqueOrThrow({ where: { id: GROUP_B } });
    expect(moved).toMatchObject({ active: false, migratedTo: -1002002n });
    expect(await database.prisma.chat.findUniqueOrThrow({ where: { id: -1002002n } })).toMatchObject({ active: true, kind: "unit_group" });
  });

  it("sweeps: forgets old handled updates and old sent messages, keeps recent ones and unhandled ones", async () => {
    const { sweep } = await import("#jobs/drivers/catch-up.js");
    const db = database.prisma;
    const long = new Date(NOW.getTime() - 100 * 24 * 3600 * 1000);
    await db.inboxUpdate.createMany({
      data: [
        { updateId: 900001n, chatId: GROUP_A, payload: {}, status: "handled", handledAt: long },
        { updateId: 900002n, chatId: GROUP_A, payload: {}, status: "handled", handledAt: NOW },
        // Not handled yet, however old: never forgotten.
        { updateId: 900003n, chatId: GROUP_A, payload: {}, status: "pending", receivedAt: long },
      ],
    });
    await db.outboxMessage.create({ data: { job: "remind", period: "2026-03-01", chatId: GROUP_A, part: 0, text: "old", status: "sent", createdAt: long } });
    await sweep(env);
    const kept = await db.inboxUpdate.findMany({ where: { updateId: { in: [900001n, 900002n, 900003n] } }, orderBy: { updateId: "asc" } });
    expect(kept.map((u) => u.updateId)).toEqual([900002n, 900003n]);
    expect(await db.outboxMessage.count({ where: { period: "2026-03-01" } })).toBe(0);
    expect(await db.outboxMessage.count()).toBeGreaterThan(0);
  });

  it("prompts a weekly task on the week's first workday and chases it on its last", async () => {
    const db = database.prisma;
    const admin = await db.person.findUniqueOrThrow({ where: { username: "admin" } });
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "小清河指挥部" } });
    await addTask(db, admin, unit, { code: "XQH-09", name: "周报项目", ownerUsername: "qianjun", start: null, deadline: null, target: null, mustDeliver: false, cadence: "weekly" });
    const prompted = async (day: string, job: "prompt" | "remind") => {
      const before = telegram.sent.length;
      await runJob(env, { job, day, trigger: "schedule" });
      return telegram.sent.slice(before).some((m) => m.text.includes("XQH-09") || m.text.includes("@qianjun"));
    };
    expect(await prompted("2026-08-03", "prompt")).toBe(true); // Monday
    expect(await prompted("2026-08-04", "prompt")).toBe(false); // Tuesday
    expect(await prompted("2026-08-06", "remind")).toBe(false); // Thursday
    expect(await prompted("2026-08-07", "remind")).toBe(true); // Friday
  });
});
