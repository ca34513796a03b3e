import { performance } from "node:perf_hooks";
import { openDatabase, type Database } from "#src/db/database.js";
import { addDays } from "#src/domain/calendar.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import type { LedgerRow } from "#src/domain/ledger/format.js";
import { readLedgerSpecs } from "#src/services/ledger-file.js";
import { applyImport, districtLedgerRows, loadExport, planImport } from "#src/services/ledger.js";
import { readDistrict } from "#src/services/demo-data.js";
import { writeLedgerExport, writeLedgerTemplate } from "#src/views/ledger/workbook.js";
import { createTestDatabase } from "../test/support/database.js";
import { number } from "./support/measure.js";
import { refusalLines } from "#src/views/ledger/messages.js";

const TODAY = "2026-12-01";
const DEADLINE = "2027-06-30";
const TASKS = 1_000;
const IMPORT_TARGET_MS = 5_000;
const EXPORT_TARGET_MS = 2_000;

/** A district of n tasks: 40 units, an officer per 8 tasks, every column filled. */
function bigLedger(n: number): LedgerRow[] {
  return Array.from({ length: n }, (_, i) => ({
    code: `T-${String(i + 1).padStart(4, "0")}`,
    name: `第${i + 1}项重点工程`,
    unit: `第${(i % 40) + 1}指挥部`,
    owner: { username: `officer${Math.floor(i / 8) + 1}`, telegramId: null, name: `责任人${Math.floor(i / 8) + 1}` },
    start: addDays(DEADLINE, -300 - (i % 100)),
    deadline: DEADLINE,
    target: i % 3 === 0 ? { value: 10_000 * ((i % 50) + 1), unit: "m2" as const } : null,
    milestones: [
      { date: addDays(DEADLINE, -200), percent: 30 },
      { date: addDays(DEADLINE, -100), percent: 70 },
    ],
    mustDeliver: i % 5 === 0,
    cadence: (["daily", "weekly", "dekad", "monthly"] as const)[i % 4] ?? "daily",
    deputies: i % 4 === 0 ? [{ username: `officer${Math.floor(i / 8) + 2}`, telegramId: null, name: null }] : [],
    note: null,
  }));
}

interface ImportTimes {
  read: number;
  plan: number;
  apply: number;
}

async function timeImport(database: Database, bytes: Buffer): Promise<{ times: ImportTimes; summary: string }> {
  const t0 = performance.now();
  const read = await readLedgerSpecs(bytes, "台账.xlsx");
  if (!read.ok) throw new Error(refusalLines(read.refusal).join("\n"));
  const t1 = performance.now();
  await planImport(database.prisma, read.specs, TODAY);
  const t2 = performance.now();
  const plan = await applyImport(database.prisma, null, read.specs, TODAY);
  const t3 = performance.now();
  const summary = `${plan.created.length} new, ${plan.changed.length} changed, ${plan.unchanged.length} unchanged`;
  return { times: { read: t1 - t0, plan: t2 - t1, apply: t3 - t2 }, summary };
}

const total = (t: ImportTimes) => t.read + t.plan + t.apply;
const line = (label: string, t: ImportTimes, summary: string, target?: number) =>
  `  ${label}: ${number(total(t))} ms (read ${number(t.read)}, dry run ${number(t.plan)}, apply ${number(t.apply)}; ${summary})` +
  (target ? `  target < ${number(target)} ms ${total(t) < target ? "ok" : "MISSED"}` : "");

/** Ledger import (read .xlsx + dry run + apply in one transaction) and export, on local PostgreSQL. */
export async function benchLedger(): Promise<void> {
  const testDb = await createTestDatabase("bench_ledger");
  let database: Database | null = null;
  try {
    database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
    console.log("ledger (local PostgreSQL)");

    const example = await writeLedgerTemplate(districtLedgerRows(await readDistrict(), DEADLINE));
    const small = await timeImport(database, example);
    console.log(line("import 37 tasks (demo district), empty database", small.times, small.summary));
    const smallAgain = await timeImport(database, example);
    console.log(line("re-import 37 tasks", smallAgain.times, smallAgain.summary));

    const rows = bigLedger(TASKS);
    const big = await writeLedgerTemplate(rows);
    const first = await timeImport(database, big);
    console.log(line(`import ${number(TASKS)} tasks, ${(big.length / 1024).toFixed(0)} KB .xlsx`, first.times, first.summary, IMPORT_TARGET_MS));
    const again = await timeImport(database, big);
    console.log(line(`re-import ${number(TASKS)} tasks`, again.times, again.summary, IMPORT_TARGET_MS));
    const changedRows = rows.map((r, i) =>
      i % 10 === 0 ? { ...r, owner: { username: `officer${(i % 7) + 300}`, telegramId: null, name: null }, deadline: addDays(DEADLINE, -10) } : r,
    );
    const changed = await timeImport(database, await writeLedgerTemplate(changedRows));
    console.log(line(`import ${number(TASKS)} tasks, 100 reassigned and replanned`, changed.times, changed.summary, IMPORT_TARGET_MS));

    const e0 = performance.now();
    const exported = await loadExport(database.prisma, TODAY, DEFAULT_THRESHOLDS, "Asia/Shanghai");
    const e1 = performance.now();
    const bytes = await writeLedgerExport(exported);
    const e2 = performance.now();
    const exportMs = e2 - e0;
    console.log(
      `  export ${number(exported.length)} tasks: ${number(exportMs)} ms (load ${number(e1 - e0)}, write ${number(e2 - e1)}; ${(bytes.length / 1024).toFixed(0)} KB)` +
        `  target < ${number(EXPORT_TARGET_MS)} ms ${exportMs < EXPORT_TARGET_MS ? "ok" : "MISSED"}`,
    );
  } finally {
    await database?.close();
    await testDb.drop();
  }
}
