import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { ManualClock } from "#src/clock.js";
import { openDatabase, type Database } from "#src/db/database.js";
import { launchUrl, signInitData } from "#src/devtools/init-data.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { createLogger } from "#src/logger.js";
import { boardVersion } from "#src/services/board-read.js";
import { loadBoard } from "#src/services/board.js";
import { loadWorkdayTest, recentLeave } from "#src/services/calendar.js";
import { forecastPoints } from "#src/services/forecasts.js";
import { oldestOpenProblems } from "#src/services/open-problems.js";
import { createServices } from "#src/services/index.js";
import { boardJson, taskJson, unitJson } from "#src/views/board/json.js";
import { findAssetsDir, loadAssets } from "#src/web/assets.js";
import { buildServer, listen } from "#src/web/server.js";
import { launchBrowser } from "../test/support/browser.js";
import { createTestDatabase, type TestDatabase } from "../test/support/database.js";
import { DigestSeeder } from "./support/digest-seed.js";
import { httpClient, type TimedAnswer } from "./support/http-client.js";
import { elapsedMs, median, number } from "./support/measure.js";

const TIMEZONE = "Asia/Shanghai";
const DAY_MS = 86_400_000;
const TASKS = 10_000;
const REPORTS = 1_000_000;
const OPEN_PROBLEMS = 3_000;
const CLOSED_PROBLEMS = 2_000;
/** A year of digests, each with every task's lag, as the digest job saves them (every day, weekends too). */
const DIGEST_DAYS = 365;
/** Unit 1 has 200 of the 10,000 tasks (the seeder spreads them over 50 units); each task has 100 reports. */
const UNIT_ID = 1;
const TASK_CODE = "T-00042";
const COLD_RUNS = 5;
const WARM_RUNS = 20;
const SCREENS = 50;
const PAGE_RUNS = 5;
const API_TARGET_MS = 300;
const PAGE_TARGET_MS = 1_500;
const BUNDLE_TARGET_KB = 500;
/** The service takes a version read within a second as current: a change is seen once the clock moved past that. */
const PAST_VERSION_MS = 2_000;
/** Warm requests a little over a second apart, so each checks the version as users' requests do. */
const WARM_GAP_MS = 1_100;

const BOT_TOKEN = "7000000001:bench-board-not-a-real-token";
const ADMIN = { id: 900_000_001, first_name: "督查室", username: "duchashi", language_code: "zh-hans" };

const ms = (n: number): string => `${n < 10 ? n.toFixed(1) : number(n)} ms`;
const kb = (bytes: number): string => `${number(bytes / 1024)} KB`;
const verdict = (met: boolean): string => (met ? "met" : "MISSED");
/** Other work on the machine skews every figure: said beside them. */
const load = (): string => `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs`;

/** What the bench reads in the page (this project's Node code is compiled without the DOM's types). */
interface PageGlobals {
  document: { body: { dataset: Record<string, string | undefined> } };
}

type Answer = Omit<TimedAnswer, "error">;

// Requests go out from a thread of their own, so that the time is the server's, not this thread's.
let client: ReturnType<typeof httpClient> | null = null;

/** One request, timed until its whole body is read. */
const request = (url: string, headers: Record<string, string> = {}): Promise<TimedAnswer> => (client ??= httpClient()).request(url, headers);

/** The same, failing on anything but 200 or 304. */
async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const answer = await request(url, headers);
  if (answer.error) throw new Error(`GET ${url}: ${answer.error}`);
  return answer;
}

async function timeMedian(runs: number, work: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await work();
    times.push(elapsedMs(t));
  }
  return median(times);
}

/**
 * What the board shows beyond the digest's seed: problems (the Problem rows the board lists, named
 * by the seeder's Blocker wordings), open and closed 督办单, and a year of saved digests (the
 * trend, and the change since the last digest).
 */
