import type { Forecast } from "#src/domain/forecast.js";
import type ExcelJS from "exceljs";
import { excel } from "#src/excel.js";
import { dayToDate, type Day } from "#src/domain/calendar.js";
import { HEADER_NAMES, LEDGER_COLUMNS, type LedgerColumn } from "#src/domain/ledger/columns.js";
import { columnLetters } from "#src/domain/ledger/grid.js";
import {
  CADENCE_CHOICES,
  MUST_CHOICES,
  formatCadence,
  formatLight,
  formatMilestones,
  formatMust,
  formatPeople,
  formatPerson,
  formatTarget,
  type LedgerRow,
} from "#src/domain/ledger/format.js";

/** The header each column is written under: the first of its accepted names. */
export const LEDGER_HEADERS: readonly string[] = LEDGER_COLUMNS.map((c) => HEADER_NAMES[c][0] ?? c);
/** Read-only columns an export adds after the ledger's own; an import ignores them. */
export const PROGRESS_HEADERS = ["最新进度", "应完成", "滞后", "状态", "最近报送", "未销号问题", "预计完成"] as const;

const WIDTHS: Record<LedgerColumn, number> = {
  code: 11, name: 30, unit: 20, owner: 22, start: 13, deadline: 13,
  target: 14, milestones: 36, must: 8, cadence: 11, deputies: 26, note: 24,
};
const PROGRESS_WIDTHS = [11, 10, 10, 8, 13, 36];

const GUIDE: Record<LedgerColumn, { required: boolean; how: string; example: string }> = {
  code: { required: true, how: "任务编号，字母加数字，中间可用短横线；整个台账里不能重复", example: "BY-01" },
  name: { required: true, how: "任务或项目的名称", example: "北园大街道路红线内拆迁" },
  unit: { required: true, how: "责任单位（指挥部、街道办事处等）；新单位会自动建立；同一单位的多行可以合并单元格", example: "北园大街指挥部" },
  owner: { required: true, how: "责任人：姓名加 Telegram 用户名，或只写 @用户名，或 Telegram 数字 ID", example: "张伟（@zhangwei）" },
  start: { required: true, how: "开始日期；可写 2026-03-01、2026/3/1、2026.3.1、2026年3月1日，或 Excel 日期", example: "2026-03-01" },
  deadline: { required: true, how: "完成时限；日期写法同上，也可写“6月30日”“6月底”（取开始日期的年份）", example: "2026-06-30" },
  target: { required: false, how: "目标工程量，数字加单位；有目标量时，报送的累计量可以折算成进度", example: "18万平方米" },
  milestones: { required: false, how: "时间节点：日期加计划完成百分比，几个节点用“；”或换行分开；节点要在开始与完成时限之间，百分比逐个上升", example: "2026-04-30 30%；2026-05-31 70%" },
  must: { required: false, how: "是否必保项目：是 / 否（也可写 √、Y、1；空白为否）", example: "是" },
  cadence: { required: false, how: "报送频次：每日、每周、每旬、每月；空白为每日", example: "每周" },
  deputies: { required: false, how: "协办人（可代为报送进度），写法同责任人，几个人用“、”分开", example: "刘洋（@liuyang）" },
  note: { required: false, how: "备注，导入时不读", example: "" },
};

const EXAMPLE_ROW: LedgerRow = {
  code: "BY-01",
  name: "北园大街道路红线内拆迁",
  unit: "北园大街指挥部",
  owner: { username: "zhangwei", telegramId: null, name: "张伟" },
  start: "2026-03-01",
  deadline: "2026-06-30",
  target: { value: 180_000, unit: "m2" },
  milestones: [
    { date: "2026-04-30", percent: 30 },
    { date: "2026-05-31", percent: 70 },
  ],
  mustDeliver: true,
  cadence: "weekly",
  deputies: [{ username: "liuyang", telegramId: null, name: "刘洋" }],
  note: "示例行：请改写成自己的任务",
};

type Written = string | number | Date | null;

