/**
 * A Bot API server on loopback for tests and the demo: it queues updates, answers getUpdates,
 * records what the bot sends. Nothing here runs in production.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Message, Update, User } from "grammy/types";

/** A message the bot sent, as the fake Bot API recorded it. */
export interface SentMessage {
  method: string;
  chatId: number;
  messageId: number;
  text: string;
  replyTo: number | null;
  forceReply: boolean;
  /** Inline buttons on the message, one array per row (data: a tap's; webApp, url: a page's). */
  buttons: { text: string; data: string; webApp?: string; url?: string }[][];
  /** The file a sendDocument or sendPhoto carried (the text is its caption). */
  file?: { fileName: string; bytes: Buffer };
  at: number;
  /** sendPhoto by file id: the id. */
  photo?: string;
}

export interface FakeTelegramOptions {
  bot?: User;
  /** Longest a getUpdates call is held open, in ms, whatever timeout the bot asks for. */
  maxPollMs?: number;
}

type Handler = (params: Record<string, unknown>) => unknown;

/**
 * A Bot API server on loopback that keeps its own queue of updates and records every call,
 * so the real bot, with its real HTTP client and middleware, can be driven end to end.
 */
export class FakeTelegram {
  readonly botUser: User;
  readonly sent: SentMessage[] = [];
  readonly calls: { method: string; params: Record<string, unknown> }[] = [];
  private server: Server;
  private updates: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = new Map<number, number>();
  private waiting: (() => void)[] = [];
  private sentWaiters: (() => void)[] = [];
  private failures = new Map<string, { code: number; description: string; parameters?: object; times: number }>();
  private overrides = new Map<string, Handler>();
  private maxPollMs: number;
  private confirmedOffset = 0;
  chats = new Map<number, Chat>();
  /** From this many delivered messages on, sendMessage requests hang unanswered (a partition). */
  holdFrom: number | null = null;
  held = 0;
  /** Files users sent, by file_id, served at /file/bot<token>/<file_id>. */
  files = new Map<string, string | Uint8Array>();
  apiRoot = "";

  constructor(options: FakeTelegramOptions = {}) {
    this.botUser = options.bot ?? { id: 7000001, is_bot: true, first_name: "Duban", username: "duban_test_bot" };
    this.maxPollMs = options.maxPollMs ?? 500;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
    return this.apiRoot;
  }

  async stop(): Promise<void> {
    for (const wake of this.waiting.splice(0)) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queues an update; its update_id is assigned unless given (to replay a duplicate). */
  push(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as Update;
    this.nextUpdateId = Math.max(this.nextUpdateId, full.update_id + 1);
    this.updates.push(full);
    for (const wake of this.waiting.splice(0)) wake();
    return full;
  }

  /** Makes the next `times` calls of a method fail with this error. */
  fail(method: string, code: number, description: string, times = 1, parameters?: object): void {
    this.failures.set(method, { code, description, times, ...(parameters ? { parameters } : {}) });
  }

  override(method: string, handler: Handler): void {
    this.overrides.set(method, handler);
  }

  /** Whether the bot has fetched (and so acknowledged by its next offset) every queued update. */
  get pending(): number {
    return this.updates.filter((u) => u.update_id >= this.confirmedOffset).length;
  }

  sentTo(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** Waits until `count` more messages than `since` have been sent (to any chat, or to one). */
  async waitForSent(predicate: (sent: SentMessage[]) => boolean, timeoutMs = 30_000): Promise<SentMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.sent)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for the bot; it sent:\n${this.sent.map((m) => `[${m.chatId}] ${m.text}`).join("\n")}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.sentWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.sent;
  }

  private messageIdFor(chatId: number): number {
    const id = (this.nextMessageId.get(chatId) ?? 100000) + 1;
    this.nextMessageId.set(chatId, id);
    return id;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = /^\/file\/bot[^/]+\/(.+)$/.exec(req.url ?? "");
    if (file) {
      const content = this.files.get(decodeURIComponent(file[1]!));
      res.writeHead(content === undefined ? 404 : 200, { "content-type": "application/octet-stream" });
      res.end(content ?? "");
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? "");
    if (!match) return this.respond(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = match[2]!;
    const params = await readParams(req);
    this.calls.push({ method, params });

    if (method === "sendMessage" && this.holdFrom !== null && this.sent.length >= this.holdFrom) {
      // A request that never reaches Telegram: no answer, nothing delivered.
      this.held++;
      await new Promise<void>((resolve) => req.once("close", resolve));
      return;
    }
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times--;
      return this.respond(res, failure.code, {
        ok: false,
        error_code: failure.code,
        description: failure.description,
        ...(failure.parameters ? { parameters: failure.parameters } : {}),
      });
    }
    const override = this.overrides.get(method);
    if (override) return this.respond(res, 200, { ok: true, result: override(params) });

    switch (method) {
      case "getMe":
        return this.respond(res, 200, { ok: true, result: this.botUser });
      case "getFile": {
        const fileId = String(params.file_id);
        if (!this.files.has(fileId)) return this.respond(res, 400, { ok: false, error_code: 400, description: "Bad Request: invalid file_id" });
        return this.respond(res, 200, { ok: true, result: { file_id: fileId, file_unique_id: fileId, file_path: fileId } });
      }
      case "getUpdates":
        return this.respond(res, 200, { ok: true, result: await this.getUpdates(params, req) });
      case "sendMessage":
      case "sendDocument":
      case "sendPhoto":
        try {
          return this.respond(res, 200, { ok: true, result: this.sendMessage(params, method) });
        } catch (error) {
          return this.respond(res, 400, { ok: false, error_code: 400, description: (error as Error).message });
        }
      default:
        return this.respond(res, 200, { ok: true, result: true });
    }
  }

