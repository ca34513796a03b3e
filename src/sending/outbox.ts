import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Clock } from "#src/clock.js";
import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import type { Logger } from "#src/logger.js";
import { migrateChat } from "#src/services/chats.js";
import {
  claimHeads,
  enqueue,
  failChat,
  holdSenderLease,
  logSend,
  pruneSendLog,
  recentSends,
  releaseClaim,
  markFailed,
  markRetry,
  markSent,
  moveChat,
  settleStale,
  type OutboxMessage,
  type OutgoingMessage,
} from "#src/services/outbox.js";
import { SendCancelled, type SendLimiter, type SendTicket } from "./limiter.js";

export type { OutgoingMessage } from "#src/services/outbox.js";

export interface DeliveryOptions {
  job?: string;
  period?: string;
  /** A row claimed longer ago than this belongs to a sender that died: it goes back to pending. */
  staleAfterMs?: number;
  /**
   * The process is stopping: no more claims, and sends still waiting for their slot go back to
   * pending at once (another process, or the next start, sends them without waiting out a claim).
   */
  signal?: AbortSignal;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Left pending for later (rate limits, 5xx, network trouble, or another process holds the send lease). */
  deferred: number;
}

/** How one process sends: its identity for the send lease, and how long the lease lasts. */
export interface Sender {
  db: Db;
  sql: Sql;
  api: Api;
  limiter: SendLimiter;
  log: Logger;
  clock: Clock;
  holder: string;
  leaseMs?: number;
  /** Whether this process held the send lease at its last round. */
  holding?: boolean;
}

const DEFAULT_STALE_MS = 10 * 60_000;
const DEFAULT_LEASE_MS = 15_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Sends what is due until nothing due is left: each message claimed before its Bot API call and
 * marked sent right after, so two senders never send one row and a crash loses none. Only the
 * holder of the send lease sends (renewed as it goes), so the limiter sees every message.
 *
 * Each chat's next message is claimed as soon as its previous one is done, not when every chat
 * of a batch is: a chat waiting out its group's minute holds up no other chat.
 */
export async function deliver(sender: Sender, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const { db, log, clock } = sender;
  const result: DeliveryResult = { sent: 0, failed: 0, deferred: 0 };
  const leaseMs = sender.leaseMs ?? DEFAULT_LEASE_MS;
  if (!(await holdSenderLease(db, sender.holder, leaseMs))) {
    sender.holding = false;
    return result;
  }
  let renewedAt = Date.now();
  if (!sender.holding) {
    // Just took over (or first start): the last minute's sends, by whoever, count.
    sender.limiter.seed(await recentSends(db, new Date()));
    await pruneSendLog(db, new Date());
    sender.holding = true;
  }
  for (const late of await settleStale(db, clock.now(), options.staleAfterMs ?? DEFAULT_STALE_MS, [...inFlight])) {
    log.warn({ chat: String(late.chatId), job: late.job, period: late.period, createdAt: late.createdAt }, "message no longer worth sending; dropped");
  }
  const running = new Set<Promise<void>>();
  // Stops this delivery: the process stopping, or the lease lost to another process (sending on
  // beside it could put the two past the limits). Sends still waiting for a slot go back then.
  const halt = new AbortController();
  const stopping = () => halt.abort();
  if (options.signal?.aborted) halt.abort();
  options.signal?.addEventListener("abort", stopping, { once: true });
  let reclaimMs = RECLAIM_MS;
  try {
    for (;;) {
      if (!halt.signal.aborted && Date.now() - renewedAt > leaseMs / 3) {
        renewedAt = Date.now();
        if (!(await holdSenderLease(db, sender.holder, leaseMs))) {
          sender.holding = false;
          halt.abort();
        }
      }
      const claiming = !halt.signal.aborted;
      const heads = claiming ? await claimHeads(db, clock.now(), options) : [];
      for (const row of heads) {
        // Claimed by this process until sent and recorded, however long the limiter makes it wait.
        inFlight.add(row.id);
        const sending: Promise<void> = sendOne(sender, row, halt.signal)
          .then((outcome) => {
            result[outcome]++;
          })
          .finally(() => {
            inFlight.delete(row.id);
            running.delete(sending);
          });
        running.add(sending);
      }
      if (running.size === 0) return result;
      // On as soon as one is done (its chat's next may be due), or soon anyway (new chats'
      // messages): soon at first, less often while there is nothing new.
      reclaimMs = heads.length > 0 ? RECLAIM_MS : Math.min(MAX_RECLAIM_MS, reclaimMs * 2);
      await Promise.race([...running, pause(reclaimMs, halt.signal)]);
    }
  } finally {
    options.signal?.removeEventListener("abort", stopping);
    // An error claiming (the database away) ends the round only once what is in hand is done.
    await Promise.allSettled([...running]);
  }
}

/** How often a delivery in progress looks for messages of chats it is not already sending to. */
const RECLAIM_MS = 250;
const MAX_RECLAIM_MS = 2000;

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms).unref();
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

