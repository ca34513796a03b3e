import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "#src/db/database.js";
import { MIGRATIONS_DIR } from "#src/db/migrate.js";
import { identifyPerson, personByUsername } from "#src/db/people.js";
import { addTask, assignTask, setPlan } from "#src/services/tasks.js";
import { bindChat } from "#src/services/chats.js";
import { recordReports } from "#src/services/reports.js";
import { listStandings } from "#src/services/standing.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { parsedReport } from "../support/reports.js";
import { openTestDatabase, openTestDatabaseOn } from "../support/database.js";

const report = parsedReport;

let messageId = 1;
const source = (text: string, sentAt = new Date("2026-07-01T02:00:00Z"), editedAt: Date | null = null, id = messageId++) => ({
  chatId: -100n,
  messageId: id,
  updateId: BigInt(id),
  sentAt,
  text,
  editedAt,
});

// The same repositories and services run on both databases the product supports.
describe.each(["postgres", "pglite"] as const)("data layer on %s", (kind) => {
  let database: Database & { url: string | null };

  beforeAll(async () => {
    database = await openTestDatabaseOn(kind, "data_layer");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("applies the migrations once", async () => {
    const committed = readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(committed[0]).toBe("20261127000000_init");
    expect(database.applied).toEqual(committed);
    const again = kind === "postgres" ? await openDatabase({ databaseUrl: database.url ?? "", dataDir: "" }) : null;
    if (again) {
      expect(again.applied).toEqual([]);
      await again.close();
    }
  });

  it("links an officer named by @username before the bot saw them", async () => {
    const db = database.prisma;
    const admin = await identifyPerson(db, { id: 1, username: "Admin", first_name: "督查室" });
    const { unit } = await bindChat(db, admin, { id: -100n, title: "北园" }, "北园大街指挥部", new Date());
    await addTask(db, admin, unit, {
      code: "BY-01",
      name: "北园大街拆迁",
      ownerUsername: "@ZhangWei",
      start: "2026-01-01",
      deadline: "2026-12-31",
      target: { value: 180000, unit: "m2" },
      mustDeliver: true,
    });
    const placeholder = await db.person.findUniqueOrThrow({ where: { username: "zhangwei" } });
    expect(placeholder.telegramId).toBeNull();
    const zhang = await identifyPerson(db, { id: 2001, username: "zhangwei", first_name: "张伟" });
    expect(zhang.id).toBe(placeholder.id);
    expect(zhang.telegramId).toBe(2001n);
  });

  it("folds a placeholder into someone already known under another name", async () => {
    const db = database.prisma;
    const admin = await identifyPerson(db, { id: 1, username: "Admin", first_name: "督查室" });
    const li = await identifyPerson(db, { id: 2002, first_name: "李娜" });
    const unit = await db.unit.findUniqueOrThrow({ where: { name: "北园大街指挥部" } });
    await addTask(db, admin, unit, { code: "BY-02", name: "道路拓宽", ownerUsername: "lina", start: null, deadline: null, target: null, mustDeliver: false });
    const merged = await identifyPerson(db, { id: 2002, username: "lina", first_name: "李娜" });
    expect(merged.id).toBe(li.id);
    const task = await db.task.findUniqueOrThrow({ where: { code: "BY-02" } });
    expect(task.ownerId).toBe(li.id);
    expect(await db.person.count({ where: { username: "lina" } })).toBe(1);
  });

  it("records a report once per message and task, and derives percent from quantity", async () => {
    const db = database.prisma;
    const zhang = await db.person.findUniqueOrThrow({ where: { username: "zhangwei" } });
    const message = source("BY-01 累计拆迁9万平方米");
    const parsed = [report("BY-01", { quantity: { value: 90000, unit: "m2", cumulative: true }, blockers: [{ category: "funding", text: "资金未到位" }] })];
    const [first] = await recordReports(database, { person: zhang, isAdmin: false }, parsed, message);
    expect(first).toMatchObject({ kind: "recorded", standing: { progressPercent: 50, quantityTotal: 90000 } });
    // The same update handled again (its first handling died before it was answered): nothing
    // new is recorded, and it is owed the same confirmation.
    const [retried] = await recordReports(database, { person: zhang, isAdmin: false }, parsed, message);
    expect(retried).toMatchObject({ kind: "recorded", previousPercent: null, report: { id: first!.kind === "recorded" ? first!.report.id : -1 } });
    // The same message in another update: nothing new, nothing to say.
    const [again] = await recordReports(database, { person: zhang, isAdmin: false }, parsed, { ...message, updateId: message.updateId + 1n });
    expect(again!.kind).toBe("duplicate");
    expect(await db.progressReport.count({ where: { task: { code: "BY-01" } } })).toBe(1);
    expect(await db.blocker.count({ where: { resolvedAt: null } })).toBe(1);
  });

  it("refuses a report on someone else's task and an unknown code, recording nothing", async () => {
    const db = database.prisma;
    const li = await db.person.findUniqueOrThrow({ where: { username: "lina" } });
    const outcomes = await recordReports(database,
      { person: li, isAdmin: false },
      [report("BY-01", { percent: 99 }), report("ZZ-9", { percent: 5 })],
      source("BY-01 99%\nZZ-9 5%"),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(["not_allowed", "unknown_task"]);
    const task = await db.task.findUniqueOrThrow({ where: { code: "BY-01" } });
    expect(task.progressPercent).toBe(50);
  });

  it("replays later reports when an earlier one is corrected", async () => {
    const db = database.prisma;
    const zhang = await db.person.findUniqueOrThrow({ where: { username: "zhangwei" } });
    const reporter = { person: zhang, isAdmin: false };
    const early = source("BY-01 进度60%", new Date("2026-07-02T02:00:00Z"));
    await recordReports(database, reporter, [report("BY-01", { percent: 60 })], early);
    await recordReports(database, reporter, [report("BY-01", { percentDelta: 5 })], source("BY-01 +5%", new Date("2026-07-03T02:00:00Z")));
    expect((await db.task.findUniqueOrThrow({ where: { code: "BY-01" } })).progressPercent).toBe(65);
    const [corrected] = await recordReports(database, reporter, [report("BY-01", { percent: 62 })], {
      ...early,
      text: "BY-01 进度62%",
      editedAt: new Date("2026-07-03T03:00:00Z"),
    });
    expect(corrected!.kind).toBe("corrected");
    expect((await db.task.findUniqueOrThrow({ where: { code: "BY-01" } })).progressPercent).toBe(67);
    const trail = await db.auditEntry.findFirstOrThrow({ where: { action: "report.edit" } });
    expect(trail.before).toMatchObject({ percent: 60 });
    expect(trail.after).toMatchObject({ percent: 62 });
  });

  it("keeps a resolved problem resolved when an old report is edited", async () => {
    const db = database.prisma;
    const zhang = await db.person.findUniqueOrThrow({ where: { username: "zhangwei" } });
    const reporter = { person: zhang, isAdmin: false };
    const first = source("BY-01 进度70%，问题：夜间施工许可未批", new Date("2026-07-05T02:00:00Z"));
    const blocker = { category: "approval" as const, text: "夜间施工许可未批" };
    await recordReports(database, reporter, [report("BY-01", { percent: 70, blockers: [blocker] })], first);
    await db.blocker.updateMany({ where: { text: blocker.text }, data: { resolvedAt: new Date("2026-07-06T02:00:00Z") } });
    await recordReports(database, reporter, [report("BY-01", { percent: 71, blockers: [blocker] })], {
      ...first,
      text: "BY-01 进度71%，问题：夜间施工许可未批",
      editedAt: new Date("2026-07-07T02:00:00Z"),
    });
    expect(await db.blocker.count({ where: { text: blocker.text, resolvedAt: null } })).toBe(0);
  });

  it("keeps the newest report as the standing when an older one is handled late", async () => {
    const db = database.prisma;
    const zhang = await db.person.findUniqueOrThrow({ where: { username: "zhangwei" } });
    const reporter = { person: zhang, isAdmin: false };
    await recordReports(database, reporter, [report("BY-01", { percent: 80 })], source("BY-01 80%", new Date("2026-07-10T02:01:00Z")));
    const [late] = await recordReports(database, reporter, [report("BY-01", { percent: 75 })], source("BY-01 75%", new Date("2026-07-10T02:00:00Z")));
    expect(late!.kind).toBe("recorded");
    const task = await db.task.findUniqueOrThrow({ where: { code: "BY-01" } });
    expect(task.progressPercent).toBe(80);
    expect(task.lastReportAt).toEqual(new Date("2026-07-10T02:01:00Z"));
  });

  it("reassigns with an audit entry and keeps milestones in date order", async () => {
    const db = database.prisma;
    const admin = await db.person.findUniqueOrThrow({ where: { username: "admin" } });
    const result = await assignTask(db, admin, "by-02", { username: "@zhangwei" });
    expect(result.kind).toBe("assigned");
    const plan = await setPlan(db, admin, "BY-01", {
      milestones: [
        { date: "2026-09-30", percent: 80 },
        { date: "2026-04-01", percent: 10 },
      ],
    });
    expect(plan.kind).toBe("set");
    expect(await setPlan(db, admin, "BY-01", { milestones: [{ date: "2027-03-01", percent: 50 }] })).toMatchObject({
      kind: "invalid",
      reason: "outside",
    });
    const zhang = await personByUsername(db, "zhangwei");
    const mine = await listStandings(db, { personId: zhang.id }, "2026-07-02", DEFAULT_THRESHOLDS);
    expect(mine.map((s) => s.task.code).sort()).toEqual(["BY-01", "BY-02"]);
    const by01 = mine.find((s) => s.task.code === "BY-01")!;
    // 2026-04-01 → 2026-09-30 is 10% → 80% over 182 days; 2026-07-02 is day 92.
    expect(by01.expected).toBe(45.4);
    expect(by01.lag).toBe(-34.6);
  });
});

describe("the same person in two chats at once", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase("race");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("is one person, whichever insert wins", async () => {
    const people = await Promise.all(
      Array.from({ length: 8 }, () => identifyPerson(database.prisma, { id: 4242, username: "busy_officer", first_name: "忙" })),
    );
    expect(new Set(people.map((p) => p.id)).size).toBe(1);
    expect(await database.prisma.person.count()).toBe(1);
  });
});