async function seedBoardExtras(database: Database, day: Day): Promise<void> {
  const exec = (sql: string) => database.prisma.$executeRawUnsafe(sql);
  const midnight = `('${day}'::date::timestamp AT TIME ZONE '${TIMEZONE}')`;
  await exec(
    `INSERT INTO "Problem" ("taskId", category, "openCategory", "openedAt", "closedAt", "closedRole")
     SELECT "taskId", category, CASE WHEN "resolvedAt" IS NULL THEN category END, "openedAt", "resolvedAt",
            CASE WHEN "resolvedAt" IS NOT NULL THEN 'officer'::"ProblemCloser" END
     FROM "Blocker" ORDER BY id`,
  );
  await exec(
    `UPDATE "Blocker" b SET "problemId" = p.id FROM "Problem" p
     WHERE p."taskId" = b."taskId" AND p.category = b.category AND p."openedAt" = b."openedAt"`,
  );
  // 400 督办单 (one task in 25), a third of them closed.
  await exec(
    `INSERT INTO "SupervisionOrder" ("taskId", level, cycle, year, serial, grounds, "issuedAt", "issuedPeriod", "dueOn", "closedAt", "closedPeriod")
     SELECT id, (ARRAY['blue', 'yellow', 'red'])[1 + id % 3]::"OrderLevel", 1, extract(year FROM '${day}'::date)::int,
            row_number() OVER (ORDER BY id), '{}'::jsonb, ${midnight} - interval '1 day' * (1 + id % 20), '${day}',
            '${day}'::date + 7, CASE WHEN id % 75 = 3 THEN ${midnight} - interval '1 hour' END, CASE WHEN id % 75 = 3 THEN '${day}' END
     FROM "Task" WHERE id % 25 = 3`,
  );
  await exec(
    `INSERT INTO "DigestSnapshot" (period, "createdAt", figures)
     SELECT d::text, d::timestamp AT TIME ZONE '${TIMEZONE}' + interval '18 hours',
            jsonb_build_object('lags', l.lags, 'red', l.red, 'averageLag', 8.5 + (k % 7) * 0.3,
                               'counts', jsonb_build_object('green', 6000 - k, 'yellow', 2000, 'red', 1500 + k, 'missing', 500),
                               'reporting', jsonb_build_object('due', 9000, 'reported', 8000 + k % 500))
     FROM generate_series(1, ${DIGEST_DAYS}) k
          CROSS JOIN LATERAL (SELECT '${day}'::date - k AS d) dd,
          (SELECT jsonb_object_agg(code, (id * 31) % 36 - 10) AS lags, jsonb_agg(code) FILTER (WHERE (id * 31) % 36 > 25) AS red FROM "Task") l`,
  );
}

/**
 * `npm run bench -- board`: the board in a browser at 10,000 tasks and 1,000,000 reports. The API
 * over real HTTP on loopback, signed in as an admin (a day's first request, the first after a
 * change, and while nothing changed); fifty 调度会 screens asking at once; the page
 * in Debian's Chromium and the bundle's size.
 */
