import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/clock.js";
import { NO_LIMITS } from "#src/sending/limiter.js";
import { deliver } from "#src/sending/outbox.js";
import { enqueue, type OutgoingMessage } from "#src/services/outbox.js";
import { openTestDatabase, type OpenTestDatabase } from "../support/database.js";
import { useOutboxRig } from "../support/outbox-rig.js";

const GROUP = -4001n;

describe("a busy chat's answers, and messages Telegram will not take", () => {
  const clock = new ManualClock(new Date("2026-12-01T02:00:00Z"));
  const rig = useOutboxRig("sender_batches", clock);
  /**
   * What the sender loop does: deliver rounds until nothing is waiting (a few at most). A message
   * put back for another try (a refused merge, a refused picture) may go out on the next round.
   */
  const send = async () => {
    for (let round = 0; round < 5; round++) {
      await deliver(rig.sender({ holder: "batches", limits: NO_LIMITS }));
      if ((await rig.database.prisma.outboxMessage.count({ where: { status: "pending" } })) === 0) return;
    }
  };
  const queue = (key: string, messages: OutgoingMessage[]) => enqueue(rig.database.sql, "reply", key, messages, clock.now());
  const confirmation = (n: number): OutgoingMessage => ({ chatId: GROUP, text: `✅ BY-0${n} 已记录：${n}0%`, replyTo: 100 + n, batch: "confirmation" });

  it("sends the answers waiting for a group as one message, confirmations first, replying to the latest report", async () => {
    await queue("1/0", [{ chatId: GROUP, text: "可用命令：/help", replyTo: 100, batch: "help" }]);
    for (const n of [1, 2, 3]) await queue(`${n + 1}/0`, [confirmation(n)]);
    await queue("5/0", [{ chatId: GROUP, text: "可用命令：/help", replyTo: 105, batch: "help" }]);
    await send();
    expect(rig.telegram.sent.map((m) => ({ text: m.text, replyTo: m.replyTo }))).toEqual([
      // The second help was never queued: one was waiting already.
      { text: "✅ BY-01 已记录：10%\n✅ BY-02 已记录：20%\n✅ BY-03 已记录：30%\n可用命令：/help", replyTo: 103 },
    ]);
    const rows = await rig.database.prisma.outboxMessage.findMany();
    expect(rows.every((r) => r.status === "sent" && r.messageId === rig.telegram.sent[0]?.messageId)).toBe(true);
  });

  it("leaves questions with buttons and files on their own", async () => {
    await queue("1/0", [confirmation(1)]);
    await queue("2/0", [{ chatId: GROUP, text: "哪个项目？", buttons: [[{ label: "BY-01", data: "x" }]], batch: "notice" }]);
    await queue("3/0", [confirmation(2)]);
    await send();
    expect(rig.telegram.sent.map((m) => m.text)).toEqual(["✅ BY-01 已记录：10%\n✅ BY-02 已记录：20%", "哪个项目？"]);
  });

  it("sends merged answers one by one when Telegram refuses the merged message", async () => {
    for (const n of [1, 2]) await queue(`${n}/0`, [confirmation(n)]);
    rig.telegram.fail("sendMessage", 400, "Bad Request: something odd", 1);
    await send();
    expect(rig.telegram.sent.map((m) => m.text)).toEqual(["✅ BY-01 已记录：10%", "✅ BY-02 已记录：20%"]);
  });

  it("sends a picture Telegram will not take as its caption, saying so, and goes on with the chat", async () => {
    await enqueue(rig.database.sql, "digest", "2026-12-01", [
      { chatId: GROUP, text: "督办日报：在建 37 项", file: { kind: "photo", bytes: new Uint8Array([1, 2, 3]), fileName: "chart.png" } },
      { chatId: GROUP, text: "下一条" },
    ], clock.now());
    rig.telegram.fail("sendPhoto", 400, "Bad Request: IMAGE_PROCESS_FAILED", 1);
    await send();
    expect(rig.telegram.sent.map((m) => [m.method, m.text])).toEqual([
      ["sendMessage", "督办日报：在建 37 项\n（附件未能发送，以上是它的说明文字。）"],
      ["sendMessage", "下一条"],
    ]);
  });
});

describe("a chat asking for help again and again", () => {
  let database: OpenTestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("help_once");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("holds one queued help text, however often it asks before the answer goes", async () => {
    const now = new Date("2026-12-01T02:00:00Z");
    for (let i = 0; i < 5; i++) await enqueue(database.sql, "reply", `${i}/0`, [{ chatId: GROUP, text: "可用命令：/help", replyTo: i, batch: "help" }], now);
    await enqueue(database.sql, "reply", "9/0", [{ chatId: GROUP, text: "✅ BY-01 已记录", replyTo: 9, batch: "confirmation" }], now);
    const rows = await database.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.batch)).toEqual(["help", "confirmation"]);
  });
});
