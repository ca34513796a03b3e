import type { Language } from "#src/domain/types.js";
import type { LedgerColumn } from "#src/domain/ledger/columns.js";
import type { FileProblem, LedgerError, LedgerProblem, LedgerRefusal } from "#src/domain/ledger/problems.js";
import { firstLines } from "../text.js";

/** The ledger's problems in words, in each language: what an admin reads when a file is refused. */

const COLUMN_NAMES: Record<Language, Record<LedgerColumn, string>> = {
  "zh-CN": {
    code: "编号", name: "任务名称", unit: "责任单位", owner: "责任人", start: "开始日期", deadline: "完成时限",
    target: "目标量", milestones: "时间节点", must: "必保", cadence: "报送频次", deputies: "协办人", note: "备注",
  },
  "zh-TW": {
    code: "編號", name: "任務名稱", unit: "責任單位", owner: "責任人", start: "開始日期", deadline: "完成時限",
    target: "目標量", milestones: "時間節點", must: "必保", cadence: "報送頻次", deputies: "協辦人", note: "備註",
  },
  en: {
    code: "code", name: "name", unit: "unit", owner: "owner", start: "start", deadline: "deadline",
    target: "target", milestones: "milestones", must: "must-deliver", cadence: "cadence", deputies: "deputies", note: "note",
  },
};

const EXAMPLE_DATE = "2026-06-30";

type Words = { [K in LedgerProblem["kind"]]: (p: Extract<LedgerProblem, { kind: K }>, column: (c: LedgerColumn) => string) => string };

