import path from "node:path";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";

// The embedded database (PGlite): loaded only when no DATABASE_URL is set (see database.ts).

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

/** The embedded database's folder is open in another process (a running bot). */
export class DataDirInUse extends Error {
  override name = "DataDirInUse";
  constructor(
    readonly dataDir: string,
    readonly owner: number,
  ) {
    super(`the embedded database in ${dataDir} is in use by process ${owner} (a running bot?); stop it first, or set DATABASE_URL`);
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
        throw new DataDirInUse(path.resolve(dataDir), owner);
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
