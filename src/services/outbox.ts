import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import type { OutboxMessage } from "#src/generated/prisma/client.js";
import { splitText } from "#src/domain/text.js";

/** One message to send: a text, or a picture or file with the text as its caption. */
export interface OutgoingMessage {
  chatId: bigint;
  text: string;
  file?: { kind: "photo" | "document"; bytes: Uint8Array; fileName: string };
  /** A photo Telegram already has, resent by its file id (with the text as its caption). */
  photoId?: string;
  /** The message this one answers. */
  replyTo?: number;
  /** Inline buttons (from services.actions), one array per row; they go on the last part. */
  buttons?: { label: string; data: string }[][];
  /** A reply to the sent message carries this task (by id, or by code). */
  taskId?: number;
  taskCode?: string;
  forceReply?: boolean;
  /** How long the message stays worth sending; forever when unset. */
  ttlMs?: number;
}

export type { OutboxMessage };

// Telegram's limit for a photo's or document's caption.
const CAPTION_LIMIT = 1024;

interface OutboxRow {
  job: string;
  period: string;
  chatId: bigint;
  part: number;
  text: string;
  kind: "text" | "photo" | "document";
  file: Uint8Array | null;
  fileName: string | null;
  fileId: string | null;
  replyTo: number | null;
  replyMarkup: { inline_keyboard: { text: string; callback_data: string }[][] } | null;
  taskId: number | null;
  taskCode: string | null;
  forceReply: boolean;
  createdAt: Date;
  expiresAt: Date | null;
}

/** A message's rows in send order: text parts, then the file (captioned when the text fits). */
function rowsOf(m: OutgoingMessage, key: { job: string; period: string }, nextPart: () => number, now: Date): OutboxRow[] {
  const common = {
    ...key,
    chatId: m.chatId,
    taskId: m.taskId ?? null,
    taskCode: m.taskCode ?? null,
    replyTo: m.replyTo ?? null,
    createdAt: now,
    expiresAt: m.ttlMs === undefined ? null : new Date(now.getTime() + m.ttlMs),
    file: null,
    fileName: null,
    fileId: null,
    replyMarkup: null,
    forceReply: false,
  };
  const markup = m.buttons
    ? { replyMarkup: { inline_keyboard: m.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) } }
    : {};
  const withFile = m.file !== undefined || m.photoId !== undefined;
  const captioned = withFile && m.text.length <= CAPTION_LIMIT;
  const texts = captioned ? [] : splitText(m.text).filter(Boolean);
  const rows: OutboxRow[] = texts.map((text, i) => ({
    ...common,
    part: nextPart(),
    text,
    kind: "text",
    ...(i === texts.length - 1 && !withFile ? { ...markup, forceReply: m.forceReply ?? false } : {}),
  }));
  if (m.photoId) {
    rows.push({ ...common, ...markup, part: nextPart(), text: captioned ? m.text : "", kind: "photo", fileId: m.photoId });
  } else if (m.file) {
    rows.push({ ...common, ...markup, part: nextPart(), text: captioned ? m.text : "", kind: m.file.kind, file: Uint8Array.from(m.file.bytes), fileName: m.file.fileName });
  }
  return rows;
}

const INSERT_ROW = `INSERT INTO "OutboxMessage" (job, period, "chatId", part, text, kind, file, "fileName", "fileId", "replyTo", "replyMarkup", "taskId", "forceReply", "createdAt", "expiresAt")
  VALUES ($1, $2, $3, $4, $5, $6::"OutboxKind", $7, $8, $9, $10, $11::jsonb, coalesce($12, (SELECT id FROM "Task" WHERE code = $16)), $13, $14, $15)
  ON CONFLICT (job, period, "chatId", part) DO NOTHING
  RETURNING id`;

async function insertRow(sql: Sql, r: OutboxRow): Promise<number> {
  const values = [r.job, r.period, r.chatId, r.part, r.text, r.kind, r.file, r.fileName, r.fileId, r.replyTo, r.replyMarkup && JSON.stringify(r.replyMarkup), r.taskId, r.forceReply, r.createdAt, r.expiresAt, r.taskCode];
  return (await sql.query(INSERT_ROW, values)).length;
}

/**
 * Writes messages to the outbox before anything is sent, all or none. Rows are keyed by (job,
 * period, chat, part): writing the same run, or answering the same update, again adds nothing.
 */
export async function enqueue(sql: Sql, job: string, period: string, messages: OutgoingMessage[], now: Date): Promise<number> {
  const parts = new Map<bigint, number>();
  const nextPart = (chatId: bigint) => () => {
    const part = parts.get(chatId) ?? 0;
    parts.set(chatId, part + 1);
    return part;
  };
  const rows = messages.flatMap((m) => rowsOf(m, { job, period }, nextPart(m.chatId), now));
  const [only] = rows;
  if (!only) return 0;
  if (rows.length === 1) return insertRow(sql, only);
  return sql.transaction(async (tx) => {
    let count = 0;
    for (const row of rows) count += await insertRow(tx, row);
    return count;
  });
}

export interface ClaimFilter {
  job?: string;
  period?: string;
}

/**
 * Claims the first unsent message of each chat that is due: one at a time per chat, so a chat's
 * messages go out in order whoever sends them; chats side by side.
 */
