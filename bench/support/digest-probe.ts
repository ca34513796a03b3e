import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { digestFigures } from "#src/services/digest.js";
import { digestText } from "#src/views/digest.js";
import { splitMessage } from "#src/views/text.js";
import { openDatabase } from "#src/db/database.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { messages } from "#src/locales/index.js";
import { loadBoard, type BoardData } from "#src/services/board.js";
import { collectGarbage, elapsedMs, median, MemorySampler } from "./measure.js";

/**
 * Times the digest in a process of its own, so its memory is measured from a clean baseline: RSS
 * that one measurement leaves behind (V8 heap kept, native memory malloc keeps) would otherwise be
 * counted as the next one's baseline. Run by `probeDigest`; prints nothing, answers over IPC.
 */

export interface ProbeRequest {
  databaseUrl: string;
  day: Day;
  timezone: string;
  runs: number;
  /** Also time the pieces of loadBoard on their own (the task query, the day-in-zone conversions). */
  profile: boolean;
}

export interface ProbeResult {
  tasks: number;
  /** The first digest in the process: nothing warmed. */
  coldMs: number;
  /** Measured runs after two warm-up runs. */
  runsMs: number[];
  steps: { load: number; compose: number; split: number };
  /** Highest RSS and heapUsed over everything the probe ran, above the fresh process's baseline. */
  rssIncrease: number;
  heapIncrease: number;
  baselineRss: number;
  peakRss: number;
  /** The cold run's own peak above the baseline. */
  coldRssIncrease: number;
  textLength: number;
  parts: number;
  profile?: { taskQueryMs: number; dayInZoneMs: number; dayInZoneCalls: number; cachedFormatMs: number };
}

async function digestOnce(data: BoardData, request: ProbeRequest, sampler: MemorySampler) {
  const { day, timezone } = request;
  const t0 = process.hrtime.bigint();
  const board = await loadBoard(data, day, timezone, DEFAULT_THRESHOLDS);
  sampler.mark();
  const load = elapsedMs(t0);
  const t1 = process.hrtime.bigint();
  const text = digestText(digestFigures(board, null), messages("zh-CN"));
  sampler.mark();
  const compose = elapsedMs(t1);
  const t2 = process.hrtime.bigint();
  const parts = splitMessage(text);
  sampler.mark();
  const split = elapsedMs(t2);
  return { tasks: board.tasks.length, total: elapsedMs(t0), load, compose, split, textLength: text.length, parts: parts.length };
}

async function timeBest(times: number, work: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    await work();
    best = Math.min(best, elapsedMs(t));
  }
  return best;
}

async function probe(request: ProbeRequest): Promise<ProbeResult> {
  const database = await openDatabase({ databaseUrl: request.databaseUrl, dataDir: "" });
  const db = database.prisma;
  try {
    await db.$queryRawUnsafe("SELECT 1"); // open a pooled connection before the baseline
    collectGarbage();
    const whole = new MemorySampler();
    whole.start(5);
    const { rss: baselineRss } = process.memoryUsage();

    const coldSampler = new MemorySampler();
    coldSampler.start(5);
    const cold = await digestOnce(database, request, whole);
    const coldPeak = coldSampler.stop();
    await digestOnce(database, request, whole);

    const runs: Awaited<ReturnType<typeof digestOnce>>[] = [];
    for (let i = 0; i < request.runs; i++) {
      collectGarbage();
      runs.push(await digestOnce(database, request, whole));
    }
    const peak = whole.stop();
    const last = runs[runs.length - 1] ?? cold;
    const result: ProbeResult = {
      tasks: last.tasks,
      coldMs: cold.total,
      runsMs: runs.map((r) => r.total),
      steps: { load: median(runs.map((r) => r.load)), compose: median(runs.map((r) => r.compose)), split: median(runs.map((r) => r.split)) },
      rssIncrease: peak.rssIncrease,
      heapIncrease: peak.heapIncrease,
      baselineRss,
      peakRss: peak.rss,
      coldRssIncrease: coldPeak.rssIncrease,
      textLength: last.textLength,
      parts: last.parts,
    };

    if (request.profile) {
      // Beside loadBoard's time: the same tasks through Prisma's include (loadBoard reads plain
      // rows instead), and turning two instants per task into days (dayInZone builds a new
      // Intl.DateTimeFormat on every call).
      const include = { unit: true, owner: true, milestones: true } as const;
      const taskQueryMs = await timeBest(3, () => db.task.findMany({ include, orderBy: { code: "asc" } }));
      const tasks = await db.task.findMany({ select: { createdAt: true, lastReportAt: true } });
      const instants = tasks.flatMap((t) => (t.lastReportAt ? [t.createdAt, t.lastReportAt] : [t.createdAt]));
      const dayInZoneMs = await timeBest(3, () => {
        for (const instant of instants) dayInZone(instant, request.timezone);
      });
      const formatter = new Intl.DateTimeFormat("en-CA", { timeZone: request.timezone, year: "numeric", month: "2-digit", day: "2-digit" });
      const cachedFormatMs = await timeBest(3, () => {
        for (const instant of instants) formatter.format(instant);
      });
      result.profile = { taskQueryMs, dayInZoneMs, dayInZoneCalls: instants.length, cachedFormatMs };
    }
    return result;
  } finally {
    await database.close();
  }
}

/** The parent's node flags (tsx's loader among them) minus any -e/-p script, plus --expose-gc. */
function childExecArgv(): string[] {
  const flags: string[] = [];
  const parent = process.execArgv;
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i]!;
    if (["-e", "--eval", "-p", "--print"].includes(flag)) i++;
    else if (!/^--(eval|print|input-type)=/.test(flag) && flag !== "-i" && flag !== "--interactive") flags.push(flag);
  }
  return [...flags, "--expose-gc"];
}

/** Runs one measurement in a child process (same loader flags, with --expose-gc) and returns its figures. */
export function probeDigest(request: ProbeRequest): Promise<ProbeResult> {
  const file = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = fork(file, ["--probe", JSON.stringify(request)], {
      execArgv: childExecArgv(),
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: ProbeResult | null = null;
    child.on("message", (message) => {
      const m = message as { result?: ProbeResult; error?: string };
      if (m.error) reject(new Error(`digest probe: ${m.error}`));
      else if (m.result) result = m.result;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (result) resolve(result);
      else reject(new Error(`digest probe exited with ${code} and no result`));
    });
  });
}

const probeIndex = process.argv.indexOf("--probe");
if (probeIndex >= 0 && process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const request = JSON.parse(process.argv[probeIndex + 1] ?? "{}") as ProbeRequest;
  probe(request).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (error: unknown) => process.send!({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
}
