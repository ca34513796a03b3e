import path from "node:path";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { IsolationLevel, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Pool settings from a postgres:// URL, spelled out field by field: the adapter's shadow
 * database for `migrate dev` only takes effect when `database` is not hidden in a connection
 * string (../shared/PRISMA.md, bug 2).
 */
export function poolConfigFromUrl(databaseUrl: string): pg.PoolConfig {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${url.protocol}`);
  }
  const schema = url.searchParams.get("schema");
  return {
    host: url.hostname || "127.0.0.1",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
}

export function pgliteDirectory(dataDir: string): string {
  return path.resolve(dataDir, "pglite");
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite's data folder must be open in one process only; a second one would corrupt it. A lock
 * file holding the owner's pid turns that into a clear error (a stale lock is taken over).
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = path.resolve(dataDir, "pglite.lock");
  mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockFile, "utf8"));
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `the embedded database in ${path.resolve(dataDir)} is in use by process ${owner} (a running bot?); stop it first, or set DATABASE_URL`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${lockFile}`);
}

export function openPglite(dataDir: string): PGlite {
  const dir = pgliteDirectory(dataDir);
  mkdirSync(dir, { recursive: true });
  return new PGlite(dir);
}

/** Where an error a pool or one of its connections raised outside any query came from. */
export type PoolErrorSource = "pool" | "client";

export interface PgPoolOptions {
  /**
   * Hears every error a pool or one of its connections emits outside a query: a server restart
   * (57P01), a killed backend, a dropped socket. Such an error is an event to log, never a crash;
   * the pool drops the broken connection and opens a new one for the next query. Default: one
   * line on stderr.
   */
  onError?: (error: Error, source: PoolErrorSource) => void;
  /** Connections at most (pg's default 10). */
  max?: number;
  /** How long a query waits for a connection before failing (ms, default 10 s; pg's default waits forever). */
  connectionTimeoutMillis?: number;
  /** How long an idle connection is kept (ms, default 30 s). */
  idleTimeoutMillis?: number;
}

function logPoolError(error: Error, source: PoolErrorSource): void {
  const code = (error as { code?: unknown }).code;
  process.stderr.write(`database ${source} error${typeof code === "string" ? ` ${code}` : ""}: ${error.message}\n`);
}

/**
 * The project's own pg.Pool for PostgreSQL, with an `error` listener on the pool and on every
 * connection it opens. Without them, a connection that breaks while no query is listening (the
 * server restarted, the backend was terminated) emits an `error` event nobody hears, and Node
 * ends the process. An error reaching both the connection and the pool is reported once.
 */
export function createPgPool(databaseUrl: string, options: PgPoolOptions = {}): pg.Pool {
  const onError = options.onError ?? logPoolError;
  const reported = new WeakSet<Error>();
  const report = (error: Error, source: PoolErrorSource) => {
    if (reported.has(error)) return;
    reported.add(error);
    onError(error, source);
  };
  const pool = new pg.Pool({
    ...poolConfigFromUrl(databaseUrl),
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    keepAlive: true,
  });
  pool.on("error", (error) => report(error, "pool"));
  pool.on("connect", (client) => {
    client.on("error", (error) => report(error, "client"));
  });
  return pool;
}

/**
 * Prisma 6.19 ends an interactive transaction by sending COMMIT (or ROLLBACK) itself and only
 * then asks the adapter to commit()/rollback(), which is what hands the connection back to the
 * pool. When that COMMIT or ROLLBACK fails (the connection died mid-transaction: a server
 * restart, a killed backend; or a serialization failure surfacing at COMMIT), Prisma throws
 * before the hand-back and the connection is never released: the pool loses a slot for good and
 * pool.end() waits forever. After `max` such faults every query times out. This hands the
 * connection back whenever the closing statement fails (pg-pool drops it if it is broken).
 */
function releaseOnFailedEnd(transaction: Transaction): Transaction {
  let released = false;
  const releaseOnce = (release: () => Promise<void>) => async () => {
    if (released) return;
    released = true;
    await release();
  };
  const executeRaw = transaction.executeRaw.bind(transaction);
  const commit = releaseOnce(transaction.commit.bind(transaction));
  const rollback = releaseOnce(transaction.rollback.bind(transaction));
  transaction.commit = commit;
  transaction.rollback = rollback;
  transaction.executeRaw = async (query: SqlQuery) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (/^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i.test(query.sql)) await rollback().catch(() => undefined);
      throw error;
    }
  };
  return transaction;
}

/** PrismaPg whose transactions always hand their connection back (see releaseOnFailedEnd). */
class ReleasingPrismaPg extends PrismaPg {
  override async connect(): ReturnType<PrismaPg["connect"]> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel?: IsolationLevel) => releaseOnFailedEnd(await startTransaction(isolationLevel));
    return adapter;
  }
}

/**
 * Prisma's adapter over a pool of ours (createPgPool). The adapter never ends a pool it was
 * handed: whoever made the pool ends it, after prisma.$disconnect().
 */
export function pgAdapterFactory(pool: pg.Pool): PrismaPg {
  return new ReleasingPrismaPg(pool);
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
