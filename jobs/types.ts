import type { Day } from "#src/domain/calendar.js";
import type { JobName } from "#src/domain/jobs.js";
import type { Messages } from "#src/locales/index.js";
import type { Board } from "#src/services/board.js";
import type { DigestSnapshot } from "#src/services/digest.js";
import type { SupervisionRun } from "#src/services/supervision.js";
import type { OutgoingMessage } from "#src/sending/outbox.js";

export { JOB_NAMES, isJobName, type JobName } from "#src/domain/jobs.js";

/** One message a job wants sent (text, picture or file); long texts are split into parts when queued. */
export type Outgoing = OutgoingMessage;

/** What a job composes from: the day's board, the words, and the digest's memory. */
export interface ComposeContext {
  board: Board;
  day: Day;
  t: Messages;
  escalateAfter: number;
  /** The period key this run is recorded under (the day, or a manual run's own key). */
  period: string;
  snapshots: {
    previous(period: string): Promise<DigestSnapshot | null>;
    save(period: string, snapshot: DigestSnapshot): Promise<void>;
  };
  /** Whole days the embedded database has gone without a backup; absent on PostgreSQL, backed up by its own tools. */
  backupAgeDays?: number;
  /** Issues and closes 督办单 for the day; returns what this run did (again, when the run is composed again). */
  supervision: { escalate(board: Board, period: string): Promise<SupervisionRun> };
}

export interface JobDefinition {
  name: JobName;
  compose(ctx: ComposeContext): Promise<Outgoing[]>;
}