  private async getUpdates(params: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> {
    const offset = Number(params.offset ?? 0);
    this.confirmedOffset = Math.max(this.confirmedOffset, offset);
    this.updates = this.updates.filter((u) => u.update_id >= offset);
    if (this.updates.length === 0) {
      const waitMs = Math.min(Number(params.timeout ?? 0) * 1000, this.maxPollMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiting.push(wake);
        req.once("close", wake);
      });
    }
    const limit = Number(params.limit ?? 100);
    return this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  private sendMessage(params: Record<string, unknown>, method = "sendMessage"): Message.TextMessage {
    const chatId = Number(params.chat_id);
    const photoById = method === "sendPhoto" && typeof params.photo === "string" && !params.photo.startsWith("attach://");
    const withFile = method !== "sendMessage";
    const text = String((withFile ? params.caption : params.text) ?? "");
    if ((!withFile && text.length === 0) || text.length > (withFile ? 1024 : 4096)) {
      throw new BadRequest(`Bad Request: message text is ${text.length === 0 ? "empty" : "too long"}`);
    }
    const upload = withFile && !photoById ? attached(params, method === "sendPhoto" ? "photo" : "document") : undefined;
    if (withFile && !photoById && !upload) throw new BadRequest("Bad Request: there is no file in the request");
    const messageId = this.messageIdFor(chatId);
    const replyParameters = json(params.reply_parameters) as { message_id?: number } | undefined;
    const markup = json(params.reply_markup) as
      | { force_reply?: boolean; inline_keyboard?: { text: string; callback_data?: string; web_app?: { url: string }; url?: string }[][] }
      | undefined;
    const inGroup = chatId < 0;
    if (inGroup && markup?.inline_keyboard?.some((row) => row.some((b) => b.web_app))) {
      // As Telegram: a web_app button opens a Mini App in a private chat only.
      throw new BadRequest("Bad Request: BUTTON_TYPE_INVALID");
    }
    this.sent.push({
      ...(photoById ? { photo: String(params.photo) } : {}),
      method,
      chatId,
      messageId,
      text,
      replyTo: replyParameters?.message_id ?? null,
      forceReply: markup?.force_reply === true,
      buttons: (markup?.inline_keyboard ?? []).map((row) =>
        row.map((b) => ({ text: b.text, data: b.callback_data ?? "", ...(b.web_app ? { webApp: b.web_app.url } : {}), ...(b.url ? { url: b.url } : {}) })),
      ),
      ...(upload ? { file: upload } : {}),
      at: Date.now(),
    });
    for (const wake of this.sentWaiters.splice(0)) wake();
    const chat = this.chats.get(chatId) ?? ({ id: chatId, type: chatId < 0 ? "supergroup" : "private", title: "chat" } as Chat);
    return { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from: this.botUser, text } as Message.TextMessage;
  }


  private respond(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

class BadRequest extends Error {}

/** JSON-valued parameters arrive as text in a multipart request. */
function json(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The file of a send call: a part of its own, named by "attach://<name>" (grammY) or the field itself. */
function attached(params: Record<string, unknown>, field: string): { fileName: string; bytes: Buffer } | undefined {
  const value = params[field];
  const part = typeof value === "string" && value.startsWith("attach://") ? params[value.slice("attach://".length)] : value;
  return part instanceof UploadedFile ? { fileName: part.fileName, bytes: part.bytes } : undefined;
}

/** A multipart/form-data body: text fields as text, files as their bytes (grammY's own framing, read leniently). */
function multipartParams(raw: Buffer, boundary: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    const next = raw.indexOf(delimiter, start);
    if (next < 0) break;
    const part = raw.subarray(start, next);
    at = next;
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const headers = part.subarray(0, split).toString("utf8");
    let body = part.subarray(split + 4);
    if (body.subarray(-2).toString() === "\r\n") body = body.subarray(0, -2);
    const name = /[;\s]name="([^"]*)"/i.exec(headers)?.[1];
    const fileName = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
    if (!name) continue;
    params[name] = fileName ? new UploadedFile(fileName[1] ?? fileName[2] ?? "", Buffer.from(body)) : body.toString("utf8");
  }
  return params;
}

class UploadedFile {
  constructor(
    readonly fileName: string,
    readonly bytes: Buffer,
  ) {}
}

/** The parameters of a Bot API call, from its query string and its JSON or form body. */
export async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const body = raw.toString("utf8");
  const query = Object.fromEntries(new URL(req.url ?? "/", "http://x").searchParams);
  if (!body) return query;
  const type = req.headers["content-type"] ?? "";
  if (type.includes("multipart/form-data")) {
    // Files sent by the bot (sendDocument, sendPhoto): text fields as text, files as their bytes.
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
    return { ...query, ...multipartParams(raw, boundary?.[1] ?? boundary?.[2] ?? "") };
  }
  if (type.includes("application/json")) return { ...query, ...(JSON.parse(body) as Record<string, unknown>) };
  if (type.includes("x-www-form-urlencoded")) return { ...query, ...Object.fromEntries(new URLSearchParams(body)) };
  return query;
}

