import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/harness.js";
import { freePort } from "../support/pg-cluster.js";
import { runEntry, type RunningProcess } from "../support/process.js";

/** `npm run duban -- backup` and `restore` on the embedded default, as an office's IT person runs them. */
describe("backups of the embedded database from the command line", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "duban-backup-cli-"));
  const dataDir = path.join(dir, "data");
  const file = path.join(dir, "duban.backup");
  const telegram = new FakeTelegram();
  let bot: RunningProcess;
  let env: Record<string, string>;

  const cli = async (...args: string[]) => {
    const run = runEntry("cli", env, args);
    const code = await run.exited;
    return { code, output: run.output() };
  };

  beforeAll(async () => {
    env = { DATA_DIR: dataDir, DUBAN_HTTP_PORT: String(await freePort()) };
    const apiRoot = await telegram.start();
    bot = runEntry("main", { ...env, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: "info" });
    await bot.waitFor("http server listening", 60_000);
  });
  afterAll(async () => {
    if (bot?.child.exitCode === null) bot.child.kill("SIGKILL");
    await telegram.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("backs up while the bot runs (the bot makes it), and will not restore under it", async () => {
    const backup = await cli("backup", "--out", file);
    expect(backup).toMatchObject({ code: 0, output: expect.stringContaining(`backup written to ${file}`) });
    expect(readFileSync(file).subarray(0, 14).toString()).toBe("DUBAN-BACKUP 1");
    const refused = await cli("restore", file);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/in use by process \d+ on .+ \(a running bot\?\).*nothing was changed/);
  });

  it("refuses to back up a data folder with no database in it, rather than back up an empty new one", async () => {
    const typo = await runEntry("cli", { ...env, DATA_DIR: path.join(dir, "dat") }, ["backup", "--out", path.join(dir, "typo.backup")]);
    expect(await typo.exited).toBe(1);
    expect(typo.output()).toContain("there is no embedded database in");
  });

  it("restores once the bot is stopped, keeping what it replaced, and refuses a file that is not a backup", async () => {
    expect(await bot.stop()).toBe(0);
    const restored = await cli("restore", file);
    expect(restored).toMatchObject({ code: 0, output: expect.stringMatching(/restored .* the data it replaced is kept in .*before-restore/) });
    const notBackup = path.join(dir, "tasks.xlsx");
    writeFileSync(notBackup, "PK\u0003\u0004 not a backup");
    const refused = await cli("restore", notBackup);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("duban restore: this file is not a Duban backup (it does not start with DUBAN-BACKUP); nothing was changed");
  });
});
