import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackupRefused, makeBackup, readBackup, restoreEmbedded, restorePostgres } from "#src/db/backup.js";
import { openDatabase, type Database } from "#src/db/database.js";
import { loadDistrict, readDistrict } from "#src/services/demo-data.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const NOW = new Date("2026-12-07T02:00:00Z");

/** The district: tasks, a report and an open problem, as they were when backed up. */
async function seed(database: Database): Promise<void> {
  await loadDistrict(database.prisma, await readDistrict(), "2027-06-30", NOW);
  const task = await database.prisma.task.findFirstOrThrow({ orderBy: { code: "asc" } });
  await database.prisma.progressReport.create({ data: { taskId: task.id, reporterId: task.ownerId, reportedAt: NOW, percent: 42, progressPercent: 42, text: `${task.code} 进度42%` } });
  await database.prisma.problem.create({ data: { taskId: task.id, category: "funding", openCategory: "funding", openedAt: NOW } });
}

async function contents(database: Database) {
  const tasks = await database.prisma.task.findMany({ orderBy: { code: "asc" }, select: { code: true, name: true, deadline: true, ownerId: true } });
  const reports = await database.prisma.progressReport.findMany({ select: { text: true, percent: true } });
  const problems = await database.prisma.problem.findMany({ select: { category: true, closedAt: true } });
  return { tasks, reports, problems };
}

describe.each(["pglite", "postgres"] as const)("a backup of the %s database", (kind) => {
  let dataDir: string;
  let db: TestDatabase | null = null;
  let url: string | undefined;
  const open = () => openDatabase({ databaseUrl: url, dataDir });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "duban-backup-"));
    if (kind === "postgres") {
      db = await createTestDatabase("backup");
      url = db.url;
    }
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await db?.drop();
  });

  const restore = (bytes: Uint8Array) => (kind === "pglite" ? restoreEmbedded(dataDir, bytes, NOW) : restorePostgres(url!, bytes));

  it("brings back the same tasks, reports and problems after the data is wiped", async () => {
    let database = await open();
    await seed(database);
    const before = await contents(database);
    expect(before.tasks.length).toBe(37);
    const bytes = await makeBackup(database, NOW, url);
    expect(readBackup(bytes).header).toMatchObject({ kind, migration: expect.stringMatching(/^\d{14}_/) });
    // Wiped: every task gone (reports and problems with them).
    await database.prisma.task.deleteMany();
    expect((await contents(database)).tasks).toEqual([]);
    await database.close();
    await restore(bytes);
    database = await open();
    try {
      expect(await contents(database)).toEqual(before);
    } finally {
      await database.close();
    }
  }, 60_000);

  it("refuses a file that is no Duban backup, a damaged one and one from a newer Duban, and changes nothing", async () => {
    let database = await open();
    const good = await makeBackup(database, NOW, url);
    const before = await contents(database);
    await database.close();
    const { header, payload } = readBackup(good);
    const wrap = (h: object, p: Uint8Array) => Buffer.concat([Buffer.from("DUBAN-BACKUP 1\n"), Buffer.from(`${JSON.stringify(h)}\n`), p]);
    const refusals: [Uint8Array, RegExp][] = [
      [Buffer.from("PK\u0003\u0004 a spreadsheet, not a backup"), /not a Duban backup/],
      [wrap(header, payload.subarray(0, Math.floor(payload.length / 3))), /damaged/],
      [wrap({ ...header, migration: "20991231000000_from_the_future" }, payload), /newer Duban/],
      [wrap({ ...header, kind: kind === "pglite" ? "postgres" : "pglite" }, payload), kind === "pglite" ? /PostgreSQL database/ : /embedded database/],
    ];
    for (const [bytes, why] of refusals) await expect(restore(bytes)).rejects.toThrow(why);
    await expect(restore(Buffer.from("nonsense"))).rejects.toBeInstanceOf(BackupRefused);
    database = await open();
    try {
      expect(await contents(database)).toEqual(before);
    } finally {
      await database.close();
    }
  }, 60_000);
});
