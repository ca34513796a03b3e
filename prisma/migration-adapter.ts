/**
 * The driver adapter the Prisma CLI uses for migrations (`prisma.config.ts`), with the
 * workarounds ../shared/PRISMA.md lists for @prisma/adapter-pg 6.19:
 *  1. catalog column types the adapter cannot map are reported as text;
 *  2. the pool is built field by field (poolConfigFromUrl), so the shadow database is honoured;
 *  3. the shadow database is dropped only after its pool has closed.
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
// A relative path: the Prisma CLI loads this file without package.json "imports" aliases.
import { poolConfigFromUrl } from "../src/db/connection.js";

const TEXT = 25;
const TEXT_ARRAY = 1009;
// "char", name, regproc, regclass → text; "char"[], name[] → text[] (prisma/orm#27403).
const CATALOG_TYPES: Record<number, number> = { 18: TEXT, 19: TEXT, 24: TEXT, 2205: TEXT, 1002: TEXT_ARRAY, 1003: TEXT_ARRAY };

interface FieldLike {
  dataTypeID: number;
}

function retypeFields(result: unknown): unknown {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results) {
    const fields = (r as { fields?: FieldLike[] } | null)?.fields;
    if (!fields) continue;
    for (const field of fields) {
      const replacement = CATALOG_TYPES[field.dataTypeID];
      if (replacement !== undefined) field.dataTypeID = replacement;
    }
  }
  return result;
}

/** A pg client whose query results never carry the catalog types the adapter rejects. */
class CatalogSafeClient extends pg.Client {
  // pg's query has many overloads; this wrapper only touches the result.
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as (err: Error | null, res?: unknown) => void;
      args[args.length - 1] = (err: Error | null, res?: unknown) => callback(err, err ? res : retypeFields(res));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    if (returned && typeof (returned as Promise<unknown>).then === "function") {
      return (returned as Promise<unknown>).then(retypeFields) as never;
    }
    return returned as never;
  }
}

function poolConfig(config: pg.PoolConfig): pg.PoolConfig {
  // The CLI never ends the pool: a short idle timeout lets it exit at once instead of after 10 s.
  return { ...config, idleTimeoutMillis: 200, Client: CatalogSafeClient as unknown as typeof pg.Client };
}

class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly main: PrismaPg;

  constructor(private readonly config: pg.PoolConfig) {
    this.main = new PrismaPg(poolConfig(config));
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.main.connect();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_shadow_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ ...this.config, database: "postgres" });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const adapter = await new PrismaPg(poolConfig({ ...this.config, database: name })).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client({ ...this.config, database: "postgres" });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    };
    return adapter;
  }
}

export function migrationAdapterFactory(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  return new MigrationAdapterFactory(poolConfigFromUrl(databaseUrl));
}
