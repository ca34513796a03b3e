import { setMaxListeners } from "node:events";
import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Clock } from "#src/clock.js";
import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import { detectLanguage } from "#src/domain/parser/index.js";
import { DEFAULT_LANGUAGE, messages } from "#src/locales/index.js";
import type { Logger } from "#src/logger.js";
import { isEarlierLife } from "#src/process-life.js";
import { sendLatency } from "#src/metrics.js";
import { migrateChat } from "#src/services/chats.js";
import { isTransientDbError } from "#src/db/errors.js";
import {
  claimBatch,
  claimHeads,
  enqueue,
  failChat,
  forgetSend,
  holdSenderLease,
  logSend,
  markFailed,
  markRetry,
  markSent,
  moveChat,
  pruneSendLog,
  recentSends,
  releaseClaims,
  sendAsText,
  senderLeaseHolder,
  settleStale,
  takeBackClaims,
  type OutboxMessage,
  type OutgoingMessage,
} from "#src/services/outbox.js";
import { mergeAnswers } from "./batch.js";
import { SendCancelled, type SendLimiter, type SendTicket } from "./limiter.js";

export type { OutgoingMessage } from "#src/services/outbox.js";

export interface DeliveryOptions {
  job?: string;
  period?: string;
  /** A row claimed longer ago than this, and taken back by nobody, goes back to pending: the last resort. */
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
  /** This process's name in the send lease and in every claim it makes (src/process-life.ts). */
  holder: string;
  leaseMs?: number;
  /** Whether this process held the send lease at its last round. */
  holding?: boolean;
  /** Real time (ms) a message this process put off (a 429's retry_after) is due again. */
  wakeAt?: number;
  /** Real time (ms) until which this process surely holds the send lease (renewed as it goes). */
  leaseUntil?: number;
  /** The process is stopping: every delivery on this sender (a job's too) hands back what waits for a slot. */
  stopping?: AbortSignal;
}

const DEFAULT_STALE_MS = 10 * 60_000;
/** Short: a sender that died is replaced within this (a restarted one at once, see takeLease). */
export const DEFAULT_LEASE_MS = 5_000;
/** The longest a 5xx or network failure puts a message off: the fault's end is noticed soon. */
const MAX_BACKOFF_MS = 30_000;
/** Tries of a message failing in a way that is neither a rate limit, Telegram's 5xx nor the network. */
const MAX_ODD_TRIES = 3;

/**
 * Sends what is due until nothing due is left: each message claimed before its Bot API call and
 * marked sent right after, so two senders never send one row and a crash loses none. Only the
 * holder of the send lease sends (renewed as it goes), so the limiter sees every message.
 *
 * Each chat's next message is claimed as soon as its previous one is done, not when every chat
 * of a batch is: a chat waiting out its group's minute holds up no other chat. When its turn
 * comes, the chat's other waiting answers go with it, merged into one message.
 */
