import type pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "#src/generated/prisma/client.js";
import { applyMigrations, type SqlSession } from "./migrate.js";
import { pgliteSql, poolSql, type Sql } from "./sql.js";
import { createPgPool, pgAdapterFactory, type PgPoolOptions } from "./connection.js";

export type Db = InstanceType<typeof PrismaClient>;

export interface Database {
  prisma: Db;
  /** Plain SQL on the same connections, for the paths every update takes (see sql.ts). */
  sql: Sql;
  /** "postgres" with DATABASE_URL, "pglite" on the embedded default. */
  kind: "postgres" | "pglite";
  /** Migrations applied by this open, by name. */
  applied: string[];
  /** The embedded database itself (for its dump); absent on PostgreSQL. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Hears connection errors outside queries on PostgreSQL (a server restart); see createPgPool. */
  onConnectionError?: PgPoolOptions["onError"];
  /** How long to wait for the embedded folder's lock to go stale (a bot restarted in a new container). */
  lockWaitMs?: number;
}

function pgSession(client: pg.PoolClient): SqlSession {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
  };
}

function pgliteSession(db: PGlite): SqlSession {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows,
  };
}

/** Opens PostgreSQL (DATABASE_URL) or the embedded PGlite under dataDir, bringing the schema up to date. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    // One pool, with error listeners on it and on each connection, for migrations and Prisma.
    const pool = createPgPool(options.databaseUrl, options.onConnectionError ? { onError: options.onConnectionError } : {});
    let applied: string[];
    try {
      const client = await pool.connect();
      try {
        applied = await applyMigrations(pgSession(client));
        client.release();
      } catch (error) {
        client.release(true);
        throw error;
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    const prisma = new PrismaClient({ adapter: pgAdapterFactory(pool) });
    return {
      prisma,
      sql: poolSql(pool),
      kind: "postgres",
      applied,
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  // PGlite and its adapter load only here: a bot on PostgreSQL never pays for them.
  const { lockDataDir, openPglite, pgliteAdapterFactory } = await import("./embedded.js");
  const unlock = await lockDataDir(options.dataDir, { waitMs: options.lockWaitMs ?? 0 });
  let pglite: PGlite;
  let applied: string[];
  try {
    pglite = openPglite(options.dataDir);
    applied = await applyMigrations(pgliteSession(pglite));
  } catch (error) {
    unlock();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: pgliteAdapterFactory(pglite) });
  return {
    prisma,
    sql: pgliteSql(pglite),
    kind: "pglite",
    applied,
    pglite,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      unlock();
    },
  };
}
