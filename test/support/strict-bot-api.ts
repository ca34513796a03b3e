/**
 * A stricter fake Telegram Bot API for fault tests, beside src/devtools/fake-bot-api.ts (which
 * the demo and the other tests keep using unchanged). What it adds:
 *
 *  - Updates stay until confirmed, as on Telegram: getUpdates(offset) forgets only updates with
 *    update_id < offset, so a bot that dies after fetching and before confirming gets them again.
 *    A second getUpdates while one is held ends the first with 409, as Telegram does.
 *  - Telegram's sending limits, enforced on every send* call: 30 a second overall, 20 a minute
 *    into one group (negative chat id), about 1 a second into one chat (a token bucket with a
 *    small burst). A send over a limit is not delivered; it is answered 429 with retry_after and
 *    counted in `violations`. So is a send into a chat still inside a retry_after it was given.
 *    A group's minute counts the messages delivered into it; every attempt counts for the rest.
 *  - Faults on demand, deterministic for a seed: a fraction of sends answered 429 or 5xx (not
 *    delivered), a fraction delivered but answered 502 (the reply was lost), a fraction of updates
 *    delivered twice (same update_id).
 *  - Webhook mode: setWebhook/deleteWebhook/getWebhookInfo; updates are POSTed one by one to the
 *    URL with X-Telegram-Bot-Api-Secret-Token, retried until answered 2xx; a method in the
 *    webhook's answer body is executed like a call.
 *  - Every delivered message recorded (chat, text, reply_to, time) for "every report answered
 *    exactly once" assertions.
 *
 * Time comes from an injectable clock (ms): limits and records use it, so a unit test can step
 * time instead of waiting. Only long polling and webhook retry pauses use real timers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Chat, Message, Update, User } from "grammy/types";
import { readParams } from "#src/devtools/fake-bot-api.js";

export interface Clock {
  now(): number;
}

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private ms = Date.parse("2026-07-01T02:00:00Z")) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

export interface StrictSentMessage {
  method: string;
  chatId: number;
  messageId: number;
  text: string;
  replyTo: number | null;
  forceReply: boolean;
  /** Clock time it was delivered (ms). */
  at: number;
}

/** A report whose answer is looked for: its chat and message, and what its confirmation says. */
export interface ReportAnswered {
  chatId: number;
  messageId: number;
  line?: string;
}

export type LimitRule = "overall" | "group" | "chat" | "early-retry";

export interface Violation {
  rule: LimitRule;
  method: string;
  chatId: number;
  at: number;
  retryAfter: number;
}

export interface InjectedFault {
  method: string;
  chatId: number;
  status: number;
  /** true: the message was delivered, only the answer was lost (a 502 after delivery). */
  delivered: boolean;
  at: number;
}

export interface StrictLimits {
  /** Sends a second, all chats together. */
  perSecond: number;
  /** Sends a minute into one group (chat id < 0). */
  perGroupPerMinute: number;
  /** Sends a second into one chat, on average. */
  perChatPerSecond: number;
  /** Sends one chat may take at once before the per-chat rate applies. */
  chatBurst: number;
}

export const TELEGRAM_LIMITS: StrictLimits = { perSecond: 30, perGroupPerMinute: 20, perChatPerSecond: 1, chatBurst: 3 };

export interface StrictFaults {
  /** Seed of every random decision. */
  seed?: number;
  /** Fraction of sends answered 429 (not delivered). */
  rate429?: number;
  /** retry_after of an injected 429, seconds: one figure, or a range [min, max] drawn per 429. */
  retryAfter?: number | [number, number];
  /** Real ms each send is held before it is delivered and answered; a sender gone meanwhile delivers nothing. */
  answerDelayMs?: number;
  /** Fraction of sends answered 500/502 (not delivered). */
  rate5xx?: number;
  /** Fraction of sends delivered but answered 502, as when Telegram's answer is lost on the way. */
  rateLostAnswer?: number;
  /** Fraction of updates delivered a second time (same update_id), after the first was confirmed. */
  redeliver?: number;
}

