import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, privateChat, user } from "../support/updates.js";
import { runEntry } from "../support/process.js";
import { ask, askConfirmingNewPeople } from "../support/conversation.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const beiyuan = group(-1006001, "北园大街指挥部");
const leadersChat = group(-1006999, "区领导督办群");

// Monday 2026-06-01, 10:00 in Shanghai.
const START = new Date("2026-06-01T02:00:00Z");
const WEEK = 7 * 24 * 60 * 60 * 1000;

/** The forecast as a leader and an officer meet it: /status says when, and the digest who will be late. */
describe("the forecast in /status and the digest", () => {
  let db: TestDatabase;
  let h: Harness;
  // Sent at the harness clock's time, as Telegram dates a message when it is sent.
  const say = (chat: typeof beiyuan, from: typeof admin, text: string) => ask(h.telegram, h.scene, chat, from, text, { date: Math.floor(h.clock.now().getTime() / 1000) });

  beforeAll(async () => {
    db = await createTestDatabase("e2e_forecast");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: START });
    await say(beiyuan, admin, "/bind 北园大街指挥部");
    await askConfirmingNewPeople(h.telegram, h.scene, beiyuan, admin, "/addtask BY-01 北园大街拆迁 @zhangwei start=2026-06-01 due=2026-09-30 must");
    await say(beiyuan, admin, "/addtask BY-02 北园大街绿化 @zhangwei start=2026-06-01 due=2026-12-31");
    await say(beiyuan, admin, "/addtask BY-03 北园大街亮化 @zhangwei start=2026-06-01 due=2026-12-31");
    await say(leadersChat, admin, "/leaders");
    // Four weekly reports: BY-01 gains 4 points a week (too slow for September), BY-02 is stuck at 30%.
    for (let week = 0; week < 4; week++) {
      await say(beiyuan, zhang, `BY-01 进度${10 + 4 * week}%`);
      await say(beiyuan, zhang, "BY-02 进度30%");
      if (week < 3) h.clock.advance(WEEK);
    }
    await say(beiyuan, zhang, "BY-03 进度5%");
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });

  it("keeps each task's series as its reports come in, so that the digest reads no reports", async () => {
    // Nothing has read a forecast yet: what is kept was kept by the reports themselves.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ code: string; current: boolean; points: string }>(
        `SELECT t.code, s.stamp = t."updatedAt" AS current, s.points FROM "Task" t LEFT JOIN "ForecastSeries" s ON s."taskId" = t.id ORDER BY t.code`,
      );
      expect(rows.map((r) => [r.code, r.current, r.points?.split(",").length])).toEqual([
        ["BY-01", true, 4],
        ["BY-02", true, 4],
        ["BY-03", true, 1],
      ]);
    } finally {
      await client.end();
    }
  });

  it("says when a task will finish at its pace, how late, and the pace the deadline needs", async () => {
    const { messages } = await say(beiyuan, zhang, "/status BY-01");
    const card = messages.find((m) => m.method === "sendPhoto")!.text;
    // 22% on 2026-06-22 at 4 points a week: 78 points, about 20 weeks: early November, past the 30 September deadline.
    const finish = /预计 (\d{4}-\d{2}-\d{2}) 完成（[\d-]+ 至 [\d-]+），晚于期限 (\d+) 天/.exec(card);
    expect(finish, card).not.toBeNull();
    expect(finish![1]! > "2026-09-30").toBe(true);
    expect(Number(finish![2])).toBeGreaterThan(30);
    expect(card).toMatch(/需每周 \+\d+(\.\d)? 点（近期每周 \+4(\.0)? 点）/);
  });

  it("says 停滞 for a task whose reports stopped rising, and 数据不足 for one reported once", async () => {
    expect((await say(beiyuan, zhang, "/status BY-02")).messages.find((m) => m.method === "sendPhoto")!.text).toContain("预计完成：停滞（2026-06-08 以来进度未再上升）");
    expect((await say(beiyuan, zhang, "/status BY-03")).messages.find((m) => m.method === "sendPhoto")!.text).toContain("预计完成：数据不足");
  });

  it("counts the tasks forecast late in the digest and names them", async () => {
    await say(leadersChat, admin, "/digest");
    const answer = h.telegram.sentTo(leadersChat.id).find((m) => m.text.startsWith("📊"))?.text ?? "";
    const line = answer.split("\n").find((l) => l.startsWith("【预计逾期】"));
    // Ahead of its plan today (green), and yet late at its pace: the warning before the light turns.
    expect(line, answer).toMatch(/^【预计逾期】1 项（按目前进度）：BY-01 北园大街拆迁（晚 \d+ 天）$/);
    expect(answer.match(/BY-01/g)).toHaveLength(1);
  });

  it("gives every task's forecast in the bulletin: 预计完成, 预计逾期（天）, 需要的周进度", async () => {
    const { messages } = await ask(h.telegram, h.scene, privateChat(admin), admin, "/bulletin", { date: Math.floor(h.clock.now().getTime() / 1000) });
    const doc = messages.find((m) => m.method === "sendDocument")!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(doc.file!.bytes) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("项目进度")!;
    expect([13, 14, 15].map((c) => sheet.getRow(1).getCell(c).value)).toEqual(["预计完成", "预计逾期（天）", "需要的周进度"]);
    const row = (code: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === code)!;
    const by01 = row("BY-01");
    expect(String(by01.getCell(13).value) > "2026-09-30").toBe(true);
    expect(Number(by01.getCell(14).value)).toBeGreaterThan(30);
    expect(Number(by01.getCell(15).value)).toBeGreaterThan(4);
    expect([13, 14, 15].map((c) => row("BY-02").getCell(c).value)).toEqual(["停滞", null, null]);
    expect(row("BY-03").getCell(13).value).toBe("数据不足");
  });

  it("prints the forecasts as a table from the command line, the late ones alone with --late", async () => {
    const run = async (...args: string[]) => {
      const cli = runEntry("cli", { DATABASE_URL: db.url }, ["forecast", "--date", "2026-06-22", ...args]);
      return { code: await cli.exited, output: cli.output() };
    };
    const all = await run();
    expect(all.code).toBe(0);
    expect(all.output).toMatch(/^BY-01 .+ 2026-09-30 +20\d\d-\d\d-\d\d/m);
    expect(all.output).toMatch(/^BY-02 .+停滞/m);
    const late = await run("--late");
    expect(late.output).toContain("BY-01");
    expect(late.output).not.toContain("BY-02");
    const unknown = await run("--unit", "没有这个单位");
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('no unit is called "没有这个单位"; units: 北园大街指挥部');
  });

  it("writes 预计完成 into the exported 台账 after its progress columns", async () => {
    const { messages } = await ask(h.telegram, h.scene, privateChat(admin), admin, "/export", { date: Math.floor(h.clock.now().getTime() / 1000) });
    const doc = messages.find((m) => m.method === "sendDocument")!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(doc.file!.bytes) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("台账")!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const column = headers.indexOf("预计完成");
    expect(column).toBeGreaterThan(headers.indexOf("未销号问题"));
    const cell = (code: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === code)!.getCell(column).value;
    expect(String(cell("BY-01"))).toMatch(/^2026-1[01]-\d\d$/);
    expect(cell("BY-02")).toBe("停滞");
  });

  it("issues the early 蓝 督办单 once for the must-deliver task forecast late two days running, and none for the others", async () => {
    const orders = () => h.telegram.sentTo(beiyuan.id).filter((m) => m.text.includes("按目前进度预计晚于期限"));
    await say(beiyuan, admin, "/escalate");
    // One day of it is not yet a trend.
    expect(orders()).toHaveLength(0);
    h.clock.advance(24 * 60 * 60 * 1000);
    await say(beiyuan, admin, "/escalate");
    await h.telegram.waitForSent(() => orders().length > 0, 10_000);
    expect(orders()).toHaveLength(1);
    expect(orders()[0]!.text).toContain("BY-01");
    expect(orders()[0]!.text).not.toMatch(/BY-0[23]/);
    // Again the same day and the next: the order stands, nothing is issued twice.
    await say(beiyuan, admin, "/escalate");
    h.clock.advance(24 * 60 * 60 * 1000);
    await say(beiyuan, admin, "/escalate");
    expect(orders()).toHaveLength(1);
  });
});
