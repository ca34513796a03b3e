/** Telegram's limits for one bot: about 30 messages a second overall, 20 a minute into one group, 1 a second into one chat. */
export interface TelegramLimits {
  perSecond: number;
  perGroupPerMinute: number;
  perChatIntervalMs: number;
  /** Kept on top of the per-chat and per-group limits: timers and the claim before a send add jitter. */
  chatMarginMs: number;
  /** Kept between any two sends on top of 1/perSecond. */
  globalMarginMs: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  perSecond: 30,
  perGroupPerMinute: 20,
  perChatIntervalMs: 1000,
  chatMarginMs: 50,
  globalMarginMs: 1,
};

/** No limits at all: for the demo's in-process fake Bot API, where nothing is rate-limited. */
export const NO_LIMITS: TelegramLimits = { perSecond: Infinity, perGroupPerMinute: Infinity, perChatIntervalMs: 0, chatMarginMs: 0, globalMarginMs: 0 };

export type Sleep = (ms: number) => Promise<void>;

/**
 * Kept between real sends on top of the overall window: a call counted as started may reach
 * Telegram a little later (a busy event loop, a slow socket write), so 30 starts are kept a
 * tenth of a second over the second apart (the fault benches saw 1-2 violations at 20 ms).
 */
const STARTS_MARGIN_MS = 100;
/** A call going out this long after its counted start still counts as starting then. */
const START_SLACK_MS = 10;
/** How much later than its log line another process's send may have reached Telegram. */
const LOGGED_SEND_MARGIN_MS = 250;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A send given up before its call went out: the process is stopping. */
export class SendCancelled extends Error {
  constructor() {
    super("stopping: the send was not made");
    this.name = "SendCancelled";
  }
}

/** A reserved send slot; hand it back with sent() once the message went out. */
export interface SendTicket {
  key: string;
  isGroup: boolean;
  at: number;
  /** When the limiter counted this send as started (acquire(), or confirm() after a delay). */
  startedAt?: number;
  /** The chat's previous start, put back if this start is moved. */
  previousChatStart?: number | undefined;
}

/**
 * Hands out send slots that keep all three limits at once. Each call reserves the earliest slot
 * that satisfies them and then waits for it, so callers on many chats can ask concurrently.
 * When a send went out later than its slot (a slow claim, a retry after a 429), sent() moves
 * the chat's next slot on from the real time.
 */
export class SendLimiter {
  private nextGlobal = 0;
  private nextByChat = new Map<string, number>();
  private groupWindows = new Map<string, number[]>();

  constructor(
    private readonly limits: TelegramLimits = TELEGRAM_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Reserves the earliest allowed moment for a message to this chat. */
  reserve(chatId: bigint | number, isGroup: boolean): SendTicket {
    const key = String(chatId);
    const { perSecond, perGroupPerMinute, perChatIntervalMs, chatMarginMs, globalMarginMs } = this.limits;
    let at = Math.max(this.now(), this.nextGlobal, this.nextByChat.get(key) ?? 0);
    if (isGroup && Number.isFinite(perGroupPerMinute)) {
      const window = (this.groupWindows.get(key) ?? []).filter((t) => t > at - 60_000 - chatMarginMs);
      if (window.length >= perGroupPerMinute) at = Math.max(at, window[window.length - perGroupPerMinute]! + 60_000 + chatMarginMs);
      window.push(at);
      this.groupWindows.set(key, window);
    }
    if (Number.isFinite(perSecond)) this.nextGlobal = at + 1000 / perSecond + globalMarginMs;
    this.nextByChat.set(key, at + perChatIntervalMs + chatMarginMs);
    return { key, isGroup, at };
  }

  /**
   * Waits for this chat's next slot, then checks the plan against what really went out: a busy
   * process can send late, and a late send followed by an on-time one would otherwise put 31
   * sends into one second. The check and the record of this start happen without a pause
   * between them, so concurrent callers never both take the last place in a window.
   */
  async acquire(chatId: bigint | number, isGroup: boolean, signal?: AbortSignal): Promise<SendTicket> {
    const ticket = this.reserve(chatId, isGroup);
    const wait = ticket.at - this.now();
    if (wait > 0) await this.pause(wait, signal);
    for (;;) {
      const now = this.now();
      const ready = this.earliestByStarts(ticket.key, isGroup, now);
      if (ready <= now) break;
      await this.pause(ready - now, signal);
    }
    this.startAt(ticket, this.now());
    return ticket;
  }

  /**
   * Just before the call goes out: when something came between acquire() and the call (the
   * send log's write, slow while the database restarts), the start counted then is moved to
   * now, waiting first if now would break a limit. Without this, sends held up together by the
   * database would all go out the moment it is back. True when the start moved.
   */
  async confirm(ticket: SendTicket): Promise<boolean> {
    if (ticket.startedAt === undefined || this.now() - ticket.startedAt <= START_SLACK_MS) return false;
    this.forgetStart(ticket, ticket.startedAt);
    for (;;) {
      const now = this.now();
      const ready = this.earliestByStarts(ticket.key, ticket.isGroup, now);
      if (ready <= now) break;
      await this.sleep(ready - now);
    }
    this.startAt(ticket, this.now());
    return true;
  }

  /** Sleeps, or throws SendCancelled as soon as the signal says the process is stopping. */
  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (!signal) return this.sleep(ms);
    if (signal.aborted) throw new SendCancelled();
    let onAbort = () => undefined as void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new SendCancelled());
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  private startAt(ticket: SendTicket, at: number): void {
    ticket.previousChatStart = this.lastStartByChat.get(ticket.key);
    ticket.startedAt = at;
    this.recordStart(ticket.key, ticket.isGroup, at);
  }

