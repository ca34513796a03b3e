import path from "node:path";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

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

export function pgAdapterFactory(databaseUrl: string): PrismaPg {
  return new PrismaPg(poolConfigFromUrl(databaseUrl));
}

export function pgliteAdapterFactory(db: PGlite): SqlMigrationAwareDriverAdapterFactory {
  // pglite-prisma-adapter 0.6 is typed against driver-adapter-utils 6.10; the 6.19 client accepts it
  // (the embedded integration tests run every repository through it).
  return new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory;
}
