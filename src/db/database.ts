import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "../generated/prisma/client.js";
import { applyMigrations, type SqlSession } from "./migrate.js";
import { lockDataDir, openPglite, pgAdapterFactory, pgliteAdapterFactory, poolConfigFromUrl } from "./connection.js";

export type Db = InstanceType<typeof PrismaClient>;

export interface Database {
  prisma: Db;
  /** "postgres" with DATABASE_URL, "pglite" on the embedded default. */
  kind: "postgres" | "pglite";
  /** Migrations applied by this open, by name. */
  applied: string[];
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
}

function pgSession(client: pg.Client): SqlSession {
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
    const client = new pg.Client(poolConfigFromUrl(options.databaseUrl));
    await client.connect();
    let applied: string[];
    try {
      applied = await applyMigrations(pgSession(client));
    } finally {
      await client.end();
    }
    const prisma = new PrismaClient({ adapter: pgAdapterFactory(options.databaseUrl) });
    return { prisma, kind: "postgres", applied, close: () => prisma.$disconnect() };
  }
  const unlock = lockDataDir(options.dataDir);
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
    kind: "pglite",
    applied,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      unlock();
    },
  };
}
