import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { TOKEN } from "../test/support/harness.js";
import { ROOT, runEntry } from "../test/support/process.js";
import { median } from "./support/measure.js";

const RUNS = 5;

/** Wall time and peak memory of one command, as /usr/bin/time sees it (memory unknown without it). */
function timeCommand(argv: string[], env: Record<string, string> = {}): { seconds: number; mb: number | null } {
  const started = process.hrtime.bigint();
  const withTime = spawnSync("/usr/bin/time", ["-f", "%M", ...argv], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (withTime.error) {
    const plain = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, env: { ...process.env, ...env } });
    if (plain.status !== 0) throw new Error(`${argv.join(" ")} failed`);
    return { seconds, mb: null };
  }
  if (withTime.status !== 0) throw new Error(`${argv.join(" ")} failed: ${withTime.stderr}`);
  const kb = Number(withTime.stderr.trim().split("\n").at(-1));
  return { seconds, mb: Number.isFinite(kb) ? kb / 1024 : null };
}

/** `npm run bench -- startup`: the compiled program's start-up, as the office's IT person meets it. */
export async function benchStartup(): Promise<void> {
  console.log("\nstartup — the compiled program (dist/), median of 5 runs");
  const help = Array.from({ length: RUNS }, () => timeCommand([process.execPath, "dist/src/cli.js", "--help"]));
  const viaNpm = Array.from({ length: RUNS }, () => timeCommand(["npm", "run", "--silent", "duban", "--", "--help"]));
  const tsx = Array.from({ length: 3 }, () => timeCommand([process.execPath, "--import", "tsx", "src/cli.ts", "--help"]));
  const mbOf = (runs: { mb: number | null }[]) => (runs[0]?.mb ? `${Math.round(runs[0].mb)} MB` : "? MB");
  console.log(`  duban --help (node dist/src/cli.js)      ${median(help.map((r) => r.seconds)).toFixed(2)} s  ${mbOf(help)}   target < 0.4 s`);
  console.log(`  npm run duban -- --help (npm's own start) ${median(viaNpm.map((r) => r.seconds)).toFixed(2)} s`);
  console.log(`  the same through tsx, for comparison      ${median(tsx.map((r) => r.seconds)).toFixed(2)} s  ${mbOf(tsx)}`);

  const dir = mkdtempSync(path.join(tmpdir(), "duban-bench-startup-"));
  try {
    const template = path.join(dir, "ledger.xlsx");
    timeCommand([process.execPath, "dist/src/cli.js", "ledger", "template", "--example", "--deadline", "2027-06-30", "--out", template]);
    const importRun = timeCommand([process.execPath, "dist/src/cli.js", "ledger", "import", template], { DATA_DIR: path.join(dir, "ledger-data") });
    console.log(`  ledger import of the 37-task 台账          ${importRun.seconds.toFixed(2)} s  (the embedded database made on the way)`);

    // The bot's first answer: the embedded database made once (initdb), then timed starts.
    const telegram = new FakeTelegram();
    const apiRoot = await telegram.start();
    const env = { BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "warn" };
    const first = runEntry("main", env);
    const initdbAt = Date.now();
    await telegram.waitForSent(() => false, 1).catch(() => undefined);
    while (!telegram.calls.some((c) => c.method === "getUpdates")) await new Promise((r) => setTimeout(r, 20));
    const initdbSeconds = (Date.now() - initdbAt) / 1000;
    await first.stop();
    const answers: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const before = telegram.sent.length;
      const started = Date.now();
      const bot = runEntry("main", env);
      telegram.push({ message: { message_id: 1 + run, date: Math.floor(started / 1000), chat: { id: 4242, type: "private", first_name: "王" }, from: { id: 4242, is_bot: false, first_name: "王" }, text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] } });
      await telegram.waitForSent((sent) => sent.length > before, 30_000);
      answers.push((Date.now() - started) / 1000);
      await bot.stop();
    }
    await telegram.stop();
    console.log(`  npm start, first start (initdb)           ${initdbSeconds.toFixed(2)} s to polling`);
    console.log(`  npm start → first update answered          ${median(answers).toFixed(2)} s  (embedded, after the first initdb)   target < 3 s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
