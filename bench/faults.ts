import type { Update } from "grammy/types";
import { openDatabase } from "#src/db/database.js";
import { PgCluster } from "../test/support/pg-cluster.js";
import { runEntry, zoneAtTwoInTheMorning, type RunningProcess } from "../test/support/process.js";
import { StrictBotApi } from "../test/support/strict-bot-api.js";
import { TOKEN } from "../test/support/harness.js";
import { dropQueue } from "../test/support/redis.js";
import { runSeveralProcesses } from "../test/support/several-processes.js";
import { recordedReports, burstReport, describeViolations, groups, GROUPS, officers, percentile, reportMessage, seedGroups, taskCode } from "../test/support/report-burst.js";

/**
 * The fault table at full size, each case on a PostgreSQL cluster and a bot process of its own,
 * with the settings users get (test/faults/nothing-lost.test.ts runs the same smaller, and
 * asserts): 500 reports at 80 a second over 50 groups, the fault at report 200 (a 10 s outage
 * lasts to about report 1000's time; kill -9 restarts 3 s later). Prints a line per case:
 * recorded, confirmed, doubled, limit violations, confirmation latency (p50, p95, max), and how
 * soon confirmations resumed after the bot could answer again. Asserts nothing.
 */
const REPORTS = 500;
const RATE_PER_SECOND = 80;
const FAULT_AT = 200;
const OUTAGE_MS = 10_000;
const WAIT_FOR_CONFIRMATIONS_MS = 180_000;
// The hostile flood: 2,000 messages in 20 s into four groups, while the other groups report.
const FLOOD_GROUPS = 4;
const FLOOD_MESSAGES = 2000;
const FLOOD_MS = 20_000;
const QUIET_REPORTS = 100;

interface Rig {
  cluster: PgCluster;
  url: string;
  telegram: StrictBotApi;
  bot: RunningProcess;
  startBot(): Promise<RunningProcess>;
  /** When the bot could answer again after the fault (ms), for "resumed within". */
  backAt?: number;
  /** When the bot was killed (ms): a message Telegram took just before, and sent again after, is the one window no client can close. */
  killedAt?: number;
}

interface Fault {
  name: string;
  /** Set before the burst (the Bot API's faults). */
  before?: (rig: Rig) => void;
  /** Done at report FAULT_AT; may leave work running (returned promise awaited after the burst). */
  midway?: (rig: Rig) => Promise<Promise<void> | void>;
}

const FAULTS: Fault[] = [
  { name: "baseline (no fault)" },
  {
    name: "kill -9, restarted 3 s later",
    midway: async (rig) => {
      rig.killedAt = Date.now();
      rig.bot.child.kill("SIGKILL");
      await rig.bot.exited;
      return new Promise<void>((resolve) => setTimeout(resolve, 3000)).then(async () => {
        rig.bot = await rig.startBot();
        rig.backAt = Date.now();
      });
    },
  },
  {
    name: "PostgreSQL restart",
    midway: async (rig) => {
      await rig.cluster.restart({ mode: "fast" });
      rig.backAt = Date.now();
    },
  },
  {
    name: `PostgreSQL down ${OUTAGE_MS / 1000} s`,
    midway: async (rig) => {
      await rig.cluster.stop({ mode: "fast" });
      return new Promise<void>((resolve) => setTimeout(resolve, OUTAGE_MS)).then(async () => {
        await rig.cluster.start();
        rig.backAt = Date.now();
      });
    },
  },
  {
    name: "30% 429 (retry after 1-3 s)",
    before: ({ telegram }) => {
      telegram.faults.rate429 = 0.3;
      telegram.faults.retryAfter = [1, 3];
    },
  },
  { name: "10% of updates twice", before: ({ telegram }) => (telegram.faults.redeliver = 0.1) },
];

interface Outcome {
  recorded: number;
  rows: number;
  confirmed: number;
  doubled: number;
  /** Of the doubled: answered once just before the kill and again after it (the documented window). */
  doubledAcrossKill: number;
  violations: string;
  crashed: boolean;
  latencies: number[];
  resumedS: number | null;
  faultsInjected: string;
  /** The flood only: the most messages any flooded group still got after the flood ended, and all they got. */
  afterFlood?: number;
  intoFlooded?: number;
}