  private forgetStart(ticket: SendTicket, at: number): void {
    const removeOne = (list: number[] | undefined) => {
      const index = list?.lastIndexOf(at) ?? -1;
      if (list && index >= 0) list.splice(index, 1);
    };
    removeOne(this.startsOverall);
    removeOne(this.startsByGroup.get(ticket.key));
    if (this.lastStartByChat.get(ticket.key) === at) {
      if (ticket.previousChatStart === undefined) this.lastStartByChat.delete(ticket.key);
      else this.lastStartByChat.set(ticket.key, ticket.previousChatStart);
    }
  }

  // Starts of real sends: the last second overall, the last minute per group, the last per chat.
  private startsOverall: number[] = [];
  private startsByGroup = new Map<string, number[]>();
  private lastStartByChat = new Map<string, number>();

  private earliestByStarts(key: string, isGroup: boolean, now: number): number {
    const { perSecond, perGroupPerMinute, perChatIntervalMs, chatMarginMs } = this.limits;
    let ready = (this.lastStartByChat.get(key) ?? -Infinity) + perChatIntervalMs;
    this.startsOverall = this.startsOverall.filter((t) => t > now - 1000 - STARTS_MARGIN_MS);
    if (Number.isFinite(perSecond) && this.startsOverall.length >= perSecond) {
      ready = Math.max(ready, (this.startsOverall[this.startsOverall.length - perSecond] ?? 0) + 1000 + STARTS_MARGIN_MS);
    }
    if (isGroup && Number.isFinite(perGroupPerMinute)) {
      const starts = (this.startsByGroup.get(key) ?? []).filter((t) => t > now - 60_000 - chatMarginMs);
      this.startsByGroup.set(key, starts);
      if (starts.length >= perGroupPerMinute) ready = Math.max(ready, (starts[starts.length - perGroupPerMinute] ?? 0) + 60_000 + chatMarginMs);
    }
    return ready;
  }

  private recordStart(key: string, isGroup: boolean, at: number): void {
    this.startsOverall.push(at);
    if (isGroup) this.startsByGroup.set(key, [...(this.startsByGroup.get(key) ?? []), at]);
    this.lastStartByChat.set(key, at);
  }

  /** The message of this slot went out now: later slots for its chat count from here. */
  sent(ticket: SendTicket): void {
    const at = this.now();
    if (at <= ticket.at) return;
    const { perChatIntervalMs, chatMarginMs } = this.limits;
    this.nextByChat.set(ticket.key, Math.max(this.nextByChat.get(ticket.key) ?? 0, at + perChatIntervalMs + chatMarginMs));
    const window = this.groupWindows.get(ticket.key);
    const index = window?.indexOf(ticket.at) ?? -1;
    if (window && index >= 0) {
      window[index] = at;
      window.sort((a, b) => a - b);
    }
  }

  /**
   * Telegram answered this send with a refusal (a 429, a 4xx, a 5xx): it did not take the
   * message, so it uses up none of its group's minute. It still counts for the overall second
   * and the chat's own pace.
   */
  refused(ticket: SendTicket): void {
    this.forgetReservation(ticket);
    const starts = this.startsByGroup.get(ticket.key);
    const started = ticket.startedAt === undefined ? -1 : (starts?.lastIndexOf(ticket.startedAt) ?? -1);
    if (starts && started >= 0) starts.splice(started, 1);
  }

  /** The slot was not used at all (nothing was sent): as if it had never been handed out. */
  cancel(ticket: SendTicket): void {
    this.forgetReservation(ticket);
    if (ticket.startedAt !== undefined) this.forgetStart(ticket, ticket.startedAt);
  }

  private forgetReservation(ticket: SendTicket): void {
    const window = this.groupWindows.get(ticket.key);
    const index = window?.indexOf(ticket.at) ?? -1;
    if (window && index >= 0) window.splice(index, 1);
  }

  /**
   * Sends another process made (the previous holder of the send lease): counted as if this
   * limiter had made them, so taking over never starts from an empty minute.
   */
  seed(sends: { chatId: bigint | number; at: number }[]): void {
    const { perSecond, perChatIntervalMs, chatMarginMs, globalMarginMs } = this.limits;
    // A send is logged before its call goes out (so a process killed mid-call still counts it);
    // the call may start a little later, after the log's own write: counted as late as that.
    const logged = sends.map((send) => ({ chatId: send.chatId, at: send.at + LOGGED_SEND_MARGIN_MS }));
    for (const send of logged.sort((a, b) => a.at - b.at)) {
      const key = String(send.chatId);
      if (Number(send.chatId) < 0) this.groupWindows.set(key, [...(this.groupWindows.get(key) ?? []), send.at].sort((a, b) => a - b));
      this.recordStart(key, Number(send.chatId) < 0, send.at);
      this.nextByChat.set(key, Math.max(this.nextByChat.get(key) ?? 0, send.at + perChatIntervalMs + chatMarginMs));
      if (Number.isFinite(perSecond)) this.nextGlobal = Math.max(this.nextGlobal, send.at + 1000 / perSecond + globalMarginMs);
    }
  }

  /** A 429 said to hold off this chat (or all chats) for retry_after seconds. */
  holdOff(chatId: bigint | number | null, seconds: number): void {
    const until = this.now() + seconds * 1000;
    if (chatId === null) this.nextGlobal = Math.max(this.nextGlobal, until);
    else this.nextByChat.set(String(chatId), Math.max(this.nextByChat.get(String(chatId)) ?? 0, until));
  }
}
