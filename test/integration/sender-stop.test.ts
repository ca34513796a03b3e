import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api } from "grammy";
import { createSender } from "#src/composition.js";
import { ManualClock } from "#src/clock.js";
import { createLogger } from "#src/logger.js";
import { SenderLoop } from "#src/sending/sender-loop.js";
import { enqueue, logSend } from "#src/services/outbox.js";
import { openTestDatabase, type OpenTestDatabase } from "../support/database.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/harness.js";

const GROUP = -3001n;

describe("a sender stopping", () => {
  let database: OpenTestDatabase;
  let telegram: FakeTelegram;

  beforeAll(async () => {
    database = await openTestDatabase("sender_stop");
    telegram = new FakeTelegram();
    await telegram.start();
  });
  afterAll(async () => {
    await telegram?.stop();
    await database?.close();
  });

  it("hands a message still waiting for its slot back at once, unsent and not counted as tried", async () => {
    const clock = new ManualClock(new Date("2026-12-01T02:00:00Z"));
    // The group has had its 20 messages this minute (sent by a process before this one).
    for (let i = 0; i < 20; i++) await logSend(database.prisma, GROUP, new Date());
    await enqueue(database.sql, "test", "stop", [{ chatId: GROUP, text: "下午好" }], clock.now());
    const sender = createSender({ db: database.prisma, sql: database.sql, api: new Api(TOKEN, { apiRoot: telegram.apiRoot }), logger: createLogger("silent"), clock, holder: "stop-test" });
    const loop = new SenderLoop(sender);
    loop.start();
    const status = async () => (await database.prisma.outboxMessage.findFirstOrThrow({ where: { job: "test" } })).status;
    for (let i = 0; i < 200 && (await status()) !== "sending"; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await status()).toBe("sending");
    // Waiting out the group's minute; a stop must not wait with it (it would outlast the test's 30 s).
    await loop.stop();
    expect(await database.prisma.outboxMessage.findFirstOrThrow({ where: { job: "test" } })).toMatchObject({ status: "pending", attempts: 0 });
    expect(telegram.sent).toHaveLength(0);
  });
});
