import type { Chat, Update, User } from "grammy/types";
import type { Db } from "#src/db/database.js";
import type pg from "pg";
import { StrictBotApi, type StrictLimits, type Violation } from "./strict-bot-api.js";
import type { PgCluster } from "./pg-cluster.js";
import type { RunningProcess } from "./process.js";

/**
 * The issue's load: reports from the officers of many groups, each group one unit with one
 * officer and one task, as test/faults/nothing-lost.test.ts seeds it.
 */
export const GROUPS = 50;

export const groups: Chat.SupergroupChat[] = Array.from({ length: GROUPS }, (_, i) => ({ id: -1009000 - i, type: "supergroup", title: `单位${i + 1}` }));
export const officers: User[] = Array.from({ length: GROUPS }, (_, i) => ({ id: 5000 + i, is_bot: false, first_name: `干部${i + 1}`, username: `officer${i + 1}` }));
export const taskCode = (i: number): string => `FT-${String(i + 1).padStart(2, "0")}`;

export async function seedGroups(db: Db): Promise<void> {
  for (let i = 0; i < GROUPS; i++) {
    const unit = await db.unit.create({ data: { name: `单位${i + 1}` } });
    const officer = officers[i]!;
    const group = groups[i]!;
    await db.chat.create({ data: { id: BigInt(group.id), title: group.title, kind: "unit_group", unitId: unit.id } });
    const person = await db.person.create({ data: { telegramId: BigInt(officer.id), username: officer.username ?? null, displayName: officer.first_name } });
    await db.task.create({
      data: { code: taskCode(i), name: `项目${i + 1}`, unitId: unit.id, ownerId: person.id, startDate: new Date("2026-01-01"), deadline: new Date("2027-12-31") },
    });
  }
}

/** The i-th report of a burst: group i mod GROUPS, its percent one above the group's last. */
export function reportMessage(i: number, messageId: number): Omit<Update, "update_id"> {
  const g = i % GROUPS;
  const percent = reportPercent(i);
  const message = {
    message_id: messageId,
    date: Math.floor(Date.now() / 1000),
    chat: groups[g]!,
    from: officers[g]!,
    text: `${taskCode(g)} 进度${percent}%`,
  };
  return { message };
}

function reportPercent(i: number): number {
  return Math.floor(i / GROUPS) + 1;
}

/** The i-th report as the fake Bot API's answers() takes it: its chat, its message, and its confirmation's line. */
export function burstReport(i: number, messageId: number): { chatId: number; messageId: number; line: string } {
  const g = i % GROUPS;
  return { chatId: groups[g]!.id, messageId, line: confirmationLine(taskCode(g), `项目${g + 1}`, reportPercent(i)) };
}

/** What the bot's confirmation of a report says, enough to find it inside a merged answer. */
export function confirmationLine(code: string, name: string, percent: number): string {
  return `${code}「${name}」已记录：${percent}%`;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * The earliest each report's confirmation could be delivered within Telegram's limits, by a
 * sender that knew every report the moment it arrived: per ms, the oldest waiting replies go out
 * while the chat's 1/s, the group's 20/min and the overall 30/s allow. Returns
 * latency (ms after arrival) per report, in the order given.
 */
export function floorLatencies(arrivals: { chatId: number; at: number }[], limits: StrictLimits): number[] {
  const order = arrivals.map((a, i) => ({ ...a, i })).sort((a, b) => a.at - b.at);
  const result = new Array<number>(arrivals.length).fill(NaN);
  const overall: number[] = [];
  const perChat = new Map<number, number[]>();
  const waiting: typeof order = [];
  let next = 0;
  let t = order[0]?.at ?? 0;
  while (next < order.length || waiting.length > 0) {
    while (next < order.length && order[next]!.at <= t) waiting.push(order[next++]!);
    for (let w = 0; w < waiting.length; w++) {
      while (overall.length && overall[0]! <= t - 1000) overall.shift();
      if (overall.length >= limits.perSecond) break;
      const item = waiting[w]!;
      const sent = perChat.get(item.chatId) ?? [];
      const inMinute = sent.filter((s) => s > t - 60_000).length;
      const lastAt = sent.at(-1);
      const chatOk = lastAt === undefined || t - lastAt >= 1000 / limits.perChatPerSecond;
      if (!chatOk || inMinute >= limits.perGroupPerMinute) continue;
      sent.push(t);
      perChat.set(item.chatId, sent);
      overall.push(t);
      result[item.i] = t - item.at;
      waiting.splice(w, 1);
      w--;
    }
    t += 1;
    if (waiting.length === 0 && next < order.length) t = Math.max(t, order[next]!.at);
  }
  return result;
}

/** "0", or "11 (overall 9, chat 2)": the count of limit violations and which rules they broke. */
export function describeViolations(violations: readonly Violation[]): string {
  if (violations.length === 0) return "0";
  const rules = new Map<string, number>();
  for (const v of violations) rules.set(v.rule, (rules.get(v.rule) ?? 0) + 1);
  return `${violations.length} (${[...rules].map(([rule, n]) => `${rule} ${n}`).join(", ")})`;
}

/** Reports stored for these messages: rows, and distinct messages (equal when none was recorded twice). */
export async function recordedReports(databaseUrl: string, messageIds: number[]): Promise<{ rows: number; recorded: number }> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string; distinct_n: string }>(
      `SELECT count(*) AS n, count(DISTINCT ("sourceChatId", "sourceMessageId")) AS distinct_n FROM "ProgressReport" WHERE "sourceMessageId" = ANY($1)`,
      [messageIds],
    );
    return { rows: Number(rows[0]?.n), recorded: Number(rows[0]?.distinct_n) };
  } finally {
    await client.end();
  }
}

/** A strict fake Bot API that knows the burst's groups, started. */
export async function startBurstTelegram(): Promise<StrictBotApi> {
  const telegram = new StrictBotApi({ maxPollMs: 300 });
  for (const group of groups) telegram.chats.set(group.id, group);
  await telegram.start();
  return telegram;
}

/** Everything a bot-under-faults test started, stopped: the bot (killed if still up), the SQL client, the fake Bot API, the cluster. */
export async function stopBurstRig(rig: { bot?: RunningProcess; client?: pg.Client; telegram?: StrictBotApi; cluster?: PgCluster }): Promise<void> {
  if (rig.bot?.child.exitCode === null) rig.bot.child.kill("SIGKILL");
  await rig.bot?.exited;
  await rig.client?.end().catch(() => undefined);
  await rig.telegram?.stop();
  await rig.cluster?.destroy();
}