export async function claimHeads(db: Db, now: Date, filter: ClaimFilter, limit = 200): Promise<OutboxMessage[]> {
  return db.$queryRaw<OutboxMessage[]>`
    UPDATE "OutboxMessage" AS o
    SET status = 'sending', "claimedAt" = ${now}, attempts = o.attempts + 1
    WHERE o.status = 'pending' AND o.id IN (
      SELECT head.id FROM (
        SELECT DISTINCT ON ("chatId") id, status, "notBefore", job, period FROM "OutboxMessage"
        WHERE status IN ('pending', 'sending')
        ORDER BY "chatId", id
      ) AS head
      WHERE head.status = 'pending'
        AND (head."notBefore" IS NULL OR head."notBefore" <= ${now})
        AND (${filter.job ?? null}::text IS NULL OR head.job = ${filter.job ?? null})
        AND (${filter.period ?? null}::text IS NULL OR head.period = ${filter.period ?? null})
      ORDER BY head.id
      LIMIT ${limit}
    )
    RETURNING o.*`;
}

/**
 * Housekeeping before a round: a claim older than staleAfterMs belongs to a sender that died and
 * goes back to pending; a message past its time is dropped (returned, to be logged).
 */
export async function settleStale(db: Db, now: Date, staleAfterMs: number, ownInFlight: number[] = []): Promise<OutboxMessage[]> {
  await db.outboxMessage.updateMany({
    where: { status: "sending", claimedAt: { lt: new Date(now.getTime() - staleAfterMs) }, id: { notIn: ownInFlight } },
    data: { status: "pending" },
  });
  const late = await db.outboxMessage.findMany({ where: { status: "pending", expiresAt: { lt: now } } });
  if (late.length) await db.outboxMessage.updateMany({ where: { id: { in: late.map((r) => r.id) }, status: "pending" }, data: { status: "expired" } });
  return late;
}

export async function markSent(db: Db, row: OutboxMessage, messageId: number, now: Date): Promise<void> {
  await db.outboxMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: now, messageId, file: null } });
  if (row.taskId !== null) {
    await db.taskMessage.createMany({ data: [{ chatId: row.chatId, messageId, taskId: row.taskId }], skipDuplicates: true });
  }
}

/** Back to pending, to be tried again no earlier than notBefore. */
export async function markRetry(db: Db, row: OutboxMessage, notBefore: Date, error: string): Promise<void> {
  await db.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", notBefore, lastError: error.slice(0, 500) } });
}

/** A claimed message given up before its call went out (the process stopping): pending again, the attempt not counted. */
export async function releaseClaim(db: Db, row: OutboxMessage): Promise<void> {
  await db.outboxMessage.updateMany({ where: { id: row.id, status: "sending" }, data: { status: "pending", attempts: { decrement: 1 } } });
}

export async function markFailed(db: Db, row: OutboxMessage, error: string): Promise<void> {
  await db.outboxMessage.update({ where: { id: row.id }, data: { status: "failed", lastError: error.slice(0, 500) } });
}

/** The chat is gone: the rest of its queue would fail the same way. */
export async function failChat(db: Db, chatId: bigint, error: string): Promise<number> {
  const { count } = await db.outboxMessage.updateMany({ where: { chatId, status: "pending" }, data: { status: "failed", lastError: error } });
  await db.chat.updateMany({ where: { id: chatId }, data: { active: false } });
  return count;
}

/** The group became a supergroup: its unsent messages follow it (a part already queued there is the same message). */
export async function moveChat(db: Db, row: OutboxMessage, to: bigint): Promise<boolean> {
  const moved = await db.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", chatId: to } }).catch(() => null);
  if (!moved) await markFailed(db, row, `moved to ${to}`);
  return moved !== null;
}

/** Notes a send attempt (before the call: a process killed during it still counts it). */
export async function logSend(db: Db, chatId: bigint, at: Date): Promise<void> {
  await db.sendLog.create({ data: { chatId, at } });
}

/** Send attempts of the last minute and a bit, for a limiter taking over. */
export async function recentSends(db: Db, now: Date): Promise<{ chatId: bigint; at: number }[]> {
  const rows = await db.sendLog.findMany({ where: { at: { gt: new Date(now.getTime() - 61_000) } }, select: { chatId: true, at: true } });
  return rows.map((r) => ({ chatId: r.chatId, at: r.at.getTime() }));
}

export async function pruneSendLog(db: Db, now: Date): Promise<void> {
  await db.sendLog.deleteMany({ where: { at: { lt: new Date(now.getTime() - 5 * 60_000) } } });
}

const LEASE = "outbox";

/**
 * One sender at a time across all processes: it holds a lease it renews every round; a process
 * that dies lets it lapse and another takes over. Real time, not the injected clock: it is about
 * processes, not about the district's day.
 */
export async function holdSenderLease(db: Db, holder: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<{ holder: string }[]>`
    INSERT INTO "SenderLease" (name, holder, until) VALUES (${LEASE}, ${holder}, ${until})
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
    WHERE "SenderLease".holder = EXCLUDED.holder OR "SenderLease".until < ${now}
    RETURNING holder`;
  return rows.length > 0;
}

export async function releaseSenderLease(db: Db, holder: string): Promise<void> {
  await db.senderLease.deleteMany({ where: { name: LEASE, holder } });
}
