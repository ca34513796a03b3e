import { GrammyError, HttpError, type Api } from "grammy";
import type { Db } from "#src/db/database.js";
import type { Logger } from "#src/logger.js";
import { splitMessage } from "#src/views/text.js";
import type { Clock } from "#src/clock.js";
import type { OutboxMessage } from "#src/generated/prisma/client.js";
import type { SendLimiter } from "./limiter.js";
import { migrateChat } from "#src/services/chats.js";

export interface OutgoingMessage {
  chatId: bigint;
  text: string;
  taskId?: number;
  forceReply?: boolean;
}

/**
 * Writes a job's messages to the outbox before anything is sent. Rows are keyed by
 * (job, period, chat, part): writing the same run again adds nothing.
 */
export async function enqueue(db: Db, job: string, period: string, messages: OutgoingMessage[], now: Date): Promise<number> {
  const parts = new Map<bigint, number>();
  const rows = messages.flatMap((m) =>
    splitMessage(m.text).map((text) => {
      const part = parts.get(m.chatId) ?? 0;
      parts.set(m.chatId, part + 1);
      return { job, period, chatId: m.chatId, part, text, taskId: m.taskId ?? null, forceReply: m.forceReply ?? false, createdAt: now };
    }),
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
    const message = await api.sendMessage(Number(row.chatId), row.text, {
      ...(row.forceReply ? { reply_markup: { force_reply: true, selective: true } } : {}),
      link_preview_options: { is_disabled: true },
    });
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
