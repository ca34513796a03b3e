/** Telegram's limits for one bot: about 30 messages a second overall, 20 a minute into one group, 1 a second into one chat. */
export interface TelegramLimits {
  perSecond: number;
  perGroupPerMinute: number;
  perChatIntervalMs: number;
  /** Kept between sends on top of the limits, so timer jitter never breaks them. */
  marginMs: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = { perSecond: 30, perGroupPerMinute: 20, perChatIntervalMs: 1000, marginMs: 1 };

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Hands out send slots that keep all three limits at once. Each call reserves the earliest slot
 * that satisfies them and then waits for it, so callers on many chats can ask concurrently.
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

  /** Reserves the earliest allowed moment for a message to this chat; returns it in ms since the epoch. */
  reserve(chatId: bigint | number, isGroup: boolean): number {
    const key = String(chatId);
    const { perSecond, perGroupPerMinute, perChatIntervalMs, marginMs } = this.limits;
    let at = Math.max(this.now(), this.nextGlobal, this.nextByChat.get(key) ?? 0);
    if (isGroup) {
      const window = (this.groupWindows.get(key) ?? []).filter((t) => t > at - 60_000 - marginMs);
      if (window.length >= perGroupPerMinute) at = Math.max(at, window[window.length - perGroupPerMinute]! + 60_000 + marginMs);
      window.push(at);
      this.groupWindows.set(key, window.filter((t) => t > at - 60_000 - marginMs));
    }
    this.nextGlobal = at + 1000 / perSecond + marginMs;
    this.nextByChat.set(key, at + perChatIntervalMs + marginMs);
    return at;
  }

  /** Waits for this chat's next slot. */
  async acquire(chatId: bigint | number, isGroup: boolean): Promise<void> {
    const at = this.reserve(chatId, isGroup);
    const wait = at - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  /** A 429 said to hold off this chat (or all chats) for retry_after seconds. */
  holdOff(chatId: bigint | number | null, seconds: number): void {
    const until = this.now() + seconds * 1000;
    if (chatId === null) this.nextGlobal = Math.max(this.nextGlobal, until);
    else this.nextByChat.set(String(chatId), Math.max(this.nextByChat.get(String(chatId)) ?? 0, until));
  }
}
