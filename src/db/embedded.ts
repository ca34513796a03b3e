import path from "node:path";
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { isEarlierLife, lifeOf, pidIsRunning, thisLife } from "#src/process-life.js";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";

// The embedded database (PGlite): loaded only when no DATABASE_URL is set (see database.ts).

export function pgliteDirectory(dataDir: string): string {
  return path.resolve(dataDir, "pglite");
}

/** The embedded database's folder is open in another process (a running bot). */
export class DataDirInUse extends Error {
  override name = "DataDirInUse";
  constructor(
    readonly dataDir: string,
    readonly owner: string,
  ) {
    super(`the embedded database in ${dataDir} is in use by ${owner} (a running bot?); stop it first, or set DATABASE_URL`);
  }
}

/** A live holder touches its lock this often; one untouched three times as long is a dead one's. */
const TOUCH_MS = 5000;
const STALE_MS = 3 * TOUCH_MS + 1000;

/**
 * PGlite's data folder must be open in one process only; a second one would corrupt it. The
 * lock file names its holder (`host:pidns:pid:nonce`, src/process-life.ts) and the holder touches
 * it every 5 s. It is taken over when its holder is an earlier life of a process on this host
 * (killed), or when nobody touched it for 16 s (a container restarted in a new pid namespace,
 * PID 1 again: the pid alone says nothing there). `waitMs`: how long to wait for a lock that may
 * be a dead container's to go stale (the bot waits; command-line tools answer at once).
 */
export async function lockDataDir(dataDir: string, options: { waitMs?: number } = {}): Promise<() => void> {
  const lockFile = path.resolve(dataDir, "pglite.lock");
  mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    try {
      writeFileSync(lockFile, thisLife.name, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readFileSync(lockFile, "utf8").trim();
      const untouchedMs = Date.now() - (statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      const gone = owner === thisLife.name || isEarlierLife(owner) || isDeadPid(owner) || untouchedMs > STALE_MS;
      if (gone) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() >= deadline) throw new DataDirInUse(path.resolve(dataDir), describeOwner(owner));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const touch = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(lockFile, now, now);
    } catch {
      // Removed under us: the next open says so.
    }
  }, TOUCH_MS).unref();
  return () => {
    clearInterval(touch);
    // Only our own lock: one another process took over from a stale us stays.
    if (readFileSync(lockFile, { encoding: "utf8", flag: "a+" }).trim() === thisLife.name) rmSync(lockFile, { force: true });
  };
}

/** "process 4242 on bot-1" from a lock's holder (or the holder as written). */
function describeOwner(owner: string): string {
  if (/^\d+$/.test(owner)) return `process ${owner}`;
  const life = lifeOf(owner);
  return life ? `process ${life.pid} on ${life.host}` : owner;
}

/** A lock written by an older Duban holds a bare pid: gone when that pid no longer runs here. */
function isDeadPid(owner: string): boolean {
  return /^\d+$/.test(owner) && !pidIsRunning(Number(owner));
}

export function openPglite(dataDir: string): PGlite {
  const dir = pgliteDirectory(dataDir);
  mkdirSync(dir, { recursive: true });
  return new PGlite(dir);
}

/**
 * Prisma 6.19 hands an adapter Bytes arguments as base64 text (adapter-pg decodes them);
 * pglite-prisma-adapter 0.6 predates that, so they are decoded here into the bytes PGlite wants.
 */
function decodeBytes(query: SqlQuery): SqlQuery {
  const types = query.argTypes;
  if (!types?.some((t) => t.scalarType === "bytes")) return query;
  return { ...query, args: query.args.map((arg, i) => (types[i]?.scalarType === "bytes" && typeof arg === "string" ? Buffer.from(arg, "base64") : arg)) };
}

interface Queryable {
  queryRaw(query: SqlQuery): Promise<unknown>;
  executeRaw(query: SqlQuery): Promise<unknown>;
}

function withBytes<Q extends Queryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  const executeRaw = queryable.executeRaw.bind(queryable);
  queryable.queryRaw = (query: SqlQuery) => queryRaw(decodeBytes(query));
  queryable.executeRaw = (query: SqlQuery) => executeRaw(decodeBytes(query));
  return queryable;
}

class BytesPGlite extends PrismaPGlite {
  override async connect(): ReturnType<PrismaPGlite["connect"]> {
    const adapter = await super.connect();
    withBytes(adapter as unknown as Queryable);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: Parameters<typeof startTransaction>) => {
      const transaction = await startTransaction(...args);
      withBytes(transaction as unknown as Queryable);
      return transaction;
    };
    return adapter;
  }
}

export function pgliteAdapterFactory(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  // pglite-prisma-adapter 0.6 is typed against driver-adapter-utils 6.10; the 6.19 client accepts it
  // (the embedded integration tests run every repository through it).
  return new BytesPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory;
}
