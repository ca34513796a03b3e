import { mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keepBackup, listBackups } from "#src/db/backup.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the folder of daily backups", () => {
  it("keeps the newest DUBAN_BACKUP_KEEP and says when the last was made", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "duban-backups-"));
    dirs.push(dir);
    for (let day = 1; day <= 16; day++) {
      const at = new Date(Date.UTC(2026, 11, day, 18));
      const file = keepBackup(dir, new Uint8Array([day]), at, 14);
      utimesSync(file, at, at);
    }
    const kept = listBackups(dir);
    expect(kept).toHaveLength(14);
    expect(kept.at(-1)?.at.toISOString()).toBe("2026-12-16T18:00:00.000Z");
    expect(kept[0]?.at.toISOString()).toBe("2026-12-03T18:00:00.000Z");
    // Only its own files: nothing else in the folder is touched or counted.
    expect(listBackups(path.join(dir, "missing"))).toEqual([]);
  });
});