async function withRig<T>(work: (rig: Rig) => Promise<T>): Promise<T> {
  const cluster = await PgCluster.create();
  const telegram = new StrictBotApi({ maxPollMs: 300 });
  let rig: Rig | null = null;
  try {
    const url = await cluster.createDatabase("duban_bench_faults");
    const database = await openDatabase({ databaseUrl: url, dataDir: "" });
    await seedGroups(database.prisma);
    await database.close();
    for (const group of groups) telegram.chats.set(group.id, group);
    await telegram.start();
    const startBot = async () => {
      // The shipped settings: no short claim timeout.
      const bot = runEntry("main", { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, DATABASE_URL: url, LOG_LEVEL: "info", DUBAN_TIMEZONE: zoneAtTwoInTheMorning() });
      await bot.waitFor("schedules running", 60_000);
      return bot;
    };
    rig = { cluster, url, telegram, bot: await startBot(), startBot };
    return await work(rig);
  } finally {
    if (rig && rig.bot.child.exitCode === null) rig.bot.child.kill("SIGKILL");
    await rig?.bot.exited;
    await telegram.stop();
    await cluster.destroy();
  }
}

type Report = ReturnType<typeof burstReport> & { at: number };

/** Waits for every confirmation, then measures what the officers saw. */
async function outcome(rig: Rig, sent: Report[]): Promise<Outcome> {
  const { telegram } = rig;
  await telegram.waitFor(() => telegram.answers(sent).missing.length === 0, WAIT_FOR_CONFIRMATIONS_MS, "every confirmation").catch(() => undefined);
  // A doubled confirmation would come after the last first one: give it a moment.
  await new Promise((r) => setTimeout(r, 3000));
  const { missing, doubled } = telegram.answers(sent);
  const killedAt = rig.killedAt;
  const doubledAcrossKill =
    killedAt === undefined ? 0 : doubled.filter((d) => telegram.answersTo(d).some((m) => m.at < killedAt) && telegram.answersTo(d).some((m) => m.at > killedAt)).length;
  const latencies = sent.flatMap((s) => {
    const answers = telegram.answersTo(s);
    return answers.length ? [Math.min(...answers.map((a) => a.at)) - s.at] : [];
  });
  const counted = await recordedReports(rig.url, sent.map((s) => s.messageId));
  const statuses = new Map<number, number>();
  for (const f of telegram.injected) statuses.set(f.status, (statuses.get(f.status) ?? 0) + 1);
  const faultsInjected = [...[...statuses].map(([status, n]) => `${n}×${status}`), ...(telegram.redelivered.length ? [`${telegram.redelivered.length} redelivered`] : [])].join(", ");
  const backAt = rig.backAt;
  const firstAfter = backAt === undefined ? undefined : telegram.sent.find((m) => m.at >= backAt);
  return {
    recorded: counted.recorded,
    rows: counted.rows,
    confirmed: sent.length - missing.length,
    doubled: doubled.length,
    doubledAcrossKill,
    violations: describeViolations(telegram.violations),
    crashed: rig.bot.child.exitCode !== null,
    latencies,
    resumedS: backAt === undefined || !firstAfter ? null : (firstAfter.at - backAt) / 1000,
    faultsInjected: faultsInjected || "—",
  };
}

async function runFault(fault: Fault): Promise<Outcome> {
  return withRig(async (rig) => {
    fault.before?.(rig);
    const sent: Report[] = [];
    let after: Promise<void> | void = undefined;
    const start = Date.now();
    for (let i = 0; i < REPORTS; i++) {
      if (i === FAULT_AT && fault.midway) after = await fault.midway(rig);
      const due = start + (i * 1000) / RATE_PER_SECOND;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      rig.telegram.inject(reportMessage(i, i + 1));
      sent.push({ ...burstReport(i, i + 1), at: Date.now() });
    }
    await after;
    return outcome(rig, sent);
  });
}

/** What a hostile stream sends: commands, unknown tasks, questions it raises, noise, and walls of text. */
function junk(k: number, group: number): string {
  const code = taskCode(group);
  switch (k % 7) {
    case 0:
      return "/help";
    case 1:
      return `ZZ-${k % 90} 进度${k % 100}%`;
    case 2:
      return `${code} 进度`;
    case 3:
      return "在吗？今天的会几点开";
    case 4:
      return `/status ZZ-${k % 50}`;
    case 5:
      return `${code} ${"很长的说明".repeat(790)}`.slice(0, 4000);
    default:
      return "/start";
  }
}

