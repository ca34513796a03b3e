import type { Day } from "../calendar.js";
import type { Cadence } from "../periods.js";
import type { PlanPoint } from "../plan.js";
import type { QuantityUnit } from "../types.js";
import { parseTarget, parseTaskCode } from "../commands.js";
import { mapHeaderRow, REQUIRED_COLUMNS, type ColumnMap, type LedgerColumn } from "./columns.js";
import { cellText, parseCadenceCell, parseLedgerDate, parseMilestones, parseMust, parsePeople, parsePersonRef, type PersonRef } from "./cells.js";
import { cellAddress, type CellValue, type Grid, type Sheet } from "./grid.js";
import type { LedgerError, LedgerProblem } from "./problems.js";

/**
 * One task as the ledger states it. A field is undefined when the sheet has no such column:
 * an import then leaves that part of an existing task as it is.
 */
export interface TaskSpec {
  code: string;
  name: string;
  unit: string;
  owner: PersonRef;
  start: Day;
  deadline: Day;
  target?: { value: number; unit: QuantityUnit } | null;
  milestones?: PlanPoint[];
  mustDeliver?: boolean;
  /** Null: the cell is empty, so the default (new tasks) or what the task has (existing ones). */
  cadence?: Cadence | null;
  deputies?: PersonRef[];
  note?: string | null;
  /** Where it was read: `重点建设项目!A5`. */
  source: string;
}

export type LedgerReading = { ok: true; specs: TaskSpec[] } | { ok: false; errors: LedgerError[] };

interface Cell {
  value: CellValue;
  /** The address of the cell the value is written in: a merged cell's top-left. */
  address: string;
}

/** Rows with merged cells filled down: a value merged over several rows belongs to each of them. */
function filledRows(sheet: Sheet): Cell[][] {
  const rows: Cell[][] = sheet.rows.map((row, r) => row.map((value, c) => ({ value, address: cellAddress(r + 1, c + 1) })));
  for (const merge of sheet.merges) {
    if (merge.bottom <= merge.top) continue;
    const origin = sheet.rows[merge.top - 1]?.[merge.left - 1] ?? null;
    const address = cellAddress(merge.top, merge.left);
    for (let r = merge.top + 1; r <= merge.bottom; r++) {
      const row = rows[r - 1] ?? (rows[r - 1] = []);
      while (row.length < merge.left) row.push({ value: null, address: cellAddress(r, row.length + 1) });
      const cell = row[merge.left - 1];
      if (cell && cellText(cell.value) === "") row[merge.left - 1] = { value: origin, address };
    }
  }
  return rows;
}

function nonEmptyCount(row: readonly Cell[]): number {
  let n = 0;
  for (const cell of row) if (cellText(cell.value) !== "") n++;
  return n;
}

/** Reads every sheet that has a header row; all problems, or the tasks when there are none. */
export function readLedger(grid: Grid): LedgerReading {
  const errors: LedgerError[] = [];
  const specs: TaskSpec[] = [];
  const firstSeen = new Map<string, string>();
  let headers = 0;
  const seenErrors = new Set<string>();
  const fail = (sheet: string, cell: string, problem: LedgerProblem) => {
    // A merged cell read for each row it spans is one mistake, said once.
    const key = `${sheet}!${cell}:${JSON.stringify(problem)}`;
    if (seenErrors.has(key)) return;
    seenErrors.add(key);
    errors.push({ sheet, cell, problem });
  };

  for (const sheet of grid.sheets) {
    const rows = filledRows(sheet);
    const headerIndex = rows.findIndex((row) => {
      const map = mapHeaderRow(row.map((c) => cellText(c.value)));
      return map.code !== undefined && map.owner !== undefined;
    });
    if (headerIndex < 0) continue;
    headers++;
    const headerRow = rows[headerIndex] ?? [];
    const columns = mapHeaderRow(headerRow.map((c) => cellText(c.value)));
    const missing = REQUIRED_COLUMNS.filter((c) => columns[c] === undefined);
    if (missing.length) {
      // Without the column no row can be read: said once, at the header row.
      for (const column of missing) fail(sheet.name, cellAddress(headerIndex + 1, 1), { kind: "missing_column", column });
      continue;
    }
    // A header merged over two rows (sub-headings under it) ends at the merge's last row.
    const headerEnd = sheet.merges.reduce((end, m) => (m.top === headerIndex + 1 ? Math.max(end, m.bottom) : end), headerIndex + 1);
    for (let r = headerEnd; r < rows.length; r++) {
      const row = rows[r] ?? [];
      // Empty rows and section headings (一、重点建设项目: one cell, often merged across) carry no task.
      if (nonEmptyCount(row) <= 1) continue;
      const spec = readRow(sheet.name, r + 1, row, columns, (cell, problem) => fail(sheet.name, cell, problem));
      if (!spec) continue;
      const first = firstSeen.get(spec.code);
      if (first) {
        fail(sheet.name, cellOf(row, columns.code, r + 1), { kind: "duplicate_code", code: spec.code, first });
        continue;
      }
      firstSeen.set(spec.code, spec.source);
      specs.push(spec);
    }
  }
  if (headers === 0) return { ok: false, errors: [{ sheet: null, cell: null, problem: { kind: "no_header" } }] };
  if (errors.length === 0 && specs.length === 0) return { ok: false, errors: [{ sheet: null, cell: null, problem: { kind: "no_tasks" } }] };
  return errors.length ? { ok: false, errors } : { ok: true, specs };
}

