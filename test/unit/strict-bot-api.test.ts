import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { draw, ManualClock, StrictBotApi, type StrictBotApiOptions } from "../support/strict-bot-api.js";

interface ApiAnswer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function api(options: StrictBotApiOptions = {}) {
  const telegram = new StrictBotApi(options);
  servers.push(telegram);
  const root = await telegram.start();
  const call = async (method: string, params: Record<string, unknown> = {}): Promise<ApiAnswer> => {
    const response = await fetch(`${root}/bot123:abc/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(params),
    });
    const body = (await response.json()) as ApiAnswer;
    expect(response.status).toBe(body.ok ? 200 : body.error_code);
    return body;
  };
  return { telegram, call };
}

const text = (updateText: string, chatId = -1001, messageId = 1): Omit<Update, "update_id"> => ({
  message: {
    message_id: messageId,
    date: 1,
    chat: { id: chatId, type: "supergroup", title: "g" },
    from: { id: 5, is_bot: false, first_name: "u" },
    text: updateText,
  },
});

const ids = (answer: ApiAnswer) => (answer.result as Update[]).map((u) => u.update_id);

describe("StrictBotApi: updates", () => {
  it("keeps updates until a later getUpdates confirms them by its offset", async () => {
    const { telegram, call } = await api();
    telegram.inject(text("a"));
    telegram.inject(text("b"));
    telegram.inject(text("c"));
    expect(ids(await call("getUpdates", { offset: 0 }))).toEqual([1, 2, 3]);
    // Fetched but not confirmed: a bot that died here gets them all again.
    expect(ids(await call("getUpdates"))).toEqual([1, 2, 3]);
    expect(ids(await call("getUpdates", { offset: 3 }))).toEqual([3]);
    expect(telegram.unconfirmed.map((u) => u.update_id)).toEqual([3]);
    expect(telegram.confirmedOffset).toBe(3);
    // An older offset cannot bring confirmed updates back.
    expect(ids(await call("getUpdates", { offset: 1 }))).toEqual([3]);
    expect(ids(await call("getUpdates", { offset: 4, timeout: 0 }))).toEqual([]);
    expect(telegram.unconfirmed).toEqual([]);
  });

  it("honours limit and a negative offset", async () => {
    const { telegram, call } = await api();
    for (const t of ["a", "b", "c", "d"]) telegram.inject(text(t));
    expect(ids(await call("getUpdates", { limit: 2 }))).toEqual([1, 2]);
    expect(ids(await call("getUpdates", { offset: -1 }))).toEqual([4]);
    expect(telegram.unconfirmed.map((u) => u.update_id)).toEqual([4]);
  });

  it("ends a held getUpdates with 409 when a second poller comes", async () => {
    const { telegram, call } = await api({ maxPollMs: 5_000 });
    const first = call("getUpdates", { timeout: 30 });
    await telegram.waitFor(() => telegram.calls.some((c) => c.method === "getUpdates"));
    const second = call("getUpdates", { timeout: 0 });
    expect(await first).toMatchObject({ ok: false, error_code: 409 });
    expect(await second).toMatchObject({ ok: true, result: [] });
    expect(telegram.conflicts).toBe(1);
  });

  it("wakes a long poll when an update comes", async () => {
    const { telegram, call } = await api({ maxPollMs: 10_000 });
    const polling = call("getUpdates", { timeout: 30 });
    await telegram.waitFor(() => telegram.calls.length > 0);
    telegram.inject(text("late"));
    expect(ids(await polling)).toEqual([1]);
  });

  it("redelivers a seeded fraction of updates once, with the same update_id", async () => {
    const { telegram, call } = await api({ faults: { seed: 7, redeliver: 0.3 } });
    for (let i = 0; i < 40; i++) telegram.inject(text(`r${i}`));
    const seen: number[] = [];
    let offset = 0;
    for (let round = 0; round < 50; round++) {
      const batch = ids(await call("getUpdates", { offset, limit: 7, timeout: 0 }));
      if (batch.length === 0) break;
      seen.push(...batch);
      offset = Math.max(offset, ...batch.map((id) => id + 1));
    }
    const expected = Array.from({ length: 40 }, (_, i) => i + 1).filter((id) => draw(7, `redeliver:${id}`) < 0.3);
    expect(telegram.redelivered.sort((a, b) => a - b)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(4);
    expect(expected.length).toBeLessThan(20);
    expect(seen.length).toBe(40 + expected.length);
    expect(new Set(seen).size).toBe(40);
    for (const id of expected) expect(seen.filter((s) => s === id)).toHaveLength(2);
  });
});

describe("StrictBotApi: Telegram's limits", () => {
  it("lets one chat take a small burst, then about one a second", async () => {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock });
    for (let i = 0; i < 3; i++) expect((await call("sendMessage", { chat_id: 42, text: `m${i}` })).ok).toBe(true);
    const over = await call("sendMessage", { chat_id: 42, text: "m3" });
    expect(over).toMatchObject({ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    expect(telegram.violations).toEqual([{ rule: "chat", method: "sendMessage", chatId: 42, at: clock.now(), retryAfter: 1 }]);
    // Another chat is not affected.
    expect((await call("sendMessage", { chat_id: 43, text: "x" })).ok).toBe(true);
    clock.advance(1000);
    expect((await call("sendMessage", { chat_id: 42, text: "m3" })).ok).toBe(true);
    clock.advance(1000);
    expect((await call("sendMessage", { chat_id: 42, text: "m4" })).ok).toBe(true);
    expect(telegram.sentTo(42).map((m) => m.text)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    expect(telegram.violations).toHaveLength(1);
  });

  it("counts a send inside the retry_after it was given as a violation of its own", async () => {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock, limits: { chatBurst: 1 } });
    await call("sendMessage", { chat_id: 42, text: "a" });
    expect(await call("sendMessage", { chat_id: 42, text: "b" })).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    clock.advance(500);
    expect(await call("sendMessage", { chat_id: 42, text: "b" })).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(telegram.violations.map((v) => v.rule)).toEqual(["chat", "early-retry"]);
    clock.advance(500);
    expect((await call("sendMessage", { chat_id: 42, text: "b" })).ok).toBe(true);
  });

  it("allows 20 a minute into one group and answers the 21st with the wait left", async () => {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock });
    const start = clock.now();
    for (let i = 0; i < 20; i++) {
      expect((await call("sendMessage", { chat_id: -100, text: `g${i}` })).ok).toBe(true);
      clock.advance(1000);
    }
    // 20 s after the first: 40 s until it leaves the minute.
    expect(await call("sendMessage", { chat_id: -100, text: "g20" })).toMatchObject({ error_code: 429, parameters: { retry_after: 40 } });
    expect(telegram.violations).toMatchObject([{ rule: "group", chatId: -100, retryAfter: 40 }]);
    clock.set(start + 60_001);
    expect((await call("sendMessage", { chat_id: -100, text: "g20" })).ok).toBe(true);
    // A private chat is not a group: one a second is all it needs.
    for (let i = 0; i < 25; i++) {
      expect((await call("sendMessage", { chat_id: 7, text: `p${i}` })).ok).toBe(true);
      clock.advance(1000);
    }
    expect(telegram.violations).toHaveLength(1);
  });

  it("allows 30 a second overall", async () => {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock });
    for (let chat = 1; chat <= 30; chat++) expect((await call("sendMessage", { chat_id: chat, text: "hi" })).ok).toBe(true);
    clock.advance(999);
    expect(await call("sendMessage", { chat_id: 31, text: "hi" })).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(telegram.violations).toMatchObject([{ rule: "overall", chatId: 31 }]);
    clock.advance(1);
    expect((await call("sendMessage", { chat_id: 32, text: "hi" })).ok).toBe(true);
    expect(telegram.sent).toHaveLength(31);
  });

  it("applies the limits to every send method, not to other calls", async () => {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock, limits: { chatBurst: 1 } });
    expect((await call("sendPhoto", { chat_id: 9, photo: "x", caption: "c" })).ok).toBe(true);
    expect((await call("editMessageText", { chat_id: 9, message_id: 1, text: "e" })).ok).toBe(true);
    expect((await call("sendDocument", { chat_id: 9, document: "d" })).ok).toBe(false);
    expect(telegram.violations).toHaveLength(1);
  });

  it("refuses what Telegram refuses", async () => {
    const { telegram, call } = await api();
    expect(await call("sendMessage", { chat_id: 1, text: "" })).toMatchObject({ error_code: 400 });
    expect(await call("sendMessage", { chat_id: 1, text: "x".repeat(4097) })).toMatchObject({ error_code: 400 });
    expect(await call("sendMessage", { text: "no chat" })).toMatchObject({ error_code: 400 });
    expect(telegram.sent).toEqual([]);
  });
});

describe("StrictBotApi: injected faults", () => {
  async function run(seed: number) {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock, faults: { seed, rate429: 0.2, rate5xx: 0.2, rateLostAnswer: 0.1, retryAfter: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const answer = await call("sendMessage", { chat_id: i, text: `n${i}` });
      statuses.push(answer.ok ? 200 : (answer.error_code ?? 0));
      clock.advance(100);
    }
    return { telegram, statuses };
  }

  it("answers the same sends with the same faults for the same seed", async () => {
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(a.statuses).toEqual(b.statuses);
    expect(a.statuses).not.toEqual(c.statuses);
    const count = (status: number) => a.statuses.filter((s) => s === status).length;
    expect(count(429)).toBeGreaterThan(3);
    expect(count(429)).toBeLessThan(25);
    expect(count(500) + count(502)).toBeGreaterThan(3);
    // A 429 or 5xx is not delivered; a lost answer (502 after delivery) is.
    const delivered = a.telegram.injected.filter((f) => f.delivered).length;
    expect(a.telegram.sent).toHaveLength(count(200) + delivered);
    expect(a.telegram.violations).toEqual([]);
  });

  it("decides by what is sent and its attempt, not by arrival order", async () => {
    const first = await run(5);
    const clock = new ManualClock();
    const { call } = await api({ clock, faults: { seed: 5, rate429: 0.2, rate5xx: 0.2, rateLostAnswer: 0.1, retryAfter: 2 } });
    const reversed: number[] = [];
    for (let i = 59; i >= 0; i--) {
      const answer = await call("sendMessage", { chat_id: i, text: `n${i}` });
      reversed.unshift(answer.ok ? 200 : (answer.error_code ?? 0));
      clock.advance(100);
    }
    expect(reversed).toEqual(first.statuses);
  });

  it("gives an injected 429 a retry_after the bot must wait out", async () => {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock, faults: { seed: 3, rate429: 1, retryAfter: 3 } });
    expect(await call("sendMessage", { chat_id: 1, text: "a" })).toMatchObject({ error_code: 429, parameters: { retry_after: 3 } });
    clock.advance(2000);
    expect(await call("sendMessage", { chat_id: 1, text: "a" })).toMatchObject({ error_code: 429 });
    expect(telegram.violations.map((v) => v.rule)).toEqual(["early-retry"]);
  });

  it("tells which reports got no answer and which got two", async () => {
    const { telegram, call } = await api();
    await call("sendMessage", { chat_id: -5, text: "ok", reply_parameters: { message_id: 10 } });
    await call("sendMessage", { chat_id: -5, text: "ok", reply_parameters: { message_id: 11 } });
    await call("sendMessage", { chat_id: -5, text: "ok again", reply_to_message_id: 11 });
    expect(telegram.answers([{ chatId: -5, messageId: 10 }, { chatId: -5, messageId: 11 }, { chatId: -5, messageId: 12 }])).toEqual({
      missing: [{ chatId: -5, messageId: 12 }],
      doubled: [{ chatId: -5, messageId: 11, count: 2 }],
    });
  });
});

describe("StrictBotApi: what counts", () => {
  it("counts only delivered messages in a group's minute: refused attempts use none of it", async () => {
    const clock = new ManualClock();
    const { telegram, call } = await api({ clock, faults: { seed: 1, rate5xx: 0.5 } });
    let delivered = 0;
    for (let i = 0; delivered < 20; i++) {
      if ((await call("sendMessage", { chat_id: -300, text: `g${i}` })).ok) delivered++;
      clock.advance(1000);
    }
    expect(telegram.injected.length).toBeGreaterThan(0);
    // 20 delivered, more than 20 tried: the 21st delivered one is over the minute only now.
    expect(await call("sendMessage", { chat_id: -300, text: "one more" })).toMatchObject({ error_code: 429 });
    expect(telegram.violations.map((v) => v.rule)).toEqual(["group"]);
  });

  it("draws an injected 429's retry_after from a range", async () => {
    const { call } = await api({ faults: { seed: 5, rate429: 1, retryAfter: [1, 3] } });
    const answered = await Promise.all(Array.from({ length: 12 }, (_, i) => call("sendMessage", { chat_id: 200 + i, text: "b" })));
    const seconds = new Set(answered.map((a) => a.parameters?.retry_after));
    expect([...seconds].every((s) => s !== undefined && s >= 1 && s <= 3)).toBe(true);
    expect(seconds.size).toBeGreaterThan(1);
  });

  it("finds a report's confirmation inside a merged answer by its line, and counts two messages carrying it as two", async () => {
    const { telegram, call } = await api();
    await call("sendMessage", { chat_id: -6, text: "✅ A-1 已记录：5%\n✅ A-2 已记录：7%", reply_parameters: { message_id: 21 } });
    await call("sendMessage", { chat_id: -6, text: "✅ A-2 已记录：7%" });
    const reports = [
      { chatId: -6, messageId: 20, line: "A-1 已记录：5%" },
      { chatId: -6, messageId: 21, line: "A-2 已记录：7%" },
      { chatId: -6, messageId: 22, line: "A-3 已记录：9%" },
    ];
    expect(telegram.answers(reports)).toEqual({ missing: [reports[2]], doubled: [{ ...reports[1], count: 2 }] });
  });
});

describe("StrictBotApi: webhook mode", () => {
  let hook: Server | null = null;
  afterEach(async () => {
    hook?.closeAllConnections();
    await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
    hook = null;
  });

  async function receiver(answer: (update: Update, req: IncomingMessage, n: number) => { status: number; body?: unknown }) {
    const received: { update: Update; secret: string | undefined }[] = [];
    let n = 0;
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const update = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Update;
        const secret = req.headers["x-telegram-bot-api-secret-token"];
        received.push({ update, secret: typeof secret === "string" ? secret : undefined });
        const { status, body } = answer(update, req, n++);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => hook!.listen(0, "127.0.0.1", resolve));
    const address = hook.address();
    const port = typeof address === "object" && address ? address.port : 0;
    return { url: `http://127.0.0.1:${port}/hook`, received };
  }

  it("POSTs each update with the secret, in order, retrying until 200", async () => {
    const { telegram, call } = await api({ webhookRetryMs: 1 });
    // The bot's endpoint fails the first two tries of update 2.
    let failures = 0;
    const { url, received } = await receiver((update) => (update.update_id === 2 && failures++ < 2 ? { status: 500 } : { status: 200 }));
    telegram.inject(text("one"));
    telegram.inject(text("two"));
    expect(await call("setWebhook", { url, secret_token: "s3cret_-X" })).toMatchObject({ ok: true, result: true });
    telegram.inject(text("three"));
    await telegram.waitFor(() => telegram.unconfirmed.length === 0);
    expect(received.map((r) => r.update.update_id)).toEqual([1, 2, 2, 2, 3]);
    expect(received.every((r) => r.secret === "s3cret_-X")).toBe(true);
    const info = await call("getWebhookInfo");
    expect(info.result).toMatchObject({ url, pending_update_count: 0, last_error_message: "Wrong response from the webhook: 500 Internal Server Error" });
    expect(await call("getUpdates")).toMatchObject({ ok: false, error_code: 409 });
  });

  it("keeps updates while the endpoint is down and delivers them once it is back", async () => {
    const { telegram, call } = await api({ webhookRetryMs: 1 });
    let up = false;
    const { url, received } = await receiver(() => ({ status: up ? 200 : 502 }));
    await call("setWebhook", { url });
    telegram.inject(text("a"));
    await telegram.waitFor(() => received.length >= 3);
    expect(telegram.unconfirmed).toHaveLength(1);
    expect((await call("getWebhookInfo")).result).toMatchObject({ pending_update_count: 1 });
    up = true;
    await telegram.waitFor(() => telegram.unconfirmed.length === 0);
    expect(received.at(-1)?.secret).toBeUndefined();
  });

  it("runs a method the webhook answers with, under the same limits", async () => {
    const { telegram, call } = await api();
    const { url } = await receiver((update) => ({
      status: 200,
      body: { method: "sendMessage", chat_id: update.message?.chat.id, text: "收到", reply_parameters: { message_id: update.message?.message_id } },
    }));
    await call("setWebhook", { url });
    telegram.inject(text("report", -9, 77));
    await telegram.waitFor(() => telegram.sent.length === 1);
    expect(telegram.repliesTo(-9, 77).map((m) => m.text)).toEqual(["收到"]);
  });

  it("redelivers a seeded fraction after a 200, and deleteWebhook hands updates back to getUpdates", async () => {
    const { telegram, call } = await api({ faults: { seed: 2, redeliver: 0.5 } });
    const { url, received } = await receiver(() => ({ status: 200 }));
    await call("setWebhook", { url });
    for (let i = 0; i < 10; i++) telegram.inject(text(`w${i}`));
    await telegram.waitFor(() => telegram.unconfirmed.length === 0 && received.length === 10 + telegram.redelivered.length);
    const counts = new Map<number, number>();
    for (const r of received) counts.set(r.update.update_id, (counts.get(r.update.update_id) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n === 2).map(([id]) => id).sort((a, b) => a - b)).toEqual(
      [...telegram.redelivered].sort((a, b) => a - b),
    );
    expect(telegram.redelivered.length).toBeGreaterThan(0);

    await call("deleteWebhook");
    telegram.inject(text("polled"));
    expect(ids(await call("getUpdates", { timeout: 0 }))).toEqual([11]);
    expect((await call("getWebhookInfo")).result).toMatchObject({ url: "", pending_update_count: 1 });
  });

  it("drops pending updates when asked", async () => {
    const { telegram, call } = await api();
    telegram.inject(text("old"));
    await call("deleteWebhook", { drop_pending_updates: true });
    expect(telegram.unconfirmed).toEqual([]);
    expect(await call("setWebhook", { url: "ftp://nope" })).toMatchObject({ ok: false, error_code: 400 });
    expect(await call("setWebhook", { url: "http://127.0.0.1:1/x", secret_token: "bad token!" })).toMatchObject({ ok: false, error_code: 400 });
  });
});

describe("StrictBotApi with grammY's own client", () => {
  it("serves a polling grammY bot: replies recorded, offsets confirmed", async () => {
    const { telegram } = await api();
    const bot = new Bot("123:abc", { client: { apiRoot: telegram.apiRoot } });
    bot.on("message:text", (ctx) => ctx.reply(`got ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } }));
    const reports = [-11, -12, -13].map((chatId, i) => ({ chatId, messageId: 50 + i }));
    for (const r of reports) telegram.inject(text(`r${r.messageId}`, r.chatId, r.messageId));
    const running = bot.start({ timeout: 1 });
    try {
      await telegram.waitFor(() => telegram.sent.length === 3 && telegram.unconfirmed.length === 0);
    } finally {
      await bot.stop();
      await running;
    }
    expect(telegram.answers(reports)).toEqual({ missing: [], doubled: [] });
    expect(telegram.repliesTo(-12, 51).map((m) => m.text)).toEqual(["got r51"]);
    expect(telegram.violations).toEqual([]);
  });
});
