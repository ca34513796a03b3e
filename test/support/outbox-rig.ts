import { afterAll, beforeAll, beforeEach } from "vitest";
import { Api } from "grammy";
import { createSender } from "#src/composition.js";
import type { ManualClock } from "#src/clock.js";
import { createLogger } from "#src/logger.js";
import type { TelegramLimits } from "#src/sending/limiter.js";
import { openTestDatabase, type OpenTestDatabase } from "./database.js";
import { FakeTelegram } from "./fake-telegram.js";
import { TOKEN } from "./harness.js";

export interface OutboxRig {
  readonly database: OpenTestDatabase;
  readonly telegram: FakeTelegram;
  /** A sender on this file's database and fake Bot API, on the test's clock. */
  sender(options?: { holder?: string; limits?: TelegramLimits }): ReturnType<typeof createSender>;
}

/**
 * A database of this file's own and a fake Bot API for tests of the outbox's sender, emptied of
 * messages, the send lease and what was sent before each test.
 */
export function useOutboxRig(label: string, clock: ManualClock): OutboxRig {
  let database: OpenTestDatabase | null = null;
  let telegram: FakeTelegram | null = null;
  beforeAll(async () => {
    database = await openTestDatabase(label);
    telegram = new FakeTelegram();
    await telegram.start();
  });
  beforeEach(async () => {
    await database!.prisma.outboxMessage.deleteMany();
    await database!.prisma.senderLease.deleteMany();
    telegram!.sent.length = 0;
  });
  afterAll(async () => {
    await telegram?.stop();
    await database?.close();
  });
  return {
    get database() {
      return database!;
    },
    get telegram() {
      return telegram!;
    },
    sender: (options = {}) =>
      createSender({
        db: database!.prisma,
        sql: database!.sql,
        api: new Api(TOKEN, { apiRoot: telegram!.apiRoot }),
        logger: createLogger((process.env.TEST_LOG_LEVEL ?? "silent") as "silent"),
        clock,
        ...(options.holder ? { holder: options.holder } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      }),
  };
}
