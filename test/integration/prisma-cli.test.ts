import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#src/db/database.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { ROOT } from "../support/process.js";

// Two runs of Prisma's CLI (each several seconds, most of it starting up): side by side.
describe.concurrent("migrations and Prisma's own CLI", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase("prisma_cli");
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("agree: after the bot migrates, `prisma migrate deploy` has nothing to apply", async () => {
    const database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
    await database.close();
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testDb.url, CHECKPOINT_DISABLE: "1" },
    });
    expect(stdout).toContain("No pending migrations to apply");
  }, 60_000);

  it("agree: the committed migrations build exactly the schema in schema.prisma", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(ROOT, "node_modules/prisma/build/index.js"),
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--exit-code",
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: testDb.url, CHECKPOINT_DISABLE: "1" } },
    );
    expect(stdout).toContain("No difference detected");
  }, 60_000);
});
