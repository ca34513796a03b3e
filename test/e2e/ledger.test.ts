import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { districtLedgerRows } from "#src/services/ledger.js";
import { readDistrict } from "#src/services/demo-data.js";
import { writeLedgerTemplate } from "#src/views/ledger/workbook.js";
import type { LedgerRow } from "#src/domain/ledger/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, privateChat, user } from "../support/updates.js";
import { ask, tap } from "../support/conversation.js";
import type { SentMessage } from "../support/fake-telegram.js";
import { runEntry } from "../support/process.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const inbox = privateChat(admin);
const zhijin = group(-1007001, "制锦市街道工作群");
const DEADLINE = "2027-06-30";

describe("the ledger (台账) in chat, and typo guards", () => {
  let db: TestDatabase;
  let h: Harness;
  let district: LedgerRow[];
  beforeAll(async () => {
    db = await createTestDatabase("e2e_ledger");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: new Date("2026-12-01T02:00:00Z") });
    district = districtLedgerRows(await readDistrict(), DEADLINE);
  });
  afterAll(async () => {
    if (process.env.SHOW_CHAT) console.log(h.telegram.sent.map((m) => `[${m.chatId}→${m.replyTo}] ${m.text}`).join("\n---\n"));
    await h?.stop();
    await db?.drop();
  });

  const prisma = () => h.app.database.prisma;
  /** Sends a file with a caption and waits for the answer to it. */
  const send = async (from: typeof admin, fileName: string, bytes: Uint8Array | string, chat = privateChat(from)) => {
    const update = h.scene.sendFile(chat, from, "/import", fileName, bytes);
    const id = update.message!.message_id;
    await h.telegram.waitForSent((sent) => sent.some((m) => m.replyTo === id));
    await new Promise((r) => setTimeout(r, 50));
    const messages = h.telegram.sent.filter((m) => m.replyTo === id);
    return { answer: messages.map((m) => m.text).join("\n"), messages, question: messages.find((m) => m.buttons.length) };
  };
  /** What the bot told the tapper on the button itself (answerCallbackQuery), once it has. */
  const callbackAnswer = async (before: number): Promise<string> => {
    for (let i = 0; i < 100; i++) {
      const call = h.telegram.calls.slice(before).find((c) => c.method === "answerCallbackQuery");
      if (call) return String(call.params.text ?? "");
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("no answerCallbackQuery");
  };

  it("answers /import without a file with how to send one, and refuses a non-admin's command in one line", async () => {
    expect((await ask(h.telegram, h.scene, inbox, admin, "/import")).answer).toContain("/import");
    expect((await ask(h.telegram, h.scene, privateChat(zhang), zhang, "/import")).answer).toContain("只有管理员");
  });

  it("ignores a file from anyone but an admin", async () => {
    const update = h.scene.sendFile(privateChat(zhang), zhang, "/import", "台账.xlsx", await writeLedgerTemplate(district));
    await ask(h.telegram, h.scene, privateChat(zhang), zhang, "/help");
    expect(h.telegram.sent.filter((m) => m.replyTo === update.message!.message_id)).toEqual([]);
    expect(await prisma().task.count()).toBe(0);
  });

  it("refuses a file that is not a workbook, and a ledger with a bad cell naming the cell, writing nothing", async () => {
    expect((await send(admin, "台账.xlsx", "just some text")).answer).toContain("不是 Excel 工作簿");
    const csv = "编号,任务名称,责任单位,责任人,开始日期,完成时限\nBY-01,北园大街拆迁,北园大街指挥部,张伟（@zhangwei）,2026-13-01,2027-06-30\n";
    const { answer, question } = await send(admin, "台账.csv", csv);
    expect(answer).toContain("未导入");
    expect(answer).toMatch(/!E2/);
    expect(question).toBeUndefined();
    expect(await prisma().task.count()).toBe(0);
    expect(await prisma().unit.count()).toBe(0);
  });

  it("shows the dry run with 确认导入 and 取消; only the admin who sent it may tap, once", async () => {
    const { answer, question } = await send(admin, "台账.xlsx", await writeLedgerTemplate(district));
    expect(answer).toContain("37 项任务：新增 37，变更 0，未变 0；新单位 8 个；新责任人 11 名");
    expect(answer).toContain("试运行");
    expect(question!.buttons.flat().map((b) => b.text)).toEqual(["确认导入", "取消"]);
    expect(await prisma().task.count()).toBe(0);

    // Someone else's tap changes nothing (the question was the admin's, in the admin's chat).
    let before = h.telegram.calls.length;
    h.scene.tap(inbox, zhang, question!, "确认导入");
    expect(await callbackAnswer(before)).toContain("问别人");
    expect(await prisma().task.count()).toBe(0);

    expect((await tap(h.telegram, h.scene, inbox, admin, question!, "取消")).answer).toContain("什么都没有写入");
    before = h.telegram.calls.length;
    h.scene.tap(inbox, admin, question!, "确认导入");
    expect(await callbackAnswer(before)).toContain("已经处理过");
    expect(await prisma().task.count()).toBe(0);
  });

  it("imports the demo district on 确认导入, in one go", async () => {
    const { question } = await send(admin, "台账.xlsx", await writeLedgerTemplate(district));
    const { answer } = await tap(h.telegram, h.scene, inbox, admin, question!, "确认导入");
    expect(answer).toContain("已导入");
    expect(await prisma().task.count()).toBe(37);
    expect(await prisma().unit.count()).toBe(8);
    expect(await prisma().auditEntry.count({ where: { action: "ledger.import" } })).toBe(1);
    // The buttons went with the answer: the question cannot be settled twice.
    expect(h.telegram.calls.some((c) => c.method === "editMessageReplyMarkup")).toBe(true);
  });

  let exported: SentMessage;
  it("answers /export with a workbook of every task and its progress", async () => {
    const { messages } = await ask(h.telegram, h.scene, inbox, admin, "/export");
    exported = messages.find((m) => m.method === "sendDocument")!;
    expect(exported.text).toContain("37");
    expect(exported.file!.fileName).toBe("台账-2026-12-01.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.file!.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    expect(headers).toEqual(expect.arrayContaining(["编号", "责任人", "最新进度", "状态"]));
    expect(sheet.actualRowCount).toBeGreaterThanOrEqual(38);
    expect((await ask(h.telegram, h.scene, privateChat(zhang), zhang, "/export")).answer).toContain("只有管理员");
  });

  it("re-imports its own export with no change and no buttons", async () => {
    const { answer, question } = await send(admin, exported.file!.fileName, exported.file!.bytes);
    expect(answer).toContain("新增 0，变更 0，未变 37");
    expect(answer).toContain("无需导入");
    expect(question).toBeUndefined();
  });

  it("shows exactly a changed file's changes before writing, then audits the new owner", async () => {
    const changed = district.map((r) => (r.code === "BY-01" ? { ...r, owner: { username: "liuyang", telegramId: null, name: "刘洋" } } : r));
    const { answer, question } = await send(admin, "台账.xlsx", await writeLedgerTemplate(changed));
    expect(answer).toContain("新增 0，变更 1，未变 36");
    expect(answer).toMatch(/BY-01 责任人 .* → 刘洋/);
    expect((await prisma().task.findUniqueOrThrow({ where: { code: "BY-01" }, include: { owner: true } })).owner.username).not.toBe("liuyang");
    await tap(h.telegram, h.scene, inbox, admin, question!, "确认导入");
    expect((await prisma().task.findUniqueOrThrow({ where: { code: "BY-01" }, include: { owner: true } })).owner.username).toBe("liuyang");
    const assign = await prisma().auditEntry.findFirstOrThrow({ where: { action: "task.assign", entityId: "BY-01" } });
    expect(assign.actorId).not.toBeNull();
  });

  it("offers the closest existing units for a /bind typo, and binds to the one tapped", async () => {
    const { answer, messages } = await ask(h.telegram, h.scene, zhijin, admin, "/bind 制锦市街道");
    expect(answer).toContain("「制锦市街道办事处」");
    const question = messages.find((m) => m.buttons.length)!;
    expect(question.buttons.flat().map((b) => b.text)).toEqual(["制锦市街道办事处", "新建单位「制锦市街道」", "取消"]);
    expect(await prisma().chat.count({ where: { id: BigInt(zhijin.id) } })).toBe(0);
    expect((await tap(h.telegram, h.scene, zhijin, admin, question, "制锦市街道办事处")).answer).toContain("制锦市街道办事处");
    const chat = await prisma().chat.findUniqueOrThrow({ where: { id: BigInt(zhijin.id) }, include: { unit: true } });
    expect(chat.unit?.name).toBe("制锦市街道办事处");
    expect(await prisma().unit.count()).toBe(8);
  });

  it("makes a new unit from a close name only when 新建单位 is tapped", async () => {
    const other = group(-1007002, "泺口新区工作群");
    const { messages } = await ask(h.telegram, h.scene, other, admin, "/bind 泺口新区街道");
    const question = messages.find((m) => m.buttons.length)!;
    expect(question.buttons.flat()[0]!.text).toBe("泺口街道办事处");
    expect((await tap(h.telegram, h.scene, other, admin, question, "新建单位")).answer).toContain("泺口新区街道");
    expect(await prisma().unit.count()).toBe(9);
  });

  it("asks before /assign gives a task to an @username never seen, and does nothing on 取消", async () => {
    const code = (await prisma().task.findFirstOrThrow({ where: { unit: { name: "制锦市街道办事处" } }, orderBy: { code: "asc" } })).code;
    expect((await ask(h.telegram, h.scene, zhijin, admin, "/assign ZZ-99 @zhangwie")).answer).toContain("没有编号为 ZZ-99");
    const { answer, messages } = await ask(h.telegram, h.scene, zhijin, admin, `/assign ${code} @zhangwie`);
    expect(answer).toContain("@zhangwie 是第一次出现的用户名");
    const question = messages.find((m) => m.buttons.length)!;
    expect((await tap(h.telegram, h.scene, zhijin, admin, question, "取消")).answer).toContain("没有改变");
    expect(await prisma().person.count({ where: { username: "zhangwie" } })).toBe(0);
    // A known officer needs no question.
    expect((await ask(h.telegram, h.scene, zhijin, admin, `/assign ${code} @zhangwei`)).answer).toContain("@zhangwei");
  });

  it("writes the example ledger from the command line and imports it with no change", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "duban-ledger-")), "示例台账.xlsx");
    const env = { DATABASE_URL: db.url };
    const written = runEntry("cli", env, ["ledger", "template", "--example", "--deadline", DEADLINE, "--out", file]);
    expect(await written.exited).toBe(0);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");
    const dryRun = runEntry("cli", env, ["ledger", "import", file, "--dry-run"]);
    expect(await dryRun.exited).toBe(0);
    // BY-01's and XQ-01's owners were changed above: the example names the original ones back.
    expect(dryRun.output()).toContain("变更 2，未变 35");
    expect(dryRun.output()).toMatch(/XQ-01 责任人 .*→ .*郑丽/);
    const bad = path.join(path.dirname(file), "bad.xlsx");
    (await import("node:fs")).writeFileSync(bad, "not a workbook");
    const refused = runEntry("cli", env, ["ledger", "import", bad]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain("不是 Excel 工作簿");
  }, 60_000);
});
