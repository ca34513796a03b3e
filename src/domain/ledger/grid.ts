/** A spreadsheet as the ledger reader sees it, whatever file it came from. */
export type CellValue = string | number | boolean | Date | null;

export interface Merge {
  /** 1-based, inclusive, as spreadsheets number rows and columns. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Sheet {
  name: string;
  /** rows[0] is spreadsheet row 1; rows[r][0] is column A. */
  rows: CellValue[][];
  merges: Merge[];
}

export interface Grid {
  sheets: Sheet[];
}

/** Column letters as spreadsheets write them: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let n = column;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The A1 address of a 1-based row and column. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}
