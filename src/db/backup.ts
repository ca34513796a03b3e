import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Database } from "./database.js";
import { MIGRATIONS_DIR } from "./migrate.js";

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

export async function makeBackup(database: Database, now: Date, databaseUrl?: string): Promise<Uint8Array> {
  const [last] = await database.sql.query<{ name: string | null }>(`SELECT max(migration_name) AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
  const header: BackupHeader = { kind: database.kind, createdAt: now.toISOString(), migration: last?.name ?? "" };
  let payload: Uint8Array;
  if (database.kind === "pglite") {
    if (!database.pglite) throw new Error("the embedded database is not open here");
    payload = new Uint8Array(await (await database.pglite.dumpDataDir("gzip")).arrayBuffer());
  } else {
    if (!databaseUrl) throw new Error("no DATABASE_URL to dump");
    payload = await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--dbname=${databaseUrl}`]);
  }
  return Buffer.concat([Buffer.from(MAGIC), Buffer.from(`${JSON.stringify(header)}\n`), payload]);
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
  const unlock = lockDataDir(dataDir);
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
    renameSync(staging, target);
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
    await run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${databaseUrl}`, file]);
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
function run(tool: string, args: string[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ["ignore", "pipe", "pipe"] });
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
