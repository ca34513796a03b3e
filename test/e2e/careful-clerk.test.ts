import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, privateChat, user } from "../support/updates.js";
import { ask, askConfirmingNewPeople, expectSilence } from "../support/conversation.js";
import type { SentMessage } from "../support/fake-telegram.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const li = user(2002, "lina", "李娜");
const zhao = user(2004, "zhaolei", "赵磊");
const qian = user(2005, "qianjun", "钱军");
const beiyuan = group(-1005001, "北园大街指挥部");
const xiaoqinghe = group(-1005002, "小清河指挥部");

/** 00:30 in Shanghai on Thursday 2026-07-02: nothing is due at start-up. */
const NOW = new Date("2026-07-01T16:30:00Z");

describe("the careful clerk in chat: questions, plans, supervisors, photos, one prompt per group", () => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await createTestDatabase("e2e_clerk");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: NOW });
  });
  afterAll(async () => {
    if (process.env.SHOW_CHAT) console.log(h.telegram.sent.map((m) => `[${m.chatId}→${m.replyTo}] ${m.text}${m.buttons ? ` ${JSON.stringify(m.buttons)}` : ""}`).join("\n---\n"));
    await h?.stop();
    await db?.drop();
  });

  const say = (chat: typeof beiyuan, from: typeof admin, text: string, options = {}) => ask(h.telegram, h.scene, chat, from, text, options);
  const prisma = () => h.app.database.prisma;
  const percentOf = async (code: string) => (await prisma().task.findUniqueOrThrow({ where: { code } })).progressPercent;
  const reportCount = () => prisma().progressReport.count();
  /** Taps a button and waits for the Bot API's answerCallbackQuery (and whatever the tap says). */
  async function tap(
    chat: typeof beiyuan,
    from: typeof admin,
    question: SentMessage,
    label: string,
    answered = false,
  ): Promise<{ alert: string | null; answer: string }> {
    const button = question.buttons!.flat().find((b) => b.text === label);
    const calls = h.telegram.calls.filter((c) => c.method === "answerCallbackQuery").length;
    const sent = h.telegram.sent.length;
    h.scene.tapData(chat, from, button?.data ?? label, { messageId: question.messageId, text: question.text });
    await h.telegram.waitForSent(() => h.telegram.calls.filter((c) => c.method === "answerCallbackQuery").length > calls);
    // A tap that records something answers with a message; wait for it, or give a stray one time to show.
    if (answered) await h.telegram.waitForSent((all) => all.length > sent);
    else await new Promise((r) => setTimeout(r, 300));
    const call = h.telegram.calls.filter((c) => c.method === "answerCallbackQuery").at(-1)!;
    return { alert: (call.params.text as string | undefined) ?? null, answer: h.telegram.sent.slice(sent).map((m) => m.text).join("\n") };
  }

  it("sets up two units and their tasks", async () => {
    await say(beiyuan, admin, "/bind 北园大街指挥部");
    // Officers new to the bot: the admin confirms each (the typo guard asks).
    const addTask = (chat: typeof beiyuan, text: string) => askConfirmingNewPeople(h.telegram, h.scene, chat, admin, text);
    await addTask(beiyuan, "/addtask BY-01 北园大街拆迁 @zhangwei start=2026-01-01 due=2026-12-31");
    await addTask(beiyuan, "/addtask BY-02 北园大街道路拓宽 @lina start=2026-01-01 due=2026-12-31");
    await say(xiaoqinghe, admin, "/bind 小清河指挥部");
    for (const [code, owner] of [["XQ-01", "zhaolei"], ["XQ-02", "qianjun"], ["XQ-03", "qianjun"], ["XQ-04", "sunhao"], ["XQ-05", "zhoujie"], ["XQ-06", "wuming"], ["XQ-07", "zhengyi"]] as [string, string][]) {
      await addTask(xiaoqinghe, `/addtask ${code} 小清河项目${code.slice(-1)} @${owner} start=2026-01-01 due=2026-12-31`);
    }
    expect(await prisma().task.count()).toBe(9);
    expect((await say(beiyuan, zhang, "BY-01 进度60%")).answer).toContain("60%");
  });

  it("reads 本周完成5% after 60% as a rise, without asking", async () => {
    expect((await say(beiyuan, zhang, "BY-01 本周完成5%")).answer).toContain("65%");
    expect(await percentOf("BY-01")).toBe(65);
  });

  it("asks before recording 5% after 65%, and records what the officer taps, once", async () => {
    const before = await reportCount();
    const { messages } = await say(beiyuan, zhang, "BY-01 5%");
    const question = messages.find((m) => m.buttons)!;
    expect(question.text).toContain("65%");
    expect(question.buttons!.flat().map((b) => b.text)).toEqual(["记为 70%", "记为 5%"]);
    expect(await reportCount()).toBe(before);
    // Someone else's tap changes nothing.
    expect((await tap(beiyuan, li, question, "记为 5%")).alert).toContain("问别人");
    expect(await reportCount()).toBe(before);
    // A forged callback matches nothing.
    expect((await tap(beiyuan, zhang, question, "a:forged-token")).alert).toBeTruthy();
    expect(await reportCount()).toBe(before);
    const tapped = await tap(beiyuan, zhang, question, "记为 70%", true);
    expect(tapped.alert).toBeNull();
    expect(tapped.answer).toContain("70%");
    expect(await percentOf("BY-01")).toBe(70);
    expect(await reportCount()).toBe(before + 1);
    // A second tap, on either button, records nothing more.
    expect((await tap(beiyuan, zhang, question, "记为 5%")).alert).toBeTruthy();
    expect(await reportCount()).toBe(before + 1);
    expect(await percentOf("BY-01")).toBe(70);
  });

  it("asks to confirm a fall, and a question expires after a day", async () => {
    const { messages } = await say(beiyuan, zhang, "BY-01 进度下降10个百分点");
    const question = messages.find((m) => m.buttons)!;
    expect(question.buttons!.flat().map((b) => b.text)).toEqual(["确认", "取消"]);
    h.clock.advance(25 * 3600 * 1000);
    expect((await tap(beiyuan, zhang, question, "确认")).alert).toContain("过期");
    expect(await percentOf("BY-01")).toBe(70);
    h.clock.advance(-25 * 3600 * 1000);
  });

  it("records the good block and asks about the bad one in the same answer", async () => {
    await say(beiyuan, admin, "/deputy BY-02 @zhangwei");
    const { answer } = await say(beiyuan, zhang, "BY-01 72%\nBY-02 130%");
    expect(answer).toContain("72%");
    expect(answer).toContain("0 到 100%");
    expect(await percentOf("BY-01")).toBe(72);
    expect(await percentOf("BY-02")).toBeNull();
  });

  it("keeps a forecast as the next step and asks for today's figure, once", async () => {
    const before = await reportCount();
    const { answer, messages } = await say(beiyuan, zhang, "BY-01 预计下周完成80%");
    expect(answer).toContain("今天的进度");
    expect(messages.at(-1)!.forceReply).toBe(true);
    expect((await prisma().task.findUniqueOrThrow({ where: { code: "BY-01" } })).nextStep).toContain("80%");
    expect(await reportCount()).toBe(before);
    await expectSilence(h.telegram, h.scene, beiyuan, zhang, "BY-01 计划月底前完成85%");
    expect((await prisma().task.findUniqueOrThrow({ where: { code: "BY-01" } })).nextStep).toContain("85%");
  });

  it("stays quiet at a supervisor's instruction, even an admin's", async () => {
    const before = await reportCount();
    await expectSilence(h.telegram, h.scene, beiyuan, admin, "@zhangwei BY-01 请今天下班前报送进度");
    await expectSilence(h.telegram, h.scene, beiyuan, li, "BY-01 正在推进吗");
    expect(await reportCount()).toBe(before);
  });

  it("answers in the language of the message, not the Telegram client's", async () => {
    expect((await say(beiyuan, zhang, "BY-01 progress 73%")).answer).toMatch(/[A-Za-z]{4,}/);
    expect((await say(beiyuan, zhang, "BY-01 progress 73%")).answer).not.toContain("已记录");
  });

  it("answers a figure alone in the language the person chose with /lang", async () => {
    expect((await say(beiyuan, li, "/lang en")).answer).toContain("Done");
    expect((await say(beiyuan, li, "BY-02 45%")).answer).toContain("recorded");
    expect((await say(beiyuan, li, "BY-02 进度46%")).answer).toContain("已记录");
    expect((await say(beiyuan, li, "/lang auto")).answer).toContain("语言");
    expect((await say(beiyuan, li, "BY-02 47%")).answer).toContain("已记录");
  });

  it("keeps a photo with its report, and a caption-less photo reply as evidence; /status counts them and shows the latest", async () => {
    const captioned = h.scene.sendPhoto(beiyuan, zhang, "BY-01 进度74%");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.replyTo === captioned.message!.message_id));
    const recorded = h.telegram.sent.findLast((m) => m.replyTo === captioned.message!.message_id)!;
    expect(recorded.text).toContain("74%");
    const photos = await prisma().reportPhoto.findMany({ orderBy: { id: "asc" } });
    expect(photos).toHaveLength(1);
    const report = await prisma().progressReport.findFirstOrThrow({ where: { percent: 74 } });
    expect(photos[0]).toMatchObject({ reportId: report.id, fileSize: 180000, messageId: captioned.message!.message_id });
    expect(photos[0]!.fileId).toMatch(/^photo-/);

    const bare = h.scene.sendPhoto(beiyuan, zhang, "", { replyTo: { message_id: recorded.messageId, text: recorded.text } });
    await h.telegram.waitForSent((sent) => sent.some((m) => m.replyTo === bare.message!.message_id));
    expect(h.telegram.sent.findLast((m) => m.replyTo === bare.message!.message_id)!.text).toContain("共 2 张");
    const latest = await prisma().reportPhoto.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(latest.reportId).toBe(report.id);

    const status = await say(beiyuan, li, "/status BY-01");
    expect(status.answer).toContain("照片：2 张");
    expect(status.answer).toContain("下步");
    // After the card and the task's S-curve, the latest site photo, resent by its file id.
    await h.telegram.waitForSent((sent) => sent.some((m) => m.photo === latest.fileId));
  });

  it("keeps a photo whose caption was asked about with the report the officer taps", async () => {
    const sent = h.scene.sendPhoto(beiyuan, zhang, "BY-01 10%");
    await h.telegram.waitForSent((all) => all.some((m) => m.replyTo === sent.message!.message_id && m.buttons));
    const question = h.telegram.sent.findLast((m) => m.replyTo === sent.message!.message_id && m.buttons)!;
    expect(await prisma().reportPhoto.count()).toBe(2);
    await tap(beiyuan, zhang, question, "记为 84%", true);
    const report = await prisma().progressReport.findFirstOrThrow({ where: { percent: 84 } });
    expect(await prisma().reportPhoto.count({ where: { reportId: report.id } })).toBe(1);
  });

  it("sends one prompt per group listing every task due; a code-less reply goes to the officer's one task, or asks which", async () => {
    const before = Date.now();
    await say(xiaoqinghe, admin, "/prompt");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.chatId === xiaoqinghe.id && m.at >= before && m.text.includes("XQ-07")));
    const prompts = h.telegram.sent.filter((m) => m.chatId === xiaoqinghe.id && m.at >= before && m.text.startsWith("📝"));
    expect(prompts).toHaveLength(1);
    const prompt = prompts[0]!;
    for (const code of ["XQ-01", "XQ-02", "XQ-03", "XQ-04", "XQ-05", "XQ-06", "XQ-07"]) expect(prompt.text).toContain(code);
    expect(prompt.text).toContain("@qianjun");
    expect(prompt.forceReply).toBe(true);

    const replyTo = { message_id: prompt.messageId, text: prompt.text };
    expect((await say(xiaoqinghe, zhao, "65%", { replyTo })).answer).toContain("XQ-01");
    expect(await percentOf("XQ-01")).toBe(65);

    const { messages } = await say(xiaoqinghe, qian, "40%", { replyTo });
    const which = messages.find((m) => m.buttons)!;
    expect(which.buttons!.flat().map((b) => b.text)).toEqual(["XQ-02", "XQ-03"]);
    expect((await tap(xiaoqinghe, qian, which, "XQ-03", true)).answer).toContain("XQ-03");
    expect(await percentOf("XQ-03")).toBe(40);
    expect(await percentOf("XQ-02")).toBeNull();
  });

  it("reminds in private those who agreed with /dm on, and @mentions the rest in the group", async () => {
    expect((await ask(h.telegram, h.scene, xiaoqinghe, qian, "/dm on")).answer).toContain("私聊");
    expect((await ask(h.telegram, h.scene, privateChat(qian), qian, "/dm on")).answer).toContain("私信");
    const before = Date.now();
    await say(xiaoqinghe, admin, "/remind");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.chatId === qian.id && m.at >= before));
    const dm = h.telegram.sent.findLast((m) => m.chatId === qian.id)!;
    expect(dm.text).toContain("XQ-02");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.chatId === xiaoqinghe.id && m.at >= before && m.text.startsWith("⏰")));
    const inGroup = h.telegram.sent.findLast((m) => m.chatId === xiaoqinghe.id && m.text.startsWith("⏰"))!;
    expect(inGroup.text).toContain("@sunhao");
    expect(inGroup.text).not.toContain("@qianjun");
    expect(inGroup.text).not.toContain("@zhaolei");
  });
});
