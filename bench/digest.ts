import { openDatabase, type Database } from "#src/db/database.js";
import { dayInZone } from "#src/domain/calendar.js";
import { createTestDatabase } from "../test/support/database.js";
import { DigestSeeder } from "./support/digest-seed.js";
import { probeDigest, type ProbeResult } from "./support/digest-probe.js";
import { elapsedMs, mb, median, number } from "./support/measure.js";

const TIMEZONE = "Asia/Shanghai";
const SMALL_TASKS = 1_000;
const TASKS = 10_000;
const REPORTS = 1_000_000;
/** Reports in the 1,000-task state (100 a task) and in the first 10,000-task state. */
const SMALL_REPORTS = 100_000;
const MID_REPORTS = 200_000;
const RUNS = 5;
const TARGET_MS = 500;
const TARGET_MB = 300;
/** Old reports must not slow the digest: allowed drift between 200,000 and 1,000,000 reports. */
const FLAT_TOLERANCE = 1.2;

const ms = (n: number): string => `${number(n)} ms`;
const megabytes = (bytes: number): string => `${number(mb(bytes))} MB`;

/**
 * The leaders' digest on a district-sized board: 10,000 tasks with 1,000,000 reports, timed
 * (loadBoard, composeDigest, splitMessage; median of 5 after warm-up) with its peak memory; then
 * how it grows from 1,000 to 10,000 tasks, and that it does not grow with old reports (200,000 →
 * 1,000,000 at 10,000 tasks). Each measurement runs in a fresh child process so its memory is
 * counted from a clean baseline.
 */
export async function benchDigest(): Promise<void> {
  const testDb = await createTestDatabase("bench_digest");
  let database: Database | null = null;
  try {
    database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
    const db = database.prisma;
    const day = dayInZone(new Date(), TIMEZONE);
    const seeder = new DigestSeeder(db, day, TIMEZONE);
    let seedMs = 0;
    let seriesMs = 0;
    const seed = async (work: () => Promise<void>): Promise<number> => {
      const t = process.hrtime.bigint();
      await work();
      await seeder.analyze();
      seedMs += elapsedMs(t);
      // Recording a report keeps its task's forecast series; the seeder wrote reports alone.
      const s = process.hrtime.bigint();
      await seeder.keepForecastSeries(database!.sql);
      seriesMs = elapsedMs(s);
      return seeder.reportCount();
    };
    const measure = (profile = false) => probeDigest({ databaseUrl: testDb.url, day, timezone: TIMEZONE, runs: RUNS, profile });

    // 1,000 tasks with 100,000 reports.
    const smallReports = await seed(async () => {
      await seeder.seedPeopleAndUnits();
      await seeder.seedTasks(1, SMALL_TASKS);
      await seeder.seedOldReports(SMALL_REPORTS - SMALL_TASKS, 1, SMALL_TASKS, 10_000_000);
      await seeder.seedBlockers(300, 200, 1, SMALL_TASKS);
    });
    const small = await measure();

    // 10,000 tasks with 200,000 reports.
    const midReports = await seed(async () => {
      await seeder.seedTasks(SMALL_TASKS + 1, TASKS);
      await seeder.seedOldReports(MID_REPORTS - SMALL_REPORTS - (TASKS - SMALL_TASKS), SMALL_TASKS + 1, TASKS, 20_000_000);
      await seeder.seedBlockers(2_700, 1_800, SMALL_TASKS + 1, TASKS);
    });
    const mid = await measure();

    // The same 10,000 tasks with 1,000,000 reports: only old reports added.
    const fullReports = await seed(() => seeder.seedOldReports(REPORTS - MID_REPORTS, 1, TASKS, 30_000_000));
    const full = await measure(true);

    const med = (r: ProbeResult) => median(r.runsMs);
    const timeMet = med(full) < TARGET_MS;
    const memoryMet = mb(full.rssIncrease) < TARGET_MB;
    const flat = med(full) <= med(mid) * FLAT_TOLERANCE;
    console.log(
      `digest: ${number(full.tasks)} tasks, ${number(fullReports)} reports: ${ms(med(full))} (median of ${RUNS}, best ${ms(Math.min(...full.runsMs))}, ` +
        `first ${ms(full.coldMs)}), peak +${megabytes(full.rssIncrease)} RSS (first run +${megabytes(full.coldRssIncrease)}, heap +${megabytes(full.heapIncrease)}, ` +
        `RSS ${megabytes(full.peakRss)}); target <${TARGET_MS} ms, <${TARGET_MB} MB: ` +
        (timeMet && memoryMet ? "met" : `MISSED (${[!timeMet && "time", !memoryMet && "memory"].filter(Boolean).join(", ")})`),
    );
    console.log(
      `digest: growth ${number(small.tasks)} → ${number(full.tasks)} tasks: ${ms(med(small))} → ${ms(med(full))} ` +
        `(×${(med(full) / med(small)).toFixed(1)} for ×${(full.tasks / small.tasks).toFixed(0)} tasks, peak +${megabytes(small.rssIncrease)} → +${megabytes(full.rssIncrease)}); ` +
        `${number(midReports)} → ${number(fullReports)} reports at ${number(full.tasks)} tasks: ${ms(med(mid))} → ${ms(med(full))} ` +
        `(×${(med(full) / med(mid)).toFixed(2)}): ${flat ? "does not grow with old reports" : "GROWS WITH OLD REPORTS"}`,
    );
    const profile = full.profile;
    console.log(
      `digest: at ${number(full.tasks)} tasks loadBoard ${ms(full.steps.load)}, composeDigest ${ms(full.steps.compose)}, splitMessage ${ms(full.steps.split)} ` +
        `(${number(full.textLength)} characters, ${full.parts} messages)` +
        (profile
          ? `; for comparison, Prisma's task query with includes ${ms(profile.taskQueryMs)}, ${number(profile.dayInZoneCalls)} dayInZone calls ${ms(profile.dayInZoneMs)} ` +
            `(${ms(profile.cachedFormatMs)} with one cached Intl.DateTimeFormat)`
          : "") +
        `; seeding ${number(seedMs / 1000)} s, then every task's forecast series read from its reports (as after a restore) ${number(seriesMs / 1000)} s; ` +
        `1,000 tasks had ${number(smallReports)} reports`,
    );
  } finally {
    await database?.close();
    await testDb.drop();
  }
}
