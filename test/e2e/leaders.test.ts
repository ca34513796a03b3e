import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, privateChat, user } from "../support/updates.js";
import { ask, askConfirmingNewPeople } from "../support/conversation.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const li = user(2002, "lina", "李娜");
const leader = user(3001, "quzhang", "王区长");
const beiyuan = group(-1005001, "北园大街指挥部");
const xiaoqinghe = group(-1005002, "小清河指挥部");
const leadersChat = group(-1005999, "区领导督办群");

// Thursday 2026-07-02, 10:00 in Shanghai.
const NOW = new Date("2026-07-02T02:00:00Z");

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return book;
}

describe("what leaders read, asked for through the fake Bot API", () => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await createTestDatabase("e2e_leaders");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: NOW });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });

  const say = (chat: typeof beiyuan, from: typeof admin, text: string) => ask(h.telegram, h.scene, chat, from, text);
  const dm = (from: typeof admin, text: string) => ask(h.telegram, h.scene, privateChat(from), from, text);

  it("sets up two units, four tasks and their reports", async () => {
    await say(beiyuan, admin, "/bind 北园大街指挥部");
    await askConfirmingNewPeople(h.telegram, h.scene, beiyuan, admin, "/addtask BY-01 北园大街拆迁 @zhangwei start=2026-01-01 due=2026-12-31 must");
    await askConfirmingNewPeople(h.telegram, h.scene, beiyuan, admin, "/addtask BY-02 北园大街绿化 @zhangwei start=2026-03-01 due=2026-10-31");
    await say(xiaoqinghe, admin, "/bind 小清河指挥部");
    await askConfirmingNewPeople(h.telegram, h.scene, xiaoqinghe, admin, "/addtask XQH-01 小清河清淤 @lina start=2026-01-01 due=2026-12-31");
    await askConfirmingNewPeople(h.telegram, h.scene, xiaoqinghe, admin, "/addtask XQH-02 小清河亮化 @lina start=2026-09-01 due=2026-12-31");
    await say(leadersChat, admin, "/leaders");
    await say(beiyuan, zhang, "BY-01 进度10%，问题：拆迁补偿资金未到位");
    await say(beiyuan, zhang, "BY-02 进度40%");
    await say(xiaoqinghe, li, "XQH-01 进度52%");
  });

  it("lists every unit's tasks with /tasks in the leaders' chat, a unit's in its group, and adds none there", async () => {
    const all = (await say(leadersChat, admin, "/tasks")).answer;
    for (const code of ["BY-01", "BY-02", "XQH-01", "XQH-02"]) expect(all).toContain(code);
    const unit = (await say(beiyuan, zhang, "/tasks")).answer;
    expect(unit).toContain("BY-01");
    expect(unit).not.toContain("XQH-01");
    expect((await say(leadersChat, admin, "/addtask XQH-09 小清河护岸 @lina due=2026-12-31")).answer).toContain("领导群");
    // Told where first, before being asked to fix the command.
    expect((await say(leadersChat, admin, "/addtask XQH-09")).answer).toContain("领导群");
    expect(await h.app.database.prisma.task.count()).toBe(4);
  });

  it("refuses a private /digest, /bulletin and /assess to someone who is not a leader, in one line", async () => {
    for (const command of ["/digest", "/bulletin", "/assess 2026-07-01 2026-07-02"]) {
      const { answer, messages } = await dm(zhang, command);
      expect(answer).toMatch(/^只有管理员和区领导可以使用 \/\w+，未作任何更改。$/);
      expect(messages.every((m) => m.method === "sendMessage")).toBe(true);
    }
    expect((await dm(zhang, "/leader @zhangwei")).answer).toContain("只有管理员");
  });

  it("lets an admin make someone a leader, who then gets the digest and its chart in private", async () => {
    expect((await dm(admin, "/leader quzhang")).answer).toContain("/leader @");
    expect((await dm(admin, "/leader @quzhang")).answer).toContain("已将 quzhang 设为区领导");
    expect((await dm(admin, "/leader @quzhang")).answer).toContain("已经是区领导");
    const { answer, messages } = await dm(leader, "/digest");
    expect(answer).toMatch(/^📊 督办日报 2026-07-02/);
    expect(answer.length).toBeLessThanOrEqual(1200);
    expect(answer.split("\n").length).toBeLessThanOrEqual(25);
    expect(answer).toMatch(/【必保项目预警】1 个\n🔴 BY-01 北园大街拆迁｜张伟/);
    // XQH-02 starts in September: not missing, not red.
    expect(answer).toContain("🔴 1");
    expect(answer).not.toContain("@");
    const photo = messages.find((m) => m.method === "sendPhoto");
    const png = PNG.sync.read(Buffer.from(photo!.file!.bytes));
    expect(png.width).toBeGreaterThanOrEqual(1080);
    // A digest of another day, and a wrong date changes nothing.
    expect((await dm(leader, "/digest 2026-06-30")).answer).toMatch(/^📊 督办日报 2026-06-30/);
    expect((await dm(leader, "/digest 2026-13-01")).answer).toContain("用法：/digest");
    // Their help names what they may now read, asked for or not.
    for (const text of ["/help", "/nosuchcommand"]) {
      const help = (await dm(leader, text)).answer;
      for (const command of ["/digest", "/bulletin", "/assess"]) expect(help, text).toContain(command);
    }
  });

  it("answers /status with the card and the task's S-curve", async () => {
    const { messages } = await say(beiyuan, zhang, "/status BY-01");
    const photo = messages.find((m) => m.method === "sendPhoto")!;
    expect(photo.text).toContain("BY-01");
    const png = PNG.sync.read(Buffer.from(photo.file!.bytes));
    expect(png.width).toBeGreaterThanOrEqual(1080);
  });

  it("sends the bulletin as a workbook whose figures are the digest's", async () => {
    const { messages } = await dm(leader, "/bulletin");
    const doc = messages.find((m) => m.method === "sendDocument")!;
    expect(doc.file!.fileName).toBe("督查通报-2026-07-02.xlsx");
    const book = await workbook(doc.file!.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(["封面", "项目进度", "未销号问题"]);
    const cover = book.getWorksheet("封面")!;
    const fact = (label: string) => cover.getColumn(2).values.indexOf(label);
    expect(cover.getCell(fact("项目总数"), 3).value).toBe(4);
    expect(cover.getCell(fact("严重滞后"), 3).value).toBe(1);
    const tasks = book.getWorksheet("项目进度")!;
    expect(tasks.rowCount).toBe(5);
    const by01 = tasks.getRows(2, 4)!.find((r) => r.getCell(1).value === "BY-01")!;
    expect(by01.getCell(7).value).toBe(10);
    expect((by01.getCell(9).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC7CE");
    expect(String(by01.getCell(12).value)).toContain("拆迁补偿资金未到位");
    const problems = book.getWorksheet("未销号问题")!;
    expect(problems.getRow(2).getCell(1).value).toBe("BY-01");
    expect((await dm(leader, "/bulletin yesterday")).answer).toContain("用法：/bulletin");
  });

  it("sends the assessment of a period, per officer and per unit", async () => {
    const { messages } = await dm(leader, "/assess 2026-06-01 2026-07-01");
    const doc = messages.find((m) => m.method === "sendDocument")!;
    const book = await workbook(doc.file!.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(["责任人", "单位"]);
    const names = book.getWorksheet("责任人")!.getColumn(1).values.slice(3);
    expect(names).toEqual(expect.arrayContaining(["张伟", "李娜"]));
    expect((await dm(leader, "/assess 2026-07-02 2026-07-01")).answer).toContain("用法：/assess");
  });

  it("takes the role back with /unleader", async () => {
    expect((await dm(admin, "/unleader @quzhang")).answer).toContain("已取消");
    expect((await dm(leader, "/digest")).answer).toContain("只有管理员和区领导");
    expect((await dm(admin, "/unleader @quzhang")).answer).toContain("不是区领导");
  });
});