const WORDS: Record<Language, Words> = {
  "zh-CN": {
    no_header: () => "没有找到表头行（表头至少要有“编号”和“责任人”两列）",
    no_tasks: () => "表头下面没有任务行（每行一项任务，例：BY-01 | 北园大街拆迁 | 北园大街指挥部 | 孙浩（@sunhao） | 2026-03-01 | 2026-06-30）",
    required_empty: (p, c) =>
      `“${c(p.column)}”不能为空（${requiredExample(p.column)}）${isDate(p.column) ? "；用 /addtask 添加时没写日期的项目，请在这里补上开始日期和完成时限" : ""}`,
    missing_column: (p, c) => `表头里没有“${c(p.column)}”列（表头要有：编号、任务名称、责任单位、责任人、开始日期、完成时限）`,
    bad_date: (p) => `“${p.text}”不是日期（${EXAMPLE_DATE}）`,
    bad_code: (p) => `“${p.text}”不是任务编号（BY-01）`,
    bad_target: (p) => `读不懂目标量“${p.text}”（18万平方米、36栋）`,
    bad_must: (p) => `“${p.text}”不是“是”或“否”（是、否、√、空白）`,
    bad_cadence: (p) => `读不懂报送频次“${p.text}”（每日、每周、每旬、每月）`,
    bad_milestone: (p) => `读不懂时间节点“${p.text}”（2026-03-31 20%；2026-06-30 60%）`,
    milestone_percent: (p) => `时间节点“${p.text}”的百分比要在 0 到 100 之间（2026-03-31 20%）`,
    milestone_outside: (p) => `时间节点“${p.text}”不在开始日期 ${p.start} 与完成时限 ${p.deadline} 之间（节点日期要晚于开始、早于完成时限）`,
    milestone_not_rising: (p) => `时间节点“${p.text}”比前一个节点低或日期重复（百分比要逐个上升：2026-03-31 20%；2026-06-30 60%）`,
    duplicate_code: (p) => `编号 ${p.code} 重复，第一次出现在 ${p.first}（每项任务一个编号）`,
    deadline_before_start: (p) => `完成时限 ${p.deadline} 早于开始日期 ${p.start}（完成时限不能早于开始日期）`,
    bad_owner: (p, c) => `${c(p.column)}“${p.text}”没有 @用户名 或 Telegram 数字 ID（孙浩（@sunhao））`,
  },
  "zh-TW": {
    no_header: () => "沒有找到表頭列（表頭至少要有「編號」和「責任人」兩欄）",
    no_tasks: () => "表頭下面沒有任務列（每列一項任務，例：BY-01 | 北園大街拆遷 | 北園大街指揮部 | 孫浩（@sunhao） | 2026-03-01 | 2026-06-30）",
    required_empty: (p, c) =>
      `「${c(p.column)}」不能為空（${requiredExample(p.column)}）${isDate(p.column) ? "；用 /addtask 新增時沒寫日期的項目，請在這裡補上開始日期和完成時限" : ""}`,
    missing_column: (p, c) => `表頭裡沒有「${c(p.column)}」欄（表頭要有：編號、任務名稱、責任單位、責任人、開始日期、完成時限）`,
    bad_date: (p) => `「${p.text}」不是日期（${EXAMPLE_DATE}）`,
    bad_code: (p) => `「${p.text}」不是任務編號（BY-01）`,
    bad_target: (p) => `讀不懂目標量「${p.text}」（18萬平方米、36棟）`,
    bad_must: (p) => `「${p.text}」不是「是」或「否」（是、否、√、空白）`,
    bad_cadence: (p) => `讀不懂報送頻次「${p.text}」（每日、每週、每旬、每月）`,
    bad_milestone: (p) => `讀不懂時間節點「${p.text}」（2026-03-31 20%；2026-06-30 60%）`,
    milestone_percent: (p) => `時間節點「${p.text}」的百分比要在 0 到 100 之間（2026-03-31 20%）`,
    milestone_outside: (p) => `時間節點「${p.text}」不在開始日期 ${p.start} 與完成時限 ${p.deadline} 之間（節點日期要晚於開始、早於完成時限）`,
    milestone_not_rising: (p) => `時間節點「${p.text}」比前一個節點低或日期重複（百分比要逐個上升：2026-03-31 20%；2026-06-30 60%）`,
    duplicate_code: (p) => `編號 ${p.code} 重複，第一次出現在 ${p.first}（每項任務一個編號）`,
    deadline_before_start: (p) => `完成時限 ${p.deadline} 早於開始日期 ${p.start}（完成時限不能早於開始日期）`,
    bad_owner: (p, c) => `${c(p.column)}「${p.text}」沒有 @使用者名稱 或 Telegram 數字 ID（孫浩（@sunhao））`,
  },
  en: {
    no_header: () => "no header row found (the header needs at least a code and an owner column: 编号, 责任人)",
    no_tasks: () => "no task rows under the header (one task a row: BY-01 | name | unit | 孙浩（@sunhao） | 2026-03-01 | 2026-06-30)",
    required_empty: (p, c) =>
      `${c(p.column)} is empty (${requiredExample(p.column)})${isDate(p.column) ? "; a task added by /addtask without dates needs its start and deadline filled in here" : ""}`,
    missing_column: (p, c) => `the header has no ${c(p.column)} column (it needs 编号, 任务名称, 责任单位, 责任人, 开始日期, 完成时限)`,
    bad_date: (p) => `"${p.text}" is not a date (${EXAMPLE_DATE})`,
    bad_code: (p) => `"${p.text}" is not a task code (BY-01)`,
    bad_target: (p) => `"${p.text}" is not a target quantity (18万平方米, 36栋)`,
    bad_must: (p) => `"${p.text}" is not yes or no (是, 否, √, empty)`,
    bad_cadence: (p) => `"${p.text}" is not a cadence (每日, 每周, 每旬, 每月, daily, weekly, dekad, monthly)`,
    bad_milestone: (p) => `"${p.text}" is not a milestone (2026-03-31 20%；2026-06-30 60%)`,
    milestone_percent: (p) => `milestone "${p.text}" needs a percent from 0 to 100 (2026-03-31 20%)`,
    milestone_outside: (p) => `milestone "${p.text}" is not between the start ${p.start} and the deadline ${p.deadline} (a date after the start and before the deadline)`,
    milestone_not_rising: (p) => `milestone "${p.text}" is below the one before it or repeats its date (rising percents: 2026-03-31 20%；2026-06-30 60%)`,
    duplicate_code: (p) => `code ${p.code} appears twice, first at ${p.first} (one code per task)`,
    deadline_before_start: (p) => `deadline ${p.deadline} is before the start ${p.start} (a deadline on or after the start)`,
    bad_owner: (p, c) => `${c(p.column)} "${p.text}" has no @username or Telegram id (孙浩（@sunhao）)`,
  },
};

function isDate(column: LedgerColumn): boolean {
  return column === "start" || column === "deadline";
}

function requiredExample(column: LedgerColumn): string {
  switch (column) {
    case "code":
      return "BY-01";
    case "name":
      return "北园大街道路红线内拆迁";
    case "unit":
      return "北园大街指挥部";
    case "owner":
      return "孙浩（@sunhao）";
    case "start":
      return "2026-03-01";
    default:
      return EXAMPLE_DATE;
  }
}

