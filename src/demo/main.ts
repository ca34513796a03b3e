import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Chat, User } from "grammy/types";
import { startApp, type App } from "#src/app.js";
import { ManualClock } from "#src/clock.js";
import { createConfig } from "#src/config.js";
import { createLogger } from "#src/logger.js";
import { NO_LIMITS } from "#src/sending/limiter.js";
import { defaultDeadline, loadDistrict, readDistrict } from "#src/services/demo-data.js";
import { FakeTelegram, type SentMessage } from "#src/devtools/fake-bot-api.js";
import { Scene, group, user } from "#src/devtools/updates.js";
import type { CronScheduler } from "#jobs/drivers/cron.js";
import { DEMO_DAYS, LAST_FRIDAY, LAST_WEEK_PACE, type Say, type Step } from "./script.js";
import { expectedPercent, round1 } from "#src/domain/plan.js";
import { recordReports } from "#src/services/reports.js";
import { planOf } from "#src/services/standing.js";
import type { Database } from "#src/db/database.js";
import { launchUrl, signInitData } from "#src/devtools/init-data.js";

const TIMEZONE = "Asia/Shanghai";
/** The in-process Bot API's token: the demo's board links are signed with it. */
export const DEMO_TOKEN = "123456789:demo-token-for-the-in-process-bot-api";
const TOKEN = DEMO_TOKEN;
/** `npm run demo -- --serve`: after the play, the board and the screen stay up until Ctrl-C. */
const SERVE = process.argv.includes("--serve");
// The board's port when serving: DUBAN_HTTP_PORT, 8080 by default (0: any free port).
const SERVE_PORT = process.env.DUBAN_HTTP_PORT ?? "8080";

/** A Shanghai wall-clock time as an instant. */
function shanghai(day: string, time: string): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

const out = (line = "") => process.stdout.write(`${line}\n`);
const indent = (text: string, prefix: string) => text.split("\n").map((l, i) => (i === 0 ? l : `${" ".repeat(prefix.length)}${l}`)).join("\n");

/**
 * `npm run demo`: the real bot and the real jobs, on the embedded database in a temporary
 * folder, talking to a Bot API inside this process, while a script plays four working days of
 * a district. The clock is moved by the script, not by waiting.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const district = await readDistrict();
  const dataDir = mkdtempSync(path.join(tmpdir(), "duban-demo-"));
  const telegram = new FakeTelegram({ maxPollMs: 50 });
  const apiRoot = await telegram.start();
  const clock = new ManualClock(shanghai(DEMO_DAYS[0]!.date, "08:00"));
  const scene = new Scene(telegram, () => clock.now());

  const admin = user(1001, "duchashi", "督查室");
  const officers = new Map<string, User>(district.officers.map((o, i) => [o.key, user(2001 + i, o.key, o.name)]));
  const people = new Map<string, User>([["admin", admin], ...officers]);
  const groups = new Map<string, Chat.SupergroupChat>(district.units.map((u, i) => [u.key, group(-1001000001 - i, u.name)]));
  const leaders = group(-1001000999, "区领导督办群");
  const names = new Map<number, string>([...groups.values(), leaders].map((g) => [g.id, g.title]));

  const config = createConfig({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    DATA_DIR: dataDir,
    ADMIN_IDS: String(admin.id),
    DUBAN_TIMEZONE: TIMEZONE,
    LOG_LEVEL: "silent",
    // Served on this machine only: the demo's links need no Telegram and no password.
    ...(SERVE ? { DUBAN_HTTP_PORT: SERVE_PORT, DUBAN_HTTP_HOST: "127.0.0.1" } : { DUBAN_HTTP_PORT: "0" }),
  });
  let app: App | null = null;
  try {
    app = await startApp(config, createLogger("silent"), { clock, limits: NO_LIMITS, realTimeSchedules: false });
    const scheduler = app.scheduler as CronScheduler;
    const deadline = defaultDeadline(DEMO_DAYS[0]!.date);
    const loaded = await loadDistrict(app.database.prisma, district, deadline, shanghai(LAST_FRIDAY, "08:00"));
    await recordLastWeek(app.database);

    out("督办 Duban — 演示 / demo");
    out(`一个区、${loaded.units} 个指挥部和街道、${loaded.officers} 名责任人、${loaded.tasks} 个重点建设和整治项目，统一在 ${deadline} 前完成。`);
    out("下面是机器人和大家在各个群里的真实对话（模拟四个工作日，时间为北京时间）。");

    let lastChat: number | null = null;
    let lastTime: string | null = null;
    const header = (time: string, chatId: number) => {
      if (chatId !== lastChat || time !== lastTime) out(`\n  ${time} 【${names.get(chatId) ?? chatId}】`);
      lastChat = chatId;
      lastTime = time;
    };
    // A job's messages went out to many chats at once: shown chat by chat.
    const printBot = (messages: SentMessage[], time: string) => {
      const order = [...new Set(messages.map((m) => m.chatId))];
      for (const m of [...messages].sort((a, b) => order.indexOf(a.chatId) - order.indexOf(b.chatId))) {
        header(time, m.chatId);
        if (m.file) out(`    Duban ▸ ${fileLine(m.file)}`);
        if (!m.file || m.text) out(`    Duban ▸ ${indent(m.text, "    Duban ▸ ")}`);
      }
    };

    // Setting up: the supervision office binds each unit's group and the leaders' chat.
    out("\n══ 准备：督查室把机器人拉进各群并绑定 ══");
    clock.set(shanghai(DEMO_DAYS[0]!.date, "08:10"));
    for (const [key, chat] of [...groups.entries()]) {
      const unit = district.units.find((u) => u.key === key)!;
      await say(chat, admin, `/bind ${unit.name}`, "08:10");
    }
    await say(leaders, admin, "/leaders", "08:12");

    async function say(chat: Chat, from: User, text: string, time: string, replyTo?: SentMessage, note?: string): Promise<void> {
      const before = telegram.sent.length;
      const update = scene.say(chat, from, text, replyTo ? { replyTo: { message_id: replyTo.messageId } } : {});
      header(time, chat.id);
      out(`    ${from.first_name} ▸ ${replyTo ? "（回复）" : ""}${indent(text, `    ${from.first_name} ▸ `)}${note ? `      ← ${note}` : ""}`);
      const id = update.message!.message_id;
      await telegram.waitForSent((sent) => sent.some((m) => m.replyTo === id), 15_000);
      printBot(telegram.sent.slice(before), time);
    }

    const run = async (step: Step, day: string) => {
      clock.set(shanghai(day, step.at));
      if ("jobs" in step) {
        const before = telegram.sent.length;
        await scheduler.tick();
        printBot(telegram.sent.slice(before), step.at);
        return;
      }
      const s = step as Say;
      const chat = s.group === "leaders" ? leaders : groups.get(s.group)!;
      const from = people.get(s.from)!;
      let replyTo: SentMessage | undefined;
      if (s.replyTo === "question") {
        replyTo = telegram.sentTo(chat.id).findLast((m) => m.forceReply);
      } else if (s.replyTo && "order" in s.replyTo) {
        const code = s.replyTo.order;
        replyTo = telegram.sentTo(chat.id).findLast((m) => m.text.includes("督办单") && m.text.includes(`${code}「`));
      } else if (s.replyTo) {
        const code = s.replyTo.prompt;
        // One prompt per group lists every task due there.
        replyTo = telegram.sentTo(chat.id).findLast((m) => m.text.startsWith("📝") && m.text.includes(code));
      }
      await say(chat, from, s.text, s.at, replyTo, s.note);
    };

    for (const day of DEMO_DAYS) {
      out(`\n══ ${day.title} ══`);
      lastChat = null;
      for (const step of day.steps) await run(step, day.date);
    }

    out("\n══ 自己运行 / run it for real ══");
    out("  npm run duban -- demo-data load                       # optional: this district in your own database");
    out("  BOT_TOKEN=<token from @BotFather> ADMIN_IDS=<your Telegram id> npm start");
    out("  BOT_TOKEN=<token> ADMIN_IDS=<id> docker compose up -d  # production: PostgreSQL, Redis, bot and worker");
    out(`\n(demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    if (SERVE) await serve(app, clock.now(), admin, officers.values().next().value);
  } finally {
    await app?.stop();
    await telegram.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Keeps the district's board and its 调度会 screen up on this machine, prints their links, and
 * waits for Ctrl-C. The board's link carries launch parameters signed as Telegram would sign them
 * for the 督查室 (an admin: everything); the second link, for an officer, shows one unit.
 */
