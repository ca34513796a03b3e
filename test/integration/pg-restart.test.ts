import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgPool, pgAdapterFactory, type PoolErrorSource } from "#src/db/connection.js";
import { openDatabase, type Database } from "#src/db/database.js";
import { isTransientDbError, transientDbErrorReason } from "#src/db/errors.js";
import { PrismaClient } from "#src/generated/prisma/client.js";
import { PgCluster } from "../support/pg-cluster.js";
import { runScript } from "../support/process.js";

async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("expected the query to fail");
}

describe("a database restart under a running pool", () => {
  let cluster: PgCluster;
  let url: string;

  beforeAll(async () => {
    cluster = await PgCluster.create();
    url = await cluster.createDatabase("restart");
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it("is a logged event: queries fail transiently while it is down and work again after", async () => {
    const heard: { source: PoolErrorSource; code: string | undefined; message: string }[] = [];
    const pool = createPgPool(url, { onError: (error, source) => heard.push({ source, code: (error as { code?: string }).code, message: error.message }) });
    try {
      await Promise.all([pool.query("SELECT 1"), pool.query("SELECT 2"), pool.query("SELECT 3")]);
      expect(pool.idleCount).toBeGreaterThan(0);

      await cluster.stop({ mode: "fast" });
      const down = await failure(pool.query("SELECT 1"));
      expect(transientDbErrorReason(down)).toMatch(/ECONNREFUSED|admin shutdown|connection terminated/);
      // Every idle connection heard the shutdown (57P01) on its own error listener, once.
      expect(heard.length).toBeGreaterThan(0);
      expect(heard.every((h) => h.code === "57P01" || /Connection terminated/.test(h.message))).toBe(true);

      await cluster.start();
      expect((await pool.query<{ n: number }>("SELECT 1 AS n")).rows).toEqual([{ n: 1 }]);
      expect(pool.totalCount).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  });

  it("survives a crash (immediate stop) in the middle of a query", async () => {
    const pool = createPgPool(url, { onError: () => undefined });
    try {
      const running = failure(pool.query("SELECT pg_sleep(30)"));
      await waitForActivity(pool, "pg_sleep(30)");
      await cluster.stop({ mode: "immediate" });
      const error = await running;
      expect(error).toBeInstanceOf(Error);
      expect(isTransientDbError(error)).toBe(true);
      expect(isTransientDbError(await failure(pool.query("SELECT 1")))).toBe(true);
      await cluster.start();
      expect((await pool.query<{ n: number }>("SELECT 2 AS n")).rows).toEqual([{ n: 2 }]);
    } finally {
      await pool.end();
    }
  });

  it("keeps Prisma (openDatabase) working across a restart", async () => {
    const heard: string[] = [];
    const database: Database = await openDatabase({ databaseUrl: url, dataDir: "", onConnectionError: (error) => heard.push(error.message) });
    try {
      await database.prisma.unit.create({ data: { name: "before" } });
      await cluster.restart({ mode: "fast" });
      // The pooled connection died with the old server; the first query after may still see it.
      const after = await database.prisma.unit.count().catch((error: unknown) => {
        expect(isTransientDbError(error)).toBe(true);
        return database.prisma.unit.count();
      });
      expect(after).toBe(1);

      await cluster.stop({ mode: "fast" });
      const down = await failure(database.prisma.unit.count());
      expect(down).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P1001" });
      expect(isTransientDbError(down)).toBe(true);
      await cluster.start();
      expect(await database.prisma.unit.count()).toBe(1);
      expect(heard.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it("does not end the process, where a pool without listeners does", async () => {
    const listened = runScript("test/support/pool-child.ts", {}, ["listened", url]);
    const bare = runScript("test/support/pool-child.ts", {}, ["bare", url]);
    await Promise.all([listened.waitFor("ready"), bare.waitFor("ready")]);
    await cluster.stop({ mode: "fast" });
    try {
      expect(await listened.exited).toBe(0);
      expect(listened.output()).toMatch(/heard client 57P01/);
      expect(await bare.exited).not.toBe(0);
      expect(bare.output()).toMatch(/Unhandled 'error' event/);
    } finally {
      await cluster.start();
    }
  });
});

/** Waits until the server runs a statement containing this text (no wall-clock sleep in the test). */
async function waitForActivity(pool: pg.Pool, text: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
      [`%${text}%`],
    );
    if (Number(rows[0]?.n) > 0) return;
  }
  throw new Error(`no statement like ${text} ever ran`);
}

describe("a transaction cut by a restart", () => {
  let cluster: PgCluster;
  let url: string;

  beforeAll(async () => {
    cluster = await PgCluster.create();
    url = await cluster.createDatabase("cut");
    const migrated = await openDatabase({ databaseUrl: url, dataDir: "", onConnectionError: () => undefined });
    await migrated.close();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  // Prisma 6.19 sends COMMIT/ROLLBACK itself and releases the connection only if that succeeds;
  // pgAdapterFactory hands it back anyway, or each such fault would cost the pool a slot for good.
  it.each(["fast", "immediate"] as const)("hands its connection back to the pool (%s stop)", async (mode) => {
    const pool = createPgPool(url, { onError: () => undefined, max: 2 });
    const prisma = new PrismaClient({ adapter: pgAdapterFactory(pool) });
    try {
      for (let round = 0; round < 3; round++) {
        const cut = prisma.$transaction(async (tx) => tx.$queryRawUnsafe("SELECT pg_sleep(30)::text")).then(
          () => null,
          (error: unknown) => error,
        );
        await waitForActivity(pool, "pg_sleep(30)");
        await cluster.stop({ mode });
        expect(isTransientDbError(await cut)).toBe(true);
        await cluster.start();
        expect(pool.totalCount - pool.idleCount).toBe(0);
      }
      // Three cuts on a pool of two: still answering.
      expect(await prisma.unit.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
      await pool.end();
    }
  });
});