function cellOf(row: readonly Cell[], column: number | undefined, rowNumber: number): string {
  if (column === undefined) return cellAddress(rowNumber, 1);
  return row[column - 1]?.address ?? cellAddress(rowNumber, column);
}

function readRow(
  sheetName: string,
  rowNumber: number,
  row: readonly Cell[],
  columns: ColumnMap,
  fail: (cell: string, problem: LedgerProblem) => void,
): TaskSpec | null {
  const value = (column: LedgerColumn): CellValue => {
    const index = columns[column];
    return index === undefined ? null : (row[index - 1]?.value ?? null);
  };
  const text = (column: LedgerColumn) => cellText(value(column));
  const at = (column: LedgerColumn) => cellOf(row, columns[column], rowNumber);
  const state = { bad: false };
  const problem = (column: LedgerColumn, p: LedgerProblem) => {
    state.bad = true;
    fail(at(column), p);
  };

  for (const column of REQUIRED_COLUMNS) {
    if (text(column) === "") problem(column, { kind: "required_empty", column });
  }

  const codeText = text("code");
  const code = codeText === "" ? null : parseTaskCode(codeText.normalize("NFKC"));
  if (codeText !== "" && !code) problem("code", { kind: "bad_code", text: codeText });

  const ownerText = text("owner");
  const owner = ownerText === "" ? null : parsePersonRef(ownerText);
  if (ownerText !== "" && !owner) problem("owner", { kind: "bad_owner", column: "owner", text: ownerText });

  const start = text("start") === "" ? null : parseLedgerDate(value("start"));
  if (text("start") !== "" && !start) problem("start", { kind: "bad_date", column: "start", text: text("start") });
  const deadline = text("deadline") === "" ? null : parseLedgerDate(value("deadline"), start);
  if (text("deadline") !== "" && !deadline) problem("deadline", { kind: "bad_date", column: "deadline", text: text("deadline") });
  if (start && deadline && deadline < start) problem("deadline", { kind: "deadline_before_start", start, deadline });

  const spec: Partial<TaskSpec> = {};
  if (columns.target !== undefined) {
    const t = text("target");
    const target = t === "" ? null : parseTarget(t);
    if (t !== "" && !target) problem("target", { kind: "bad_target", text: t });
    spec.target = target;
  }
  if (columns.must !== undefined) {
    const must = parseMust(value("must"));
    if (must === null) problem("must", { kind: "bad_must", text: text("must") });
    else spec.mustDeliver = must;
  }
  if (columns.cadence !== undefined) {
    const cadence = parseCadenceCell(value("cadence"));
    if (cadence === null) problem("cadence", { kind: "bad_cadence", text: text("cadence") });
    else spec.cadence = cadence === "default" ? null : cadence;
  }
  if (columns.deputies !== undefined) {
    const { people, bad: unreadable } = parsePeople(text("deputies"));
    for (const b of unreadable) problem("deputies", { kind: "bad_owner", column: "deputies", text: b });
    spec.deputies = people;
  }
  if (columns.note !== undefined) spec.note = text("note") === "" ? null : text("note");
  if (columns.milestones !== undefined) {
    const { points, problems } = parseMilestones(text("milestones"), start);
    for (const p of problems) {
      problem("milestones", p.kind === "percent" ? { kind: "milestone_percent", text: p.text } : { kind: "bad_milestone", text: p.text });
    }
    const sorted = [...points].sort((a, b) => a.date.localeCompare(b.date));
    for (let i = 0; i < sorted.length; i++) {
      const m = sorted[i];
      if (!m) continue;
      const label = `${m.date} ${m.percent}%`;
      if (start && deadline && (m.date <= start || m.date >= deadline)) {
        problem("milestones", { kind: "milestone_outside", text: label, start, deadline });
      }
      const before = sorted[i - 1];
      if (before && (m.percent < before.percent || m.date === before.date)) problem("milestones", { kind: "milestone_not_rising", text: label });
    }
    spec.milestones = sorted;
  }

  if (state.bad || !code || !owner || !start || !deadline) return null;
  return {
    code,
    name: text("name"),
    unit: text("unit").replace(/\s+/g, " "),
    owner,
    start,
    deadline,
    ...spec,
    source: `${sheetName}!${at("code")}`,
  };
}