function ledgerCells(row: LedgerRow, dates: "cells" | "text"): Written[] {
  const date = (day: Day | null): Written => (day === null ? null : dates === "cells" ? dayToDate(day) : day);
  return [
    row.code,
    row.name,
    row.unit,
    formatPerson(row.owner),
    date(row.start),
    date(row.deadline),
    formatTarget(row.target),
    formatMilestones(row.milestones),
    formatMust(row.mustDeliver),
    formatCadence(row.cadence),
    formatPeople(row.deputies),
    row.note ?? "",
  ];
}

function progressCells(row: LedgerRow, dates: "cells" | "text"): Written[] {
  const p = row.progress;
  if (!p) return PROGRESS_HEADERS.map(() => null);
  const lastReport = p.lastReport === null ? null : dates === "cells" ? dayToDate(p.lastReport) : p.lastReport;
  return [p.latest, p.expected, p.lag, formatLight(p.light), lastReport, p.openIssues.join("；"), forecastCell(p.forecast)];
}

/** 预计完成: the day, or why there is none (the ledger's own words, like 绿黄红). */
function forecastCell(forecast: Forecast | undefined): string | null {
  if (!forecast) return null;
  switch (forecast.kind) {
    case "forecast":
      return forecast.finish;
    case "stalled":
      return "停滞";
    case "insufficient":
      return "数据不足";
    case "done":
      return "已完成";
  }
}

const LIGHT_FILL: Record<string, string> = { 绿: "FFC6EFCE", 黄: "FFFFEB9C", 红: "FFFFC7CE" };
const DATE_FORMAT = "yyyy-mm-dd";
const PERCENT_FORMAT = '0.0"%"';
const HEADER_FILL = "FFDDEBF7";
const PROGRESS_FILL = "FFEDEDED";

interface SheetOptions {
  name: string;
  rows: readonly LedgerRow[];
  progress: boolean;
  /** Drop-down lists for 必保 and 报送频次 on this many rows below the header. */
  dropDownRows: number;
}

function addLedgerSheet(workbook: ExcelJS.Workbook, options: SheetOptions): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(options.name, { views: [{ state: "frozen", ySplit: 1 }] });
  const headers = options.progress ? [...LEDGER_HEADERS, ...PROGRESS_HEADERS] : [...LEDGER_HEADERS];
  sheet.columns = headers.map((header, i) => {
    const ledgerColumn = LEDGER_COLUMNS[i];
    return { header, width: ledgerColumn ? WIDTHS[ledgerColumn] : (PROGRESS_WIDTHS[i - LEDGER_COLUMNS.length] ?? 12) };
  });
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.height = 22;
  header.eachCell((cell, column) => {
    const fill = column > LEDGER_COLUMNS.length ? PROGRESS_FILL : HEADER_FILL;
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
  });

  const column = (c: LedgerColumn) => LEDGER_COLUMNS.indexOf(c) + 1;
  for (const row of options.rows) {
    const values = options.progress ? [...ledgerCells(row, "cells"), ...progressCells(row, "cells")] : ledgerCells(row, "cells");
    const added = sheet.addRow(values);
    added.alignment = { vertical: "top", wrapText: true };
    added.getCell(column("start")).numFmt = DATE_FORMAT;
    added.getCell(column("deadline")).numFmt = DATE_FORMAT;
    if (options.progress) {
      const first = LEDGER_COLUMNS.length + 1;
      added.getCell(first).numFmt = PERCENT_FORMAT;
      added.getCell(first + 1).numFmt = PERCENT_FORMAT;
      added.getCell(first + 2).numFmt = '0.0;"-"0.0';
      const light = added.getCell(first + 3);
      const fill = typeof light.value === "string" ? LIGHT_FILL[light.value] : undefined;
      if (fill) light.fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
      light.alignment = { horizontal: "center", vertical: "top" };
      added.getCell(first + 4).numFmt = DATE_FORMAT;
    }
  }
  const lastRow = Math.max(options.dropDownRows + 1, options.rows.length + 1);
  // One validation per column range: cell by cell, exceljs merges them into overlapping ranges
  // (it sorts I10 before I2), which Excel reports as a damaged file. Its types omit the range form.
  const validations = (sheet as unknown as { dataValidations: RangeValidations }).dataValidations;
  const range = (c: LedgerColumn) => `${columnLetters(column(c))}2:${columnLetters(column(c))}${lastRow}`;
  validations.add(range("must"), listValidation(MUST_CHOICES, "必保", "请选择：是 / 否"));
  validations.add(range("cadence"), listValidation(CADENCE_CHOICES, "报送频次", "请选择：每日 / 每周 / 每旬 / 每月"));
  return sheet;
}

