import { randomBytes } from "node:crypto";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "./db/database.js";
import { keepBackup, listBackups, makeBackup } from "./db/backup.js";
import type { Logger } from "./logger.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;
// Not at the very start: a bot started again and again (or a test) is not slowed by dumps.
const FIRST_CHECK_MS = 5 * 60 * 1000;

/**
 * The embedded database's daily backup, made by the bot that has it open: five minutes after
 * start and every hour after, it looks at the newest backup in the folder and makes one when
 * that is a day old (a bot that was down catches up; restarts add none). Keeps the newest `keep`.
 */
export class DailyBackups {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  /**
   * What `duban backup` on this machine sends to be given a backup by this bot: written into the
   * data folder, readable by its owner only, so only someone who may read the data anyway (and
   * asks the bot of this folder, not another district's) gets it; nothing about the caller's
   * address is trusted.
   */
  readonly token = randomBytes(24).toString("hex");

  constructor(
    private readonly database: Database,
    private readonly options: { dir: string; keep: number; dataDir: string; log: Logger },
  ) {
    writeFileSync(backupTokenFile(options.dataDir), `${this.token}\n`, { mode: 0o600 });
  }

  start(): void {
    this.timer = setTimeout(() => {
      this.check();
      this.timer = setInterval(() => this.check(), CHECK_EVERY_MS).unref();
    }, FIRST_CHECK_MS).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** When the newest backup was made (null: none yet). */
  lastAt(): Date | null {
    return listBackups(this.options.dir).at(-1)?.at ?? null;
  }

  /** Since when the data has gone without a backup: the newest one, or the database's creation. */
  uncoveredSince(): Date {
    return this.lastAt() ?? createdAt(this.options.dataDir);
  }

  /** A backup now, kept with the daily ones. */
  async now(): Promise<Uint8Array> {
    return makeBackup(this.database, new Date());
  }

  private check(): void {
    this.running = this.running.then(async () => {
      const last = this.lastAt();
      if (last && Date.now() - last.getTime() < DAY_MS) return;
      try {
        const file = keepBackup(this.options.dir, await this.now(), new Date(), this.options.keep);
        this.options.log.info({ file }, "daily backup written");
      } catch (error) {
        this.options.log.error({ err: error, dir: this.options.dir }, "daily backup failed; the digest says so once it is two days old");
      }
    });
  }
}

/** When the embedded database was made (its PG_VERSION file is written once, by initdb). */
function createdAt(dataDir: string): Date {
  try {
    return statSync(path.resolve(dataDir, "pglite", "PG_VERSION")).mtime;
  } catch {
    return new Date();
  }
}

/** Where the running bot leaves its backup token: in the data folder it has open. */
export function backupTokenFile(dataDir: string): string {
  return path.resolve(dataDir, "backup.token");
}
