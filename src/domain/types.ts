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
}

export const PARSE_ERRORS = ["not_a_report", "no_task", "no_progress", "percent_out_of_range"] as const;
export type ParseErrorCode = (typeof PARSE_ERRORS)[number];

export type ParseResult =
  | { ok: true; reports: ParsedReport[] }
  | {
      ok: false;
      error: ParseErrorCode;
      /** The task code the message named, when it named one (for no_progress, percent_out_of_range). */
      task: string | null;
      /** The language the message is written in, when it can be told. */
      language: Language | null;
    };

export interface ParseContext {
  /** The task the message is about when it does not name one (a reply to a prompt, the sender's only task). */
  task?: string | null;
}
