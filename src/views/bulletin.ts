/**
 * 督查通报: the workbook a supervision office circulates. A cover sheet (date, headline figures,
 * units ranked with their 红黄绿 counts), every task with its light as the cell's fill, and the
 * open problems by age. Written from the same figures as the digest.
 */
import { PassThrough } from "node:stream";
import type ExcelJS from "exceljs";
import { excel } from "#src/excel.js";
import { daysBetween, dayInZone } from "#src/domain/calendar.js";
import type { Light } from "#src/domain/plan.js";
import { lightOf } from "#src/domain/standing.js";
import type { Forecast } from "#src/domain/forecast.js";
import type { Messages } from "#src/locales/index.js";
import type { Board } from "#src/services/board.js";
import type { DigestFigures } from "#src/services/digest.js";
import { lightWord, personName } from "./format.js";
import { groupBy } from "#src/domain/group.js";

export interface BulletinInput {
  board: Board;
  figures: DigestFigures;
  timezone: string;
}

/** Light fills as Excel's conditional-format colours (pale, so the text stays readable). */
export const LIGHT_FILLS: Record<Light, string> = { green: "FFC6EFCE", yellow: "FFFFEB9C", red: "FFFFC7CE" };
const HEADER_FILL = "FFDDEBF7";
const PERCENT = '0.0"%"';
const POINTS = "0.0";

const fill = (argb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb } });
const FILLS: Record<Light, ExcelJS.Fill> = { green: fill(LIGHT_FILLS.green), yellow: fill(LIGHT_FILLS.yellow), red: fill(LIGHT_FILLS.red) };

/** 预计完成, 预计逾期（天）, 需要的周进度: a date and figures, or the plain reason there are none. */
function forecastCells(forecast: Forecast, t: Messages): [string | null, number | null, number | null] {
  if (forecast.kind !== "forecast") return [t.forecastWord[forecast.kind], null, null];
  const late = forecast.lateDays > 0;
  return [forecast.finish, late ? forecast.lateDays : 0, late && forecast.neededPerWeek !== null ? Math.round(forecast.neededPerWeek * 10) / 10 : null];
}

function header(sheet: Sheet, titles: string[], widths: number[], styles: Record<number, Partial<ExcelJS.Style>> = {}): void {
  sheet.columns = titles.map((_, i) => ({ width: widths[i] ?? 12, ...(styles[i + 1] ? { style: styles[i + 1] } : {}) }));
  const row = sheet.addRow(titles);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = fill(HEADER_FILL);
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  });
}

const FROZEN_HEADER = { views: [{ state: "frozen" as const, ySplit: 1 }] };
type Sheet = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter["addWorksheet"]>;

