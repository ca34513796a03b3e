import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#src/db/database.js";
import type { Person, Task } from "#src/generated/prisma/client.js";
import { recordReports, reportTask, type MessageSource } from "#src/services/reports.js";
import { parsedReport } from "../support/reports.js";
import { openTestDatabaseOn } from "../support/database.js";

let messageId = 1;
const source = (text: string, sentAt: Date, id = messageId++): MessageSource => ({ chatId: -200n, messageId: id, updateId: BigInt(id), sentAt, text, editedAt: null });

// Plain SQL must read and write exactly what Prisma does, on both databases the product supports.
describe.each(["postgres", "pglite"] as const)("plain SQL on %s", (kind) => {
  let database: Database & { url: string | null };
  let officer: Person;
  let task: Task;

  beforeAll(async () => {
    database = await openTestDatabaseOn(kind, "plain_sql");
    const db = database.prisma;
    const unit = await db.unit.create({ data: { name: "北园街道" } });
    officer = await db.person.create({ data: { telegramId: 9_007_199_254_740_993n, username: "zhangwei", displayName: "张伟" } });
    task = await db.task.create({
      data: { code: "BY-01", name: "棚户区改造", unitId: unit.id, ownerId: officer.id, startDate: new Date("2026-01-01"), deadline: new Date("2026-12-31") },
    });
    await db.milestone.create({ data: { taskId: task.id, date: new Date("2026-06-30"), plannedPercent: 50 } });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("reads rows as Prisma types them: bigint ids, calendar days at UTC midnight, timestamps, enums", async () => {
    const viaPrisma = await database.prisma.person.findUniqueOrThrow({ where: { id: officer.id } });
    const [viaSql] = await database.sql.query<Person>(`SELECT * FROM "Person" WHERE "telegramId" = $1`, [viaPrisma.telegramId]);
    expect(viaSql).toEqual(viaPrisma);
    // Beyond 2^53: a number would have lost the last digit.
    expect(viaSql?.telegramId).toBe(9_007_199_254_740_993n);
    const [row] = await database.sql.query<Task>(`SELECT * FROM "Task" WHERE code = $1`, ["BY-01"]);
    expect(row).toEqual(await database.prisma.task.findUniqueOrThrow({ where: { code: "BY-01" } }));
    expect(row?.deadline?.toISOString()).toBe("2026-12-31T00:00:00.000Z");
  });

  it("reads a task with its plan and deputies in one statement, and says when a message already reported on it", async () => {
    const found = await reportTask(database.sql, "BY-01", { chatId: -200n, messageId: 999 });
    expect(found).toMatchObject({ code: "BY-01", deputyIds: [], alreadyReportId: null, milestones: [{ date: new Date("2026-06-30T00:00:00Z"), plannedPercent: 50 }] });
    expect(await reportTask(database.sql, "XX-99", { chatId: -200n, messageId: 999 })).toBeNull();
  });

  it("commits a transaction's statements together, and keeps none of them when it fails", async () => {
    await database.sql.transaction(async (tx) => {
      await tx.query(`INSERT INTO "Unit" (name) VALUES ($1)`, ["甲"]);
      await tx.query(`INSERT INTO "Unit" (name) VALUES ($1)`, ["乙"]);
    });
    const failed = database.sql.transaction(async (tx) => {
      await tx.query(`INSERT INTO "Unit" (name) VALUES ($1)`, ["丙"]);
      await tx.query(`INSERT INTO "Unit" (name) VALUES ($1)`, ["甲"]);
    });
    await expect(failed).rejects.toMatchObject({ code: "23505" });
    const names = (await database.sql.query<{ name: string }>(`SELECT name FROM "Unit" WHERE name IN ('甲', '乙', '丙') ORDER BY name`)).map((u) => u.name);
    expect(names.sort()).toEqual(["乙", "甲"].sort());
    await expect(database.sql.transaction((tx) => tx.transaction(async () => 1))).rejects.toThrow(/transaction inside a transaction/);
    // The connection went back to the pool in a clean state: the next statement works.
    expect(await database.sql.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it("prepares a statement afresh when a migration elsewhere changed the table it reads", async () => {
    const read = () => database.sql.query<{ name: string }>(`SELECT * FROM "Unit" WHERE name = $1`, ["北园街道"]);
    for (let i = 0; i < 3; i++) expect(await read()).toHaveLength(1);
    // Another process's migration (a rolling deploy) adds a column.
    await database.prisma.$executeRawUnsafe(`ALTER TABLE "Unit" ADD COLUMN "note" text`);
    try {
      for (let i = 0; i < 3; i++) expect(await read()).toHaveLength(1);
    } finally {
      await database.prisma.$executeRawUnsafe(`ALTER TABLE "Unit" DROP COLUMN "note"`);
    }
  });

  it("records reports on one task from many messages at once, each once, standing on the last", async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 6, 1, 2, minute));
    const reporter = { person: officer, isAdmin: false };
    const texts = Array.from({ length: 12 }, (_, i) => source(`BY-01 进度${i + 1}%`, at(i)));
    // Twelve messages at once, each twice (a redelivery racing the first handling).
    await Promise.all(
      [...texts, ...texts].map((s, i) => recordReports(database, reporter, [parsedReport("BY-01", { percent: (i % 12) + 1 })], s)),
    );
    const rows = await database.prisma.progressReport.findMany({ where: { taskId: task.id }, orderBy: { reportedAt: "asc" } });
    expect(rows.map((r) => r.percent)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const after = await database.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after).toMatchObject({ progressPercent: 12, status: "in_progress", lastReportAt: at(11) });
  });

  it("records on the task as it stands when its plan changed after it was read", async () => {
    const stale = await reportTask(database.sql, "BY-01", { chatId: -200n, messageId: 5000 });
    // An admin sets a target between the read and the write: the quantity counts against it.
    await database.prisma.task.update({ where: { id: task.id }, data: { targetValue: 200, targetUnit: "m2" } });
    const message = source("BY-01 累计完成150平方米", new Date(Date.UTC(2026, 6, 2)), 5000);
    const known = new Map([["BY-01", stale]]);
    const [outcome] = await recordReports(database, { person: officer, isAdmin: false }, [parsedReport("BY-01", { quantity: { value: 150, unit: "m2", cumulative: true } })], message, known);
    expect(outcome).toMatchObject({ kind: "recorded", standing: { progressPercent: 75, quantityTotal: 150 } });
    expect(await database.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ progressPercent: 75, quantityTotal: 150 });
  });
});
