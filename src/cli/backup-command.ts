import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Clock } from "#src/clock.js";
import type { ToolConfig } from "#src/config.js";
import { BackupRefused, makeBackup, readBackup, restoreEmbedded, restorePostgres } from "#src/db/backup.js";
import { openDatabase } from "#src/db/database.js";
import { DataDirInUse } from "#src/db/embedded.js";
import { LeadersUsageError } from "./leaders-io.js";

export interface BackupIo {
  config: ToolConfig;
  clock: Clock;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * `duban backup --out F`: PostgreSQL by pg_dump; the embedded database by its own dump, taken
 * here when the bot is stopped, or asked of the running bot (over its HTTP port, on this machine).
 */
export async function runBackupCommand(args: string[], io: BackupIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { out: { type: "string" } } });
  if (!values.out) throw new LeadersUsageError("backup needs --out: npm run duban -- backup --out duban.backup");
  let bytes: Uint8Array;
  try {
    bytes = await backupBytes(io);
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    io.stderr.write(`duban backup: ${error.message}\n`);
    return 1;
  }
  await writeFile(values.out, bytes);
  const { header } = readBackup(bytes);
  io.stdout.write(`backup written to ${values.out} (${megabytes(bytes.byteLength)}, ${header.kind === "pglite" ? "embedded database" : "PostgreSQL"}, schema ${header.migration})\n`);
  return 0;
}

async function backupBytes(io: BackupIo): Promise<Uint8Array> {
  const { config, clock } = io;
  let database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (!(error instanceof DataDirInUse)) throw error;
    return askTheBot(config, error.owner);
  }
  try {
    return await makeBackup(database, clock.now(), config.databaseUrl);
  } finally {
    await database.close();
  }
}

/** The bot has the embedded database open: it makes the backup, consistent while it runs. */
async function askTheBot(config: ToolConfig, owner: number): Promise<Uint8Array> {
  const url = `http://127.0.0.1:${config.http.port}/backup`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", ...(config.http.metricsToken ? { headers: { authorization: `Bearer ${config.http.metricsToken}` } } : {}) });
  } catch (error) {
    throw new BackupRefused(`the bot (process ${owner}) has the embedded database open, and its HTTP port did not answer at ${url} (${error instanceof Error ? error.message : String(error)}); set DUBAN_HTTP_PORT to the bot's port`);
  }
  if (!response.ok) throw new BackupRefused(`the bot (process ${owner}) refused the backup: ${response.status} ${await response.text()}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** `duban restore F`: refuses a file that is no Duban backup, or one from a newer Duban, and changes nothing then. */
export async function runRestoreCommand(args: string[], io: BackupIo): Promise<number> {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true });
  const [file, ...rest] = positionals;
  if (!file || rest.length) throw new LeadersUsageError("restore takes one file: npm run duban -- restore duban.backup");
  const bytes = await readFile(file);
  try {
    if (io.config.databaseUrl) {
      const header = await restorePostgres(io.config.databaseUrl, bytes);
      io.stdout.write(`restored ${file} (made ${header.createdAt}) into DATABASE_URL; start the bot again\n`);
    } else {
      const { header, keptAs } = await restoreEmbedded(io.config.dataDir, bytes, io.clock.now());
      io.stdout.write(`restored ${file} (made ${header.createdAt}) into ${io.config.dataDir}${keptAs ? `; the data it replaced is kept in ${keptAs}` : ""}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupRefused || error instanceof DataDirInUse)) throw error;
    io.stderr.write(`duban restore: ${error.message}; nothing was changed\n`);
    return 1;
  }
}