export async function bulletinWorkbook(input: BulletinInput, t: Messages): Promise<Buffer> {
  const { figures: f, board } = input;
  // The streaming writer: rows are written as they are added, several times faster than building
  // the whole workbook in memory first.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.created = new Date(`${f.day}T00:00:00Z`);

  // Cover: the day's figures and the units ranked, most behind first.
  const cover = workbook.addWorksheet(t.bulletinCover);
  cover.columns = [{ width: 8 }, { width: 28 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 18 }];
  cover.mergeCells("A1:G1");
  const title = cover.getCell("A1");
  title.value = t.bulletinTitle(f.day);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: "center" };
  const rate = f.reporting.due ? f.reporting.reported / f.reporting.due : null;
  const facts: [string, string | number | null, Light | null][] = [
    [t.bulletinDate, f.day, null],
    [t.bulletinTotal, f.total, null],
    [t.chartGreen, f.counts.green, "green"],
    [t.chartYellow, f.counts.yellow, "yellow"],
    [t.chartRed, f.counts.red, "red"],
    [t.bulletinOverdue, f.counts.overdue, null],
    [t.bulletinReportingRate, rate, null],
    [t.bulletinAverageLag, f.snapshot.averageLag, null],
  ];
  for (const [label, value, light] of facts) {
    const row = cover.addRow([null, label, value]);
    row.getCell(2).font = { bold: true };
    if (label === t.bulletinReportingRate) row.getCell(3).numFmt = "0%";
    if (light) row.getCell(3).fill = FILLS[light];
  }
  cover.addRow([]);
  const head = cover.addRow([t.bulletinRank, t.bulletinUnit, t.bulletinTasks, t.chartRed, t.chartYellow, t.chartGreen, t.bulletinLag]);
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = fill(HEADER_FILL)));
  f.units.forEach((u, i) => {
    const row = cover.addRow([i + 1, u.name, u.tasks, u.red, u.yellow, u.green, u.lag]);
    row.getCell(4).fill = fill(LIGHT_FILLS.red);
    row.getCell(5).fill = fill(LIGHT_FILLS.yellow);
    row.getCell(6).fill = fill(LIGHT_FILLS.green);
    row.getCell(7).numFmt = POINTS;
    row.getCell(7).fill = fill(LIGHT_FILLS[u.light]);
  });

  cover.commit();

  // Every task, unit by unit, most behind first.
  const problemsOf = groupBy(board.blockers, (p) => p.taskId);
  const rank = new Map(f.units.map((u, i) => [u.name, i]));
  const tasks = [...board.tasks].sort(
    (a, b) => (rank.get(a.unit.name) ?? 0) - (rank.get(b.unit.name) ?? 0) || (b.lag ?? -Infinity) - (a.lag ?? -Infinity) || a.task.code.localeCompare(b.task.code),
  );
  const sheet = workbook.addWorksheet(t.bulletinTasksSheet, FROZEN_HEADER);
  header(
    sheet,
    [
      t.bulletinCode, t.bulletinName, t.bulletinUnit, t.bulletinOwner, t.bulletinMust, t.bulletinPlanPercent, t.bulletinReported, t.chartLagAxis, t.bulletinLight,
      t.bulletinDeadline, t.bulletinLastReport, t.bulletinProblems, t.bulletinForecast, t.bulletinForecastLate, t.bulletinNeededPerWeek,
    ],
    [10, 30, 20, 10, 6, 10, 10, 10, 10, 12, 12, 40, 12, 12, 12],
    // Column styles, not cell by cell: a 10,000-row sheet stays quick to write.
    { 6: { numFmt: PERCENT }, 7: { numFmt: PERCENT }, 8: { numFmt: POINTS }, 12: { alignment: { wrapText: true, vertical: "top" } }, 15: { numFmt: POINTS } },
  );
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 15 } };
  for (const x of tasks) {
    const light = lightOf(x);
    const row = sheet.addRow([
      x.task.code,
      x.task.name,
      x.unit.name,
      personName(x.owner),
      x.task.mustDeliver ? "★" : "",
      x.expected,
      x.reported,
      x.lag,
      x.overdue ? t.dgOverdue : lightWord(light, t),
      x.plan.deadline,
      x.task.lastReportAt ? dayInZone(x.task.lastReportAt, input.timezone) : null,
      (problemsOf.get(x.task.id) ?? []).map((p) => `[${t.blocker[p.category]}] ${p.text}`).join("\n") || null,
      ...forecastCells(x.forecast, t),
    ]);
    row.getCell(9).fill = FILLS[light];
  }
  sheet.commit();

  // Open problems, oldest first.
  const byId = new Map(board.tasks.map((x) => [x.task.id, x]));
  const problems = workbook.addWorksheet(t.bulletinProblemsSheet, FROZEN_HEADER);
  header(problems, [t.bulletinCode, t.bulletinName, t.bulletinUnit, t.bulletinOwner, t.bulletinCategory, t.bulletinProblem, t.bulletinOpened, t.bulletinDays], [10, 30, 20, 10, 8, 40, 12, 10]);
  for (const p of board.blockers) {
    const x = byId.get(p.taskId);
    problems.addRow([p.taskCode, x?.task.name ?? "", x?.unit.name ?? "", x ? personName(x.owner) : "", t.blocker[p.category], p.text, p.openedOn, Math.max(0, daysBetween(p.openedOn, f.day))]);
  }
  problems.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
