import { openDatabase, type Database } from "#src/db/database.js";
import { addDays, dayInZone } from "#src/domain/calendar.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { messages } from "#src/locales/index.js";
import { assess } from "#src/services/assessment.js";
import { leadersDay } from "#src/services/leaders.js";
import { assessmentWorkbook } from "#src/views/assessment.js";
import { bulletinWorkbook } from "#src/views/bulletin.js";
import { digestChart, digestText } from "#src/views/digest.js";
import { createTestDatabase } from "../test/support/database.js";
import { DigestSeeder } from "./support/digest-seed.js";
import { elapsedMs, median, number } from "./support/measure.js";

const TIMEZONE = "Asia/Shanghai";
const TASKS = 10_000;
const REPORTS = 1_000_000;
const PLAN_CHANGES = 3_000;
const RUNS = 3;
const TARGETS = { chart: 300, bulletin: 3_000, assessment: 5_000 };

/**
 * What leaders read at district size (10,000 tasks, 1,000,000 reports, 3,000 audited plan
 * changes): the digest's chart, the bulletin workbook (figures + xlsx), and a year's assessment
 * (every task judged each day against the plan as it stood, + xlsx). Median of 3 after a warm-up.
 */
export async function benchLeaders(): Promise<void> {
  const testDb = await createTestDatabase("bench_leaders");
  let database: Database | null = null;
  try {
    database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
    const db = database.prisma;
    const day = dayInZone(new Date(), TIMEZONE);
    const seeder = new DigestSeeder(db, day, TIMEZONE);
    const t0 = process.hrtime.bigint();
    await seeder.seedPeopleAndUnits();
    await seeder.seedTasks(1, TASKS);
    await seeder.seedOldReports(REPORTS - TASKS, 1, TASKS, 10_000_000);
    await seeder.seedBlockers(3_000, 2_000, 1, TASKS);
    // Plan changes through the year, as /plan and the ledger import audit them.
    await db.$executeRawUnsafe(
      `INSERT INTO "AuditEntry" (at, action, entity, "entityId", before, after)
       SELECT now() - interval '1 day' * (g % 300), 'task.plan', 'task', t.code,
              jsonb_build_object('start', to_char(t."startDate", 'YYYY-MM-DD'), 'deadline', to_char(t.deadline - 30, 'YYYY-MM-DD'), 'milestones', '[]'::jsonb, 'cadence', 'daily'),
              jsonb_build_object('start', to_char(t."startDate", 'YYYY-MM-DD'), 'deadline', to_char(t.deadline, 'YYYY-MM-DD'), 'milestones', '[]'::jsonb, 'cadence', 'daily')
       FROM generate_series(1, ${PLAN_CHANGES}) g JOIN "Task" t ON t.id = 1 + (g * 7) % ${TASKS}`,
    );
    await seeder.analyze();
    const seedS = elapsedMs(t0) / 1000;
    const t = messages("zh-CN");
    const deps = { db, sql: database.sql, timezone: TIMEZONE, thresholds: DEFAULT_THRESHOLDS };

    const time = async (work: () => Promise<unknown>): Promise<number[]> => {
      await work();
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = process.hrtime.bigint();
        await work();
        runs.push(elapsedMs(start));
      }
      return runs;
    };
    const report = (name: string, runs: number[], target: number, extra = "") => {
      const mid = median(runs);
      console.log(`leaders: ${name}: median ${number(mid)} ms, worst ${number(Math.max(...runs))} ms over ${RUNS} runs${extra}; target <${number(target)} ms: ${mid < target ? "met" : "MISSED"}`);
    };

    const { figures, board } = await leadersDay(deps, day);
    const text = digestText(figures, t);
    let pngBytes = 0;
    report("digest chart (all units)", await time(async () => void (pngBytes = (await digestChart(figures, t)).length)), TARGETS.chart, ` (${figures.units.length} units, ${Math.round(pngBytes / 1024)} KB PNG; text ${text.length} characters, ${text.split("\n").length} lines)`);

    let xlsxBytes = 0;
    report(
      "bulletin (figures + workbook)",
      await time(async () => {
        const leaders = await leadersDay(deps, day);
        xlsxBytes = (await bulletinWorkbook({ ...leaders, timezone: TIMEZONE }, t)).length;
      }),
      TARGETS.bulletin,
      ` (${number(board.tasks.length)} tasks, ${number(board.blockers.length)} open problems, ${Math.round(xlsxBytes / 1024)} KB)`,
    );

    const from = addDays(day, -365);
    let rows = 0;
    report(
      "assessment of a year (figures + workbook)",
      await time(async () => {
        const a = await assess(db, from, addDays(day, -1), day, TIMEZONE, DEFAULT_THRESHOLDS);
        rows = a.officers.length + a.units.length;
        await assessmentWorkbook(a, t);
      }),
      TARGETS.assessment,
      ` (${from} to ${addDays(day, -1)}, ${number(TASKS)} tasks × 365 days, ${number(REPORTS)} reports, ${number(PLAN_CHANGES)} plan changes, ${rows} rows)`,
    );
    console.log(`leaders: seeding ${number(seedS)} s`);
  } finally {
    await database?.close();
    await testDb.drop();
  }
}