async function sendOne(sender: Sender, row: OutboxMessage, signal?: AbortSignal): Promise<keyof DeliveryResult> {
  const { limiter, log } = sender;
  let ticket: SendTicket;
  try {
    ticket = await limiter.acquire(row.chatId, row.chatId < 0n, signal);
  } catch (error) {
    if (!(error instanceof SendCancelled)) throw error;
    // Stopping before its slot came: not sent, so not claimed any more.
    await releaseClaim(sender.db, row);
    return "deferred";
  }
  await logSend(sender.db, row.chatId, new Date());
  // Held up by that write: a fresh place, and a fresh log line (the first one was too early),
  // written beside the call, not before it: nothing may come between the place and the call.
  if (await limiter.confirm(ticket)) {
    logSend(sender.db, row.chatId, new Date()).catch((error: unknown) => log.warn({ err: error, chat: String(row.chatId) }, "send not logged again"));
  }
  let messageId: number;
  try {
    messageId = (await sendRow(sender.api, row)).message_id;
  } catch (error) {
    // Refused or not, the attempt reached Telegram when it did, and counts against its limits then.
    limiter.sent(ticket);
    return handleSendError(sender, row, error, log);
  }
  limiter.sent(ticket);
  await recordSent(sender, row, messageId);
  return "sent";
}

/**
 * Telegram has the message: that must be written down, or it would be sent again. With the
 * database away, this process keeps trying (the row stays claimed by it meanwhile).
 */
async function recordSent(sender: Sender, row: OutboxMessage, messageId: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await markSent(sender.db, row, messageId, sender.clock.now());
      return;
    } catch (error) {
      if (attempt % 10 === 0) sender.log.warn({ err: error, chat: String(row.chatId), attempt }, "message sent but not yet recorded; trying again");
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** Math.min(attempt, 5))));
    }
  }
}

/** Rows this process has claimed and not yet finished (waiting, sending, recording): never taken for a dead sender's. */
const inFlight = new Set<number>();

async function handleSendError(sender: Sender, row: OutboxMessage, error: unknown, log: Logger): Promise<keyof DeliveryResult> {
  const { db, limiter, clock } = sender;
  const chat = String(row.chatId);
  if (error instanceof GrammyError) {
    const movedTo = error.parameters.migrate_to_chat_id;
    if (movedTo !== undefined) {
      // The group became a supergroup while nobody was looking: follow it and send there.
      await migrateChat(db, row.chatId, BigInt(movedTo));
      log.info({ from: chat, to: movedTo }, "group became a supergroup; sending there");
      return (await moveChat(db, row, BigInt(movedTo))) ? "deferred" : "failed";
    }
    if (error.error_code === 429) {
      // Telegram says when: nothing goes to this chat before then.
      const seconds = error.parameters.retry_after ?? 5;
      limiter.holdOff(row.chatId, seconds);
      await markRetry(db, row, new Date(clock.now().getTime() + seconds * 1000), error.description);
      return "deferred";
    }
    if (error.error_code === 403 || (error.error_code === 400 && /chat not found/i.test(error.description))) {
      // Removed from the chat: mark it inactive (the digest tells the admins) and carry on.
      log.warn({ chat, description: error.description }, "chat unreachable; marked inactive");
      await markFailed(db, row, error.description);
      await failChat(db, row.chatId, "chat unreachable");
      return "failed";
    }
    if (error.error_code >= 400 && error.error_code < 500) {
      if (error.error_code === 400 && row.replyTo !== null && /message to be replied not found/i.test(error.description)) {
        await db.outboxMessage.update({ where: { id: row.id }, data: { status: "pending", replyTo: null } });
        return "deferred";
      }
      log.warn({ chat, description: error.description }, "message refused");
      await markFailed(db, row, error.description);
      return "failed";
    }
  }
  // 5xx and network trouble: tried again with backoff, for as long as the message matters.
  const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(row.attempts, 9));
  const detail = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error);
  log.warn({ chat, detail, retryInMs: backoff }, "send failed; will try again");
  await markRetry(db, row, new Date(clock.now().getTime() + backoff), detail);
  return "deferred";
}

/** A job's way out: its messages written first, then sent within Telegram's limits. */
export interface Outbox {
  enqueue(job: string, period: string, messages: OutgoingMessage[]): Promise<number>;
  deliver(options?: DeliveryOptions): Promise<DeliveryResult>;
}

export function createOutbox(sender: Sender): Outbox {
  return {
    enqueue: (job, period, messages) => enqueue(sender.sql, job, period, messages, sender.clock.now()),
    deliver: (options = {}) => deliver(sender, options),
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
  const file = row.fileId ?? new InputFile(row.file ?? new Uint8Array(), row.fileName ?? undefined);
  const caption = row.text ? { caption: row.text } : {};
  return row.kind === "photo"
    ? api.sendPhoto(chatId, file, { ...replyTo, ...markup, ...caption })
    : api.sendDocument(chatId, file, { ...replyTo, ...markup, ...caption });
}
