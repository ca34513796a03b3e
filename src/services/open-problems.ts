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
 * Every open problem (one per task and category, 销号 not yet), oldest first, named by its first
 * wording. The one place the leaders' views read open problems from.
 */
export async function oldestOpenProblems(db: Db, timezone: string): Promise<OpenProblem[]> {
  const rows = await db.problem.findMany({
    where: { closedAt: null },
    include: { task: { select: { code: true } }, wordings: { orderBy: { id: "asc" }, take: 1, select: { text: true } } },
    orderBy: [{ openedAt: "asc" }, { id: "asc" }],
  });
  return rows.map((p) => ({
    id: p.id,
    taskId: p.taskId,
    taskCode: p.task.code,
    category: p.category,
    text: p.wordings[0]?.text ?? "",
    openedAt: p.openedAt,
    openedOn: dayInZone(p.openedAt, timezone),
  }));
}
