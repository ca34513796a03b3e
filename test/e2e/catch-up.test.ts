import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { group, user } from "../support/updates.js";
import { ask } from "../support/conversation.js";

const admin = user(1001, "duchashi", "督查室");
const leaders = group(-1007999, "区领导督办群");

describe("a bot that was down at a job's time", () => {
  let db: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    db = await createTestDatabase("e2e_catch_up");
    // 07:00 in Shanghai: the 08:30 digest is still to come.
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: new Date("2026-07-01T23:00:00Z") });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });

  const digests = () => h.telegram.sent.filter((m) => m.chatId === leaders.id && m.text.startsWith("📊 督办日报"));

  it("runs it once when it comes back the same day, and not again on the next restart", async () => {
    await ask(h.telegram, h.scene, leaders, admin, "/leaders");
    expect(digests()).toHaveLength(0);
    // Down from 07:00 to 10:00: the digest's 08:30 passed meanwhile.
    h.clock.set(new Date("2026-07-02T02:00:00Z"));
    await h.restart();
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.text).toContain("2026-07-02");
    await h.restart();
    expect(digests()).toHaveLength(1);
  });
});
