import type { Db } from "#src/db/database.js";
import type { Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import type { Messages } from "#src/locales/index.js";
import type { Board } from "#src/services/board.js";

export const JOB_NAMES = ["prompt", "remind", "digest", "escalate"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** One message a job wants sent; long texts are split into parts when queued. */
export interface Outgoing {
  chatId: bigint;
  text: string;
  /** A prompt for one task: a reply to it carries the task. */
  taskId?: number;
  forceReply?: boolean;
}

export interface ComposeContext {
  db: Db;
  board: Board;
  day: Day;
  t: Messages;
  thresholds: LightThresholds;
  escalateAfter: number;
  /** The period key this run is recorded under (the day, or a manual run's own key). */
  period: string;
}

export interface JobDefinition {
  name: JobName;
  /** HH:MM in DUBAN_TIMEZONE unless an admin set another. */
  defaultTime: string;
  /** Reminders go out on workdays only; the digest every day. */
  workdaysOnly: boolean;
  compose(ctx: ComposeContext): Promise<Outgoing[]>;
}
