import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, privateChat, user } from "../support/updates.js";
import { ask, askConfirmingNewPeople, expectSilence, tap } from "../support/conversation.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const li = user(2002, "lina", "李娜");
const wang = user(2003, "wangqiang", "王强");
const beiyuan = group(-1001001, "北园大街指挥部");
const stranger = group(-1009999, "闲聊群");

// A working day in the middle of the plan: BY-01 runs 2026-01-01 → 2026-12-31.
const NOW = new Date("2026-07-02T02:00:00Z");

describe("report loop on PostgreSQL, through the fake Bot API", () => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await createTestDatabase("e2e_loop");
    h = await startHarness({
      databaseUrl: db.url,
      adminIds: [admin.id],
      now: NOW,
      // A local Bot API server may not offer every method: the bot must start all the same.
      beforeStart: (telegram) => telegram.fail("setMyCommands", 404, "Not Found: method not found", 2),
    });
  });
  afterAll(async () => {
    if (process.env.SHOW_CHAT) console.log(h.telegram.sent.map((m) => `[${m.chatId}→${m.replyTo}] ${m.text}`).join("\n---\n"));
    await h?.stop();
    await db?.drop();
  });

  const say = (from: typeof admin, text: string, options = {}) => ask(h.telegram, h.scene, beiyuan, from, text, options);
  const reports = () => h.app.database.prisma.progressReport.findMany({ include: { task: true }, orderBy: { id: "asc" } });

  it("starts even though setMyCommands failed", () => {
    expect(h.telegram.calls.filter((c) => c.method === "setMyCommands")).toHaveLength(2);
  });

  it("tells anyone their Telegram user id in private, as ADMIN_IDS wants it; in a group, says where to ask", async () => {
    const mine = (await ask(h.telegram, h.scene, privateChat(zhang), zhang, "/whoami")).answer;
    expect(mine).toContain(`ID：${zhang.id}`);
    expect(mine).toContain(`ADMIN_IDS=${zhang.id}`);
    expect(mine).not.toContain("你是管理员");
    expect((await ask(h.telegram, h.scene, privateChat(admin), admin, "/whoami")).answer).toContain("你是管理员");
    const inGroup = (await ask(h.telegram, h.scene, stranger, zhang, "/whoami")).answer;
    expect(inGroup).toContain("私聊");
    expect(inGroup).not.toContain(String(zhang.id));
  });

  it("answers a group nobody bound with the command an admin must run", async () => {
    const { answer } = await ask(h.telegram, h.scene, stranger, zhang, "BY-01 进度65%");
    expect(answer).toContain("/bind");
    await expectSilence(h.telegram, h.scene, stranger, zhang, "收到");
    // Commands docs/commands.md lists as working anywhere are answered there too, not met with /bind.
    const unbound = (await ask(h.telegram, h.scene, stranger, zhang, "BY-01 进度65%")).answer;
    for (const command of ["/problems", "/leader @zhangwei", "/head @zhangwei 北园大街指挥部", "/close BY-01 资金"]) {
      expect((await ask(h.telegram, h.scene, stranger, zhang, command)).answer, command).not.toBe(unbound);
    }
    // Commands that need the unit, and ones this bot does not know, get the line; another bot's, nothing.
    for (const command of ["/tasks", "/addtask BY-09 新项目 @zhangwei", "/nosuch"]) {
      expect((await ask(h.telegram, h.scene, stranger, admin, command)).answer, command).toBe(unbound);
    }
    await expectSilence(h.telegram, h.scene, stranger, zhang, "/roll@dicebot");
  });

  it("refuses /bind from a non-admin and binds for an admin", async () => {
    expect((await say(zhang, "/bind 北园大街指挥部")).answer).toContain("只有管理员");
    expect(await h.app.database.prisma.chat.count()).toBe(0);
    expect((await say(admin, "/bind 北园大街指挥部")).answer).toContain("北园大街指挥部");
    const chat = await h.app.database.prisma.chat.findUniqueOrThrow({ where: { id: BigInt(beiyuan.id) }, include: { unit: true } });
    expect(chat.unit?.name).toBe("北园大街指挥部");
  });

  it("adds three tasks for three officers the bot has not met yet, asking about each new @username first", async () => {
    // @zhangwei has written in a group already: no question.
    expect(
      (await say(admin, "/addtask BY-01 北园大街拆迁 @zhangwei start=2026-01-01 due=2026-12-31 target=18万平方米 must")).answer,
    ).toContain("BY-01");
    const asked = await say(admin, "/addtask BY-02 北园大街道路拓宽 @lina start=2026-03-01 due=2026-10-31");
    expect(asked.answer).toContain("@lina 是第一次出现的用户名");
    expect(await h.app.database.prisma.task.count()).toBe(1);
    expect((await tap(h.telegram, h.scene, beiyuan, admin, asked.messages[0]!, "确认新建")).answer).toContain("BY-02");
    await askConfirmingNewPeople(h.telegram, h.scene, beiyuan, admin, "/addtask BY-03 沿街立面整治 @wangqiang due=2026-12-31");
    const tasks = await h.app.database.prisma.task.findMany({ include: { owner: true }, orderBy: { code: "asc" } });
    expect(tasks.map((t) => [t.code, t.owner.username, t.mustDeliver])).toEqual([
      ["BY-01", "zhangwei", true],
      ["BY-02", "lina", false],
      ["BY-03", "wangqiang", false],
    ]);
    expect(tasks[0]!.targetValue).toBe(180000);
    expect(tasks[0]!.targetUnit).toBe("m2");
  });

  it("refuses a plan with a date given twice, naming it", async () => {
    expect((await say(admin, "/plan BY-02 2026-06-30=40% 2026-06-30=50%")).answer).toContain("2026-06-30 写了两次");
  });

  it("answers talk about a task from someone who cannot report on it with silence, and an instruction too", async () => {
    const before = await reports();
    await expectSilence(h.telegram, h.scene, beiyuan, li, "BY-01 的图纸发我一下");
    await expectSilence(h.telegram, h.scene, beiyuan, admin, "请 BY-02 本周内完成50%");
    expect(await reports()).toEqual(before);
  });

  it("sets a task's reporting cadence and plan, and keeps old milestones inside a new deadline", async () => {
    const set = (await say(admin, "/plan BY-02 2026-06-01=40% cadence=周")).answer;
    expect(set).toContain("2026-06-01");
    expect(set).toContain("每周报告");
    expect((await say(admin, "/plan BY-02 due=2026-05-01")).answer).toContain("2026-06-01=40%");
    expect((await say(admin, "/plan BY-02 cadence=hourly")).answer).toContain("cadence=hourly");
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-02" }, include: { milestones: true } });
    expect(task.cadence).toBe("weekly");
    expect(task.deadline?.toISOString().slice(0, 10)).toBe("2026-10-31");
    await say(admin, "/plan BY-02 cadence=daily");
  });

  it("rejects a malformed /addtask with the usage and changes nothing", async () => {
    const { answer } = await say(admin, "/addtask BY-04 no owner here");
    expect(answer).toContain("@");
    expect((await say(admin, "/addtask BY-05 桥梁 @xiaoming due=2026-13-40")).answer).toContain("YYYY-MM-DD");
    expect((await say(admin, "/addtask BY-06 桥梁 @xiaoming cadence=sometimes")).answer).toContain("cadence=sometimes");
    expect((await say(admin, "/addtask BY-07 桥梁 @x")).answer).toContain("@x」不是有效的 Telegram 用户名");
    expect((await say(admin, "/addtask BY-08 桥梁 @lina @zhangwei")).answer).toContain("一个负责人");
    expect((await say(admin, `/addtask BY-09 ${"长".repeat(201)} @xiaoming`)).answer).toContain("太长");
    expect(await h.app.database.prisma.task.count()).toBe(3);
  });

  it("records each officer's report and answers with plan and lag", async () => {
    const first = await say(zhang, "BY-01 进度65%，已拆迁18万平方米，问题：资金未到位");
    expect(first.answer).toContain("BY-01");
    expect(first.answer).toContain("65%");
    // 2026-07-02 is day 182 of 364 on a straight plan: 50%.
    expect(first.answer).toMatch(/50%/);
    await say(li, "BY-02 已开工，进度20%");
    await say(wang, "BY-03 30%");
    const rows = await reports();
    expect(rows.map((r) => [r.task.code, r.progressPercent])).toEqual([
      ["BY-01", 65],
      ["BY-02", 20],
      ["BY-03", 30],
    ]);
    const blockers = await h.app.database.prisma.blocker.findMany();
    expect(blockers.map((b) => [b.category, b.text])).toEqual([["funding", "资金未到位"]]);
  });

  it("takes the task from context: a reply to the bot's confirmation, or the sender's only task", async () => {
    const confirmation = h.telegram.sent.findLast((m) => m.chatId === beiyuan.id && m.text.includes("BY-03"))!;
    await say(wang, "35%", { replyTo: { message_id: confirmation.messageId } });
    await say(li, "进度25%");
    const rows = await reports();
    expect(rows.slice(-2).map((r) => [r.task.code, r.progressPercent])).toEqual([
      ["BY-03", 35],
      ["BY-02", 25],
    ]);
  });

  it("answers /status with the owner and the latest percent", async () => {
    // As a phone keyboard types it: capitalised, with a lower-case code.
    const { answer } = await say(li, "/Status by-01");
    expect(answer).toContain("@zhangwei");
    expect(answer).toContain("65%");
    expect(answer).toContain("资金未到位");
  });

  it("refuses someone else's report and a non-admin's /assign, changing nothing", async () => {
    expect((await say(li, "BY-01 进度90%")).answer).toContain("@zhangwei");
    expect((await say(li, "/assign BY-01 @lina")).answer).toContain("只有管理员");
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-01" }, include: { owner: true } });
    expect(task.owner.username).toBe("zhangwei");
    expect(task.progressPercent).toBe(65);
  });

  it("lets a deputy report on the task once an admin names them, and not after", async () => {
    expect((await say(admin, "/deputy BY-03 @lina")).answer).toContain("@lina");
    expect((await say(li, "BY-03 进度36%")).answer).toContain("✅ BY-03");
    expect((await say(admin, "/deputy BY-03 remove @lina")).answer).toContain("@lina");
    expect((await say(li, "BY-03 进度37%")).answer).toContain("@wangqiang");
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-03" } });
    expect(task.progressPercent).toBe(36);
    expect((await say(li, "/deputy BY-03 @lina")).answer).toContain("只有管理员");
  });

  it("answers chit-chat in a private chat with an example for the sender's own task", async () => {
    const { answer } = await ask(h.telegram, h.scene, privateChat(zhang), zhang, "你好");
    expect(answer).toContain("BY-01");
  });

  it("moves a task on an admin's /assign, and the audit trail keeps who did it", async () => {
    const { answer } = await say(admin, "/assign BY-01 @wangqiang");
    expect(answer).toContain("@wangqiang");
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-01" }, include: { owner: true } });
    expect(task.owner.username).toBe("wangqiang");
    const entry = await h.app.database.prisma.auditEntry.findFirstOrThrow({ where: { action: "task.assign" }, include: { actor: true } });
    expect(entry.actor?.username).toBe("duchashi");
    expect(entry.before).toMatchObject({ owner: "@zhangwei" });
    await say(admin, "/assign BY-01 @zhangwei");
  });

  it("moves a task to whoever wrote the message an admin's /assign replies to, @username or not", async () => {
    const zhao = { id: 2009, is_bot: false, first_name: "赵六", language_code: "zh-hans" };
    const said = h.scene.say(beiyuan, zhao, "我是新来的赵六");
    const { answer } = await say(admin, "/assign BY-01", { replyTo: { message_id: said.message!.message_id, from: zhao, text: "我是新来的赵六" } });
    expect(answer).toContain("赵六");
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-01" }, include: { owner: true } });
    expect(task.owner.telegramId).toBe(2009n);
    await say(admin, "/assign BY-01 @zhangwei");
  });

  it("stays silent on chit-chat and names an unknown task", async () => {
    await expectSilence(h.telegram, h.scene, beiyuan, zhang, "收到，马上落实");
    await expectSilence(h.telegram, h.scene, beiyuan, li, "👍");
    expect((await say(zhang, "ZZ-99 进度50%")).answer).toContain("ZZ-99");
  });

  it("does not take talk for a report on the sender's only task", async () => {
    // li owns one task, BY-02; none of this is a report.
    for (const talk of ["好的，已完成", "收到，done", "今天下雨，工地停工"]) {
      await expectSilence(h.telegram, h.scene, beiyuan, li, talk);
    }
    // A number without a task is asked about, not guessed.
    expect((await say(li, "合同签了30%预付款")).answer).toContain("BY-02 进度65%");
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-02" } });
    expect(task).toMatchObject({ progressPercent: 25, status: "in_progress" });
    // A message that opens like a report still goes to that task.
    expect((await say(li, "进度26%")).answer).toContain("BY-02");
  });

  it("takes a report from a photo's caption", async () => {
    const update = h.scene.sendPhoto(beiyuan, wang, "BY-03 进度38%，现场照片");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.replyTo === update.message!.message_id));
    expect((await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-03" } })).progressPercent).toBe(38);
  });

  it("moves a report to the task an edit names, withdrawing it from the one it no longer names", async () => {
    const { update } = await say(admin, "BY-02 进度50%");
    expect((await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-02" } })).progressPercent).toBe(50);
    h.scene.edit(update, "BY-03 进度39%");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.replyTo === update.message!.message_id && m.text.includes("BY-03")));
    const [by02, by03] = await Promise.all(["BY-02", "BY-03"].map((code) => h.app.database.prisma.task.findUniqueOrThrow({ where: { code } })));
    expect(by02!.progressPercent).toBe(26);
    expect(by03!.progressPercent).toBe(39);
    const rows = await h.app.database.prisma.progressReport.findMany({ where: { sourceMessageId: update.message!.message_id } });
    expect(rows).toHaveLength(1);
    expect(await h.app.database.prisma.auditEntry.count({ where: { action: "report.withdraw" } })).toBe(1);
  });

  it("survives a 4,000-character message", async () => {
    const long = `BY-01 进度66%，备注：${"雨天停工两天，".repeat(570)}`.slice(0, 4000);
    const { answer } = await say(zhang, long);
    expect(answer).toContain("BY-01");
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-01" } });
    expect(task.progressPercent).toBe(66);
  });

  it("corrects the record when a report is edited, without a second record", async () => {
    const before = (await reports()).length;
    const { update } = await say(zhang, "BY-01 进度68%");
    h.scene.edit(update, "BY-01 进度70%");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.text.includes("70%") && m.text.includes("✏️")));
    const rows = await reports();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.percent).toBe(70);
    expect(rows.at(-1)!.editedAt).not.toBeNull();
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-01" } });
    expect(task.progressPercent).toBe(70);
  });

  it("records a redelivered update once", async () => {
    const before = (await reports()).length;
    const { update } = await say(wang, "BY-03 40%");
    h.scene.redeliver(update);
    await ask(h.telegram, h.scene, beiyuan, wang, "/status BY-03");
    expect(await reports()).toHaveLength(before + 1);
    expect(h.telegram.sent.filter((m) => m.replyTo === update.message!.message_id)).toHaveLength(1);
  });

  it("says how to bind when added to a new group; keeps a bound group's binding while it is away", async () => {
    const fresh = group(-1001777, "新建工作群");
    const before = h.telegram.sent.length;
    h.scene.addedToGroup(fresh, admin);
    await h.telegram.waitForSent((sent) => sent.slice(before).some((m) => m.chatId === fresh.id));
    expect(h.telegram.sent.slice(before).find((m) => m.chatId === fresh.id)?.text).toContain("/bind");

    const chat = () => h.app.database.prisma.chat.findUniqueOrThrow({ where: { id: BigInt(beiyuan.id) }, include: { unit: true } });
    h.scene.removedFromGroup(beiyuan, admin);
    for (let i = 0; i < 100 && (await chat()).active; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await chat()).toMatchObject({ active: false, unit: { name: "北园大街指挥部" } });
    const sentWhileAway = h.telegram.sent.length;
    h.scene.addedToGroup(beiyuan, admin);
    for (let i = 0; i < 100 && !(await chat()).active; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await chat()).toMatchObject({ active: true, unit: { name: "北园大街指挥部" } });
    // Back in a group it knows: no "please /bind", and reports are taken as before.
    expect((await say(zhang, "/status BY-01")).answer).toContain("BY-01");
    expect(h.telegram.sent.slice(sentWhileAway).filter((m) => m.text.includes("/bind"))).toEqual([]);
  });

  it("keeps everything across a restart", async () => {
    const count = (await reports()).length;
    await h.restart();
    expect(await h.app.database.prisma.progressReport.count()).toBe(count);
    const { answer } = await say(li, "/status BY-01");
    expect(answer).toContain("70%");
  });
});