export interface StrictBotApiOptions {
  bot?: User;
  clock?: Clock;
  limits?: Partial<StrictLimits>;
  faults?: StrictFaults;
  /** Longest a getUpdates call is held open, real ms, whatever timeout the bot asks for. */
  maxPollMs?: number;
  /** Pause before a webhook delivery is retried, real ms. */
  webhookRetryMs?: number;
}

interface WebhookState {
  url: string;
  secretToken: string | null;
  maxConnections: number;
  allowedUpdates: string[];
  lastErrorDate: number | null;
  lastErrorMessage: string | null;
}

/** A number in [0, 1) from a seed and a key: the same key always draws the same number. */
export function draw(seed: number, key: string): number {
  // FNV-1a over the key, then a mulberry32 step seeded with it.
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

type Reply = { status: number; body: unknown };

/** Methods that put a message into a chat and so count against the limits. */
const SEND_METHODS = new Set([
  "sendMessage", "sendPhoto", "sendDocument", "sendAudio", "sendVideo", "sendAnimation", "sendVoice",
  "sendVideoNote", "sendMediaGroup", "sendLocation", "sendVenue", "sendContact", "sendPoll", "sendDice",
  "sendSticker", "copyMessage", "forwardMessage",
]);

class ApiError extends Error {
  constructor(readonly status: number, description: string, readonly parameters?: object) {
    super(description);
  }
}

export class StrictBotApi {
  readonly botUser: User;
  readonly clock: Clock;
  readonly limits: StrictLimits;
  readonly faults: Required<StrictFaults>;
  readonly sent: StrictSentMessage[] = [];
  readonly violations: Violation[] = [];
  readonly injected: InjectedFault[] = [];
  readonly calls: { method: string; params: Record<string, unknown>; at: number }[] = [];
  /** update_ids delivered a second time on purpose. */
  readonly redelivered: number[] = [];
  /** getUpdates calls ended with 409 because another one came in. */
  conflicts = 0;
  chats = new Map<number, Chat>();
  apiRoot = "";

  private server: Server;
  private pending: Update[] = [];
  private redeliverQueue: Update[] = [];
  private nextUpdateId = 1;
  private confirmedBelow = 0;
  private nextMessageId = new Map<number, number>();
  private overall: number[] = [];
  private groups = new Map<number, number[]>();
  private buckets = new Map<number, { tokens: number; at: number }>();
  private blockedUntil = new Map<number, number>();
  private attempts = new Map<string, number>();
  private heldPoll: { end: (reply: Reply) => void } | null = null;
  private pollWaiters: (() => void)[] = [];
  private eventWaiters: (() => void)[] = [];
  private webhook: WebhookState | null = null;
  private webhookLoop: Promise<void> | null = null;
  private webhookWake: (() => void) | null = null;
  private stopped = false;
  private readonly stopping = new AbortController();
  private readonly maxPollMs: number;
  private readonly webhookRetryMs: number;

  constructor(options: StrictBotApiOptions = {}) {
    this.botUser = options.bot ?? { id: 7000001, is_bot: true, first_name: "Duban", username: "duban_test_bot" };
    this.clock = options.clock ?? { now: () => Date.now() };
    this.limits = { ...TELEGRAM_LIMITS, ...options.limits };
    this.faults = { seed: 1, rate429: 0, retryAfter: 1, rate5xx: 0, rateLostAnswer: 0, redeliver: 0, answerDelayMs: 0, ...options.faults };
    this.maxPollMs = options.maxPollMs ?? 500;
    this.webhookRetryMs = options.webhookRetryMs ?? 50;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    this.apiRoot = `http://127.0.0.1:${port}`;
    return this.apiRoot;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wakePollers();
    this.webhookWake?.();
    await this.webhookLoop;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- updates -------------------------------------------------------------------------------

  /** Queues an update; its update_id is the next one unless given. */
  inject(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId } as Update;
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id + 1);
    this.pending.push(full);
    this.pending.sort((a, b) => a.update_id - b.update_id);
    this.wakePollers();
    this.webhookWake?.();
    return full;
  }

  /** Same as inject (the name the older fake uses). */
  push(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    return this.inject(update);
  }

  /** Updates Telegram still holds: not yet confirmed by a later offset or a webhook 2xx. */
  get unconfirmed(): Update[] {
    return [...this.pending];
  }

  /** Lowest update_id not yet confirmed (every update below it is gone from Telegram). */
  get confirmedOffset(): number {
    return this.confirmedBelow;
  }

  private confirmBelow(offset: number): void {
    if (offset <= this.confirmedBelow) return;
    this.confirmedBelow = offset;
    const [gone, kept] = partition(this.pending, (u) => u.update_id < offset);
    this.pending = kept;
    for (const update of gone) this.maybeRedeliver(update);
    this.notify();
  }

  private maybeRedeliver(update: Update): void {
    if (this.redelivered.includes(update.update_id)) return;
    if (draw(this.faults.seed, `redeliver:${update.update_id}`) < this.faults.redeliver) {
      this.redelivered.push(update.update_id);
      this.redeliverQueue.push(update);
    }
  }

  private async getUpdates(params: Record<string, unknown>, req: IncomingMessage): Promise<Reply> {
    if (this.webhook) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    if (this.heldPoll) {
      this.conflicts++;
      this.heldPoll.end(failure(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
      this.heldPoll = null;
    }
    const offset = params.offset === undefined ? 0 : Number(params.offset);
    if (offset < 0) {
      const keep = this.pending.slice(offset);
      const first = keep[0];
      if (first) this.confirmBelow(first.update_id);
    } else {
      this.confirmBelow(offset);
    }
    const limit = Math.min(Math.max(Number(params.limit ?? 100), 1), 100);
    const ready = () => this.redeliverQueue.length + this.pending.length > 0;
    if (!ready()) {
      const waitMs = Math.min(Number(params.timeout ?? 0) * 1000, this.maxPollMs);
      const ended = await new Promise<Reply | null>((resolve) => {
        let done = false;
        const finish = (reply: Reply | null) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          if (this.heldPoll === held) this.heldPoll = null;
          resolve(reply);
        };
        const timer = setTimeout(() => finish(null), waitMs);
        const held = { end: (reply: Reply) => finish(reply) };
        this.heldPoll = held;
        this.pollWaiters.push(() => finish(null));
        req.once("close", () => finish(null));
      });
      if (ended) return ended;
    }
    const again = this.redeliverQueue.splice(0, limit);
    const result = [...again, ...this.pending.slice(0, limit - again.length)];
    return { status: 200, body: { ok: true, result } };
  }

  private wakePollers(): void {
    for (const wake of this.pollWaiters.splice(0)) wake();
  }

  // ---- webhook -------------------------------------------------------------------------------

  get webhookInfo(): WebhookState | null {
    return this.webhook ? { ...this.webhook } : null;
  }

  private setWebhook(params: Record<string, unknown>): true {
    const url = String(params.url ?? "");
    if (url === "") return this.deleteWebhook(params);
    if (!/^https?:\/\//.test(url)) throw new ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
    const secret = params.secret_token === undefined ? null : String(params.secret_token);
    if (secret !== null && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new ApiError(400, "Bad Request: secret token contains unallowed characters");
    if (params.drop_pending_updates === true || params.drop_pending_updates === "true") this.dropPending();
    const allowed = params.allowed_updates;
    this.webhook = {
      url,
      secretToken: secret,
      maxConnections: Number(params.max_connections ?? 40),
      allowedUpdates: Array.isArray(allowed) ? allowed.map(String) : [],
      lastErrorDate: null,
      lastErrorMessage: null,
    };
    this.wakePollers();
    this.webhookLoop ??= this.deliverLoop();
    this.webhookWake?.();
    return true;
  }

  private deleteWebhook(params: Record<string, unknown>): true {
    if (params.drop_pending_updates === true || params.drop_pending_updates === "true") this.dropPending();
    this.webhook = null;
    this.webhookWake?.();
    return true;
  }

  private dropPending(): void {
    const last = this.pending.at(-1);
    if (last) this.confirmBelow(last.update_id + 1);
    this.redeliverQueue = [];
  }

  private getWebhookInfo(): object {
    const hook = this.webhook;
    return {
      url: hook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.pending.length + this.redeliverQueue.length,
      ...(hook ? { max_connections: hook.maxConnections } : {}),
      ...(hook?.allowedUpdates.length ? { allowed_updates: hook.allowedUpdates } : {}),
      ...(hook?.lastErrorDate ? { last_error_date: Math.floor(hook.lastErrorDate / 1000), last_error_message: hook.lastErrorMessage } : {}),
    };
  }

  /** POSTs updates one at a time, in order, retrying each until its answer is 2xx. */
  private async deliverLoop(): Promise<void> {
    while (!this.stopped) {
      const hook = this.webhook;
      const update = this.redeliverQueue[0] ?? this.pending[0];
      if (!hook || !update) {
        await new Promise<void>((resolve) => (this.webhookWake = resolve));
        this.webhookWake = null;
        continue;
      }
      const outcome = await this.post(hook, update);
      if (outcome === null) {
        if (this.redeliverQueue[0] === update) this.redeliverQueue.shift();
        else this.confirmBelow(update.update_id + 1);
      } else {
        hook.lastErrorDate = this.clock.now();
        hook.lastErrorMessage = outcome;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.webhookRetryMs);
          this.webhookWake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.webhookWake = null;
      }
    }
  }

  /** null when delivered; else the error Telegram would show in getWebhookInfo. */
  private async post(hook: WebhookState, update: Update): Promise<string | null> {
    try {
      const response = await fetch(hook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(hook.secretToken !== null ? { "x-telegram-bot-api-secret-token": hook.secretToken } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.any([AbortSignal.timeout(10_000), this.stopping.signal]),
      });
      const text = await response.text();
      if (response.status < 200 || response.status > 299) return `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      await this.runWebhookAnswer(text);
      return null;
    } catch (error) {
      return `Connection failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** A webhook may answer with one method call in its body; Telegram runs it, without telling anyone how it went. */
  private async runWebhookAnswer(text: string): Promise<void> {
    if (!text) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof body !== "object" || body === null || !("method" in body)) return;
    const params = body as Record<string, unknown>;
    await this.call(String(params.method), params);
  }

  // ---- sending -------------------------------------------------------------------------------

  private holding: ((drop: () => void) => void) | null = null;

  /**
   * Holds the next send request unanswered and undelivered, and resolves once it arrived: the
   * moment a sender is in the middle of a Bot API call, to kill it there. The held request is
   * dropped (never delivered) when the returned function is called.
   */
  holdNextSend(): Promise<() => void> {
    return new Promise((arrived) => {
      this.holding = (drop) => arrived(drop);
    });
  }

  /** Messages delivered into one chat. */
  sentTo(chatId: number): StrictSentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** Messages delivered as replies to one message. */
  repliesTo(chatId: number, messageId: number): StrictSentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId && m.replyTo === messageId);
  }

  /**
   * For "every report answered exactly once": which of these messages got no answer, and which
   * got more than one. A message is answered by a reply to it, or, when the report says what its
   * confirmation's `line` is, by any later message into its chat that carries that line (several
   * answers merged into one message reply to the latest report only).
   */
  answers(messages: ReportAnswered[]): {
    missing: ReportAnswered[];
    doubled: (ReportAnswered & { count: number })[];
  } {
    const missing: ReportAnswered[] = [];
    const doubled: (ReportAnswered & { count: number })[] = [];
    for (const m of messages) {
      const count = this.answersTo(m).length;
      if (count === 0) missing.push(m);
      if (count > 1) doubled.push({ ...m, count });
    }
    return { missing, doubled };
  }

  /** The messages that answer one report (see answers()). */
  answersTo(report: ReportAnswered): StrictSentMessage[] {
    return this.sentTo(report.chatId).filter((s) => s.replyTo === report.messageId || (report.line !== undefined && s.text.includes(report.line)));
  }

  /** Waits (on events, up to timeoutMs real ms) until the predicate holds. */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000, what = "the bot"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${what}; it sent:\n${this.sent.map((m) => `[${m.chatId}] ${m.text}`).join("\n")}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.eventWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    for (const wake of this.eventWaiters.splice(0)) wake();
  }

  /**
   * Runs a send through the limits and the faults; returns the message delivered. With an answer
   * delay, the send counts when it arrives and is delivered when it is answered, if the sender
   * is still there.
   */
  private async send(method: string, params: Record<string, unknown>, req?: IncomingMessage): Promise<Message> {
    const chatId = Number(params.chat_id);
    if (!Number.isFinite(chatId) || params.chat_id === undefined) throw new ApiError(400, "Bad Request: chat_id is empty");
    const text = String(params.text ?? params.caption ?? "");
    if (method === "sendMessage" && (text.length === 0 || text.length > 4096)) {
      throw new ApiError(400, `Bad Request: message text is ${text.length === 0 ? "empty" : "too long"}`);
    }
    const now = this.clock.now();
    const counted = this.checkLimits(method, chatId, now);

    const key = `${method}:${chatId}:${text}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const roll = draw(this.faults.seed, `${key}#${attempt}`);
    const { rate429, rate5xx, rateLostAnswer } = this.faults;
    if (roll < rate429) {
      const range = this.faults.retryAfter;
      const seconds = typeof range === "number" ? range : range[0] + Math.floor(draw(this.faults.seed, `retry:${key}#${attempt}`) * (range[1] - range[0] + 1));
      this.injected.push({ method, chatId, status: 429, delivered: false, at: now });
      this.blockedUntil.set(chatId, now + seconds * 1000);
      throw tooMany(seconds);
    }
    if (roll < rate429 + rate5xx) {
      const status = attempt % 2 === 0 ? 502 : 500;
      this.injected.push({ method, chatId, status, delivered: false, at: now });
      throw new ApiError(status, status === 502 ? "Bad Gateway" : "Internal Server Error");
    }
    if (this.faults.answerDelayMs > 0 && req && (await this.senderLeft(req))) throw new ApiError(500, "Internal Server Error: the sender went away");
    const message = this.deliver(method, chatId, text, params, this.clock.now());
    counted.delivered();
    if (roll < rate429 + rate5xx + rateLostAnswer) {
      this.injected.push({ method, chatId, status: 502, delivered: true, at: now });
      throw new ApiError(502, "Bad Gateway");
    }
    return message;
  }

  /** Checks the limits, counts the attempt, and says how to count it as delivered into its group. */
  /** Holds a send for the answer delay; true when the sender's connection closed meanwhile (it was killed). */
  private senderLeft(req: IncomingMessage): Promise<boolean> {
    const socket = req.socket;
    return new Promise<boolean>((resolve) => {
      const closed = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        socket.off("close", closed);
        resolve(false);
      }, this.faults.answerDelayMs);
      socket.once("close", closed);
    });
  }

  private checkLimits(method: string, chatId: number, now: number): { delivered(): void } {
    const violate = (rule: LimitRule, retryAfter: number): never => {
      const seconds = Math.max(1, Math.ceil(retryAfter));
      this.violations.push({ rule, method, chatId, at: now, retryAfter: seconds });
      if (rule !== "early-retry") this.blockedUntil.set(chatId, Math.max(this.blockedUntil.get(chatId) ?? 0, now + seconds * 1000));
      this.notify();
      throw tooMany(seconds);
    };
    const blocked = this.blockedUntil.get(chatId) ?? 0;
    if (now < blocked) violate("early-retry", (blocked - now) / 1000);

    this.overall = this.overall.filter((t) => t > now - 1000);
    const oldest = this.overall[0];
    if (this.overall.length >= this.limits.perSecond && oldest !== undefined) violate("overall", (oldest + 1000 - now) / 1000);

    let group: number[] = [];
    if (chatId < 0) {
      group = (this.groups.get(chatId) ?? []).filter((t) => t > now - 60_000);
      this.groups.set(chatId, group);
      const first = group[0];
      if (group.length >= this.limits.perGroupPerMinute && first !== undefined) violate("group", (first + 60_000 - now) / 1000);
    }

    const rate = this.limits.perChatPerSecond / 1000;
    const bucket = this.buckets.get(chatId) ?? { tokens: this.limits.chatBurst, at: now };
    bucket.tokens = Math.min(this.limits.chatBurst, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(chatId, bucket);
    if (bucket.tokens < 1) violate("chat", (1 - bucket.tokens) / rate / 1000);

    // Within every limit: the attempt counts against the overall second and the chat's pace,
    // whether or not a fault is injected next; a group's minute counts what was delivered.
    bucket.tokens -= 1;
    this.overall.push(now);
    return { delivered: () => void (chatId < 0 && group.push(now)) };
  }

  private deliver(method: string, chatId: number, text: string, params: Record<string, unknown>, now: number): Message {
    const messageId = (this.nextMessageId.get(chatId) ?? 100000) + 1;
    this.nextMessageId.set(chatId, messageId);
    const replyParameters = params.reply_parameters as { message_id?: unknown } | undefined;
    const replyTo = replyParameters?.message_id ?? params.reply_to_message_id;
    const markup = params.reply_markup as { force_reply?: boolean } | undefined;
    this.sent.push({
      method,
      chatId,
      messageId,
      text,
      replyTo: replyTo === undefined ? null : Number(replyTo),
      forceReply: markup?.force_reply === true,
      at: now,
    });
    this.notify();
    const chat = this.chats.get(chatId) ?? ({ id: chatId, type: chatId < 0 ? "supergroup" : "private", title: "chat" } as Chat);
    return { message_id: messageId, date: Math.floor(now / 1000), chat, from: this.botUser, text } as Message.TextMessage;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  /** One Bot API call, as over HTTP. */
  async call(method: string, params: Record<string, unknown>, req?: IncomingMessage): Promise<Reply> {
    this.calls.push({ method, params, at: this.clock.now() });
    try {
      switch (method) {
        case "getMe":
          return ok(this.botUser);
        case "getUpdates":
          if (!req) throw new ApiError(400, "Bad Request: getUpdates over HTTP only");
          return await this.getUpdates(params, req);
        case "setWebhook":
          return ok(this.setWebhook(params));
        case "deleteWebhook":
          return ok(this.deleteWebhook(params));
        case "getWebhookInfo":
          return ok(this.getWebhookInfo());
        default:
          if (SEND_METHODS.has(method)) {
            if (this.holding) {
              // Held: neither delivered nor answered until released (the sender died meanwhile).
              const release = this.holding;
              this.holding = null;
              await new Promise<void>((resolve) => release(resolve));
              throw new ApiError(500, "Internal Server Error: held send dropped");
            }
            return ok(await this.send(method, params, req));
          }
          return ok(true);
      }
    } catch (error) {
      if (error instanceof ApiError) return failure(error.status, error.message, error.parameters);
      throw error;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
    const method = match?.[2];
    const reply = method ? await this.call(method, await readParams(req), req) : failure(404, "Not Found");
    if (res.destroyed) return;
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(JSON.stringify(reply.body));
  }
}

function ok(result: unknown): Reply {
  return { status: 200, body: { ok: true, result } };
}

function failure(status: number, description: string, parameters?: object): Reply {
  return { status, body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) } };
}

function tooMany(retryAfter: number): ApiError {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
