import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { messages } from "#src/locales/index.js";
import { assess } from "#src/services/assessment.js";
import { assessmentWorkbook } from "#src/views/assessment.js";
import { openTestDatabase, type OpenTestDatabase } from "../support/database.js";

const TZ = "Asia/Shanghai";
/** 10:00 in Shanghai on a day. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);
const date = (day: string) => new Date(`${day}T00:00:00Z`);

describe("the assessment (考核), each day against the plan as it stood that day", () => {
  let database: OpenTestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase("assessment");
    const db = database.prisma;
    const unit = await db.unit.create({ data: { name: "北园大街指挥部" } });
    const zhang = await db.person.create({ data: { username: "zhangwei", displayName: "张伟" } });
    const li = await db.person.create({ data: { username: "lina", displayName: "李娜" } });
    const task = (code: string, ownerId: number) =>
      db.task.create({
        data: { code, name: `项目${code}`, unitId: unit.id, ownerId, startDate: date("2026-06-01"), deadline: date("2026-06-30"), status: "in_progress", createdAt: at("2026-05-20") },
      });
    const a = await task("BY-01", zhang.id);
    const b = await task("BY-02", li.id);
    // BY-01 was first due 06-05; on 06-06 its deadline moved to 06-30.
    await db.auditEntry.create({
      data: {
        at: at("2026-06-06"),
        action: "task.plan",
        entity: "task",
        entityId: "BY-01",
        before: { start: "2026-06-01", deadline: "2026-06-05", milestones: [], cadence: "daily" },
        after: { start: "2026-06-01", deadline: "2026-06-30", milestones: [], cadence: "daily" },
      },
    });
    const report = (taskId: number, reporterId: number, day: string, progressPercent: number | null, id: number) =>
      db.progressReport.create({ data: { taskId, reporterId, reportedAt: at(day), progressPercent, text: "…", sourceChatId: -1n, sourceMessageId: id } });
    // BY-01 reports once, with no percent; BY-02 reports done on 06-09.
    await report(a.id, zhang.id, "2026-06-03", null, 1);
    await report(b.id, li.id, "2026-06-09", 100, 2);
    await db.blocker.create({ data: { taskId: a.id, category: "funding", text: "资金未到位", openedAt: at("2026-06-01"), resolvedAt: at("2026-06-08") } });
  });

  afterAll(async () => {
    await database?.close();
  });

  it("judges each day against that day's plan, counts reporting, completion and closed problems", async () => {
    const a = await assess(database.prisma, "2026-06-01", "2026-06-10", "2026-07-02", TZ, DEFAULT_THRESHOLDS);
    const zhang = a.officers.find((o) => o.name === "张伟")!;
    // 06-01..05 against the old plan (0, 25, 50, 75, 100 expected), 06-06..10 against the new one
    // (17.2 … 31 expected): red on 4 + 5 days; judged by today's plan only it would be 5.
    expect(zhang.daysRed).toBe(9);
    expect(zhang.averageLag).toBe(37.1);
    // Workdays 06-01..05 and 06-08..10, one reported.
    expect(zhang).toMatchObject({ periodsDue: 8, periodsReported: 1, reportingRate: 0.125, problemsClosed: 1, averageProblemAge: 7, completed: 0 });
    const li = a.officers.find((o) => o.name === "李娜")!;
    // Due 06-01..05, 06-08 and 06-09 (the day it reported done), not after.
    expect(li).toMatchObject({ completed: 1, completedOnTime: 1, daysRed: 3, periodsDue: 7, periodsReported: 1 });
    const unit = a.units[0]!;
    expect(unit).toMatchObject({ name: "北园大街指挥部", tasks: 2, daysRed: 12, completed: 1, problemsClosed: 1 });
  });

  it("writes a workbook that reads back with the same figures", async () => {
    const a = await assess(database.prisma, "2026-06-01", "2026-06-10", "2026-07-02", TZ, DEFAULT_THRESHOLDS);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await assessmentWorkbook(a, messages("zh-CN"))) as unknown as ArrayBuffer);
    const officers = book.getWorksheet("责任人")!;
    const header = officers.getRow(2).values as unknown[];
    const row = officers.getRows(3, 2)!.find((r) => r.getCell(1).value === "张伟")!;
    expect(row.getCell(header.indexOf("红灯天数")).value).toBe(9);
    expect(row.getCell(header.indexOf("报告率")).value).toBe(0.125);
    expect(book.getWorksheet("单位")!.getRow(3).getCell(1).value).toBe("北园大街指挥部");
  });
});
