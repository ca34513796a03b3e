import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Database } from "./database.js";
import { MIGRATIONS_DIR } from "./migrate.js";
import { poolConfigFromUrl } from "./connection.js";

/**
 * Backups: one file, a line saying what it is, a line of JSON saying what it holds, then the
 * database itself: PGlite's own dump of its data folder (taken by the process that has it open,
 * consistent while the bot runs), or pg_dump's custom format.
 */
const MAGIC = "DUBAN-BACKUP 1\n";

export interface BackupHeader {
  kind: "pglite" | "postgres";
  createdAt: string;
  /** The last migration the database had: a backup from a newer Duban is refused. */
  migration: string;
}

/** A backup or a restore that cannot be done: said in one line, nothing changed. */
export class BackupRefused extends Error {
  override name = "BackupRefused";
}

/** A backup of an open database (the bot's own, on request or daily): PGlite's dump, or pg_dump. */
export async function makeBackup(database: Database, now: Date, databaseUrl?: string): Promise<Uint8Array> {
  const migration = await lastMigration((sql) => database.sql.query<{ name: string | null }>(sql));
  if (database.kind === "pglite") {
    if (!database.pglite) throw new Error("the embedded database is not open here");
    return packBackup({ kind: "pglite", createdAt: now.toISOString(), migration }, new Uint8Array(await (await database.pglite.dumpDataDir("gzip")).arrayBuffer()));
  }
  if (!databaseUrl) throw new Error("no DATABASE_URL to dump");
  return backupPostgres(databaseUrl, now);
}

/**
 * A backup of the embedded database while no bot has it open: read as it is, never created or
 * migrated (a DATA_DIR with a typo is refused, not backed up empty).
 */
export async function backupEmbedded(dataDir: string, now: Date): Promise<Uint8Array> {
  const { lockDataDir, pgliteDirectory } = await import("./embedded.js");
  if (!exists(path.join(pgliteDirectory(dataDir), "PG_VERSION"))) {
    throw new BackupRefused(`there is no embedded database in ${path.resolve(dataDir)}; set DATA_DIR to the bot's data folder`);
  }
  const unlock = await lockDataDir(dataDir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = new PGlite(pgliteDirectory(dataDir));
    try {
      const migration = await lastMigration(async (sql) => (await pglite.query<{ name: string | null }>(sql)).rows);
      return packBackup({ kind: "pglite", createdAt: now.toISOString(), migration }, new Uint8Array(await (await pglite.dumpDataDir("gzip")).arrayBuffer()));
    } finally {
      await pglite.close();
    }
  } finally {
    unlock();
  }
}

/** A backup of PostgreSQL by pg_dump, without migrating anything first. */
export async function backupPostgres(databaseUrl: string, now: Date): Promise<Uint8Array> {
  const { default: pg } = await import("pg");
  const client = new pg.Client(poolConfigFromUrl(databaseUrl));
  client.on("error", () => undefined);
  await client.connect();
  let migration: string;
  try {
    migration = await lastMigration(async (sql) => (await client.query<{ name: string | null }>(sql)).rows);
  } finally {
    await client.end();
  }
  const { env, schema } = libpqEnvironment(databaseUrl);
  const payload = await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", ...(schema ? [`--schema=${schema}`] : [])], env);
  return packBackup({ kind: "postgres", createdAt: now.toISOString(), migration }, payload);
}

