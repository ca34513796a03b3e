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
  /** Inline buttons, one array per row; they go on the last part. */
  buttons?: OutboxButton[][];
  /** A reply to the sent message carries this task (by id, or by code). */
  taskId?: number;
  taskCode?: string;
  forceReply?: boolean;
  /** The text carries a secret shown once (a screen link): never merged, and blanked once sent or given up. */
  secret?: boolean;
  /** How long the message stays worth sending; forever when unset. */
  ttlMs?: number;
  /**
   * An answer that may go out merged with the chat's other waiting answers when its turn comes
   * (a busy group gets one fuller message instead of many paced ones): confirmations first, then
   * notices, then the help text once. Text without buttons only.
   */
  batch?: AnswerBatch;
}

/**
 * An inline button: a tap sent back to the bot (data, from services.actions), a Mini App opened
 * inside Telegram (webApp: an https URL; private chats only), or a link.
 */
export type OutboxButton = { label: string; data: string } | { label: string; webApp: string } | { label: string; url: string };

type InlineButton = { text: string; callback_data: string } | { text: string; web_app: { url: string } } | { text: string; url: string };

function inlineButton(b: OutboxButton): InlineButton {
  if ("webApp" in b) return { text: b.label, web_app: { url: b.webApp } };
  if ("url" in b) return { text: b.label, url: b.url };
  return { text: b.label, callback_data: b.data };
}

/** The kinds of answer a chat's waiting answers are merged by, in the order they are listed. */
export const ANSWER_BATCHES = ["confirmation", "notice", "help"] as const;
export type AnswerBatch = (typeof ANSWER_BATCHES)[number];

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
  replyMarkup: { inline_keyboard: InlineButton[][] } | null;
  taskId: number | null;
  taskCode: string | null;
  forceReply: boolean;
  secret: boolean;
  batch: AnswerBatch | null;
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
    secret: m.secret ?? false,
    batch: null,
  };
  const markup = m.buttons
    ? { replyMarkup: { inline_keyboard: m.buttons.map((row) => row.map(inlineButton)) } }
    : {};
  const withFile = m.file !== undefined || m.photoId !== undefined;
  const captioned = withFile && m.text.length <= CAPTION_LIMIT;
  const texts = captioned ? [] : splitText(m.text).filter(Boolean);
  const rows: OutboxRow[] = texts.map((text, i) => ({
    ...common,
    part: nextPart(),
    text,
    kind: "text",
    batch: m.batch && !m.buttons && !withFile && !m.secret ? m.batch : null,
    ...(i === texts.length - 1 && !withFile ? { ...markup, forceReply: m.forceReply ?? false } : {}),
  }));
  if (m.photoId) {
    rows.push({ ...common, ...markup, part: nextPart(), text: captioned ? m.text : "", kind: "photo", fileId: m.photoId });
  } else if (m.file) {
    rows.push({ ...common, ...markup, part: nextPart(), text: captioned ? m.text : "", kind: m.file.kind, file: Uint8Array.from(m.file.bytes), fileName: m.file.fileName });
  }
  return rows;
}

// A help text is not queued twice for one chat: one waiting is said once (a chat flooding the
// bot with /help gets one).
const INSERT_ROW = `INSERT INTO "OutboxMessage" (job, period, "chatId", part, text, kind, file, "fileName", "fileId", "replyTo", "replyMarkup", "taskId", "forceReply", "createdAt", "expiresAt", batch, secret)
  SELECT $1::text, $2::text, $3::bigint, $4::int, $5::text, $6::"OutboxKind", $7::bytea, $8::text, $9::text, $10::int, $11::jsonb,
    coalesce($12::int, (SELECT id FROM "Task" WHERE code = $16::text)), $13::boolean, $14::timestamptz, $15::timestamptz, $17::text, $18::boolean
  WHERE $17::text IS DISTINCT FROM 'help'
    OR NOT EXISTS (SELECT 1 FROM "OutboxMessage" WHERE "chatId" = $3::bigint AND batch = 'help' AND status IN ('pending', 'sending'))
  ON CONFLICT (job, period, "chatId", part) DO NOTHING
  RETURNING id`;

