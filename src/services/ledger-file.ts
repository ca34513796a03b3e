import path from "node:path";
import { inflateRawSync } from "node:zlib";
import type ExcelJS from "exceljs";
import { excel } from "#src/excel.js";
import iconv from "iconv-lite";
import type { CellValue, Grid, Merge, Sheet } from "#src/domain/ledger/grid.js";
import type { FileProblem, LedgerRefusal } from "#src/domain/ledger/problems.js";
import { readLedger, type TaskSpec } from "#src/domain/ledger/read.js";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 10_000;
/** A workbook may unpack to at most this much, and no part of it more than RATIO times its packed size. */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
const MAX_RATIO = 200;
const MAX_ENTRIES = 5_000;

export type LedgerFileReading = { ok: true; grid: Grid } | { ok: false; problem: FileProblem };

/** An .xlsx workbook or a .csv table as a grid of cells; a file that is not one, or is unsafe to open, is refused. */
export async function readLedgerFile(bytes: Uint8Array, fileName: string): Promise<LedgerFileReading> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length > MAX_FILE_BYTES) {
    return { ok: false, problem: { kind: "too_large", megabytes: Math.ceil(data.length / 1024 / 1024), limit: MAX_FILE_BYTES / 1024 / 1024 } };
  }
  if (data.length === 0) return { ok: false, problem: { kind: "empty" } };
  const extension = path.extname(fileName).toLowerCase();
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0])) return { ok: false, problem: { kind: "encrypted" } };
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return readWorkbook(data);
  if (extension === ".csv" || extension === ".txt" || extension === ".tsv") return readCsv(data, path.basename(fileName, path.extname(fileName)));
  return { ok: false, problem: { kind: "not_workbook" } };
}

export type LedgerFileResult = { ok: true; specs: TaskSpec[] } | { ok: false; refusal: LedgerRefusal };

/** The tasks a file states, or every reason it is refused (views/ledger/messages puts them in words). */
export async function readLedgerSpecs(bytes: Uint8Array, fileName: string): Promise<LedgerFileResult> {
  const file = await readLedgerFile(bytes, fileName);
  if (!file.ok) return { ok: false, refusal: { kind: "file", problem: file.problem } };
  const reading = readLedger(file.grid);
  if (!reading.ok) return { ok: false, refusal: { kind: "cells", errors: reading.errors } };
  return { ok: true, specs: reading.specs };
}

function startsWith(data: Buffer, magic: number[]): boolean {
  return magic.every((byte, i) => data[i] === byte);
}

// ---- xlsx ------------------------------------------------------------------------------

/**
 * Checks a zip before anything unpacks it: sizes as declared in its directory, each part then
 * unpacked with its declared size as a hard cap (a lying header cannot make it bigger).
 */
export function zipLooksSafe(data: Buffer): boolean {
  const eocd = findEndOfDirectory(data);
  if (eocd < 0) return false;
  const entries = data.readUInt16LE(eocd + 10);
  const directoryOffset = data.readUInt32LE(eocd + 16);
  if (entries > MAX_ENTRIES || directoryOffset >= data.length) return false;
  let at = directoryOffset;
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return false;
    const method = data.readUInt16LE(at + 10);
    const packed = data.readUInt32LE(at + 20);
    const unpacked = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localOffset = data.readUInt32LE(at + 42);
    // 0xFFFFFFFF means zip64: a 10 MB ledger never needs it.
    if (packed === 0xffffffff || unpacked === 0xffffffff || localOffset === 0xffffffff) return false;
    total += unpacked;
    if (total > MAX_UNPACKED_BYTES) return false;
    if (unpacked > 1024 * 1024 && unpacked > packed * MAX_RATIO) return false;
    if (!entryKeepsItsWord(data, localOffset, method, packed, unpacked)) return false;
    at += 46 + nameLength + extraLength + commentLength;
  }
  return true;
}