async function lastMigration(query: (sql: string) => Promise<{ name: string | null }[]>): Promise<string> {
  const [last] = await query(`SELECT max(migration_name) AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
  return last?.name ?? "";
}

function packBackup(header: BackupHeader, payload: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(MAGIC), Buffer.from(`${JSON.stringify(header)}\n`), payload]);
}

/**
 * DATABASE_URL for pg_dump and pg_restore as libpq's environment, not on their command line
 * (where `ps` shows the password); its ?schema= becomes their --schema.
 */
function libpqEnvironment(databaseUrl: string): { env: NodeJS.ProcessEnv; schema: string | null } {
  const config = poolConfigFromUrl(databaseUrl);
  const schema = new URL(databaseUrl).searchParams.get("schema");
  return {
    env: {
      ...process.env,
      PGHOST: String(config.host ?? "127.0.0.1"),
      PGPORT: String(config.port ?? 5432),
      ...(config.user ? { PGUSER: config.user } : {}),
      ...(typeof config.password === "string" ? { PGPASSWORD: config.password } : {}),
      ...(config.database ? { PGDATABASE: config.database } : {}),
    },
    schema,
  };
}

/** What a file says it holds, or a refusal when it is no Duban backup (or not a whole one). */
export function readBackup(bytes: Uint8Array): { header: BackupHeader; payload: Uint8Array } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, MAGIC.length).toString("latin1") !== MAGIC) throw new BackupRefused("this file is not a Duban backup (it does not start with DUBAN-BACKUP)");
  const end = buffer.indexOf(10, MAGIC.length);
  let header: BackupHeader;
  try {
    header = JSON.parse(buffer.subarray(MAGIC.length, end).toString("utf8")) as BackupHeader;
  } catch {
    throw new BackupRefused("this Duban backup is damaged: its header cannot be read");
  }
  if ((header.kind !== "pglite" && header.kind !== "postgres") || typeof header.migration !== "string") throw new BackupRefused("this Duban backup is damaged: its header is incomplete");
  return { header, payload: buffer.subarray(end + 1) };
}

/** Refuses a backup made by a Duban newer than this one (a migration this one does not know). */
export async function checkSchema(header: BackupHeader, migrationsDir = MIGRATIONS_DIR): Promise<void> {
  const known = new Set((await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name));
  if (header.migration && !known.has(header.migration)) {
    throw new BackupRefused(`this backup was made by a newer Duban (its schema has migration ${header.migration}); upgrade Duban, then restore it`);
  }
}

/**
 * Puts a backup of the embedded database in place of the data folder's. The bot must be stopped
 * (the folder is locked while it runs). The backup is unpacked and read beside the folder first;
 * only a good one replaces it, and the folder it replaces is kept beside it.
 */
export async function restoreEmbedded(dataDir: string, bytes: Uint8Array, now: Date): Promise<{ header: BackupHeader; keptAs: string | null }> {
  const { header, payload } = readBackup(bytes);
  if (header.kind !== "pglite") throw new BackupRefused("this is a backup of a PostgreSQL database; restore it with DATABASE_URL set");
  await checkSchema(header);
  try {
    // Whole before PGlite unpacks it (its unpacking reports a cut-off file outside any promise).
    gunzipSync(payload);
  } catch {
    throw new BackupRefused("this Duban backup is damaged: its database is cut off or corrupt");
  }
  const { lockDataDir, pgliteDirectory } = await import("./embedded.js");
  const unlock = await lockDataDir(dataDir);
  const target = pgliteDirectory(dataDir);
  const staging = mkdtempSync(path.join(path.resolve(dataDir), "restore-"));
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    try {
      const pglite = new PGlite(staging, { loadDataDir: new Blob([payload]) });
      await pglite.query(`SELECT count(*) FROM "_prisma_migrations"`);
      await pglite.close();
    } catch (error) {
      throw new BackupRefused(`this Duban backup is damaged: its database cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
    let keptAs: string | null = null;
    if (exists(target)) {
      keptAs = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
      renameSync(target, keptAs);
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      // Never left without a database: the one it was to replace goes back.
      if (keptAs) renameSync(keptAs, target);
      throw error;
    }
    return { header, keptAs };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    unlock();
  }
}

/** Restores a pg_dump backup into DATABASE_URL in one transaction: all of it, or nothing. */
export async function restorePostgres(databaseUrl: string, bytes: Uint8Array): Promise<BackupHeader> {
  const { header, payload } = readBackup(bytes);
  if (header.kind !== "postgres") throw new BackupRefused("this is a backup of the embedded database; restore it without DATABASE_URL (into DATA_DIR)");
  await checkSchema(header);
  const dir = mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "duban-restore-"));
  const file = path.join(dir, "backup.dump");
  try {
    writeFileSync(file, payload);
    await run("pg_restore", ["--list", file]).catch((error: unknown) => {
      throw new BackupRefused(`this Duban backup is damaged: pg_restore cannot read it (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    });
    const { env, schema } = libpqEnvironment(databaseUrl);
    await run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", ...(schema ? [`--schema=${schema}`] : []), `--dbname=${env.PGDATABASE ?? ""}`, file], env);
    return header;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a backup into the folder of daily backups and keeps the newest `keep`. Returns its path. */
export function keepBackup(dir: string, bytes: Uint8Array, now: Date, keep: number): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `duban-${now.toISOString().replace(/[:.]/g, "-")}.backup`);
  writeFileSync(`${file}.partial`, bytes);
  renameSync(`${file}.partial`, file);
  const backups = listBackups(dir);
  for (const old of backups.slice(0, Math.max(0, backups.length - keep))) rmSync(old.file, { force: true });
  return file;
}

/** The daily backups in a folder, oldest first. */
export function listBackups(dir: string): { file: string; at: Date }[] {
  if (!exists(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^duban-.*\.backup$/.test(name))
    .map((name) => ({ file: path.join(dir, name), at: statSync(path.join(dir, name)).mtime }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** A PostgreSQL client tool: its output, or an error saying how to get it when it is not installed. */
function run(tool: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ["ignore", "pipe", "pipe"], env });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new BackupRefused(`${tool} is not installed here; install PostgreSQL's client tools (Debian: apt-get install postgresql-client) or run \`${tool}\` yourself against DATABASE_URL`)
          : error,
      );
    });
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${tool} failed (exit ${code}): ${err.trim()}`))));
  });
}