export function columnName(column: LedgerColumn, language: Language = "zh-CN"): string {
  return COLUMN_NAMES[language][column];
}

/** What is wrong, in words: `“6月31日”不是日期（2026-06-30）`. */
export function describeProblem(problem: LedgerProblem, language: Language = "zh-CN"): string {
  const words = WORDS[language][problem.kind] as (p: LedgerProblem, c: (c: LedgerColumn) => string) => string;
  return words(problem, (c) => columnName(c, language));
}

/** One error a line: `整治项目!F7: “6月31日”不是日期（2026-06-30）`. */
export function formatLedgerError(error: LedgerError, language: Language = "zh-CN"): string {
  const where = error.cell === null ? error.sheet : error.sheet === null ? error.cell : `${error.sheet}!${error.cell}`;
  const what = describeProblem(error.problem, language);
  return where === null ? what : `${where}: ${what}`;
}

type FileWords = { [K in FileProblem["kind"]]: (p: Extract<FileProblem, { kind: K }>) => string };

const FILE_WORDS: Record<Language, FileWords> = {
  "zh-CN": {
    not_workbook: () => "这个文件不是 Excel 工作簿（.xlsx）或 CSV 表格，请在 Excel 或 WPS 中另存为 .xlsx 后再发",
    encrypted: () => "这个文件设了密码，或者是旧版 .xls 格式，读不了；请去掉密码，另存为 .xlsx 后再发",
    too_large: (p) => `文件有 ${p.megabytes} MB，超过 ${p.limit} MB 的上限；请删掉图片和多余的工作表后再发`,
    too_many_rows: (p) => `文件有 ${p.rows} 行，超过 ${p.limit} 行的上限；请分成几个文件导入`,
    zip_bomb: () => "这个文件解压后大得异常，为安全起见不予读取；请在 Excel 中另存为新的 .xlsx 后再发",
    empty: () => "文件是空的，没有任何表格内容",
  },
  "zh-TW": {
    not_workbook: () => "這個檔案不是 Excel 活頁簿（.xlsx）或 CSV 表格，請在 Excel 或 WPS 中另存為 .xlsx 後再傳",
    encrypted: () => "這個檔案設了密碼，或者是舊版 .xls 格式，讀不了；請移除密碼，另存為 .xlsx 後再傳",
    too_large: (p) => `檔案有 ${p.megabytes} MB，超過 ${p.limit} MB 的上限；請刪掉圖片和多餘的工作表後再傳`,
    too_many_rows: (p) => `檔案有 ${p.rows} 列，超過 ${p.limit} 列的上限；請分成幾個檔案匯入`,
    zip_bomb: () => "這個檔案解壓後大得異常，為安全起見不予讀取；請在 Excel 中另存為新的 .xlsx 後再傳",
    empty: () => "檔案是空的，沒有任何表格內容",
  },
  en: {
    not_workbook: () => "this file is not an Excel workbook (.xlsx) or a CSV table; save it as .xlsx in Excel or WPS and send it again",
    encrypted: () => "this file is password-protected or in the old .xls format; remove the password, save it as .xlsx and send it again",
    too_large: (p) => `the file is ${p.megabytes} MB, over the ${p.limit} MB limit; remove pictures and extra sheets and send it again`,
    too_many_rows: (p) => `the file has ${p.rows} rows, over the ${p.limit} row limit; split it into several files`,
    zip_bomb: () => "this file unpacks to an abnormal size and is not read, for safety; save it as a new .xlsx in Excel and send it again",
    empty: () => "the file is empty: no table in it",
  },
};

export function describeFileProblem(problem: FileProblem, language: Language = "zh-CN"): string {
  const words = FILE_WORDS[language][problem.kind] as (p: FileProblem) => string;
  return words(problem);
}

/** Every reason a file was refused, one a line. */
export function refusalLines(refusal: LedgerRefusal, language: Language = "zh-CN"): string[] {
  return refusal.kind === "file" ? [describeFileProblem(refusal.problem, language)] : refusal.errors.map((e) => formatLedgerError(e, language));
}

/** The first `shown` reasons, one a line, and how many more there are: what fits in a chat answer. */
export function refusalText(refusal: LedgerRefusal, language: Language, shown: number): string {
  return firstLines(refusalLines(refusal, language), shown);
}
