import { expect, it } from "vitest";
import type { Harness } from "../support/harness.js";
import { group, user } from "../support/updates.js";
import { ask, askConfirmingNewPeople } from "../support/conversation.js";
import type { SentMessage } from "../support/fake-telegram.js";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { CronScheduler } from "#jobs/drivers/cron.js";
import { TEST_REDIS_URL } from "../support/redis.js";

export const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const li = user(2002, "lina", "李娜");
const qian = user(2005, "qianjun", "钱军");
const leader = user(3001, "quzhang", "区长");
const beiyuan = group(-1003001, "北园大街指挥部");
const xiaoqinghe = group(-1003002, "小清河指挥部");
const leaders = group(-1003999, "区领导督办群");

/** 00:30 in Shanghai on Thursday 2026-07-02: nothing is due yet, so start-up catches nothing up. */
export const SCENARIO_NOW = new Date("2026-07-01T16:30:00Z");

async function waitForText(h: Harness, chatId: number, pattern: RegExp, after = 0, timeoutMs = 15_000): Promise<SentMessage> {
  await h.telegram.waitForSent((sent) => sent.some((m) => m.chatId === chatId && m.at >= after && pattern.test(m.text)), timeoutMs);
  return h.telegram.sent.filter((m) => m.chatId === chatId && m.at >= after && pattern.test(m.text)).at(-1)!;
}