function findEndOfDirectory(data: Buffer): number {
  const earliest = Math.max(0, data.length - 22 - 0xffff);
  for (let i = data.length - 22; i >= earliest; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}

function entryKeepsItsWord(data: Buffer, offset: number, method: number, packed: number, unpacked: number): boolean {
  if (offset + 30 > data.length || data.readUInt32LE(offset) !== 0x04034b50) return false;
  const start = offset + 30 + data.readUInt16LE(offset + 26) + data.readUInt16LE(offset + 28);
  if (start + packed > data.length) return false;
  if (method === 0) return packed === unpacked;
  if (method !== 8) return false;
  try {
    const out = inflateRawSync(data.subarray(start, start + packed), { maxOutputLength: Math.max(1, unpacked) });
    return out.length === unpacked;
  } catch {
    return false;
  }
}

async function readWorkbook(data: Buffer): Promise<LedgerFileReading> {
  if (!zipLooksSafe(data)) return { ok: false, problem: { kind: "zip_bomb" } };
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(new Uint8Array(data).buffer);
  } catch {
    return { ok: false, problem: { kind: "not_workbook" } };
  }
  const sheets: Sheet[] = [];
  let rowCount = 0;
  for (const worksheet of workbook.worksheets) {
    rowCount += worksheet.actualRowCount;
    if (rowCount > MAX_ROWS) return { ok: false, problem: { kind: "too_many_rows", rows: rowCount, limit: MAX_ROWS } };
    sheets.push(sheetOf(worksheet));
  }
  if (sheets.every((s) => s.rows.length === 0)) return { ok: false, problem: { kind: "empty" } };
  return { ok: true, grid: { sheets } };
}

function sheetOf(worksheet: ExcelJS.Worksheet): Sheet {
  const rows: CellValue[][] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      // exceljs answers a merged cell's other cells with the top-left value; the grid keeps it once.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      while (cells.length < column - 1) cells.push(null);
      cells[column - 1] = plainValue(cell.value);
    });
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  const merges = worksheet.model.merges.map(parseRange).filter((m): m is Merge => m !== null);
  return { name: worksheet.name, rows, merges };
}

function parseRange(range: string): Merge | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range.replace(/\$/g, ""));
  if (!m) return null;
  return { top: Number(m[2]), left: columnNumber(m[1] ?? "A"), bottom: Number(m[4]), right: columnNumber(m[3] ?? "A") };
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A cell's value as the ledger reads it: formulas by their last result, rich text as its plain text. */
export function plainValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result;
    if (result === undefined || result === null) return null;
    if (typeof result === "object" && !(result instanceof Date)) return "error" in result ? result.error : null;
    return result;
  }
  if ("hyperlink" in value) {
    const text: unknown = value.text;
    if (typeof text === "string") return text;
    if (typeof text === "object" && text !== null && "richText" in text && Array.isArray(text.richText)) {
      return text.richText.map((r: { text?: unknown }) => (typeof r.text === "string" ? r.text : "")).join("");
    }
    return null;
  }
  if ("error" in value) return value.error;
  return null;
}

// ---- csv -------------------------------------------------------------------------------

/** Text of a CSV as Excel saves it: UTF-8 (with or without BOM), UTF-16 "Unicode text", else GB18030. */
export function decodeCsv(data: Buffer): string {
  if (startsWith(data, [0xef, 0xbb, 0xbf])) return data.subarray(3).toString("utf8");
  if (startsWith(data, [0xff, 0xfe])) return data.subarray(2).toString("utf16le");
  if (startsWith(data, [0xfe, 0xff])) return iconv.decode(data.subarray(2), "utf16be");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return iconv.decode(data, "gb18030");
  }
}

/** RFC 4180 fields: quotes around fields holding separators, quotes or line breaks, "" for a quote. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = !firstLine.includes(",") && firstLine.includes("\t") ? "\t" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readCsv(data: Buffer, name: string): LedgerFileReading {
  const text = decodeCsv(data);
  if (text.includes("\u0000")) return { ok: false, problem: { kind: "not_workbook" } };
  const rows = parseCsv(text);
  if (rows.length > MAX_ROWS) return { ok: false, problem: { kind: "too_many_rows", rows: rows.length, limit: MAX_ROWS } };
  if (rows.every((r) => r.every((c) => c.trim() === ""))) return { ok: false, problem: { kind: "empty" } };
  return { ok: true, grid: { sheets: [{ name, rows: rows.map((r) => r.map((c) => (c === "" ? null : c))), merges: [] }] } };
}
