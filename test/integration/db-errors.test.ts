/**
 * isTransientDbError against errors really provoked on a PostgreSQL of the test's own, through
 * the same Prisma client and pool the bot uses. Each case also pins the shape Prisma 6.19 with
 * @prisma/adapter-pg throws, so a version bump that changes it shows up here.
 */
import type pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPgPool, pgAdapterFactory } from "#src/db/connection.js";
import { openDatabase, type Db } from "#src/db/database.js";
import { isTransientDbError, transientDbErrorReason } from "#src/db/errors.js";
import { Prisma, PrismaClient } from "#src/generated/prisma/client.js";
import { PgCluster } from "../support/pg-cluster.js";

async function failure(work: PromiseLike<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("expected the work to fail");
}

/** Starts a Prisma call now (Prisma promises are lazy) and holds its outcome without an unhandled rejection. */
function started(work: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(work).then(
    () => new Error("expected the work to fail"),
    (error: unknown) => error,
  );
}

/** A gate two transactions meet at, so both have read before either writes. */
function meeting(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === parties) open();
    return opened;
  };
}

function adapterCause(error: unknown): unknown {
  return (error as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta?.driverAdapterError?.cause;
}

describe("database errors, provoked", () => {
  let cluster: PgCluster;
  let pool: pg.Pool;
  let prisma: Db;
  let admin: pg.Pool;

  async function waitForActivity(condition: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND ${condition}`);
      if (Number(rows[0]?.n) > 0) return;
    }
    throw new Error(`nothing in pg_stat_activity where ${condition}`);
  }
  const terminate = (condition: string) =>
    admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = 'errors' AND ${condition}`);

  beforeAll(async () => {
    cluster = await PgCluster.create();
    const url = await cluster.createDatabase("errors");
    const migrated = await openDatabase({ databaseUrl: url, dataDir: "", onConnectionError: () => undefined });
    await migrated.close();
    // The bot's pool and adapter, built here so the test can see the pool's counts.
    pool = createPgPool(url, { onError: () => undefined });
    prisma = new PrismaClient({ adapter: pgAdapterFactory(pool) });
    admin = createPgPool(url, { onError: () => undefined, max: 2 });
    await prisma.unit.createMany({ data: [{ name: "a" }, { name: "b" }] });
  });
  afterEach(() => {
    // Whatever failed, every connection went back to the pool (none leaked by a broken transaction).
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
  afterAll(async () => {
    await admin?.end();
    await prisma?.$disconnect();
    await pool?.end();
    await cluster?.destroy();
  });

  describe("permanent", () => {
    it("unique violation on a model: P2002", async () => {
      const error = await failure(prisma.unit.create({ data: { name: "a" } }));
      expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      expect(error).toMatchObject({ code: "P2002" });
      expect(adapterCause(error)).toMatchObject({ kind: "UniqueConstraintViolation", originalCode: "23505" });
      expect(isTransientDbError(error)).toBe(false);
    });

    it("unique violation in raw SQL: P2010 carrying 23505", async () => {
      const error = await failure(prisma.$executeRawUnsafe(`INSERT INTO "Unit"(name) VALUES ('a')`));
      expect(error).toMatchObject({ code: "P2010" });
      expect(adapterCause(error)).toMatchObject({ originalCode: "23505" });
      expect(isTransientDbError(error)).toBe(false);
    });

    it("syntax error: P2010 carrying 42601", async () => {
      const error = await failure(prisma.$queryRawUnsafe("SELEC 1"));
      expect(adapterCause(error)).toMatchObject({ kind: "postgres", code: "42601" });
      expect(isTransientDbError(error)).toBe(false);
    });

    it("record to update not found: P2025", async () => {
      const error = await failure(prisma.unit.update({ where: { name: "nobody" }, data: { name: "x" } }));
      expect(error).toMatchObject({ code: "P2025" });
      expect(isTransientDbError(error)).toBe(false);
    });

    it("a pool used after end", async () => {
      const pool = createPgPool(cluster.url("errors"), { onError: () => undefined });
      await pool.end();
      const error = await failure(pool.query("SELECT 1"));
      expect(isTransientDbError(error)).toBe(false);
    });
  });

  describe("transient", () => {
    it("backend terminated mid-query (pg_terminate_backend): P2010 carrying 57P01", async () => {
      const outcome = started(prisma.$queryRawUnsafe("SELECT pg_sleep(30)::text AS slept"));
      await waitForActivity("query LIKE '%pg_sleep(30)%' AND state = 'active'");
      await terminate("query LIKE '%pg_sleep(30)%'");
      const error = await outcome;
      expect(error).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P2010" });
      expect(adapterCause(error)).toMatchObject({ kind: "postgres", code: "57P01", severity: "FATAL" });
      expect(transientDbErrorReason(error)).toBe("admin shutdown (57P01)");
      expect(await prisma.unit.count()).toBe(2);
    });

    it("backend terminated while a transaction is idle: pg's plain 'not queryable' Error, or 57P01 unwrapped", async () => {
      let error: unknown;
      for (let attempt = 1; ; attempt++) {
        const arrived = meeting(2);
        let idle = false;
        const outcome = started(
          prisma.$transaction(async (tx) => {
            await tx.unit.count();
            idle = true;
            await arrived();
            return tx.unit.findMany();
          }),
        );
        // The transaction reaches its idle point, or fails first on a pooled connection an earlier
        // case killed (then it is tried again, at most twice).
        while (!idle && !(await Promise.race([outcome.then(() => true), new Promise((r) => setTimeout(() => r(false), 10))]))) {
          // waiting
        }
        if (!idle) {
          if (attempt < 3) continue;
          throw new Error(`the transaction never reached its idle point: ${String(await outcome)}`);
        }
        await waitForActivity("state = 'idle in transaction' AND datname = 'errors'");
        for (let i = 0; i < 50 && !(await terminate("state = 'idle in transaction'")).rowCount; i++) await new Promise((r) => setTimeout(r, 20));
        await arrived();
        error = await outcome;
        break;
      }
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      expect(["Error", "DriverAdapterError"]).toContain((error as Error).name);
      // Which one depends on whether pg has read the server's FATAL message before the next query.
      expect((error as Error).message).toMatch(/^(Client has encountered a connection error and is not queryable|terminating connection due to administrator command)$/);
      expect(isTransientDbError(error)).toBe(true);
    });

    it("statement_timeout in raw SQL: P2010 carrying 57014", async () => {
      const error = await failure(
        prisma.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 50");
          return tx.$queryRawUnsafe("SELECT pg_sleep(5)::text");
        }),
      );
      expect(error).toMatchObject({ code: "P2010" });
      expect(adapterCause(error)).toMatchObject({ code: "57014" });
      expect(transientDbErrorReason(error)).toBe("statement timeout or cancel (57014)");
    });

    it("lock_timeout on a model query in a transaction: a bare DriverAdapterError carrying 55P03", async () => {
      const holder = await admin.connect();
      try {
        await holder.query(`BEGIN; LOCK TABLE "Unit" IN ACCESS EXCLUSIVE MODE`);
        const error = await failure(
          prisma.$transaction(async (tx) => {
            await tx.$executeRawUnsafe("SET LOCAL lock_timeout = 50");
            return tx.unit.findMany();
          }),
        );
        expect(error).toMatchObject({ name: "DriverAdapterError", cause: { kind: "postgres", code: "55P03" } });
        expect(transientDbErrorReason(error)).toBe("lock timeout (55P03)");
      } finally {
        await holder.query("ROLLBACK");
        holder.release();
      }
    });

    it("statement_timeout on a model query in a transaction: a bare DriverAdapterError carrying 57014", async () => {
      const holder = await admin.connect();
      try {
        await holder.query(`BEGIN; LOCK TABLE "Unit" IN ACCESS EXCLUSIVE MODE`);
        const error = await failure(
          prisma.$transaction(async (tx) => {
            await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 50");
            return tx.unit.findMany();
          }),
        );
        expect(error).toMatchObject({ name: "DriverAdapterError", cause: { code: "57014" } });
        expect(isTransientDbError(error)).toBe(true);
      } finally {
        await holder.query("ROLLBACK");
        holder.release();
      }
    });

    it("serialization failure between two SERIALIZABLE transactions", async () => {
      const bothRead = meeting(2);
      const writer = (name: string) =>
        prisma.$transaction(
          async (tx) => {
            const n = await tx.unit.count();
            await bothRead();
            await tx.unit.create({ data: { name: `${name}${n}` } });
          },
          { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
        );
      const outcomes = await Promise.allSettled([writer("s"), writer("t")]);
      const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
      expect(errors).toHaveLength(1);
      const [error] = errors;
      // On the INSERT it is P2034; when it surfaces at COMMIT, a bare DriverAdapterError.
      const shape = error instanceof Prisma.PrismaClientKnownRequestError ? { code: error.code } : { name: (error as Error).name, cause: { kind: "TransactionWriteConflict" } };
      expect([{ code: "P2034" }, { name: "DriverAdapterError", cause: { kind: "TransactionWriteConflict" } }]).toContainEqual(shape);
      expect(isTransientDbError(error)).toBe(true);
    });

    it("deadlock: a bare DriverAdapterError carrying 40P01", async () => {
      await prisma.unit.createMany({ data: [{ name: "d1" }, { name: "d2" }] });
      const bothLocked = meeting(2);
      const crossing = (first: string, second: string) =>
        prisma.$transaction(async (tx) => {
          await tx.unit.update({ where: { name: first }, data: { name: first } });
          await bothLocked();
          await tx.unit.update({ where: { name: second }, data: { name: second } });
        });
      const outcomes = await Promise.allSettled([crossing("d1", "d2"), crossing("d2", "d1")]);
      const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ name: "DriverAdapterError", cause: { kind: "postgres", code: "40P01" } });
      expect(transientDbErrorReason(errors[0])).toBe("deadlock (40P01)");
    });

    it("an interactive transaction that outlived its timeout: P2028", async () => {
      const error = await failure(
        prisma.$transaction(
          async (tx) => {
            await tx.$queryRawUnsafe("SELECT pg_sleep(0.2)::text");
            return tx.unit.count();
          },
          { timeout: 50 },
        ),
      );
      expect(error).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P2028" });
      expect(isTransientDbError(error)).toBe(true);
    });

    it("no free connection in the pool: pg-pool's plain timeout Error", async () => {
      const pool = createPgPool(cluster.url("errors"), { onError: () => undefined, max: 1, connectionTimeoutMillis: 10_000 });
      const held = await pool.connect();
      // Only the wait for a free connection is cut short: opening the one held may take its time on a busy machine.
      pool.options.connectionTimeoutMillis = 20;
      try {
        const error = await failure(pool.query("SELECT 1"));
        expect((error as Error).message).toBe("timeout exceeded when trying to connect");
        expect(isTransientDbError(error)).toBe(true);
      } finally {
        held.release();
        await pool.end();
      }
    });

    it("server shut down (fast) mid-query, then down: 57P01, then P1001 / P2010 DatabaseNotReachable / ECONNREFUSED", async () => {
      const outcome = started(prisma.$queryRawUnsafe("SELECT pg_sleep(30)::text AS slept"));
      await waitForActivity("query LIKE '%pg_sleep(30)%' AND state = 'active'");
      await cluster.stop({ mode: "fast" });
      try {
        const midQuery = await outcome;
        expect(adapterCause(midQuery)).toMatchObject({ code: "57P01" });
        expect(isTransientDbError(midQuery)).toBe(true);

        const model = await failure(prisma.unit.count());
        expect(model).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P1001" });
        expect(adapterCause(model)).toMatchObject({ kind: "DatabaseNotReachable" });
        expect(isTransientDbError(model)).toBe(true);

        const raw = await failure(prisma.$queryRawUnsafe("SELECT 1"));
        expect(raw).toMatchObject({ code: "P2010" });
        expect(adapterCause(raw)).toMatchObject({ kind: "DatabaseNotReachable" });
        expect(isTransientDbError(raw)).toBe(true);

        const transaction = await failure(prisma.$transaction(async (tx) => tx.unit.count()));
        expect(transaction).toMatchObject({ code: "P1001" });
        expect(isTransientDbError(transaction)).toBe(true);

        const plain = await failure(admin.query("SELECT 1"));
        expect(plain).toMatchObject({ code: "ECONNREFUSED" });
        expect(transientDbErrorReason(plain)).toBe("socket ECONNREFUSED");

        const opening = await failure(openDatabase({ databaseUrl: cluster.url("errors"), dataDir: "", onConnectionError: () => undefined }));
        expect(isTransientDbError(opening)).toBe(true);
      } finally {
        await cluster.start();
      }
    });

    it("server crash (immediate stop) mid-query and mid-transaction: pg's plain 'Connection terminated unexpectedly'", async () => {
      const query = started(prisma.$queryRawUnsafe("SELECT pg_sleep(30)::text AS slept"));
      const transaction = started(prisma.$transaction(async (tx) => tx.$queryRawUnsafe("SELECT pg_sleep(31)::text")));
      await waitForActivity("query LIKE '%pg_sleep(30)%' AND state = 'active'");
      await waitForActivity("query LIKE '%pg_sleep(31)%' AND state = 'active'");
      await cluster.stop({ mode: "immediate" });
      try {
        for (const error of [await query, await transaction]) {
          expect(error).not.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
          expect(error).toMatchObject({ name: "Error", message: "Connection terminated unexpectedly" });
          expect(isTransientDbError(error)).toBe(true);
        }
      } finally {
        await cluster.start();
      }
      expect(await prisma.unit.count()).toBeGreaterThan(0);
    });
  });
});
