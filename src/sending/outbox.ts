import { GrammyError, HttpError, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Db } from "#src/db/database.js";
import type { Logger } from "#src/logger.js";
import { splitMessage } from "#src/views/text.js";
import type { Clock } from "#src/clock.js";
import { InputFile } from "grammy";
import type { OutboxMessage, Prisma } from "#src/generated/prisma/client.js";
import type { SendLimiter } from "./limiter.js";
import { migrateChat } from "#src/services/chats.js";

/** One message to send: a text, or a picture or file with the text as its caption. */
export interface OutgoingMessage {
  chatId: bigint;
  text: string;
  file?: { kind: "photo" | "document"; bytes: Uint8Array; fileName: string };
  /** The message this one answers. */
  replyTo?: number;
  /** Inline buttons (from services.actions), one array per row; they go on the last part. */
  buttons?: { label: string; data: string }[][];
  /** A reply to the sent message carries this task. */
  taskId?: number;
  forceReply?: boolean;
  /** How long the message stays worth sending; forever when unset. */
  ttlMs?: number;
}

// Telegram's limit for a photo's or document's caption.
const CAPTION_LIMIT = 1024;

type OutboxRow = Prisma.OutboxMessageCreateManyInput;

/** A message's rows in send order: text parts, then the file (captioned when the text fits). */
function rowsOf(m: OutgoingMessage, key: { job: string; period: string }, nextPart: () => number, now: Date): OutboxRow[] {
  const common = {
    ...key,
    chatId: m.chatId,
    taskId: m.taskId ?? null,
    replyTo: m.replyTo ?? null,
    createdAt: now,
    expiresAt: m.ttlMs === undefined ? null : new Date(now.getTime() + m.ttlMs),
  };
  const markup = m.buttons
    ? { replyMarkup: { inline_keyboard: m.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) } }
    : {};
  const captioned = m.file !== undefined && m.text.length <= CAPTION_LIMIT;
  const texts = captioned ? [] : splitMessage(m.text).filter(Boolean);
  const rows: OutboxRow[] = texts.map((text, i) => ({
    ...common,
    part: nextPart(),
    text,
    ...(i === texts.length - 1 && !m.file ? { ...markup, forceReply: m.forceReply ?? false } : {}),
  }));
  if (m.file) {
    rows.push({ ...common, ...markup, part: nextPart(), text: captioned ? m.text : "", kind: m.file.kind, file: Uint8Array.from(m.file.bytes), fileName: m.file.fileName });
  }
  return rows;
}

/**
 * Writes a job's messages to the outbox before anything is sent. Rows are keyed by
 * (job, period, chat, part): writing the same run again adds nothing.
 */
export async function enqueue(db: Db, job: string, period: string, messages: OutgoingMessage[], now: Date): Promise<number> {
  const parts = new Map<bigint, number>();
  const rows = messages.flatMap((m) =>
    rowsOf(
      m,
      { job, period },
      () => {
        const part = parts.get(m.chatId) ?? 0;
        parts.set(m.chatId, part + 1);
        return part;
      },
      now,
    ),
  );
  if (rows.length === 0) return 0;
  const { count } = await db.outboxMessage.createMany({ data: rows, skipDuplicates: true });
  return count;
}

export interface DeliveryOptions {
  job?: string;
  period?: string;
  /** A row claimed longer ago than this belongs to a sender that died: it goes back to pending. */
  staleAfterMs?: number;
  /** Chats served side by side (each chat's messages stay in order); the limiter paces them. */
  concurrency?: number;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Left pending for a later sweep (network trouble, rate limits beyond auto-retry). */
  deferred: number;
}

/**
 * Sends pending outbox rows through the limiter, each claimed just before its Bot API call and
 * marked sent right after, so two senders never send one row and a crash loses none.
 */
export async function deliver(db: Db, api: Api, limiter: SendLimiter, log: Logger, clock: Clock, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const staleBefore = new Date(clock.now().getTime() - (options.staleAfterMs ?? 10 * 60_000));
  await db.outboxMessage.updateMany({ where: { status: "sending", claimedAt: { lt: staleBefore } }, data: { status: "pending" } });
  const rows = await db.outboxMessage.findMany({
    where: { status: "pending", ...(options.job ? { job: options.job } : {}), ...(options.period ? { period: options.period } : {}) },
    orderBy: [{ id: "asc" }],
  });
  const byChat = new Map<bigint, OutboxMessage[]>();
  for (const row of rows) byChat.set(row.chatId, [...(byChat.get(row.chatId) ?? []), row]);

  const result: DeliveryResult = { sent: 0, failed: 0, deferred: 0 };
  const queues = [...byChat.values()];
  const workers = Array.from({ length: Math.min(options.concurrency ?? 1000, queues.length) }, async () => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const row of queue) {
        const outcome = await sendOne(db, api, limiter, log, clock, row);
        result[outcome === "gone" ? "failed" : outcome]++;
        if (outcome === "gone") {
          // The chat is gone: the rest of its queue would fail the same way.
          const rest = queue.slice(queue.indexOf(row) + 1).map((r) => r.id);
          if (rest.length) {
            await db.outboxMessage.updateMany({ where: { id: { in: rest }, status: "pending" }, data: { status: "failed", lastError: "chat unreachable" } });
            result.failed += rest.length;
          }
          break;
        }
      }
    }
  });
  await Promise.all(workers);
  return result;
}

