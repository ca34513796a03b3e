import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.js";
import { runEntry } from "../support/process.js";
import { TOKEN } from "../support/harness.js";

describe("npm start with a bad setting", () => {
  it("stops with one line naming the variable and an example", async () => {
    const run = runEntry("main", { DATA_DIR: "/nonexistent" });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toMatch(/^duban: BOT_TOKEN is required.*e\.g\. BOT_TOKEN=\d+:/);
    const bad = runEntry("main", { BOT_TOKEN: TOKEN, DUBAN_TIMEZONE: "Beijing" });
    expect(await bad.exited).toBe(1);
    expect(bad.output().trim().split("\n")).toHaveLength(1);
    expect(bad.output()).toContain("DUBAN_TIMEZONE");
  });

  it("stops with a line naming TELEGRAM_API_ROOT when the Bot API cannot be reached", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "duban-unreachable-"));
    const run = runEntry("main", { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:9", DATA_DIR: dir, LOG_LEVEL: "info" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("cannot reach the Bot API at http://127.0.0.1:9");
    expect(run.output()).not.toContain(TOKEN.split(":")[1]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("stops, closing its data, when another process polls with the same token (409)", async () => {
    const telegram = new FakeTelegram();
    const apiRoot = await telegram.start();
    const dir = mkdtempSync(path.join(tmpdir(), "duban-conflict-"));
    telegram.fail("getUpdates", 409, "Conflict: terminated by other getUpdates request", 1000);
    const run = runEntry("main", { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, DATA_DIR: dir, LOG_LEVEL: "info" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/polling stopped for good/);
    expect(run.output()).toContain("409");
    // The embedded database was closed and unlocked: the next start may open it.
    expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false);
    await telegram.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