interface RangeValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

function listValidation(choices: readonly string[], title: string, prompt: string): ExcelJS.DataValidation {
  return {
    type: "list",
    allowBlank: true,
    formulae: [`"${choices.join(",")}"`],
    showErrorMessage: true,
    errorTitle: title,
    error: prompt,
    showInputMessage: true,
    promptTitle: title,
    prompt,
  };
}

function addGuideSheet(workbook: ExcelJS.Workbook, progress: boolean): void {
  const sheet = workbook.addWorksheet("填写说明", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "列名", width: 12 },
    { header: "必填", width: 7 },
    { header: "怎么填", width: 70 },
    { header: "例子", width: 32 },
  ];
  sheet.getRow(1).font = { bold: true };
  LEDGER_COLUMNS.forEach((c, i) => {
    const g = GUIDE[c];
    sheet.addRow([LEDGER_HEADERS[i] ?? c, g.required ? "是" : "", g.how, g.example]);
  });
  if (progress) {
    sheet.addRow([]);
    sheet.addRow(["最新进度等", "", "导出时附在后面的进度列（最新进度、应完成、滞后、状态、最近报送、未销号问题、预计完成）只供阅读，导入时不读", ""]);
  }
  sheet.addRow([]);
  const notes = [
    "表头行是第一个同时含有“编号”和“责任人”的行；它上面的标题、日期等行不读。每个有表头行的工作表都会读。",
    "只有一个格子有内容的行（如“一、重点建设项目”）当作分组标题跳过；空行跳过。",
    "导入时先检查整个文件：有任何一处错误，整个文件都不导入，并逐条列出“工作表!单元格: 错在哪里（正确的写法）”。",
    "已有任务：责任人变了算改派，计划（日期、节点、频次）变了算调整计划，都会记入审计；没变的任务不动。文件里没有的任务保持原样。",
  ];
  for (const note of notes) sheet.addRow(["说明", "", note, ""]);
  sheet.eachRow((row) => {
    row.alignment = { vertical: "top", wrapText: true };
  });
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A blank ledger to fill in: one example row (or the rows given, for a filled example), drop-downs and a 填写说明 sheet. */
export async function writeLedgerTemplate(rows: readonly LedgerRow[] = [EXAMPLE_ROW]): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = "Duban";
  addLedgerSheet(workbook, { name: "台账", rows, progress: false, dropDownRows: Math.max(500, rows.length) });
  addGuideSheet(workbook, false);
  return toBuffer(workbook);
}

/** Every task in the ledger's columns (an import reads it back unchanged), then read-only progress. */
export async function writeLedgerExport(rows: readonly LedgerRow[]): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = "Duban";
  addLedgerSheet(workbook, { name: "台账", rows, progress: true, dropDownRows: rows.length });
  addGuideSheet(workbook, true);
  return toBuffer(workbook);
}

function csvField(value: Written): string {
  const text = value === null ? "" : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The same table as CSV: UTF-8 with a BOM (so Excel on Chinese Windows reads it), CRLF line ends. */
export function writeLedgerCsv(rows: readonly LedgerRow[], progress: boolean): Buffer {
  const headers: Written[] = progress ? [...LEDGER_HEADERS, ...PROGRESS_HEADERS] : [...LEDGER_HEADERS];
  const lines = [headers, ...rows.map((r) => (progress ? [...ledgerCells(r, "text"), ...progressCells(r, "text")] : ledgerCells(r, "text")))];
  return Buffer.from("\ufeff" + lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n", "utf8");
}
