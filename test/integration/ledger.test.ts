import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { personByUsername } from "#src/db/people.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import type { LedgerRow, TaskSpec } from "#src/domain/ledger/index.js";
import { readLedgerSpecs } from "#src/services/ledger-file.js";
import { applyImport, districtLedgerRows, loadExport, planImport } from "#src/services/ledger.js";
import { loadDistrict, readDistrict, type District } from "#src/services/demo-data.js";
import { formatImportSummary } from "#src/views/ledger/summary.js";
import { writeLedgerCsv, writeLedgerExport, writeLedgerTemplate } from "#src/views/ledger/workbook.js";
import { runLedgerCommand } from "#src/cli/ledger-command.js";
import { openTestDatabase, watchOverlappingQueries, type OpenTestDatabase } from "../support/database.js";
import { refusalLines } from "#src/views/ledger/messages.js";

const TODAY = "2026-12-01";
const TZ = "Asia/Shanghai";
const DEADLINE = "2027-06-30";
let database: OpenTestDatabase;
let district: District;
let dir: string;

beforeAll(async () => {
  database = await openTestDatabase("ledger");
  district = await readDistrict();
  dir = await mkdtemp(path.join(tmpdir(), "duban-ledger-"));
});

afterAll(async () => {
  await database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await database.prisma.$executeRawUnsafe(
    'TRUNCATE "AuditEntry", "TaskDeputy", "Milestone", "Blocker", "ProgressReport", "Task", "Person", "Unit" RESTART IDENTITY CASCADE',
  );
});

const db = () => database.prisma;

async function specsOf(bytes: Buffer, name: string): Promise<TaskSpec[]> {
  const read = await readLedgerSpecs(bytes, name);
  if (!read.ok) throw new Error(refusalLines(read.refusal).join("\n"));
  return read.specs;
}

async function exampleSpecs(): Promise<TaskSpec[]> {
  return specsOf(await writeLedgerTemplate(districtLedgerRows(district, DEADLINE)), "example.xlsx");
}

/** The ledger columns of every task, without progress: what must survive a round trip. */
async function ledgerState(): Promise<LedgerRow[]> {
  return (await loadExport(db(), TODAY, DEFAULT_THRESHOLDS, TZ)).map(({ progress: _progress, ...row }) => row);
}

async function people() {
  return db().person.findMany({ select: { username: true, displayName: true, telegramId: true }, orderBy: { username: "asc" } });
}

const auditCount = () => db().auditEntry.count();