/** The same district, the same expectations, whichever driver runs the jobs. */
export function schedulesScenario(get: () => Harness, driver: "cron" | "bullmq", queueName = ""): void {
  const say = (chat: typeof beiyuan, from: typeof admin, text: string) => ask(get().telegram, get().scene, chat, from, text);
  // Owners the bot has never seen are asked about first; the admin says yes.
  const addTask = (chat: typeof beiyuan, text: string) => askConfirmingNewPeople(get().telegram, get().scene, chat, admin, text);

  it("sets up two units, five tasks, a leaders' chat and today's reports", async () => {
    await say(beiyuan, admin, "/bind 北园大街指挥部");
    await addTask(beiyuan, "/addtask BY-01 北园大街拆迁 @zhangwei start=2026-01-01 due=2026-12-31 must");
    await addTask(beiyuan, "/addtask BY-02 北园大街道路拓宽 @lina start=2026-03-01 due=2026-10-31");
    await addTask(beiyuan, "/addtask BY-03 沿街立面整治 @wangqiang start=2026-05-01 due=2026-12-31");
    await say(xiaoqinghe, admin, "/bind 小清河指挥部");
    await addTask(xiaoqinghe, "/addtask XQH-01 小清河两岸亮化 @zhaolei start=2026-06-01 due=2026-12-31");
    await addTask(xiaoqinghe, "/addtask XQH-02 小清河清淤 @qianjun start=2026-01-01 due=2026-12-31");
    expect((await say(leaders, leader, "/leaders")).answer).toContain("只有管理员");
    expect((await say(leaders, admin, "/leaders")).answer).toContain("领导群");
    await say(beiyuan, zhang, "BY-01 进度5%，问题：拆迁补偿资金未拨付");
    await say(beiyuan, li, "BY-02 进度55%");
    await say(xiaoqinghe, qian, "XQH-02 累计清淤3万方，进度30%");
  });

  it("/remind names exactly the silent owners, one message per group", async () => {
    const before = Date.now();
    const { answer } = await say(beiyuan, admin, "/remind");
    expect(answer).toMatch(driver === "cron" ? /已发出 2 条/ : /已开始/);
    const a = await waitForText(get(), beiyuan.id, /⏰/, before);
    const b = await waitForText(get(), xiaoqinghe.id, /⏰/, before);
    expect(a.text).toContain("@wangqiang");
    expect(a.text).not.toMatch(/@zhangwei|@lina/);
    expect(b.text).toContain("@zhaolei");
    expect(b.text).not.toContain("@qianjun");
    expect(get().telegram.sent.filter((m) => m.at >= before && m.text.includes("⏰"))).toHaveLength(2);
  });

  it("/digest fits one screen, names the must-deliver task at risk and its officer, and sends the units' chart", async () => {
    const before = Date.now();
    await say(leaders, admin, "/digest");
    const digest = await waitForText(get(), leaders.id, /督办日报/, before);
    if (process.env.SHOW_CHAT) console.log(get().telegram.sent.filter((m) => m.at >= before - 5000).map((m) => `[${m.chatId}] ${m.text}`).join("\n---\n"));
    const lines = digest.text.split("\n");
    expect(digest.text.length).toBeLessThanOrEqual(1200);
    expect(lines.length).toBeLessThanOrEqual(25);
    const after = (head: string) => lines[lines.findIndex((l) => l.startsWith(head)) + 1]!;
    expect(after("【必保项目预警】")).toMatch(/🔴 BY-01 .*张伟/);
    // Leaders read names, never @handles.
    expect(digest.text).not.toContain("@");
    expect(after("【落后单位】")).toContain("北园大街指挥部");
    // Tasks added today owe no report yet: nobody is counted missing.
    expect(digest.text).not.toContain("未报");
    // The problem is named by its category and age, not pasted; BY-01 is already named above.
    expect(digest.text).toContain("共 1 个未销号");
    expect(digest.text).not.toContain("拆迁补偿资金未拨付");
    // Only the leaders' chat gets it, with its chart.
    expect(get().telegram.sent.filter((m) => m.at >= before && m.text.includes("督办日报")).map((m) => m.chatId)).toEqual([leaders.id]);
    await get().telegram.waitForSent((sent) => sent.some((m) => m.at >= before && m.method === "sendPhoto"), 15_000);
    const photo = get().telegram.sent.find((m) => m.at >= before && m.method === "sendPhoto")!;
    expect(photo.chatId).toBe(leaders.id);
    expect(photo.file?.fileName).toMatch(/^digest-2026-07-02\.png$/);
  });

  it("refuses the jobs to a non-admin", async () => {
    expect((await say(beiyuan, zhang, "/remind")).answer).toContain("只有管理员");
    expect((await say(beiyuan, zhang, "/schedule remind 17:00")).answer).toContain("只有管理员");
  });

  it("answers a malformed /schedule with its usage and changes nothing", async () => {
    expect((await say(leaders, admin, "/schedule digest 25:00")).answer).toContain("/schedule");
    expect((await say(leaders, admin, "/schedule lunch 12:00")).answer).toContain("/schedule");
    expect(await get().app.database.prisma.jobSchedule.count()).toBe(0);
  });

  it("fires a scheduled job at the time an admin set, and once", async () => {
    const h = get();
    expect((await say(leaders, admin, "/schedule digest 07:15")).answer).toContain("07:15");
    const digests = () => h.telegram.sent.filter((m) => m.chatId === leaders.id && m.text.startsWith("📊 督办日报"));
    const before = digests().length;
    if (driver === "cron") {
      // node-cron only says a minute has passed; what is due is decided by the injected clock.
      const scheduler = h.app.scheduler;
      if (!(scheduler instanceof CronScheduler)) throw new Error("expected the node-cron driver");
      h.clock.set(new Date("2026-07-01T23:14:00Z")); // 07:14 in Shanghai
      await scheduler.tick();
      expect(digests()).toHaveLength(before);
      h.clock.set(new Date("2026-07-01T23:15:00Z"));
      await scheduler.tick();
      await scheduler.tick();
      expect(digests()).toHaveLength(before + 1);
      expect(digests().at(-1)?.text).toContain("2026-07-02");
      return;
    }
    // BullMQ keeps the time in Redis and fires it by Redis's clock: the scheduler must say 07:15
    // Shanghai time, and a job fired from it must reach the leaders.
    const queue = new Queue(queueName, { connection: new Redis(TEST_REDIS_URL) });
    const scheduler = (await queue.getJobSchedulers(0, -1)).find((s) => s.key === "digest@Asia/Shanghai");
    expect(scheduler).toMatchObject({ pattern: "15 7 * * *", tz: "Asia/Shanghai" });
    expect(scheduler?.next).toBe(nextUtc(23, 15, Date.now()));
    await queue.add("digest", {});
    await waitForText(h, leaders.id, /督办日报/, 0, 15_000);
    await h.telegram.waitForSent(() => digests().length > before, 15_000);
    await queue.close();
  });
}

/** The next instant at hh:mm UTC from now (07:15 in Shanghai, which keeps no summer time, is 23:15 UTC). */
function nextUtc(hours: number, minutes: number, now: number): number {
  const at = new Date(now);
  at.setUTCHours(hours, minutes, 0, 0);
  return at.getTime() > now ? at.getTime() : at.getTime() + 24 * 3600 * 1000;
}
