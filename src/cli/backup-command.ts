import { readFileSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { backupTokenFile } from "#src/backups.js";
import type { Clock } from "#src/clock.js";
import type { ToolConfig } from "#src/config.js";
import { BackupRefused, backupEmbedded, backupPostgres, readBackup, restoreEmbedded, restorePostgres } from "#src/db/backup.js";
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
 * `duban backup --out F`: PostgreSQL by pg_dump; the embedded database read here when the bot is
 * stopped, or asked of the running bot (which has it open) with the token it left in DATA_DIR.
 * Nothing is created or migrated on the way; the file is written whole or not at all.
 */
export async function runBackupCommand(args: string[], io: BackupIo): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { out: { type: "string" } } });
  if (!values.out) throw new LeadersUsageError("backup needs --out: npm run duban -- backup --out duban.backup");
  let bytes: Uint8Array;
  try {
    bytes = await backupBytes(io);
    readBackup(bytes);
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    io.stderr.write(`duban backup: ${error.message}\n`);
    return 1;
  }
  await writeFile(`${values.out}.partial`, bytes);
  await rename(`${values.out}.partial`, values.out);
  const { header } = readBackup(bytes);
  io.stdout.write(`backup written to ${values.out} (${megabytes(bytes.byteLength)}, ${header.kind === "pglite" ? "embedded database" : "PostgreSQL"}, schema ${header.migration})\n`);
  return 0;
}

async function backupBytes({ config, clock }: BackupIo): Promise<Uint8Array> {
  if (config.databaseUrl) return backupPostgres(config.databaseUrl, clock.now());
  try {
    return await backupEmbedded(config.dataDir, clock.now());
  } catch (error) {
    if (!(error instanceof DataDirInUse)) throw error;
    return askTheBot(config, error.owner);
  }
}

/** The bot has the embedded database open: it makes the backup, consistent while it runs. */
async function askTheBot(config: ToolConfig, owner: string): Promise<Uint8Array> {
  let token: string;
  try {
    token = readFileSync(backupTokenFile(config.dataDir), "utf8").trim();
  } catch {
    throw new BackupRefused(`the embedded database is open in ${owner}, which left no backup token in ${config.dataDir}; run this as the bot's user, or stop the bot`);
  }
  const url = `http://127.0.0.1:${config.http.port}/backup`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new BackupRefused(`the bot (${owner}) has the embedded database open, and its HTTP port did not answer at ${url} (${error instanceof Error ? error.message : String(error)}); set DUBAN_HTTP_PORT to the bot's port`);
  }
  if (response.status === 401) throw new BackupRefused(`the bot answering at ${url} is not the one using ${config.dataDir}; set DUBAN_HTTP_PORT to that bot's port`);
  if (!response.ok) throw new BackupRefused(`the bot (${owner}) could not make the backup: ${response.status} ${await response.text()}`);
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
