import type { LedgerColumn } from "./columns.js";

/** What is wrong with one cell (or with the whole file, where no cell is to blame). */
export type LedgerProblem =
  | { kind: "no_header" }
  | { kind: "no_tasks" }
  | { kind: "required_empty"; column: LedgerColumn }
  | { kind: "missing_column"; column: LedgerColumn }
  | { kind: "bad_date"; column: LedgerColumn; text: string }
  | { kind: "bad_code"; text: string }
  | { kind: "bad_target"; text: string }
  | { kind: "bad_must"; text: string }
  | { kind: "bad_cadence"; text: string }
  | { kind: "bad_milestone"; text: string }
  | { kind: "milestone_percent"; text: string }
  | { kind: "milestone_outside"; text: string; start: string; deadline: string }
  | { kind: "milestone_not_rising"; text: string }
  | { kind: "duplicate_code"; code: string; first: string }
  | { kind: "deadline_before_start"; start: string; deadline: string }
  | { kind: "bad_owner"; column: "owner" | "deputies"; text: string };

export interface LedgerError {
  /** Null for a CSV with no sheet name to give, or a problem of the whole file. */
  sheet: string | null;
  /** A1 address; null for a problem of the whole file. */
  cell: string | null;
  problem: LedgerProblem;
}

/** Why a file is refused before any cell is read. */
export type FileProblem =
  | { kind: "not_workbook" }
  | { kind: "encrypted" }
  | { kind: "too_large"; megabytes: number; limit: number }
  | { kind: "too_many_rows"; rows: number; limit: number }
  | { kind: "zip_bomb" }
  | { kind: "empty" };

/** Why a file's tasks cannot be read: the file itself, or these cells. */
export type LedgerRefusal = { kind: "file"; problem: FileProblem } | { kind: "cells"; errors: LedgerError[] };
