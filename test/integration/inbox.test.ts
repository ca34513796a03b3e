import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "grammy";
import { UpdateDispatcher } from "#src/bot/intake.js";
import type { BotContext } from "#src/bot/context.js";
import { createLogger } from "#src/logger.js";
import { ManualClock } from "#src/clock.js";
import { inboxService, type InboxService, type RawUpdate } from "#src/services/inbox.js";
import { openTestDatabase, type OpenTestDatabase } from "../support/database.js";

let nextId = 1;
const message = (chatId: number, text: string): RawUpdate => ({
  update_id: nextId++,
  message: { message_id: nextId, date: 1_780_000_000, chat: { id: chatId, type: "group", title: `g${chatId}` }, from: { id: 7, is_bot: false, first_name: "张伟" }, text },
});

describe("the inbox", () => {
  let database: OpenTestDatabase;
  let inbox: InboxService;

  beforeAll(async () => {
    database = await openTestDatabase("inbox");
    inbox = inboxService(database.sql, new ManualClock(new Date("2026-12-01T02:00:00Z")));
  });
  afterAll(async () => {
    await database?.close();
  });

  const statuses = async () =>
    Object.fromEntries((await database.sql.query<{ updateId: bigint; status: string }>(`SELECT "updateId", status FROM "InboxUpdate"`)).map((r) => [String(r.updateId), r.status]));

  it("stores a redelivered update once, and hands out one update per chat, oldest first", async () => {
    const a1 = message(-1, "a1");
    const a2 = message(-1, "a2");
    const b1 = message(-2, "b1");
    expect(await inbox.store([a1, a2, b1])).toBe(3);
    expect(await inbox.store([a1, b1])).toBe(0);
    const first = await inbox.claim(10, 60_000);
    expect(first.map((u) => u.payload.update_id)).toEqual([a1.update_id, b1.update_id]);
    // Chat -1's next waits while its first is in hand.
    expect(await inbox.claim(10, 60_000)).toEqual([]);
    // Marking a1 handled and claiming is one step: a2 comes with it.
    const next = await inbox.claim(10, 60_000, [BigInt(a1.update_id)]);
    expect(next.map((u) => u.payload.update_id)).toEqual([a2.update_id]);
    expect(await statuses()).toMatchObject({ [a1.update_id]: "handled", [a2.update_id]: "handling", [b1.update_id]: "handling" });
    await inbox.claim(0, 0, [BigInt(a2.update_id), BigInt(b1.update_id)]);
  });

  it("hands out an update the moment it is stored, every time", async () => {
    // The database rounds times to the millisecond: a default "due from" of its own now() could
    // land just after this process's clock and leave the update waiting for a later poll.
    for (let i = 0; i < 50; i++) {
      const update = message(-1000 - i, `now${i}`);
      await inbox.store([update]);
      const claimed = await inbox.claim(10, 60_000);
      expect(claimed.map((u) => u.payload.update_id), `try ${i}`).toEqual([update.update_id]);
      await inbox.failed(BigInt(update.update_id), "done with it");
    }
  });

  it("hands out again an update whose handler died (its lease ran out), and one retried later only when due", async () => {
    const c1 = message(-3, "c1");
    await inbox.store([c1]);
    expect((await inbox.claim(10, 1)).map((u) => u.payload.update_id)).toEqual([c1.update_id]);
    await new Promise((r) => setTimeout(r, 5));
    const again = await inbox.claim(10, 60_000);
    expect(again).toMatchObject([{ updateId: BigInt(c1.update_id), attempts: 2 }]);
    await inbox.retryLater(BigInt(c1.update_id), "database away", 60_000);
    expect(await inbox.claim(10, 60_000)).toEqual([]);
    await inbox.retryLater(BigInt(c1.update_id), "database away", 0);
    expect(await inbox.claim(10, 60_000)).toMatchObject([{ updateId: BigInt(c1.update_id), attempts: 3 }]);
    await inbox.failed(BigInt(c1.update_id), "a bug");
    expect((await statuses())[c1.update_id]).toBe("failed");
  });

  it("handles each chat's updates in order, chats side by side, and leaves every update marked handled when stopped", async () => {
    const bot = new Bot<BotContext>("1:test", { botInfo: { id: 1, is_bot: true, first_name: "督办", username: "duban_bot" } as Bot["botInfo"] });
    const seen = new Map<number, string[]>();
    bot.on("message:text", async (ctx) => {
      // Uneven handling times: a chat whose update is slow must not let its next one overtake it.
      await new Promise((r) => setTimeout(r, Math.random() * 8));
      seen.set(ctx.chat.id, [...(seen.get(ctx.chat.id) ?? []), ctx.message.text]);
    });
    const chats = [-10, -11, -12, -13];
    const updates = Array.from({ length: 40 }, (_, i) => message(chats[i % chats.length]!, `m${i}`));
    await inbox.store(updates);
    const dispatcher = new UpdateDispatcher(bot, inbox, createLogger("silent"), { concurrency: 8, idleMs: 2 });
    dispatcher.start();
    for (let i = 0; i < 500; i++) {
      if (chats.every((c) => (seen.get(c)?.length ?? 0) === 10)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await dispatcher.stop();
    for (const [index, chat] of chats.entries()) {
      expect(seen.get(chat)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i * chats.length + index}`));
    }
    const left = await database.sql.query(`SELECT "updateId" FROM "InboxUpdate" WHERE "chatId" = ANY($1::bigint[]) AND status <> 'handled'`, [chats.map(BigInt)]);
    expect(left).toEqual([]);
  });
});
