/**
 * A PostgreSQL cluster of a test's own, so a fault test can stop, kill and restart the server
 * under a running bot without touching the shared one on :5432.
 *
 * Binaries come from PG_BIN_DIR, else the newest /usr/lib/postgresql/<version>/bin, else
 * `pg_config --bindir`. initdb refuses to run as root, so as root every server command runs as
 * the `postgres` user (`runuser -u postgres --`) and the temporary directory is handed to it.
 * The server listens on 127.0.0.1 only, on a free port that stays the same across restarts (so a
 * pool reconnects to the same URL), with its unix socket inside the temporary directory. It runs
 * with fsync off: a test's data need not survive a power cut, only a server crash.
 */
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type StopMode = "smart" | "fast" | "immediate";

export interface PgClusterOptions {
  /** Directory holding initdb, pg_ctl and postgres. */
  binDir?: string;
  /** Port to listen on; a free one is picked when not given. */
  port?: number;
  /** Extra server settings, `-c name=value` each. */
  settings?: Record<string, string | number>;
}

/** The directory of initdb/pg_ctl on this machine. */
export function findPgBinDir(): string {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv && existsSync(path.join(fromEnv, "pg_ctl"))) return fromEnv;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    const newest = versions[0];
    if (newest !== undefined) return path.join(root, newest, "bin");
  }
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(path.join(dir, "initdb"))) return dir;
  } catch {
    // no pg_config on PATH
  }
  throw new Error("PostgreSQL server binaries not found: set PG_BIN_DIR to the directory holding initdb and pg_ctl");
}

/** A TCP port nothing listens on right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/** Clusters not yet destroyed, stopped hard if the test process exits without destroying them. */
const live = new Set<PgCluster>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const cluster of live) cluster.killSync();
  };
  process.once("exit", killAll);
  // A test runner ending a worker (say, after a hook timed out) sends a signal, and "exit" does
  // not run then: stop the servers, then let the signal do what it would have done.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

export class PgCluster {
  readonly binDir: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly port: number;
  private readonly settings: Record<string, string | number>;
  private running = false;

  private constructor(binDir: string, dir: string, port: number, settings: Record<string, string | number>) {
    this.binDir = binDir;
    this.dir = dir;
    this.dataDir = path.join(dir, "data");
    this.logFile = path.join(dir, "server.log");
    this.port = port;
    this.settings = settings;
  }

  /** initdb into a fresh temporary directory and start the server. */
  static async create(options: PgClusterOptions = {}): Promise<PgCluster> {
    const binDir = options.binDir ?? findPgBinDir();
    const dir = mkdtempSync(path.join(tmpdir(), "duban-pg-"));
    if (isRoot()) {
      const { uid, gid } = postgresIds();
      chownSync(dir, uid, gid);
    }
    const cluster = new PgCluster(binDir, dir, options.port ?? (await freePort()), options.settings ?? {});
    live.add(cluster);
    installExitHook();
    try {
      await cluster.exec("initdb", ["-D", cluster.dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
      await cluster.start();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** postgres://postgres@127.0.0.1:<port>/<db> */
  url(db = "postgres"): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${encodeURIComponent(db)}`;
  }

  async start(): Promise<void> {
    const settings: Record<string, string | number> = {
      listen_addresses: "127.0.0.1",
      port: this.port,
      unix_socket_directories: this.dir,
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      max_connections: 40,
      shared_buffers: "16MB",
      ...this.settings,
    };
    // pg_ctl hands -o to a shell: values here are ours (numbers, a temp path without spaces).
    const options = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(" ");
    await this.exec("pg_ctl", ["start", "-D", this.dataDir, "-l", this.logFile, "-w", "-t", "60", "-o", options]);
    this.running = true;
  }

  /**
   * fast: rolls back sessions and shuts down cleanly (what a restart by an operator does; clients
   * see 57P01). immediate: the postmaster quits at once, recovery runs on the next start (a crash).
   */
  async stop(options: { mode?: StopMode } = {}): Promise<void> {
    if (!this.running) return;
    await this.exec("pg_ctl", ["stop", "-D", this.dataDir, "-m", options.mode ?? "fast", "-w", "-t", "60"]);
    this.running = false;
  }

  async restart(options: { mode?: StopMode } = {}): Promise<void> {
    await this.stop(options);
    await this.start();
  }

  /** Creates a database on this cluster and returns its URL. */
  async createDatabase(name: string): Promise<string> {
    await this.exec("createdb", ["-h", "127.0.0.1", "-p", String(this.port), "-U", "postgres", name]);
    return this.url(name);
  }

  /** The server log so far (for a failing test's message). */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  async destroy(): Promise<void> {
    try {
      if (this.running || existsSync(path.join(this.dataDir, "postmaster.pid"))) {
        await this.exec("pg_ctl", ["stop", "-D", this.dataDir, "-m", "immediate", "-w", "-t", "60"]).catch(() => undefined);
      }
    } finally {
      this.running = false;
      live.delete(this);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** For the exit hook: stop at once, synchronously. */
  killSync(): void {
    try {
      const [file, args] = this.command("pg_ctl", ["stop", "-D", this.dataDir, "-m", "immediate", "-w"]);
      execFileSync(file, args, { stdio: "ignore" });
    } catch {
      // already down
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private command(tool: string, args: string[]): [string, string[]] {
    const binary = path.join(this.binDir, tool);
    return isRoot() ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, args];
  }

  private async exec(tool: string, args: string[]): Promise<void> {
    const [file, argv] = this.command(tool, args);
    try {
      await run(file, argv, { cwd: this.dir, timeout: 90_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? "";
      throw new Error(`${tool} ${args.join(" ")} failed: ${stderr.trim() || String(error)}\n${this.log().slice(-2000)}`);
    }
  }
}
