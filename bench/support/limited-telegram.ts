import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readParams } from "#src/devtools/fake-bot-api.js";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/** The limits the fake enforces, as Telegram states them for one bot. */
export interface BotApiLimits {
  /** At most this many sendMessage calls accepted in any window of `globalWindowMs`. */
  perSecond: number;
  globalWindowMs: number;
  /** At most this many into one group (chat id < 0) in any window of `groupWindowMs`. */
  perGroupPerMinute: number;
  groupWindowMs: number;
  /** At least this long between two messages into one chat. */
  perChatIntervalMs: number;
}

export const BOT_API_LIMITS: BotApiLimits = {
  perSecond: 30,
  globalWindowMs: 1_000,
  perGroupPerMinute: 20,
  groupWindowMs: 60_000,
  perChatIntervalMs: 1_000,
};

export interface AcceptedMessage {
  chatId: number;
  text: string;
  /** performance.now() when the fake accepted it. */
  at: number;
}

export type LimitBroken = "global" | "group" | "chat";

export interface RejectedMessage {
  chatId: number;
  at: number;
  limit: LimitBroken;
  /** How much sooner than the limit allows it came, in ms. */
  earlyMs: number;
  retryAfter: number;
}

/**
 * A Bot API on loopback that keeps Telegram's sending limits and answers 429 "Too Many
 * Requests: retry after N" when a sendMessage would break one. Windows are sliding and count
 * accepted messages only: a message at time t is refused if (t − window, t] already holds the
 * limit. Every accepted message is recorded, so duplicates (same chat, same text) can be counted.
 */
export class LimitedTelegram {
  readonly accepted: AcceptedMessage[] = [];
  readonly rejected: RejectedMessage[] = [];
  /** Calls other than sendMessage, by method. */
  readonly otherCalls = new Map<string, number>();
  apiRoot = "";
  private readonly server: Server;
  private readonly byChat = new Map<number, number[]>();
  private nextMessageId = 1;

  constructor(readonly limits: BotApiLimits = BOT_API_LIMITS) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
    return this.apiRoot;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets everything recorded, for the next scenario. */
  reset(): void {
    this.accepted.length = 0;
    this.rejected.length = 0;
    this.otherCalls.clear();
    this.byChat.clear();
  }

  /** Accepted messages whose chat and text an earlier accepted message already had. */
  get duplicates(): number {
    const seen = new Set<string>();
    let duplicates = 0;
    for (const m of this.accepted) {
      const key = `${m.chatId}\u0000${m.text}`;
      if (seen.has(key)) duplicates++;
      else seen.add(key);
    }
    return duplicates;
  }

  /** First to last accepted message, in ms. */
  get spanMs(): number {
    if (this.accepted.length < 2) return 0;
    return this.accepted[this.accepted.length - 1]!.at - this.accepted[0]!.at;
  }

  /** Which limit a message into this chat at `now` would break, and how long until it would not. */
  private check(chatId: number, now: number): { limit: LimitBroken; waitMs: number } | null {
    const { perSecond, globalWindowMs, perGroupPerMinute, groupWindowMs, perChatIntervalMs } = this.limits;
    const chat = this.byChat.get(chatId) ?? [];
    const last = chat[chat.length - 1];
    if (last !== undefined && now - last < perChatIntervalMs) return { limit: "chat", waitMs: last + perChatIntervalMs - now };
    if (chatId < 0) {
      const inWindow = chat.filter((t) => t > now - groupWindowMs);
      if (inWindow.length >= perGroupPerMinute) {
        return { limit: "group", waitMs: inWindow[inWindow.length - perGroupPerMinute]! + groupWindowMs - now };
      }
    }
    // Accepted times are in order: count back from the newest while inside the window.
    let count = 0;
    for (let i = this.accepted.length - 1; i >= 0 && this.accepted[i]!.at > now - globalWindowMs; i--) count++;
    if (count >= perSecond) {
      const oldestCounted = this.accepted[this.accepted.length - perSecond]!.at;
      return { limit: "global", waitMs: oldestCounted + globalWindowMs - now };
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot[^/]+\/(\w+)/.exec(req.url ?? "");
    const params = await readParams(req);
    if (!match) return respond(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = match[1]!;
    if (method !== "sendMessage") {
      this.otherCalls.set(method, (this.otherCalls.get(method) ?? 0) + 1);
      return respond(res, 200, { ok: true, result: true });
    }
    const chatId = Number(params.chat_id);
    const text = String(params.text ?? "");
    if (!Number.isSafeInteger(chatId) || text.length === 0 || text.length > 4096) {
      return respond(res, 400, { ok: false, error_code: 400, description: "Bad Request: bad chat_id or text" });
    }
    const now = performance.now();
    const broken = this.check(chatId, now);
    if (broken) {
      // Telegram gives whole seconds.
      const retryAfter = Math.max(1, Math.ceil(broken.waitMs / 1000));
      this.rejected.push({ chatId, at: now, limit: broken.limit, earlyMs: broken.waitMs, retryAfter });
      return respond(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    this.accepted.push({ chatId, text, at: now });
    const chat = this.byChat.get(chatId) ?? [];
    chat.push(now);
    this.byChat.set(chatId, chat.length > 64 ? chat.slice(-32) : chat);
    const messageId = this.nextMessageId++;
    return respond(res, 200, {
      ok: true,
      result: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: chatId < 0 ? { id: chatId, type: "supergroup", title: "group" } : { id: chatId, type: "private", first_name: "user" },
        from: { id: 7000001, is_bot: true, first_name: "Duban", username: "duban_bench_bot" },
        text,
      },
    });
  }
}

function respond(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
