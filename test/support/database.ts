import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "#src/db/database.js";

/** The server the integration tests use; each test file gets a database of its own on it. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates an empty database; the bot's own migrations build the schema, as in production. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `duban_${label.replace(/\W/g, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(TEST_SERVER_URL, name),
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_SERVER_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A database of this test file's own, migrated as the bot migrates it; close() also drops it. */
export type OpenTestDatabase = Database & { url: string };

export async function openTestDatabase(label: string): Promise<OpenTestDatabase> {
  const testDb = await createTestDatabase(label);
  const database = await openDatabase({ databaseUrl: testDb.url, dataDir: "" });
  return {
    ...database,
    url: testDb.url,
    close: async () => {
      await database.close();
      await testDb.drop();
    },
  };
}

/** The same, on either database the product supports: PostgreSQL, or PGlite in a directory of its own (url null). */
export async function openTestDatabaseOn(kind: "postgres" | "pglite", label: string): Promise<Database & { url: string | null }> {
  if (kind === "postgres") return openTestDatabase(label);
  const dataDir = mkdtempSync(path.join(tmpdir(), `duban-${label}-`));
  const database = await openDatabase({ dataDir });
  return {
    ...database,
    url: null,
    close: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Watches every pg connection for a query sent while another is still running on it. Inside a
 * transaction all queries share one connection; pg deprecates queuing on it (an error from pg 9),
 * and Prisma queues when an `include` names several relations (prisma/orm#29407).
 */
export function watchOverlappingQueries(): { overlaps: string[]; stop(): void } {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  const running = new WeakMap<object, number>();
  const overlaps: string[] = [];
  prototype.query = function (this: object, ...args: unknown[]) {
    const count = running.get(this) ?? 0;
    if (count > 0) overlaps.push(typeof args[0] === "string" ? args[0] : String((args[0] as { text?: unknown }).text));
    running.set(this, count + 1);
    const done = () => void running.set(this, (running.get(this) ?? 1) - 1);
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (...result: unknown[]) => {
        done();
        return (last as (...result: unknown[]) => unknown)(...result);
      };
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      done();
      throw error;
    }
    // A query object with its own callback (a submittable) is not watched: nothing here sends one.
    if (typeof last !== "function") {
      if (result instanceof Promise) result.then(done, done);
      else done();
    }
    return result;
  };
  return { overlaps, stop: () => void (prototype.query = original) };
}
