import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Update } from "grammy/types";
import { startApp, type App } from "#src/app.js";
import { ManualClock } from "#src/clock.js";
import { createConfig } from "#src/config.js";
import { createLogger } from "#src/logger.js";
import { NO_LIMITS } from "#src/sending/limiter.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/harness.js";
import { freePort } from "../support/pg-cluster.js";
import { group, user } from "../support/updates.js";

const SECRET = "a-webhook-secret-of-32-characters";
const admin = user(1001, "duchashi", "督查室");
const chat = group(-1004001, "北园大街指挥部");

/** Webhook mode: updates arrive as POSTs; stored before the 200; answered through the outbox. */
describe("webhook mode", () => {
  let db: TestDatabase;
  let telegram: FakeTelegram;
  let app: App;
  let url: string;
  let nextUpdate = 1;

  beforeAll(async () => {
    db = await createTestDatabase("e2e_webhook");
    telegram = new FakeTelegram();
    const apiRoot = await telegram.start();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/telegram`;
    const config = createConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      ADMIN_IDS: String(admin.id),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      DATABASE_URL: db.url,
      WEBHOOK_URL: url,
      WEBHOOK_SECRET: SECRET,
      DUBAN_HTTP_PORT: String(port),
    });
    app = await startApp(config, createLogger(config.logLevel), { clock: new ManualClock(new Date("2026-07-01T16:30:00Z")), limits: NO_LIMITS });
  });
  afterAll(async () => {
    await app?.stop();
    await telegram?.stop();
    await db?.drop();
  });

  const message = (text: string): Update =>
    ({ update_id: nextUpdate++, message: { message_id: nextUpdate, date: 1_782_900_000, chat, from: admin, text, ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] } : {}) } }) as Update;

  const post = (update: Update, secret: string | null) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === null ? {} : { "x-telegram-bot-api-secret-token": secret }) },
      body: JSON.stringify(update),
    });

  it("sets the webhook with its secret at start, not polling", () => {
    const set = telegram.calls.find((c) => c.method === "setWebhook");
    expect(set?.params).toMatchObject({ url, secret_token: SECRET });
    expect(telegram.calls.some((c) => c.method === "getUpdates")).toBe(false);
  });

  it("refuses a request without the right secret with 401 and stores nothing", async () => {
    expect((await post(message("/help"), null)).status).toBe(401);
    expect((await post(message("/help"), "not-the-secret-not-the-secret-xx")).status).toBe(401);
    expect(await app.database.prisma.inboxUpdate.count()).toBe(0);
  });

  it("answers 200 once the update is stored, then handles it", async () => {
    const update = message("/bind 北园大街指挥部");
    const started = performance.now();
    const response = await post(update, SECRET);
    const took = performance.now() - started;
    expect(response.status).toBe(200);
    // Stored before the 200: it is in the inbox whatever happens next.
    expect(await app.database.prisma.inboxUpdate.count({ where: { updateId: BigInt(update.update_id) } })).toBe(1);
    expect(took).toBeLessThan(2000); // generous on a busy machine; the bench measures the real figure
    await telegram.waitForSent((sent) => sent.some((m) => m.replyTo === update.message?.message_id));
    expect(telegram.sent.at(-1)?.text).toContain("北园大街指挥部");
  });

  it("stores a redelivered update once and answers it once, and keeps one chat's order", async () => {
    const first = message("/status BY-99");
    const second = message("/tasks");
    for (const update of [first, first, second]) expect((await post(update, SECRET)).status).toBe(200);
    await telegram.waitForSent((sent) => sent.some((m) => m.replyTo === second.message?.message_id));
    const answers = telegram.sent.filter((m) => m.replyTo === first.message?.message_id || m.replyTo === second.message?.message_id);
    // Answered once each, in the chat's order: two replies, or one reply to the later message
    // carrying both answers (the sender merges a chat's waiting answers when its turn comes).
    const said = answers.map((m) => m.text).join("\n");
    expect(said.split("BY-99").length - 1).toBe(1);
    expect(said.indexOf("BY-99")).toBe(answers[0]!.text.indexOf("BY-99"));
    expect(answers.map((m) => m.replyTo)).toEqual(answers.length === 1 ? [second.message?.message_id] : [first.message?.message_id, second.message?.message_id]);
  });
});