export async function deliver(sender: Sender, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const { db, log, clock } = sender;
  const result: DeliveryResult = { sent: 0, failed: 0, deferred: 0 };
  const leaseMs = sender.leaseMs ?? DEFAULT_LEASE_MS;
  const lease = await takeLease(sender, leaseMs);
  if (!lease.held) {
    sender.holding = false;
    return result;
  }
  // Taken over, when this process was not sending or another held the lease meanwhile: the last
  // holder's claims come back, and the last minute's sends (by whoever) count. Once, however
  // many deliveries (the sender loop's, a job's) find it so.
  const tookOver = await withClaimLock(sender, async () => {
    const fresh = !sender.holding || lease.previous !== null;
    if (fresh) {
      sender.limiter.seed(await recentSends(db, new Date()));
      await pruneSendLog(db, new Date());
      sender.holding = true;
    }
    return fresh;
  });
  await takeBack(sender, tookOver, lease.previous);
  for (const late of await settleStale(db, clock.now(), options.staleAfterMs ?? DEFAULT_STALE_MS, [...inHand(sender).rows])) {
    log.warn({ chat: String(late.chatId), job: late.job, period: late.period, createdAt: late.createdAt }, "message no longer worth sending; dropped");
  }
  const running = new Set<Promise<void>>();
  // Stops this delivery: the process stopping, the lease lost to another process (sending on
  // beside it could put the two past the limits), or the database failing mid-round (the lease
  // cannot be renewed). Sends still waiting for a slot go back then.
  const halt = new AbortController();
  // Every chat waiting for its slot listens on it (and stops listening when its wait ends): as
  // many listeners as chats in hand, which is no leak.
  setMaxListeners(0, halt.signal);
  const stopping = () => halt.abort();
  const signal = options.signal ?? sender.stopping;
  if (signal?.aborted) halt.abort();
  signal?.addEventListener("abort", stopping, { once: true });
  let reclaimMs = RECLAIM_MS;
  let renewedAt = Date.now();
  try {
    for (;;) {
      if (!halt.signal.aborted && Date.now() - renewedAt > leaseMs / 3) {
        renewedAt = Date.now();
        const renewed = await holdSenderLease(db, sender.holder, leaseMs);
        if (!renewed.held) {
          sender.holding = false;
          halt.abort();
        } else {
          sender.leaseUntil = renewedAt + leaseMs;
          // Own claims whose answer was lost on the way (a claim the database made and never said) come back.
          await takeBack(sender, false, null);
        }
      }
      const heads = halt.signal.aborted
        ? []
        : await withClaimLock(sender, async () => {
            const claimed = await claimHeads(db, clock.now(), options, sender.holder, [...inHand(sender).rows]);
            // Claimed by this process until sent and recorded, however long the limiter makes it wait.
            for (const row of claimed) inHand(sender).rows.add(row.id);
            return claimed;
          });
      for (const row of heads) {
        const sending: Promise<void> = sendOne(sender, row, halt.signal)
          .then((outcome) => {
            result[outcome]++;
          })
          .finally(() => running.delete(sending));
        running.add(sending);
      }
      if (running.size === 0) return result;
      // On as soon as one is done (its chat's next may be due), or soon anyway (new chats'
      // messages, a 429's retry_after): soon at first, less often while there is nothing new.
      reclaimMs = heads.length > 0 ? RECLAIM_MS : Math.min(MAX_RECLAIM_MS, reclaimMs * 2);
      await Promise.race([...running, pause(Math.min(reclaimMs, untilWake(sender)), halt.signal)]);
    }
  } catch (error) {
    // The database failed mid-round: the lease cannot be renewed, so nothing waiting may go out
    // on it (another process may take over); sends already under way finish.
    halt.abort();
    throw error;
  } finally {
    signal?.removeEventListener("abort", stopping);
    await Promise.allSettled([...running]);
  }
}

/** Ms until a message put off by this process is due, when that is sooner than never (a time passed is forgotten). */
export function untilWake(sender: Sender): number {
  const due = (sender.wakeAt ?? Infinity) - Date.now();
  if (due <= 0) sender.wakeAt = undefined;
  return due > 0 ? due : Infinity;
}

/**
 * Nobody sends what is claimed and not in this process's hands: this process's own claims it
 * no longer has (a lost answer), and, on taking over, every other holder's (it is gone).
 */
async function takeBack(sender: Sender, tookOver: boolean, previous: string | null): Promise<void> {
  const taken = await withClaimLock(sender, () => takeBackClaims(sender.db, sender.holder, [...inHand(sender).rows], tookOver));
  if (taken > 0) sender.log.info({ messages: taken, from: tookOver ? (previous ?? "a sender that is gone") : "this process" }, "claimed messages nobody is sending put back");
}

/**
 * The send lease, renewed; taken at once from an earlier life of this process (restarted after
 * a crash: it is not sending any more), otherwise only once the holder let it lapse.
 */
async function takeLease(sender: Sender, leaseMs: number): Promise<{ held: boolean; previous: string | null }> {
  const asked = Date.now();
  let lease = await holdSenderLease(sender.db, sender.holder, leaseMs);
  if (!lease.held) {
    const current = await senderLeaseHolder(sender.db);
    if (!current || !isEarlierLife(current.holder, sender.holder)) return lease;
    lease = await holdSenderLease(sender.db, sender.holder, leaseMs, current.holder);
  }
  if (lease.held) sender.leaseUntil = asked + leaseMs;
  return lease;
}