type SendOutcome = keyof DeliveryResult | "gone";

async function sendOne(db: Db, api: Api, limiter: SendLimiter, log: Logger, clock: Clock, row: OutboxMessage): Promise<SendOutcome> {
  const ticket = await limiter.acquire(row.chatId, row.chatId < 0n);
  const claim = await db.outboxMessage.updateMany({
    where: { id: row.id, status: "pending" },
    data: { status: "sending", claimedAt: clock.now(), attempts: { increment: 1 } },
  });
  if (claim.count === 0) return "deferred"; // Another sender has it.
  try {
    const message = await sendRow(api, row);
    limiter.sent(ticket);
    await db.outboxMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: clock.now(), messageId: message.message_id } });
    if (row.taskId !== null) {
      await db.taskMessage.createMany({
        data: [{ chatId: row.chatId, messageId: message.message_id, taskId: row.taskId }],
        skipDuplicates: true,
      });
    }
    return "sent";
  } catch (error) {
    const movedTo = error instanceof GrammyError ? error.parameters.migrate_to_chat_id : undefined;
    if (movedTo !== undefined) {
      // The group became a supergroup while nobody was looking: follow it and send there.
      await migrateChat(db, row.chatId, BigInt(movedTo));
      log.info({ from: String(row.chatId), to: movedTo }, "group became a supergroup; sending there");
      const moved = await db.outboxMessage
        .update({ where: { id: row.id }, data: { status: "pending", chatId: BigInt(movedTo) } })
        .catch(() => null);
      // null: the new chat already has this part queued, so this row is the same message.
      if (!moved) {
        await db.outboxMessage.update({ where: { id: row.id }, data: { status: "failed", lastError: `moved to ${movedTo}` } });
        return "failed";
      }
      return sendOne(db, api, limiter, log, clock, moved);
    }
    if (error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400)) {
      await db.outboxMessage.update({ where: { id: row.id }, data: { status: "failed", lastError: error.description } });
      if (error.error_code === 403 || /chat not found/i.test(error.description)) {
        // Removed from the chat: mark it inactive (the digest tells the admins) and carry on.
        log.warn({ chat: String(row.chatId), description: error.description }, "chat unreachable; marked inactive");
        await db.chat.updateMany({ where: { id: row.chatId }, data: { active: false } });
        return "gone";
      }
      log.warn({ chat: String(row.chatId), description: error.description }, "message refused");
      return "failed";
    }
    if (error instanceof GrammyError && error.error_code === 429) limiter.holdOff(row.chatId, error.parameters.retry_after ?? 5);
    const detail = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error);
    log.warn({ chat: String(row.chatId), detail }, "send failed; left for the next sweep");
    await db.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", lastError: detail } });
    return "deferred";
  }
}

/** A job's way out: its messages written first, then sent within Telegram's limits. */
export interface Outbox {
  enqueue(job: string, period: string, messages: OutgoingMessage[]): Promise<number>;
  deliver(options?: DeliveryOptions): Promise<DeliveryResult>;
}

export function createOutbox(db: Db, api: Api, limiter: SendLimiter, log: Logger, clock: Clock): Outbox {
  return {
    enqueue: (job, period, messages) => enqueue(db, job, period, messages, clock.now()),
    deliver: (options = {}) => deliver(db, api, limiter, log, clock, options),
  };
}

/** The Bot API call for one row: text, photo or document, as a reply where it answers one. */
async function sendRow(api: Api, row: OutboxMessage) {
  const chatId = Number(row.chatId);
  const replyTo = row.replyTo === null ? {} : { reply_parameters: { message_id: row.replyTo, allow_sending_without_reply: true } };
  const markup = row.replyMarkup
    ? { reply_markup: row.replyMarkup as unknown as InlineKeyboardMarkup }
    : row.forceReply
      ? { reply_markup: { force_reply: true as const, selective: true } }
      : {};
  if (row.kind === "text") return api.sendMessage(chatId, row.text, { ...replyTo, ...markup, link_preview_options: { is_disabled: true } });
  const file = new InputFile(row.file ?? new Uint8Array(), row.fileName ?? undefined);
  const caption = row.text ? { caption: row.text } : {};
  return row.kind === "photo"
    ? api.sendPhoto(chatId, file, { ...replyTo, ...markup, ...caption })
    : api.sendDocument(chatId, file, { ...replyTo, ...markup, ...caption });
}