async function insertRow(sql: Sql, r: OutboxRow): Promise<number> {
  const values = [r.job, r.period, r.chatId, r.part, r.text, r.kind, r.file, r.fileName, r.fileId, r.replyTo, r.replyMarkup && JSON.stringify(r.replyMarkup), r.taskId, r.forceReply, r.createdAt, r.expiresAt, r.taskCode, r.batch, r.secret];
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
export async function claimHeads(db: Db, now: Date, filter: ClaimFilter, holder: string, inHand: number[] = [], limit = 200): Promise<OutboxMessage[]> {
  return db.$queryRaw<OutboxMessage[]>`
    UPDATE "OutboxMessage" AS o
    SET status = 'sending', "claimedAt" = ${now}, "claimedBy" = ${holder}, attempts = o.attempts + 1
    WHERE o.status = 'pending' AND o.id IN (
      SELECT head.id FROM (
        SELECT DISTINCT ON ("chatId") id, status, "notBefore", job, period FROM "OutboxMessage"
        WHERE status IN ('pending', 'sending')
        ORDER BY "chatId", id
      ) AS head
      WHERE head.status = 'pending' AND head.id <> ALL(${inHand}::int[])
        AND (head."notBefore" IS NULL OR head."notBefore" <= ${now})
        AND (${filter.job ?? null}::text IS NULL OR head.job = ${filter.job ?? null})
        AND (${filter.period ?? null}::text IS NULL OR head.period = ${filter.period ?? null})
      ORDER BY head.id
      LIMIT ${limit}
    )
    RETURNING o.*`;
}

/**
 * Answers to a chat waiting behind the one whose turn came, claimed to go out merged with it:
 * text answers of a batch, due and still worth sending, oldest first.
 */
export async function claimBatch(db: Db, head: OutboxMessage, now: Date, holder: string, limit = 100): Promise<OutboxMessage[]> {
  return db.$queryRaw<OutboxMessage[]>`
    UPDATE "OutboxMessage" AS o
    SET status = 'sending', "claimedAt" = ${now}, "claimedBy" = ${holder}
    WHERE o.id IN (
      SELECT id FROM "OutboxMessage"
      WHERE "chatId" = ${head.chatId} AND status = 'pending' AND batch IS NOT NULL AND kind = 'text' AND "replyMarkup" IS NULL
        AND id <> ${head.id}
        AND ("notBefore" IS NULL OR "notBefore" <= ${now})
        AND ("expiresAt" IS NULL OR "expiresAt" >= ${now})
      ORDER BY id
      LIMIT ${limit}
    ) AND o.status = 'pending'
    RETURNING o.*`;
}

/**
 * Claims nobody is sending any more, back to pending: this sender's own that it no longer has in
 * hand (a claim whose answer the database lost on the way), and, when it has just taken the send
 * lease over, every other holder's (that holder is gone: its lease ran out or was handed back).
 */
export async function takeBackClaims(db: Db, holder: string, ownInFlight: number[], everyHolder: boolean): Promise<number> {
  return db.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'pending'
    WHERE status = 'sending' AND id <> ALL(${ownInFlight}::int[])
      AND (${everyHolder} OR "claimedBy" = ${holder})`;
}

/**
 * Housekeeping before a round: a claim older than staleAfterMs belongs to a sender that died and
 * goes back to pending (the last resort, for claims nobody took back); a message past its time
 * is dropped (returned, to be logged).
 */
export async function settleStale(db: Db, now: Date, staleAfterMs: number, ownInFlight: number[] = []): Promise<OutboxMessage[]> {
  await db.outboxMessage.updateMany({
    where: { status: "sending", claimedAt: { lt: new Date(now.getTime() - staleAfterMs) }, id: { notIn: ownInFlight } },
    data: { status: "pending" },
  });
  const late = await db.outboxMessage.findMany({ where: { status: "pending", expiresAt: { lt: now } } });
  if (late.length) {
    await db.outboxMessage.updateMany({ where: { id: { in: late.map((r) => r.id) }, status: "pending" }, data: { status: "expired" } });
    // A screen link nobody received must not stay readable in the outbox.
    if (late.some((r) => r.secret)) await forgetSecrets(db);
  }
  return late;
}

/**
 * Telegram has the message: the row that went out, and the answers merged into it, are sent (a
 * reply to the message carries its task when the message is about one task). Not fenced by the
 * claimant: what Telegram has is sent, whoever claims the row now.
 */
export async function markSent(db: Db, rows: OutboxMessage[], messageId: number, now: Date): Promise<void> {
  const [first] = rows;
  if (!first) return;
  // One statement for every row the message carried: the moment between Telegram taking it and
  // this being written (the window no Bot API client can close) is one round trip, not several.
  await db.$executeRaw`
    UPDATE "OutboxMessage"
    SET status = 'sent', "sentAt" = ${now}, "messageId" = ${messageId}, file = NULL, text = CASE WHEN secret THEN '' ELSE text END,
        "mergedInto" = CASE WHEN id = ${first.id} THEN NULL ELSE ${first.id}::int END
    WHERE id = ANY(${rows.map((r) => r.id)}::int[])`;
  const tasks = new Set(rows.flatMap((r) => (r.taskId === null ? [] : [r.taskId])));
  const [taskId] = tasks;
  if (taskId !== undefined && tasks.size === 1) {
    await db.taskMessage.createMany({ data: [{ chatId: first.chatId, messageId, taskId }], skipDuplicates: true });
  }
}

// What became of claimed rows is written only while they are still this holder's claim: a late
// write from a sender that lost them (another took over) changes nothing.
const claimedBy = (rows: OutboxMessage[], holder: string) => ({ id: { in: rows.map((r) => r.id) }, status: "sending" as const, claimedBy: holder });

/** Back to pending, to be tried again no earlier than notBefore. */
export async function markRetry(db: Db, holder: string, rows: OutboxMessage[], notBefore: Date, error: string): Promise<void> {
  await db.outboxMessage.updateMany({ where: claimedBy(rows, holder), data: { status: "pending", notBefore, lastError: error.slice(0, 500) } });
}

/**
 * Claimed messages given up before their call went out (the process stopping, the database
 * away before the call, merged answers that did not fit): pending again. `untried`: the attempt
 * is not counted. `alone`: they go out one by one from now on (a merged message was refused).
 */
export async function releaseClaims(db: Db, holder: string, rows: OutboxMessage[], options: { untried?: boolean; alone?: boolean; noReply?: boolean } = {}): Promise<void> {
  if (rows.length === 0) return;
  await db.outboxMessage.updateMany({
    where: claimedBy(rows, holder),
    data: {
      status: "pending",
      ...(options.untried ? { attempts: { decrement: 1 } } : {}),
      ...(options.alone ? { batch: null } : {}),
      ...(options.noReply ? { replyTo: null } : {}),
    },
  });
}

export async function markFailed(db: Db, holder: string, rows: OutboxMessage[], error: string): Promise<void> {
  await db.outboxMessage.updateMany({ where: claimedBy(rows, holder), data: { status: "failed", lastError: error.slice(0, 500) } });
  await forgetSecrets(db);
}

/** A secret (a screen link) is kept only until its message is sent, given up or expired. */
export async function forgetSecrets(db: Db): Promise<void> {
  await db.outboxMessage.updateMany({ where: { secret: true, status: { in: ["sent", "failed", "expired"] }, text: { not: "" } }, data: { text: "" } });
}

/** A picture or file Telegram would not take: its caption goes as text instead, saying so. */
export async function sendAsText(db: Db, holder: string, row: OutboxMessage, text: string, error: string): Promise<void> {
  await db.outboxMessage.updateMany({
    where: claimedBy([row], holder),
    data: { status: "pending", kind: "text", text, file: null, fileId: null, fileName: null, notBefore: null, lastError: error.slice(0, 500) },
  });
}

/** The chat is gone: the rest of its queue would fail the same way. */
export async function failChat(db: Db, chatId: bigint, error: string): Promise<number> {
  const { count } = await db.outboxMessage.updateMany({ where: { chatId, status: "pending" }, data: { status: "failed", lastError: error } });
  await db.chat.updateMany({ where: { id: chatId }, data: { active: false } });
  return count;
}

/** The group became a supergroup: its unsent messages follow it (a part already queued there is the same message). */
export async function moveChat(db: Db, holder: string, rows: OutboxMessage[], to: bigint): Promise<boolean> {
  let moved = false;
  for (const row of rows) {
    const done = await db.outboxMessage.updateMany({ where: claimedBy([row], holder), data: { status: "pending", chatId: to } }).catch(() => null);
    if (done && done.count > 0) moved = true;
    else if (!done) await markFailed(db, holder, [row], `moved to ${to}`);
  }
  return moved;
}

/** Messages waiting to be sent (pending, or being sent), by kind. */
export async function outboxDepth(sql: Sql): Promise<Record<string, number>> {
  const rows = await sql.query<{ kind: string; n: number }>(`SELECT kind::text AS kind, count(*)::int AS n FROM "OutboxMessage" WHERE status IN ('pending', 'sending') GROUP BY kind`);
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

/** Notes a send attempt (before the call: a process killed during it still counts it). Returns its id. */
export async function logSend(db: Db, chatId: bigint, at: Date): Promise<bigint> {
  return (await db.sendLog.create({ data: { chatId, at }, select: { id: true } })).id;
}

/** Telegram refused that attempt: it counts for no limit a sender taking over seeds from the log. */
export async function forgetSend(db: Db, id: bigint): Promise<void> {
  await db.sendLog.deleteMany({ where: { id } });
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
 * processes, not about the district's day. `alsoFrom`: a holder this one may take the lease from
 * at once (an earlier life of this process). Says who held it before when that was another.
 */
export async function holdSenderLease(db: Db, holder: string, leaseMs: number, alsoFrom: string | null = null): Promise<{ held: boolean; previous: string | null }> {
  const now = new Date();
  const until = new Date(now.getTime() + leaseMs);
  const rows = await db.$queryRaw<{ holder: string; previous: string | null }[]>`
    WITH before AS (SELECT holder FROM "SenderLease" WHERE name = ${LEASE})
    INSERT INTO "SenderLease" (name, holder, until) VALUES (${LEASE}, ${holder}, ${until})
    ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
    WHERE "SenderLease".holder = EXCLUDED.holder OR "SenderLease".until < ${now} OR "SenderLease".holder = ${alsoFrom}
    RETURNING holder, (SELECT holder FROM before) AS previous`;
  const [row] = rows;
  return { held: row !== undefined, previous: row && row.previous !== holder ? row.previous : null };
}

/** Who holds the send lease now, and until when (null: nobody). */
export async function senderLeaseHolder(db: Db): Promise<{ holder: string; until: Date } | null> {
  return db.senderLease.findUnique({ where: { name: LEASE }, select: { holder: true, until: true } });
}

export async function releaseSenderLease(db: Db, holder: string): Promise<void> {
  await db.senderLease.deleteMany({ where: { name: LEASE, holder } });
}
