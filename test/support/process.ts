import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Waits until the output contains the text. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** The programs users run, compiled: `npm start`, `npm run worker`, `npm run duban`, `npm run demo`. */
export type Entry = "main" | "worker" | "cli" | "demo/main";

/**
 * Runs a program the way a user would (`npm start` is `node dist/src/main.js`), with the given
 * environment on top of a clean one. dist/ is built by `npm ci` (and again by the tests' global
 * setup when a source changed).
 */
export function runEntry(entry: Entry, env: Record<string, string>, args: string[] = []): RunningProcess {
  return spawnNode([path.join("dist", "src", `${entry}.js`), ...args], env);
}

/** Runs a TypeScript file of the tests' own (a helper process) through tsx. */
export function runScript(script: string, env: Record<string, string>, args: string[] = []): RunningProcess {
  // tsx as a loader, not its CLI: the CLI runs the script in a child process, so a SIGKILL
  // would leave the real process running.
  return spawnNode(["--import", "tsx", script, ...args], env);
}

function spawnNode(argv: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    // Any free port unless the test names one: processes of several test files run side by side.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DUBAN_HTTP_PORT: "0", DUBAN_WORKER_PORT: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor: async (text, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof text === "string" ? output.includes(text) : text.test(output));
      while (!found()) {
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before "${text}":\n${output}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * A fixed-offset zone where it is about 02:00 now: a process run in it has no scheduled job due
 * at its start or while a test runs (the earliest, the digest, is at 08:30), whatever the hour
 * the tests run at. Run after 08:30 in Shanghai, the digest's catch-up ran at a worker's start.
 */
export function zoneAtTwoInTheMorning(now = new Date()): string {
  const offset = (((2 - now.getUTCHours()) % 24) + 24) % 24;
  const hours = offset > 14 ? offset - 24 : offset;
  // Etc/GMT signs are inverted: Etc/GMT-8 is UTC+8.
  return hours === 0 ? "Etc/GMT" : `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`;
}