/** How often a delivery in progress looks for messages of chats it is not already sending to. */
const RECLAIM_MS = 250;
const MAX_RECLAIM_MS = 2000;

/**
 * What one sender has in hand: the rows it claimed and has not finished (waiting, sending,
 * recording), never taken back from it; and its claims, taken one at a time, so a claim's rows
 * are in hand before any take-back looks (a job's delivery runs beside the sender loop's, on the
 * same sender).
 */
interface InHand {
  rows: Set<number>;
  queue: Promise<unknown>;
}

const inHandBySender = new WeakMap<Sender, InHand>();

function inHand(sender: Sender): InHand {
  let state = inHandBySender.get(sender);
  if (!state) {
    state = { rows: new Set(), queue: Promise.resolve() };
    inHandBySender.set(sender, state);
  }
  return state;
}

function withClaimLock<T>(sender: Sender, work: () => Promise<T>): Promise<T> {
  const state = inHand(sender);
  const run = state.queue.then(work, work);
  state.queue = run.catch(() => undefined);
  return run;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms).unref();
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * One message: the head of its chat's queue, with the chat's waiting answers merged in when its
 * turn comes. Whatever fails between the claim and the record, every row it claimed ends sent,
 * put off, failed or pending again: never left claimed by nobody.
 */
async function sendOne(sender: Sender, head: OutboxMessage, signal: AbortSignal): Promise<keyof DeliveryResult> {
  const rows = [head];
  try {
    return await sendClaimed(sender, head, rows, signal);
  } catch (error) {
    // Unforeseen (a bug, or the database gone where it was not expected): handed back, to be tried again.
    sender.log.error({ err: error, chat: String(head.chatId) }, "send failed unexpectedly; message put back");
    await settle(sender, "put back", () => releaseClaims(sender.db, sender.holder, rows), signal);
    return "deferred";
  } finally {
    for (const row of rows) inHand(sender).rows.delete(row.id);
  }
}

/** Less than this left of the send lease and a message does not go out on it: another process may be about to take over. */
const LEASE_MARGIN_MS = 1000;

async function sendClaimed(sender: Sender, head: OutboxMessage, rows: OutboxMessage[], signal: AbortSignal): Promise<keyof DeliveryResult> {
  const { limiter, log, db, holder } = sender;
  // Back to pending, untried: nothing went out.
  const putBack = async () => {
    await settle(sender, "put back", () => releaseClaims(db, holder, [head], { untried: true }), signal);
    await settle(sender, "put back", () => releaseClaims(db, holder, rows.filter((r) => r.id !== head.id)), signal);
    return "deferred" as const;
  };
  let ticket: SendTicket;
  try {
    ticket = await limiter.acquire(head.chatId, head.chatId < 0n, signal);
  } catch (error) {
    if (!(error instanceof SendCancelled)) throw error;
    // Stopping before its slot came: not sent, so not claimed any more.
    return putBack();
  }
  const message = await gatherBatch(sender, head, rows, signal);
  let logged: bigint;
  try {
    if ((sender.leaseUntil ?? 0) - Date.now() < LEASE_MARGIN_MS) throw new Error("the send lease is about to lapse");
    logged = await logSend(db, head.chatId, new Date());
  } catch (error) {
    // The database away, or the lease not surely this process's: nothing goes out that could
    // not be recorded, or that another sender may send too. The slot is not used.
    limiter.cancel(ticket);
    log.warn({ err: error, chat: String(head.chatId) }, "message put back unsent");
    return putBack();
  }
  // Held up by that write: a fresh place, and a fresh log line (the first one was too early),
  // written beside the call, not before it: nothing may come between the place and the call.
  if (await limiter.confirm(ticket)) {
    logSend(db, head.chatId, new Date()).catch((error: unknown) => log.warn({ err: error, chat: String(head.chatId) }, "send not logged again"));
  }
  let messageId: number;
  try {
    messageId = (await sendRow(sender.api, message)).message_id;
  } catch (error) {
    // Telegram answered no: that attempt counts for no limit a successor seeds from the log.
    if (error instanceof GrammyError) forgetSend(db, logged).catch(() => undefined);
    return handleSendError(sender, head, rows, ticket, error, signal);
  }
  limiter.sent(ticket);
  // Telegram has the message: that must be written down, or it would be sent again. With the
  // database away, this process keeps trying (the rows stay claimed by it meanwhile).
  await settle(sender, "record as sent", () => markSent(db, rows, messageId, sender.clock.now()));
  for (const row of rows) sendLatency.observe(Math.max(0, sender.clock.now().getTime() - row.createdAt.getTime()) / 1000);
  return "sent";
}

