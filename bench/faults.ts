import pg from "pg";
import { openDatabase } from "#src/db/database.js";
import { PgCluster } from "../test/support/pg-cluster.js";
import { runScript, type RunningProcess } from "../test/support/process.js";
import { StrictBotApi } from "../test/support/strict-bot-api.js";
import { TOKEN } from "../test/support/harness.js";
import { describeViolations, groups, GROUPS, reportMessage, seedGroups } from "./support/report-burst.js";

/**
 * The issue's five faults at full size, each on a PostgreSQL cluster and a bot process of its
 * own (test/faults/nothing-lost.test.ts runs them smaller): 500 reports at 80 a second over 50
 * groups, the fault once half of them are out. Prints a line of figures per fault; asserts nothing.
 */
const REPORTS = 500;
const RATE_PER_SECOND = 80;
const OUTAGE_MS = 10_000;
const WAIT_FOR_CONFIRMATIONS_MS = 180_000;

interface Rig {
  cluster: PgCluster;
  url: string;
  telegram: StrictBotApi;
  bot: RunningProcess;
  startBot(): Promise<RunningProcess>;
}

interface Fault {
  name: string;
  /** Set before the burst (the Bot API's faults). */
  before?: (rig: Rig) => void;
  /** Done once half the burst is out; may leave work running (returned promise awaited after the burst). */
  midway?: (rig: Rig) => Promise<Promise<void> | void>;
}

const FAULTS: Fault[] = [
  { name: "PostgreSQL restart", midway: async ({ cluster }) => cluster.restart({ mode: "fast" }) },
  {
    name: `PostgreSQL down ${OUTAGE_MS / 1000} s`,
    midway: async ({ cluster }) => {
      await cluster.stop({ mode: "fast" });
      return new Promise<void>((resolve) => setTimeout(resolve, OUTAGE_MS)).then(() => cluster.start());
    },
  },
  {
    name: "kill -9 and restart",
    midway: async (rig) => {
      // Killed while a Bot API call is in flight: that message was never delivered.
      const drop = await rig.telegram.holdNextSend();
      rig.bot.child.kill("SIGKILL");
      await rig.bot.exited;
      drop();
      rig.bot = await rig.startBot();
    },
  },
  { name: "30% of sends answered 429", before: ({ telegram }) => (telegram.faults.rate429 = 0.3) },
  { name: "10% of updates twice", before: ({ telegram }) => (telegram.faults.redeliver = 0.1) },
];

interface Outcome {
  injected: number;
  recorded: number;
  rows: number;
  confirmed: number;
  missing: number;
  doubled: number;
  violations: string;
  crashed: boolean;
  lastConfirmationS: number;
  faultsInjected: string;
}

async function runFault(fault: Fault): Promise<Outcome> {
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
      const bot = runScript("src/main.ts", { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot, DATABASE_URL: url, LOG_LEVEL: "info", DUBAN_CLAIM_TIMEOUT: "2" });
      await bot.waitFor("schedules running", 60_000);
      return bot;
    };
    rig = { cluster, url, telegram, bot: await startBot(), startBot };
    fault.before?.(rig);
    const sent: { chatId: number; messageId: number }[] = [];
    let after: Promise<void> | void = undefined;
    const start = Date.now();
    for (let i = 0; i < REPORTS; i++) {
      if (i === REPORTS / 2 && fault.midway) after = await fault.midway(rig);
      const due = start + (i * 1000) / RATE_PER_SECOND;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      telegram.inject(reportMessage(i, i + 1));
      sent.push({ chatId: groups[i % GROUPS]!.id, messageId: i + 1 });
    }
    await after;
    await telegram.waitFor(() => telegram.answers(sent).missing.length === 0, WAIT_FOR_CONFIRMATIONS_MS, "every confirmation").catch(() => undefined);
    // A doubled confirmation would come after the last first one: give it a moment.
    await new Promise((r) => setTimeout(r, 3000));
    const { missing, doubled } = telegram.answers(sent);
    const replies = sent.flatMap((s) => telegram.repliesTo(s.chatId, s.messageId));
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => undefined);
    await client.connect();
    const counted = await client
      .query<{ n: string; distinct_n: string }>(
        `SELECT count(*) AS n, count(DISTINCT ("sourceChatId", "sourceMessageId")) AS distinct_n FROM "ProgressReport" WHERE "sourceMessageId" = ANY($1)`,
        [sent.map((s) => s.messageId)],
      )
      .finally(() => client.end());
    const statuses = new Map<number, number>();
    for (const f of telegram.injected) statuses.set(f.status, (statuses.get(f.status) ?? 0) + 1);
    const faultsInjected = [
      ...[...statuses].map(([status, n]) => `${n}×${status}`),
      ...(telegram.redelivered.length ? [`${telegram.redelivered.length} redelivered`] : []),
    ].join(", ");
    return {
      injected: sent.length,
      recorded: Number(counted.rows[0]?.distinct_n),
      rows: Number(counted.rows[0]?.n),
      confirmed: sent.length - missing.length,
      missing: missing.length,
      doubled: doubled.length,
      violations: describeViolations(telegram.violations),
      crashed: rig.bot.child.exitCode !== null,
      lastConfirmationS: replies.length ? (Math.max(...replies.map((r) => r.at)) - start) / 1000 : NaN,
      faultsInjected: faultsInjected || "—",
    };
  } finally {
    if (rig && rig.bot.child.exitCode === null) rig.bot.child.kill("SIGKILL");
    await rig?.bot.exited;
    await telegram.stop();
    await cluster.destroy();
  }
}

/** `npm run bench -- faults`. */
export async function benchFaults(): Promise<void> {
  console.log(`\nfaults — ${REPORTS} reports at ${RATE_PER_SECOND}/s over ${GROUPS} groups, each fault on a fresh PostgreSQL cluster and bot process; fault at report ${REPORTS / 2}`);
  console.log(
    `  ${"fault".padEnd(28)} injected recorded (rows) confirmed missing doubled        violations crashed last confirmation  Bot API faults`,
  );
  for (const fault of FAULTS) {
    const o = await runFault(fault);
    console.log(
      `  ${fault.name.padEnd(28)} ${String(o.injected).padStart(8)} ${String(o.recorded).padStart(8)} ${`(${o.rows})`.padStart(6)} ${String(o.confirmed).padStart(9)} ${String(o.missing).padStart(7)} ${String(o.doubled).padStart(7)} ${o.violations.padStart(17)} ${(o.crashed ? "yes" : "no").padStart(7)} ${`${o.lastConfirmationS.toFixed(1)} s`.padStart(17)}  ${o.faultsInjected}`,
    );
  }
}
