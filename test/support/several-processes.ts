import { createServer, type Server } from "node:http";
import type { Chat, User } from "grammy/types";
import { openDatabase } from "#src/db/database.js";
import { freePort, PgCluster } from "./pg-cluster.js";
import { runEntry, zoneAtTwoInTheMorning, type RunningProcess } from "./process.js";
import { recordedReports, burstReport, groups, reportMessage, seedGroups } from "./report-burst.js";
import { StrictBotApi } from "./strict-bot-api.js";
import { TOKEN } from "./harness.js";
import { TEST_REDIS_URL } from "./redis.js";

/**
 * Production's shape on one machine: three bots taking updates by webhook behind a round-robin
 * load balancer, and two workers running the jobs, on one PostgreSQL and one Redis. A burst of
 * reports over 50 groups; midway, one bot and one worker are killed with kill -9 and an admin
 * asks for the digest. test/faults asserts on it; `npm run bench -- faults` prints it full size.
 */
const SECRET = "several-processes-webhook-secret";
const admin: User = { id: 1001, is_bot: false, first_name: "督查室", username: "duchashi" };
const leaders: Chat.SupergroupChat = { id: -1009999, type: "supergroup", title: "区领导督办群" };

export interface SeveralProcessesOutcome {
  reports: number;
  recorded: number;
  rows: number;
  confirmed: number;
  doubled: number;
  /**
   * Of the doubled: answered just before the kill and again after it. A process killed after
   * Telegram took a message and before it wrote that down sends it again: the one window no Bot
   * API client can close (docs/architecture.md).
   */
  doubledAcrossKill: number;
  violations: number;
  /** Ms from each report to its confirmation. */
  latencies: number[];
  /** Digest texts delivered into the leaders' chat (one is right). */
  digests: number;
  /** Every process's output, for "no warning printed". */
  outputs: string[];
  /** The surviving processes were still running at the end. */
  survivorsRunning: boolean;
}

/** Forwards each POST to the next bot in turn; a bot that does not answer is skipped. */
function loadBalancer(ports: number[]): Server {
  let next = 0;
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        for (let tried = 0; tried < ports.length; tried++) {
          const port = ports[next++ % ports.length];
          try {
            const answer = await fetch(`http://127.0.0.1:${port}${request.url ?? "/"}`, {
              method: request.method ?? "POST",
              headers: {
                "content-type": String(request.headers["content-type"] ?? "application/json"),
                "x-telegram-bot-api-secret-token": String(request.headers["x-telegram-bot-api-secret-token"] ?? ""),
              },
              body,
              signal: AbortSignal.timeout(5000),
            });
            response.writeHead(answer.status, { "content-type": "application/json" }).end(Buffer.from(await answer.arrayBuffer()));
            return;
          } catch {
            // That bot is gone: the next one takes it.
          }
        }
        response.writeHead(502).end();
      })();
    });
  });
}

export async function runSeveralProcesses(options: { reports: number; ratePerSecond: number; queue: string }): Promise<SeveralProcessesOutcome> {
  const cluster = await PgCluster.create();
  const telegram = new StrictBotApi({ maxPollMs: 300, webhookRetryMs: 100 });
  const processes: RunningProcess[] = [];
  let balancer: Server | null = null;
  try {
    const url = await cluster.createDatabase("duban_several");
    const database = await openDatabase({ databaseUrl: url, dataDir: "" });
    await seedGroups(database.prisma);
    await database.prisma.chat.create({ data: { id: BigInt(leaders.id), title: leaders.title, kind: "leaders" } });
    await database.close();
    for (const group of [...groups, leaders]) telegram.chats.set(group.id, group);
    await telegram.start();

    const botPorts = await Promise.all([freePort(), freePort(), freePort()]);
    const lbPort = await freePort();
    balancer = loadBalancer(botPorts);
    await new Promise<void>((resolve) => balancer?.listen(lbPort, "127.0.0.1", resolve));
    const common = {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATABASE_URL: url,
      REDIS_URL: TEST_REDIS_URL,
      DUBAN_QUEUE: options.queue,
      ADMIN_IDS: String(admin.id),
      LOG_LEVEL: "info",
      DUBAN_TIMEZONE: zoneAtTwoInTheMorning(),
    };
    const bots = botPorts.map((port) =>
      runEntry("main", { ...common, DUBAN_RUN_WORKERS: "false", WEBHOOK_URL: `http://127.0.0.1:${lbPort}/telegram`, WEBHOOK_SECRET: SECRET, DUBAN_HTTP_PORT: String(port) }),
    );
    const workers = [0, 1].map(() => runEntry("worker", common));
    processes.push(...bots, ...workers);
    await Promise.all([...bots.map((b) => b.waitFor("taking updates by webhook", 60_000)), ...workers.map((w) => w.waitFor("worker running", 60_000))]);

    const sent: (ReturnType<typeof burstReport> & { at: number })[] = [];
    const start = Date.now();
    let killedAt = Infinity;
    for (let i = 0; i < options.reports; i++) {
      if (i === Math.floor(options.reports / 2)) {
        killedAt = Date.now();
        // Midway: one bot and one worker die, and an admin asks for the digest meanwhile.
        bots[0]?.child.kill("SIGKILL");
        workers[0]?.child.kill("SIGKILL");
        telegram.inject({
          message: { message_id: 900_000, date: Math.floor(Date.now() / 1000), chat: leaders, from: admin, text: "/digest", entities: [{ type: "bot_command", offset: 0, length: 7 }] },
        });
      }
      const wait = start + (i * 1000) / options.ratePerSecond - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      telegram.inject(reportMessage(i, i + 1));
      sent.push({ ...burstReport(i, i + 1), at: Date.now() });
    }
    const digestSent = () => telegram.sentTo(leaders.id).filter((m) => m.text.includes("督办日报")).length;
    await telegram.waitFor(() => telegram.answers(sent).missing.length === 0 && digestSent() > 0, 180_000, "every confirmation and the digest").catch(() => undefined);
    // A doubled confirmation or digest would come after the first: a moment for it to show.
    await new Promise((r) => setTimeout(r, 3000));
    const { missing, doubled } = telegram.answers(sent);
    const counted = await recordedReports(url, sent.map((s) => s.messageId));
    return {
      reports: sent.length,
      recorded: counted.recorded,
      rows: counted.rows,
      confirmed: sent.length - missing.length,
      doubled: doubled.length,
      doubledAcrossKill: doubled.filter((d) => {
        const answers = telegram.answersTo(d);
        return answers.length === 2 && answers.some((m) => m.at <= killedAt + 50) && answers.some((m) => m.at > killedAt);
      }).length,
      violations: telegram.violations.length,
      latencies: sent.flatMap((s) => {
        const answers = telegram.answersTo(s);
        return answers.length ? [Math.min(...answers.map((a) => a.at)) - s.at] : [];
      }),
      digests: digestSent(),
      outputs: processes.map((p) => p.output()),
      survivorsRunning: [bots[1], bots[2], workers[1]].every((p) => p?.child.exitCode === null),
    };
  } finally {
    for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await Promise.all(processes.map((p) => p.exited));
    await new Promise<void>((resolve) => (balancer ? balancer.close(() => resolve()) : resolve()));
    await telegram.stop();
    await cluster.destroy();
  }
}