/**
 * The head's turn came: the chat's other waiting answers of a batch are claimed to go with it
 * (rows grows by them), what would not fit is handed back. Returns the message to send.
 */
async function gatherBatch(sender: Sender, head: OutboxMessage, rows: OutboxMessage[], signal: AbortSignal): Promise<OutboxMessage> {
  if (!head.batch || head.kind !== "text" || head.replyMarkup) return head;
  let waiting: OutboxMessage[] = [];
  try {
    waiting = await withClaimLock(sender, async () => {
      const claimed = await claimBatch(sender.db, head, sender.clock.now(), sender.holder);
      for (const row of claimed) inHand(sender).rows.add(row.id);
      return claimed;
    });
  } catch (error) {
    // The database away: the head goes alone (its own rows are claimed already).
    sender.log.warn({ err: error, chat: String(head.chatId) }, "waiting answers not gathered; sending one");
  }
  if (waiting.length === 0) return head;
  let merged = mergeAnswers([head, ...waiting]);
  // The head always goes: it holds the chat's turn.
  if (merged.leftOver.some((r) => r.id === head.id)) merged = { parts: [head], leftOver: waiting, text: head.text, replyTo: head.replyTo, forceReply: head.forceReply };
  rows.splice(0, rows.length, ...merged.parts);
  if (merged.leftOver.length) {
    await settle(sender, "put back", () => releaseClaims(sender.db, sender.holder, merged.leftOver), signal);
    for (const row of merged.leftOver) inHand(sender).rows.delete(row.id);
  }
  return { ...head, text: merged.text, replyTo: merged.replyTo, forceReply: merged.forceReply };
}

/**
 * Writes what became of claimed rows, trying while the database is away (it is, only for a
 * while): until then they stay this process's, in hand. Given up on an error that is not the
 * database being away, or when the process is stopping and it still does not answer: the rows
 * stay claimed, and this process (or its next life) takes them back.
 */
async function settle(sender: Sender, what: string, write: () => Promise<unknown>, signal?: AbortSignal): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (!isTransientDbError(error) || (signal?.aborted && attempt >= 20)) {
        sender.log.error({ err: error, what }, "outbox not updated; the message is taken back later");
        return;
      }
      if (attempt % 10 === 0) sender.log.warn({ err: error, what, attempt }, "outbox not updated yet; trying again");
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * 2 ** attempt)));
    }
  }
}

/** A failure the next try may not have: Telegram's 5xx, or the network (not an answer that is no JSON at all). */
function isTransient(error: unknown): boolean {
  if (error instanceof GrammyError) return error.error_code >= 500;
  return error instanceof HttpError && !(error.error instanceof SyntaxError);
}