describe("ledger import", () => {
  it("imports the demo district's example ledger to the same district loadDistrict makes", async () => {
    await loadDistrict(db(), district, DEADLINE, new Date(`${TODAY}T01:00:00Z`));
    const loaded = await ledgerState();
    const loadedPeople = await people();
    const units = (await db().unit.findMany({ orderBy: { name: "asc" } })).map((u) => u.name);

    // Into the loaded district: nothing to do.
    const audits = await auditCount();
    const again = await applyImport(db(), null, await exampleSpecs(), TODAY);
    expect([again.created.length, again.changed.length, again.unchanged.length]).toEqual([0, 0, 37]);
    expect(await auditCount()).toBe(audits);

    // Into an empty database: the same district.
    await db().$executeRawUnsafe('TRUNCATE "AuditEntry", "TaskDeputy", "Milestone", "Task", "Person", "Unit" RESTART IDENTITY CASCADE');
    const plan = await applyImport(db(), null, await exampleSpecs(), TODAY);
    expect(formatImportSummary(plan, "en").split("\n")[0]).toBe("37 tasks: 37 new, 0 changed, 0 unchanged; 8 units new; 12 officers new");
    expect(formatImportSummary(plan).split("\n")[0]).toBe("37 项任务：新增 37，变更 0，未变 0；新单位 8 个；新责任人 12 名");
    expect(await ledgerState()).toEqual(loaded);
    expect(await people()).toEqual(loadedPeople);
    expect((await db().unit.findMany({ orderBy: { name: "asc" } })).map((u) => u.name)).toEqual(units);
    const added = await db().auditEntry.findMany({ where: { action: "task.add" } });
    expect(added).toHaveLength(37);
  });

  it("changes nothing on a re-import, or on importing its own export (xlsx and csv)", async () => {
    await applyImport(db(), null, await exampleSpecs(), TODAY);
    const state = await ledgerState();
    const audits = await auditCount();
    const rows = await loadExport(db(), TODAY, DEFAULT_THRESHOLDS, TZ);
    for (const [bytes, name] of [
      [await exampleSpecs(), null],
      [await writeLedgerExport(rows), "export.xlsx"],
      [writeLedgerCsv(rows, true), "export.csv"],
    ] as const) {
      const specs = name === null ? bytes : await specsOf(bytes, name);
      const plan = await applyImport(db(), null, specs, TODAY);
      expect(formatImportSummary(plan, "en")).toBe("37 tasks: 0 new, 0 changed, 37 unchanged; 0 units new; 0 officers new");
    }
    expect(await auditCount()).toBe(audits);
    expect(await ledgerState()).toEqual(state);
  });

  it("audits a changed owner as /assign does and a changed plan as /plan does; the dry run writes nothing", async () => {
    await applyImport(db(), null, await exampleSpecs(), TODAY);
    const admin = await personByUsername(db(), "duchashi");
    const specs = (await exampleSpecs()).map((s) => {
      if (s.code === "BY-01") return { ...s, owner: { username: "sunhao", telegramId: null, name: "孙浩" } };
      if (s.code === "BY-02") return { ...s, deadline: "2027-05-31", milestones: [{ date: "2027-01-31", percent: 40 }], cadence: "dekad" as const };
      if (s.code === "BY-03") return { ...s, owner: { username: "newcomer", telegramId: null, name: "新人" }, mustDeliver: true };
      return s;
    });
    const before = await ledgerState();
    const audits = await auditCount();
    const dry = await planImport(db(), specs, TODAY);
    expect(await ledgerState()).toEqual(before);
    expect(await auditCount()).toBe(audits);
    const summary = formatImportSummary(dry);
    expect(summary.split("\n")).toEqual([
      "37 项任务：新增 0，变更 3，未变 34；新单位 0 个；新责任人 1 名",
      "BY-01 责任人 张伟 → 孙浩",
      "BY-02 完成时限 2027-06-30 → 2027-05-31",
      "BY-02 时间节点 2026-12-12 30%；2027-04-01 70% → 2027-01-31 40%",
      "BY-02 报送频次 每周 → 每旬",
      "BY-03 责任人 张伟 → 新人",
      "BY-03 必保 否 → 是",
      "新责任人（第一次出现的 @用户名）：@newcomer 新人",
    ]);

    await applyImport(db(), admin, specs, TODAY);
    const entries = await db().auditEntry.findMany({ where: { id: { gt: audits } }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.entityId, e.actorId])).toEqual([
      ["task.assign", "BY-01", admin.id],
      ["task.plan", "BY-02", admin.id],
      ["task.assign", "BY-03", admin.id],
      ["task.update", "BY-03", admin.id],
      ["ledger.import", TODAY, admin.id],
    ]);
    expect(entries[0]?.before).toMatchObject({ owner: "@zhangwei" });
    expect(entries[0]?.after).toMatchObject({ owner: "@sunhao" });
    expect(entries[1]?.before).toMatchObject({ deadline: "2027-06-30", cadence: "weekly" });
    expect(entries[1]?.after).toEqual({ start: "2026-08-04", deadline: "2027-05-31", milestones: [{ date: "2027-01-31", percent: 40 }], cadence: "dekad" });

    const by02 = await db().task.findUniqueOrThrow({ where: { code: "BY-02" }, include: { milestones: true } });
    expect([by02.cadence, by02.milestones.map((m) => m.plannedPercent)]).toEqual(["dekad", [40]]);
    expect((await db().task.findUniqueOrThrow({ where: { code: "BY-03" }, include: { owner: true } })).owner).toMatchObject({ username: "newcomer", displayName: "新人" });
    // And once more: nothing.
    const after = await auditCount();
    expect((await applyImport(db(), admin, specs, TODAY)).changed).toEqual([]);
    expect(await auditCount()).toBe(after);
  });

  it("adds and removes deputies, lists tasks missing from the file and leaves them alone", async () => {
    await applyImport(db(), null, await exampleSpecs(), TODAY);
    const specs = (await exampleSpecs()).slice(0, 3).map((s) =>
      s.code === "BY-01" ? { ...s, deputies: [{ username: "liuyang", telegramId: null, name: "刘洋" }, { username: null, telegramId: "987654321", name: "王五" }] } : s,
    );
    const plan = await applyImport(db(), null, specs, TODAY);
    expect(plan.missing).toHaveLength(34);
    expect(plan.newOfficers).toEqual([{ username: null, telegramId: "987654321", name: "王五" }]);
    expect(await db().task.count()).toBe(37);
    const deputies = await db().taskDeputy.findMany({ include: { person: true } });
    expect(deputies.map((d) => d.person.username ?? String(d.person.telegramId)).sort()).toEqual(["987654321", "liuyang"]);
    const exported = (await ledgerState()).find((r) => r.code === "BY-01");
    expect(exported?.deputies).toEqual([
      { username: null, telegramId: "987654321", name: "王五" },
      { username: "liuyang", telegramId: null, name: "刘洋" },
    ]);

    const removed = await applyImport(db(), null, specs.map((s) => (s.code === "BY-01" ? { ...s, deputies: [] } : s)), TODAY);
    expect(removed.changed.map((c) => c.fields.map((f) => `${f.code} ${f.column} ${f.before} → ${f.after}`))).toEqual([["BY-01 deputies 王五、刘洋 → —"]]);
    expect(await db().taskDeputy.count()).toBe(0);
    const actions = (await db().auditEntry.findMany({ where: { action: { startsWith: "task.deputy" } } })).map((e) => e.action).sort();
    expect(actions).toEqual(["task.deputy.add", "task.deputy.add", "task.deputy.remove", "task.deputy.remove"]);
  });

  it("creates a new officer once when two imports name them at the same moment", async () => {
    const [a, b] = (await exampleSpecs()).slice(0, 2).map((s) => ({ ...s, owner: { username: "twice", telegramId: null, name: "同时" } }));
    if (!a || !b) throw new Error("example too short");
    await Promise.all([applyImport(db(), null, [a], TODAY), applyImport(db(), null, [b], TODAY)]);
    expect(await db().person.count({ where: { username: "twice" } })).toBe(1);
    expect(await db().task.count({ where: { owner: { username: "twice" } } })).toBe(2);
  });

  it("reads what it compares one query at a time on its transaction's connection", async () => {
    await applyImport(db(), null, await exampleSpecs(), TODAY);
    const watch = watchOverlappingQueries();
    try {
      // Every task known, with its unit, owner, plan and deputies: the same file changes nothing.
      expect((await applyImport(db(), null, await exampleSpecs(), TODAY)).changed).toEqual([]);
    } finally {
      watch.stop();
    }
    expect(watch.overlaps).toEqual([]);
  });
});