async function serve(app: App, now: Date, admin: User, officer: User | undefined): Promise<void> {
  const base = `http://127.0.0.1:${app.httpPort}`;
  const token = await app.services.board.screens.create(null);
  out("\n══ 看板和调度会大屏 / the board and the meeting-room screen ══");
  out(`  督办看板（以“督查室”身份，Telegram 里由 /dashboard 打开）/ the board, as the admin:`);
  out(`    ${launchUrl(`${base}/app`, signInitData(admin, TOKEN, now))}`);
  if (officer) {
    out(`  一名责任人看到的看板（只有本单位）/ as an officer (own unit only):`);
    out(`    ${launchUrl(`${base}/app`, signInitData(officer, TOKEN, now))}`);
  }
  out(`  调度会大屏（16:9，全屏显示）/ the screen, full-screen at 16:9:`);
  out(`    ${base}/screen/${token}`);
  out("  按 Ctrl-C 结束 / Ctrl-C to stop");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
}

/** Last Friday's reports, as if the officers had sent them: the week starts from there. */
async function recordLastWeek(database: Database): Promise<void> {
  const db = database.prisma;
  const tasks = await db.task.findMany({ include: { milestones: true, owner: true }, orderBy: { code: "asc" } });
  let messageId = 1;
  for (const task of tasks) {
    const pace = LAST_WEEK_PACE[task.owner.username ?? ""];
    const expected = expectedPercent(planOf(task), LAST_FRIDAY) ?? 0;
    if (pace === null || pace === undefined || expected <= 0) continue;
    const percent = Math.round(round1(expected * pace));
    await recordReports(database, { person: task.owner, isAdmin: false }, [
      { task: task.code, percent, percentDelta: null, quantity: null, status: null, blockers: [], plan: null, note: null, resolved: [] },
    ], { chatId: 0n, messageId: messageId++, updateId: null, sentAt: shanghai(LAST_FRIDAY, "17:00"), text: `${task.code} 进度${percent}%`, editedAt: null });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

/** Pictures and files the bot sent are written under the temp folder, to open after the demo. */
const FILES_DIR = path.join(tmpdir(), "duban-demo-files");

function fileLine(file: { fileName: string; bytes: Uint8Array }): string {
  mkdirSync(FILES_DIR, { recursive: true });
  const where = path.join(FILES_DIR, path.basename(file.fileName));
  writeFileSync(where, file.bytes);
  const png = Buffer.from(file.bytes.subarray(0, 24));
  const size = png.subarray(1, 4).toString() === "PNG" ? `${png.readUInt32BE(16)}×${png.readUInt32BE(20)}，` : "";
  return `📎 ${file.fileName}（${size}${Math.round(file.bytes.length / 1024)} KB）→ ${where}`;
}
