import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { IsolationLevel, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

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