describe("ledger command", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        stdout: { write: (t: string) => out.push(t) },
        stderr: { write: (t: string) => err.push(t) },
        // The test keeps its database open; the command's close is a no-op here.
        openDatabase: () => Promise.resolve({ ...database, close: () => Promise.resolve() }),
        today: () => TODAY,
        thresholds: DEFAULT_THRESHOLDS,
        timeZone: TZ,
      },
    };
  };

  it("writes the example template, imports it (dry run first), exports it", async () => {
    const example = path.join(dir, "example.xlsx");
    const run = io();
    expect(await runLedgerCommand(["template", "--out", example, "--example", "--deadline", DEADLINE], run.io)).toBe(0);
    expect(await runLedgerCommand(["import", example, "--dry-run"], run.io)).toBe(0);
    expect(await db().task.count()).toBe(0);
    expect(await runLedgerCommand(["import", example], run.io)).toBe(0);
    expect(await db().task.count()).toBe(37);
    const exported = path.join(dir, "export.csv");
    expect(await runLedgerCommand(["export", "--out", exported], run.io)).toBe(0);
    expect(await runLedgerCommand(["import", exported, "--lang", "en"], run.io)).toBe(0);
    expect(run.out.at(-1)).toBe("37 tasks: 0 new, 0 changed, 37 unchanged; 0 units new; 0 officers new\nImported.\n");
    expect(run.err).toEqual([]);
  });

  it("refuses a bad file with exit status 1, every error on its own line, nothing written", async () => {
    const bad = path.join(dir, "bad.csv");
    await writeFile(
      bad,
      "编号,任务名称,责任单位,责任人,开始日期,完成时限\nBY-01,拆迁,北园大街指挥部,张伟,2026-03-01,2026-06-30\nBY-02,绿化,北园大街指挥部,@liuyang,2026-03-01,6月31日\n",
    );
    const notAWorkbook = path.join(dir, "photo.xlsx");
    await writeFile(notAWorkbook, "not a workbook");
    const run = io();
    expect(await runLedgerCommand(["import", bad], run.io)).toBe(1);
    expect(run.err.join("")).toBe("bad!D2: 责任人“张伟”没有 @用户名 或 Telegram 数字 ID（孙浩（@sunhao））\nbad!F3: “6月31日”不是日期（2026-06-30）\n");
    expect(await runLedgerCommand(["import", notAWorkbook], run.io)).toBe(1);
    expect(await runLedgerCommand(["import", path.join(dir, "missing.xlsx")], run.io)).toBe(1);
    expect(run.err.at(-1)).toMatch(/missing\.xlsx: 找不到这个文件\n$/);
    expect(await db().task.count()).toBe(0);
    expect(await db().auditEntry.count()).toBe(0);
    expect(await runLedgerCommand(["import"], run.io)).toBe(2);
    expect(await runLedgerCommand(["export", "--out", "x.pdf"], run.io)).toBe(2);
  });
});
