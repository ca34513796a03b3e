/** Vocabulary shared by the parser, the plan arithmetic and the services. */

export const QUANTITY_UNITS = ["m2", "m3", "m", "km", "t", "cny", "count"] as const;
export type QuantityUnit = (typeof QUANTITY_UNITS)[number];

export const TASK_STATUSES = ["not_started", "in_progress", "completed", "accepted", "suspended"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const BLOCKER_CATEGORIES = ["funding", "land", "demolition", "approval", "other"] as const;
export type BlockerCategory = (typeof BLOCKER_CATEGORIES)[number];

export type Language = "zh-CN" | "zh-TW" | "en";

export interface Quantity {
  value: number;
  unit: QuantityUnit;
  /** true: the total done so far; false: this period's work (a delta). */
  cumulative: boolean;
}

export interface Blocker {
  category: BlockerCategory;
  text: string;
}

/** A problem the message closes (销号): one category's, or every open one's ("all"). */
export interface ResolvedProblem {
  category: BlockerCategory | "all";
  text: string;
}

/** One task's report as read from a message; field names and nulls follow MESSAGES.md. */
export interface ParsedReport {
  task: string;
  percent: number | null;
  percentDelta: number | null;
  quantity: Quantity | null;
  status: TaskStatus | null;
  blockers: Blocker[];
  plan: string | null;
  note: string | null;
  /** Problems this message closes; [] when none. */
  resolved: ResolvedProblem[];
}

export const PARSE_ERRORS = ["not_a_report", "no_task", "no_progress", "percent_out_of_range"] as const;
export type ParseErrorCode = (typeof PARSE_ERRORS)[number];

/** One task's block that could not be read, in a message whose other blocks were. */
export interface BlockError {
  task: string;
  error: ParseErrorCode;
  /** no_progress only: a forecast the block gave instead of a figure, kept as that task's next step. */
  plan?: string;
}

export type ParseResult =
  | {
      ok: true;
      reports: ParsedReport[];
      /** Blocks about other tasks in the same message that failed; [] when none. */
      errors: BlockError[];
    }
  | {
      ok: false;
      error: ParseErrorCode;
      /** The task code the message named, when it named one (for no_progress, percent_out_of_range). */
      task: string | null;
      /** The language the message is written in, when it can be told. */
      language: Language | null;
      /** no_progress only: a forecast or next step the message did give ("预计下周完成60%"), kept as the next step. */
      plan?: string;
    };

export interface ParseContext {
  /** The task the message is about when it does not name one (a reply to a prompt, the sender's only task). */
  task?: string | null;
  /** The unit of that task's target: of two quantities of work done, the one in this unit counts. */
  targetUnit?: QuantityUnit | null;
}
