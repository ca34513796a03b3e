import type ExcelJS from "exceljs";

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * exceljs, loaded at the first workbook read or written: loading it takes about half a second,
 * which every start of the bot, the worker and the CLI would otherwise pay.
 */
export function excel(): Promise<typeof ExcelJS> {
  loading ??= import("exceljs").then((module) => module.default);
  return loading;
}
