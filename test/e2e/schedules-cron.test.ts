import { afterAll, beforeAll, describe } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { admin, SCENARIO_NOW, schedulesScenario } from "./schedules.scenario.js";

describe("schedules on node-cron (no REDIS_URL), through the fake Bot API", () => {
  let db: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    db = await createTestDatabase("e2e_cron");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: SCENARIO_NOW });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });

  schedulesScenario(() => h, "cron");
});
