/** 考核 as a workbook: one sheet per officer, one per unit, most behind first. */
import type ExcelJS from "exceljs";
import { excel } from "#src/excel.js";
import type { Messages } from "#src/locales/index.js";
import type { Assessment, AssessmentRow } from "#src/services/assessment.js";

const HEADER_FILL = "FFDDEBF7";

function addSheet(workbook: ExcelJS.Workbook, name: string, title: string, rows: AssessmentRow[], t: Messages, nameHeader: string, withUnit: boolean): void {
  const sheet = workbook.addWorksheet(name);
  const headers = [
    nameHeader,
    ...(withUnit ? [t.assessUnitName] : []),
    t.assessTasks,
    t.assessPeriodsDue,
    t.assessPeriodsReported,
    t.assessRate,
    t.assessAverageLag,
    t.assessDaysRed,
    t.assessCompleted,
    t.assessOnTime,
    t.assessProblemsClosed,
    t.assessProblemAge,
  ];
  sheet.columns = headers.map((_, i) => ({ width: i === 0 ? 16 : withUnit && i === 1 ? 24 : 12 }));
  sheet.mergeCells(1, 1, 1, headers.length);
  const top = sheet.getCell(1, 1);
  top.value = title;
  top.font = { bold: true, size: 14 };
  top.alignment = { horizontal: "center" };
  const head = sheet.addRow(headers);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  });
  sheet.views = [{ state: "frozen", ySplit: 2 }];
  for (const r of rows) {
    const row = sheet.addRow([
      r.name,
      ...(withUnit ? [r.unit] : []),
      r.tasks,
      r.periodsDue,
      r.periodsReported,
      r.reportingRate,
      r.averageLag,
      r.daysRed,
      r.completed,
      r.completedOnTime,
      r.problemsClosed,
      r.averageProblemAge,
    ]);
    const offset = withUnit ? 1 : 0;
    row.getCell(5 + offset).numFmt = "0.0%";
    row.getCell(6 + offset).numFmt = "0.0";
    row.getCell(11 + offset).numFmt = "0.0";
  }
}

export async function assessmentWorkbook(a: Assessment, t: Messages): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const title = t.assessTitle(a.from, a.to);
  addSheet(workbook, t.assessOfficersSheet, title, a.officers, t, t.assessName, true);
  addSheet(workbook, t.assessUnitsSheet, title, a.units, t, t.assessUnitName, false);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