export async function benchBoard(): Promise<void> {
  const started = process.hrtime.bigint();
  let testDb: TestDatabase | null = null;
  let database: Database | null = null;
  let server: FastifyInstance | null = null;
  let browser: Browser | null = null;
  try {
    testDb = await createTestDatabase("bench_board");
    database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
    const db = database.prisma;
    const day = dayInZone(new Date(), TIMEZONE);
    // 10:00 in Shanghai on the seeded day.
    const clock = new ManualClock(new Date(`${day}T02:00:00Z`));

    const seedStart = process.hrtime.bigint();
    const seeder = new DigestSeeder(db, day, TIMEZONE);
    await seeder.seedPeopleAndUnits();
    await seeder.seedTasks(1, TASKS);
    await seeder.seedOldReports(REPORTS - TASKS, 1, TASKS, 10_000_000);
    await seeder.seedBlockers(OPEN_PROBLEMS, CLOSED_PROBLEMS, 1, TASKS);
    await seedBoardExtras(database, day);
    await seeder.analyze();
    await seeder.keepForecastSeries(database.sql);
    const seedMs = elapsedMs(seedStart);
    const reports = await seeder.reportCount();
    const counts = await db.$queryRawUnsafe<{ unitTasks: number; taskReports: number; snapshots: number }[]>(
      `SELECT (SELECT count(*)::int FROM "Task" WHERE "unitId" = ${UNIT_ID}) AS "unitTasks",
              (SELECT count(*)::int FROM "ProgressReport" r JOIN "Task" t ON t.id = r."taskId" WHERE t.code = '${TASK_CODE}') AS "taskReports",
              (SELECT count(*)::int FROM "DigestSnapshot") AS snapshots`,
    );
    const { unitTasks, taskReports, snapshots } = counts[0]!;

    const services = createServices({ db, sql: database.sql, clock, timezone: TIMEZONE, adminIds: [BigInt(ADMIN.id)], thresholds: DEFAULT_THRESHOLDS });
    const assetsDir = findAssetsDir();
    if (!assetsDir) throw new Error("no dist/web: run npm run build first");
    const log = createLogger("silent");
    server = buildServer({
      log,
      checks: {},
      metrics: async () => ({ contentType: "text/plain", body: "" }),
      metricsToken: null,
      board: {
        board: services.board,
        botToken: BOT_TOKEN,
        now: () => clock.now(),
        timezone: TIMEZONE,
        log,
        assets: loadAssets(assetsDir),
        photo: async () => {
          throw new Error("no Telegram");
        },
      },
    });
    const port = await listen(server, "127.0.0.1", 0, "PORT");
    const base = `http://127.0.0.1:${port}`;
    const auth = () => ({ authorization: `tma ${signInitData(ADMIN, BOT_TOKEN, clock.now())}` });

    // A change as a report makes it: a new report on a task, and the task's standing with it.
    let changes = 0;
    const change = async () => {
      changes++;
      const taskId = 1 + ((changes * 97) % TASKS);
      const at = clock.now();
      await db.$executeRawUnsafe(
        `INSERT INTO "ProgressReport" ("taskId", "reporterId", "reportedAt", percent, "progressPercent", text, "sourceChatId", "sourceMessageId")
         SELECT id, "ownerId", $2::timestamptz, least(100, coalesce("progressPercent", 0) + 1), least(100, coalesce("progressPercent", 0) + 1),
                code || ' 进度更新', -1001000000000 - "unitId", $3::int
         FROM "Task" WHERE id = $1::int`,
        taskId,
        at,
        90_000_000 + changes,
      );
      await db.$executeRawUnsafe(
        `UPDATE "Task" SET "progressPercent" = least(100, coalesce("progressPercent", 0) + 1), "lastReportAt" = $2::timestamptz, "updatedAt" = clock_timestamp() WHERE id = $1::int`,
        taskId,
        at,
      );
      clock.advance(PAST_VERSION_MS);
    };

    console.log(
      `board: ${number(TASKS)} tasks, ${number(reports)} reports, ${number(OPEN_PROBLEMS)} open problems, ${number(snapshots)} saved digests; ` +
        `unit ${UNIT_ID} has ${number(unitTasks)} tasks, ${TASK_CODE} has ${number(taskReports)} reports; seeding ${number(seedMs / 1000)} s; ${load()}`,
    );

    // 1. The API: the process's first request (nothing warmed), then cold and warm per route.
    const first = await get(`${base}/api/board`, auth());
    console.log(`board: first request in the process GET /api/board ${ms(first.ms)} (JIT and connections cold, for reference)`);
    const routes = [
      { name: "GET /api/board", path: "/api/board" },
      { name: `GET /api/units/${UNIT_ID}`, path: `/api/units/${UNIT_ID}` },
      { name: `GET /api/tasks/${TASK_CODE}`, path: `/api/tasks/${TASK_CODE}` },
    ];
    for (const route of routes) {
      // A day's first request: answered with the day before's board, said to be updating, while
      // the day's first is computed (every task's forecast read); timed until that one is ready too.
      const cold: Answer[] = [];
      const dayFirst: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        clock.advance(DAY_MS);
        const t = process.hrtime.bigint();
        cold.push(await get(`${base}${route.path}`, auth()));
        await services.board.state(undefined, { fresh: true });
        dayFirst.push(elapsedMs(t));
      }
      // Right after a change: answered with the day's last board (updating), the new one computed meanwhile.
      const stale: Answer[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        await change();
        stale.push(await get(`${base}${route.path}`, auth()));
        await services.board.state(undefined, { fresh: true });
      }
      const warm: Answer[] = [];
      for (let i = 0; i < WARM_RUNS; i++) {
        clock.advance(WARM_GAP_MS);
        warm.push(await get(`${base}${route.path}`, auth()));
      }
      const coldMs = median(cold.map((a) => a.ms));
      const staleMs = median(stale.map((a) => a.ms));
      const warmMs = median(warm.map((a) => a.ms));
      console.log(
        `board: ${route.name}: a day's first request ${ms(coldMs)} (median of ${COLD_RUNS}: ${cold.map((a) => ms(a.ms)).join(", ")}; the day before's board, updating, ` +
          `the day's first ready ${ms(median(dayFirst))} after the request), target <${API_TARGET_MS} ms: ${verdict(coldMs < API_TARGET_MS)}; ` +
          `warm ${ms(warmMs)} (median of ${WARM_RUNS}, slowest ${ms(Math.max(...warm.map((a) => a.ms)))}), target <${API_TARGET_MS} ms: ${verdict(warmMs < API_TARGET_MS)}; ` +
          `right after a change ${ms(staleMs)} (median of ${COLD_RUNS}, the day's last board, said to be updating, while the new one is computed), target <${API_TARGET_MS} ms: ${verdict(staleMs < API_TARGET_MS)}; ` +
          `${kb(warm[0]!.bytes)} of JSON (not compressed)`,
      );
    }

    // Where a cold request's time goes, each piece on its own (median of 3, in this process).
    const sql = database.sql;
    const state = await services.board.state();
    const viewer = { scope: { kind: "all" as const } };
    const versionMs = await timeMedian(5, () => boardVersion(sql));
    const computeMs = await timeMedian(3, async () => {
      await change();
      await services.board.state(undefined, { fresh: true });
    });
    const loadMs = await timeMedian(3, () => loadBoard({ prisma: db, sql }, state.day, TIMEZONE, DEFAULT_THRESHOLDS));
    // loadBoard's reads, all side by side as it runs them; the rest of loadBoard is JavaScript over the tasks.
    const reads = () => [
      sql.query(`SELECT * FROM "Task" ORDER BY code`),
      sql.query(`SELECT * FROM "Milestone" ORDER BY "taskId", date`),
      db.person.findMany({ where: { ownedTasks: { some: {} } } }),
      oldestOpenProblems(db, TIMEZONE),
      db.unit.findMany({ orderBy: { name: "asc" } }),
      db.chat.findMany({ orderBy: { id: "asc" } }),
      loadWorkdayTest(db),
      recentLeave(db, state.day, 400),
      forecastPoints(sql, state.day, TIMEZONE),
    ];
    const readsMs = await timeMedian(3, () => Promise.all(reads()));
    const forecastMs = await timeMedian(3, () => forecastPoints(sql, state.day, TIMEZONE));
    const taskRowsMs = await timeMedian(3, () => sql.query(`SELECT * FROM "Task" ORDER BY code`));
    const problemsMs = await timeMedian(3, () => oldestOpenProblems(db, TIMEZONE));
    const scopedMs = await timeMedian(5, () => services.board.scoped(state, viewer));
    const scopedBoard = services.board.scoped(state, viewer);
    const boardJsonMs = await timeMedian(5, () => JSON.stringify(boardJson(scopedBoard, { name: "bench", ...viewer }, "zh-CN", TIMEZONE)));
    const unitJsonMs = await timeMedian(5, () => JSON.stringify(unitJson(scopedBoard, UNIT_ID, TIMEZONE)));
    const storyMs = await timeMedian(3, () => services.board.task(TASK_CODE, state));
    const story = (await services.board.task(TASK_CODE, state))!;
    const taskJsonMs = await timeMedian(5, () => JSON.stringify(taskJson(story, state.day, TIMEZONE)));
    const trendMs = await timeMedian(3, () => services.board.trend(30, state.day));
    const [{ trendBytes }] = (await db.$queryRawUnsafe<{ trendBytes: number }[]>(
      `SELECT coalesce(sum(octet_length(figures::text)), 0)::float8 AS "trendBytes" FROM "DigestSnapshot" WHERE period <= '${state.day}'`,
    )) as [{ trendBytes: number }];
    console.log(
      `board: where the time goes: version check ${ms(versionMs)}; the kept board after a change (state(): the changed task read again) ${ms(computeMs)}; ` +
        `the whole board read from nothing, as the digest reads it (loadBoard) ${ms(loadMs)}: its 9 reads side by side ${ms(readsMs)} (alone: forecastPoints ${ms(forecastMs)}, the tasks' SQL ${ms(taskRowsMs)}, open problems through Prisma ${ms(problemsMs)}), ` +
        `then JavaScript over the tasks ≈${ms(Math.max(0, loadMs - readsMs))}; ` +
        `per request: scoped (digestFigures over every task) ${ms(scopedMs)}, boardJson + stringify ${ms(boardJsonMs)}, unitJson + stringify ${ms(unitJsonMs)}; ` +
        `a task's story (6 queries, taskCurve among them) ${ms(storyMs)}, taskJson + stringify ${ms(taskJsonMs)}; the 30-day trend ${ms(trendMs)} (reads every saved digest, ${number(trendBytes / 1024 / 1024)} MB of JSON)`,
    );

    // 2. The page in Chromium, each in a new context (nothing cached), the board warm.
    browser = await launchBrowser();
    const openPage = async () => {
      const context = await browser!.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      try {
        const page = await context.newPage();
        await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
        await page.goto(launchUrl(`${base}/app`, signInitData(ADMIN, BOT_TOKEN, clock.now())));
        await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.ready === "1", null, { timeout: 30_000 });
        const view = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.dataset.view);
        if (view !== "board") throw new Error(`the page showed "${view}", not the board`);
        return await page.evaluate(() => performance.getEntriesByName("duban-complete")[0]?.startTime ?? NaN);
      } finally {
        await context.close();
      }
    };
    const pages: number[] = [];
    for (let i = 0; i < PAGE_RUNS; i++) pages.push(await openPage());
    await change();
    clock.advance(PAST_VERSION_MS);
    const afterChange = await openPage();
    await browser.close();
    browser = null;
    const pageMs = median(pages);
    console.log(
      `board: /app in Chromium until the board is drawn: ${ms(pageMs)} (median of ${PAGE_RUNS} fresh pages: ${pages.map(ms).join(", ")}), ` +
        `target <${number(PAGE_TARGET_MS)} ms: ${verdict(pageMs < PAGE_TARGET_MS)}; right after a change (drawn from the last board, then again with the new one) ${ms(afterChange)}`,
    );

    const files = readdirSync(assetsDir).map((name) => ({ name, gzip: gzipSync(readFileSync(`${assetsDir}${name}`), { level: 9 }).byteLength }));
    const total = files.reduce((sum, f) => sum + f.gzip, 0);
    console.log(
      `board: the page's files gzipped: ${kb(total)} (${files.map((f) => `${f.name} ${kb(f.gzip)}`).join(", ")}), ` +
        `target <${BUNDLE_TARGET_KB} KB: ${verdict(total < BUNDLE_TARGET_KB * 1024)}`,
    );

    // 3. Fifty screens asking at once: one computation per change, not one per screen. Last, as it
    // leaves the most behind (a big heap, a busy pool).
    const token = await services.board.screens.create(null);
    const screenUrl = `${base}/screen/${token}/board`;
    clock.advance(PAST_VERSION_MS);
    const initial = await get(screenUrl);
    const burst = async (label: string, etag: string, expected: number) => {
      const before = services.board.computations();
      const t = process.hrtime.bigint();
      const answers = await Promise.all(Array.from({ length: SCREENS }, (_, i) => request(screenUrl, i % 2 ? { "if-none-match": etag } : {})));
      const took = elapsedMs(t);
      const computed = services.board.computations() - before;
      const full = answers.filter((a) => a.status === 200);
      const notModified = answers.filter((a) => a.status === 304);
      const failed = answers.filter((a) => a.error !== null);
      const plural = (n: number) => `${n} computation${n === 1 ? "" : "s"}`;
      console.log(
        `board: ${SCREENS} screens at once, ${label}: ${plural(computed)} (expected ${expected}), ` +
          `${full.length}×200 (${kb(full[0]?.bytes ?? 0)} each), ${notModified.length}×304` +
          (failed.length ? `, ${failed.length} FAILED (${failed[0]!.error})` : "") +
          ` in ${ms(took)} (slowest ${ms(Math.max(...answers.map((a) => a.ms)))}, median ${ms(median(answers.map((a) => a.ms)))}); ` +
          `target ${plural(expected)}, every screen answered: ${verdict(computed === expected && failed.length === 0)}`,
      );
      return full[0]?.etag ?? etag;
    };
    clock.advance(PAST_VERSION_MS);
    await burst("nothing changed, half with the current ETag", initial.etag ?? "", 0);
    await change();
    const etag = await burst("after a change (half with the ETag from before it)", initial.etag ?? "", 1);
    await change();
    await burst("after another change", etag, 1);
    console.log(`board: bench ${number(elapsedMs(started) / 1000)} s, ${load()}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    await database?.close().catch(() => undefined);
    await testDb?.drop();
    await client?.close();
    client = null;
  }
}