async function handleSendError(sender: Sender, head: OutboxMessage, rows: OutboxMessage[], ticket: SendTicket, error: unknown, signal: AbortSignal): Promise<keyof DeliveryResult> {
  const { db, limiter, clock, log, holder } = sender;
  const chat = String(head.chatId);
  const write = (what: string, work: () => Promise<unknown>) => settle(sender, what, work, signal);
  // Telegram answered: it did not take the message, which uses up none of the group's minute.
  // A network failure may have reached it: that attempt counts.
  if (error instanceof GrammyError) limiter.refused(ticket);
  else limiter.sent(ticket);
  const detail = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error);
  if (error instanceof GrammyError) {
    const movedTo = error.parameters.migrate_to_chat_id;
    if (movedTo !== undefined) {
      // The group became a supergroup while nobody was looking: follow it and send there.
      await write("follow the group", () => migrateChat(db, head.chatId, BigInt(movedTo)));
      log.info({ from: chat, to: movedTo }, "group became a supergroup; sending there");
      let moved = false;
      await write("follow the group", async () => (moved = await moveChat(db, holder, rows, BigInt(movedTo))));
      return moved ? "deferred" : "failed";
    }
    if (error.error_code === 429) {
      // Telegram says when: nothing goes to this chat before then, and it goes then.
      const seconds = error.parameters.retry_after ?? 5;
      limiter.holdOff(head.chatId, seconds);
      sender.wakeAt = Math.min(sender.wakeAt ?? Infinity, Date.now() + seconds * 1000);
      await write("put off", () => markRetry(db, holder, rows, new Date(clock.now().getTime() + seconds * 1000), error.description));
      return "deferred";
    }
    if (error.error_code === 403 || (error.error_code === 400 && /chat not found/i.test(error.description))) {
      // Removed from the chat: mark it inactive (the digest tells the admins) and carry on.
      log.warn({ chat, description: error.description }, "chat unreachable; marked inactive");
      await write("mark failed", () => markFailed(db, holder, rows, error.description));
      await write("mark the chat inactive", () => failChat(db, head.chatId, "chat unreachable"));
      return "failed";
    }
    if (error.error_code === 400 && rows.some((r) => r.replyTo !== null) && /message to be replied not found/i.test(error.description)) {
      await write("put back", () => releaseClaims(db, holder, rows, { noReply: true }));
      return "deferred";
    }
    // Refused (4xx): trying again would get the same answer.
    if (error.error_code < 500) return setAside(sender, head, rows, error.description, signal);
  }
  // Neither Telegram busy nor the network (an answer that is no JSON, a bug): tried a few times,
  // then set aside, so the chat's next messages go on. Merged answers are tried one by one first.
  if (!isTransient(error) && (head.attempts >= MAX_ODD_TRIES || rows.length > 1)) return setAside(sender, head, rows, detail, signal);
  // 5xx and network trouble: tried again with backoff, for as long as the message matters.
  const backoff = isTransient(error) ? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(Math.max(0, head.attempts - 1), 5)) : 1000 * Math.max(1, head.attempts);
  log.warn({ chat, detail, retryInMs: backoff }, "send failed; will try again");
  sender.wakeAt = Math.min(sender.wakeAt ?? Infinity, Date.now() + backoff);
  await write("put off", () => markRetry(db, holder, rows, new Date(clock.now().getTime() + backoff), detail));
  return "deferred";
}

/**
 * A message Telegram will not take: merged answers go out one by one instead (so one bad answer
 * fails alone), a picture or file becomes its caption with a line saying so, a text is failed.
 */
async function setAside(sender: Sender, head: OutboxMessage, rows: OutboxMessage[], why: string, signal: AbortSignal): Promise<keyof DeliveryResult> {
  const { db, log, holder } = sender;
  const write = (what: string, work: () => Promise<unknown>) => settle(sender, what, work, signal);
  if (rows.length > 1) {
    await write("put back", () => releaseClaims(db, holder, rows, { alone: true }));
    return "deferred";
  }
  if (head.kind !== "text") {
    const note = messages(detectLanguage(head.text) ?? DEFAULT_LANGUAGE).attachmentNotSent;
    log.warn({ chat: String(head.chatId), kind: head.kind, why }, "attachment refused; sending its caption as text");
    await write("send as text", () => sendAsText(db, holder, head, head.text ? `${head.text}\n${note}` : note, why));
    return "deferred";
  }
  log.warn({ chat: String(head.chatId), why }, "message refused; set aside");
  await write("mark failed", () => markFailed(db, holder, rows, why));
  return "failed";
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