/** 2,000 messages of junk in 20 s into four groups, while the other groups report as usual. */
async function runFlood(): Promise<Outcome> {
  return withRig(async (rig) => {
    const { telegram } = rig;
    const quiet: Report[] = [];
    const start = Date.now();
    let messageId = 100_000;
    const floodEvery = FLOOD_MS / FLOOD_MESSAGES;
    const quietEvery = FLOOD_MS / QUIET_REPORTS;
    let k = 0;
    let q = 0;
    while (k < FLOOD_MESSAGES || q < QUIET_REPORTS) {
      const nextFlood = k < FLOOD_MESSAGES ? start + k * floodEvery : Infinity;
      const nextQuiet = q < QUIET_REPORTS ? start + q * quietEvery : Infinity;
      const due = Math.min(nextFlood, nextQuiet);
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (nextFlood <= nextQuiet) {
        const g = k % FLOOD_GROUPS;
        const text = junk(k, g);
        const command = /^\/\w+/.exec(text)?.[0];
        const message = {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: groups[g]!,
          from: officers[g]!,
          text,
          // As Telegram marks a command, so the bot takes it for one.
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
        };
        telegram.inject({ message } as Omit<Update, "update_id">);
        k++;
      } else {
        // Reports of the groups not flooded (index chosen so the group is never one of the four).
        const i = FLOOD_GROUPS + (q % (GROUPS - FLOOD_GROUPS)) + GROUPS * Math.floor(q / (GROUPS - FLOOD_GROUPS));
        telegram.inject(reportMessage(i, ++messageId));
        quiet.push({ ...burstReport(i, messageId), at: Date.now() });
        q++;
      }
    }
    const floodEnded = Date.now();
    const result = await outcome(rig, quiet);
    const flooded = groups.slice(0, FLOOD_GROUPS).map((g) => telegram.sentTo(g.id));
    const afterFlood = Math.max(...flooded.map((sent) => sent.filter((m) => m.at > floodEnded).length));
    return { ...result, afterFlood, intoFlooded: flooded.reduce((n, sent) => n + sent.length, 0) };
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `npm run bench -- faults`. */
export async function benchFaults(): Promise<void> {
  console.log(`\nfaults — ${REPORTS} reports at ${RATE_PER_SECOND}/s over ${GROUPS} groups, each case on a fresh PostgreSQL cluster and bot process (shipped settings); fault at report ${FAULT_AT}`);
  console.log(`  ${"case".padEnd(30)} recorded confirmed doubled  violations     p50     p95     max  resumed  crashed  Bot API faults`);
  const line = (name: string, o: Outcome, extra = "") =>
    console.log(
      `  ${name.padEnd(30)} ${`${o.recorded}${o.rows !== o.recorded ? ` (${o.rows} rows)` : ""}`.padStart(8)} ${String(o.confirmed).padStart(9)} ${`${o.doubled}${o.doubledAcrossKill ? ` (${o.doubledAcrossKill} across the kill)` : ""}`.padStart(7)} ${o.violations.padStart(11)} ${seconds(percentile(o.latencies, 50)).padStart(7)} ${seconds(percentile(o.latencies, 95)).padStart(7)} ${seconds(Math.max(...o.latencies)).padStart(7)} ${(o.resumedS === null ? "—" : `${o.resumedS.toFixed(1)} s`).padStart(8)} ${(o.crashed ? "yes" : "no").padStart(8)}  ${o.faultsInjected}${extra}`,
    );
  for (const fault of FAULTS) line(fault.name, await runFault(fault));
  const flood = await runFlood();
  line(`flood: ${QUIET_REPORTS} quiet reports`, flood, `; ${FLOOD_MESSAGES} junk messages in ${FLOOD_MS / 1000} s into ${FLOOD_GROUPS} groups answered in ${flood.intoFlooded} messages, at most ${flood.afterFlood} into one of them after the flood ended`);
  const several = await runSeveralProcesses({ reports: REPORTS, ratePerSecond: RATE_PER_SECOND, queue: `bench-several-${process.pid}` });
  await dropQueue(`bench-several-${process.pid}`);
  line(
    "3 webhook bots + 2 workers",
    {
      recorded: several.recorded,
      rows: several.rows,
      confirmed: several.confirmed,
      doubled: several.doubled,
      doubledAcrossKill: several.doubledAcrossKill,
      violations: String(several.violations),
      crashed: !several.survivorsRunning,
      latencies: several.latencies,
      resumedS: null,
      faultsInjected: "kill -9 of a bot and a worker at report 250",
    },
    `; digest sent ${several.digests} time(s) to the leaders' chat`,
  );
  console.log("  targets: all recorded and confirmed once, 0 violations; max 20 s (kill -9), 15 s (restart), 25 s (10 s outage), 20 s (429s); baseline p95 ≤ 5 s;");
  console.log("           resumed ≤ 5 s after the bot can answer again; flood: quiet answers ≤ 5 s, ≤ 3 messages after it ends");
}
