import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, user } from "../support/updates.js";
import { ask } from "../support/conversation.js";
import { runEntry } from "../support/process.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const leaders = group(-1006999, "区领导督办群");

describe("holiday table and leave, from chat and from the command line", () => {
  let db: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    db = await createTestDatabase("e2e_calendar");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: new Date("2026-07-01T16:30:00Z") });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });

  const answerTo = async (update: ReturnType<Harness["scene"]["say"]>) => {
    const id = update.message!.message_id;
    await h.telegram.waitForSent((sent) => sent.some((m) => m.replyTo === id));
    return h.telegram.sent.filter((m) => m.replyTo === id).map((m) => m.text).join("\n");
  };

  it("loads a holiday table sent as a file with /holidays", async () => {
    const csv = "date,kind,name\n2026-10-01,holiday,国庆节\n2026-10-10,workday,国庆调休\n";
    expect(await answerTo(h.scene.sendFile(leaders, zhang, "/holidays", "2026.csv", csv))).toContain("只有管理员");
    expect(await answerTo(h.scene.sendFile(leaders, admin, "/holidays", "2026.csv", csv))).toContain("2 天");
    const days = await h.app.database.prisma.calendarDay.findMany({ orderBy: { date: "asc" } });
    expect(days.map((d) => [d.date.toISOString().slice(0, 10), d.workday])).toEqual([
      ["2026-10-01", false],
      ["2026-10-10", true],
    ]);
  });

  it("refuses a table with an unreadable line, naming it, and loads nothing", async () => {
    const answer = await answerTo(h.scene.sendFile(leaders, admin, "/holidays", "bad.csv", "2026-12-25,holiday\n2026-12-32,holiday\n"));
    expect(answer).toContain("2026-12-32");
    expect(await h.app.database.prisma.calendarDay.count()).toBe(2);
    expect((await ask(h.telegram, h.scene, leaders, admin, "/holidays")).answer).toContain("CSV");
  });

  it("records leave with /leave and rejects a malformed one", async () => {
    expect((await ask(h.telegram, h.scene, leaders, admin, "/leave @zhangwei 2026-07-01 2026-07-05")).answer).toContain("@zhangwei");
    expect((await ask(h.telegram, h.scene, leaders, admin, "/leave @zhangwei 2026-07-05 2026-07-01")).answer).toContain("/leave");
    expect((await ask(h.telegram, h.scene, leaders, zhang, "/leave @zhangwei 2026-07-01 2026-07-05")).answer).toContain("只有管理员");
    expect(await h.app.database.prisma.leave.count()).toBe(1);
  });

  it("imports the same table from the command line", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = `${mkdtempSync(`${tmpdir()}/duban-csv-`)}/2027.csv`;
    writeFileSync(file, "2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休\n");
    const run = runEntry("cli", { DATABASE_URL: db.url }, ["holidays", "import", file]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("imported 2 days");
    expect(await h.app.database.prisma.calendarDay.count()).toBe(4);
  });

  it("turns chats between a unit's group and a leaders' chat only out loud", async () => {
    const unitGroup = { id: -1006100, type: "supergroup" as const, title: "工商河指挥部" };
    await ask(h.telegram, h.scene, unitGroup, admin, "/bind 工商河指挥部");
    // A full-width space typed in the name is the same unit, not a new one.
    expect((await ask(h.telegram, h.scene, unitGroup, admin, "/bind 工商河\u3000指挥部")).answer).toContain("无需重复绑定");
    expect(await h.app.database.prisma.unit.count({ where: { name: { startsWith: "工商河" } } })).toBe(1);
    expect((await ask(h.telegram, h.scene, unitGroup, admin, "/leaders")).answer).toContain("原绑定「工商河指挥部」");
    expect((await ask(h.telegram, h.scene, unitGroup, admin, "/bind 工商河指挥部")).answer).toContain("原为领导群");
    const { privateChat } = await import("../support/updates.js");
    expect((await ask(h.telegram, h.scene, privateChat(admin), admin, "/leaders")).answer).toContain("/leaders");
    expect(await h.app.database.prisma.chat.count({ where: { kind: "leaders", id: BigInt(admin.id) } })).toBe(0);
  });
});
