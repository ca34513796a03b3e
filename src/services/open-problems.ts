import type { Db } from "#src/db/database.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import type { BlockerCategory } from "#src/domain/types.js";

/** A problem an officer raised that nobody has closed (销号) yet. */
export interface OpenProblem {
  id: number;
  taskId: number;
  taskCode: string;
  category: BlockerCategory;
  text: string;
  openedAt: Date;
  /** The day it was raised, in the district's time zone. */
  openedOn: Day;
}

/**
 * Every open problem, oldest first. The one place that knows where open problems are kept (the
 * Blocker rows with no resolvedAt today), so a Problem table can replace it here alone.
 */
export async function oldestOpenProblems(db: Db, timezone: string): Promise<OpenProblem[]> {
  const rows = await db.blocker.findMany({
    where: { resolvedAt: null },
    include: { task: { select: { code: true } } },
    orderBy: [{ openedAt: "asc" }, { id: "asc" }],
  });
  return rows.map((b) => ({
    id: b.id,
    taskId: b.taskId,
    taskCode: b.task.code,
    category: b.category as BlockerCategory,
    text: b.text,
    openedAt: b.openedAt,
    openedOn: dayInZone(b.openedAt, timezone),
  }));
}
