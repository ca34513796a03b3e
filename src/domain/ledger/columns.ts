import { normalizeHeader } from "./text.js";

export const LEDGER_COLUMNS = [
  "code",
  "name",
  "unit",
  "owner",
  "start",
  "deadline",
  "target",
  "milestones",
  "must",
  "cadence",
  "deputies",
  "note",
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly LedgerColumn[] = ["code", "name", "unit", "owner", "start", "deadline"];

/** Header names per column, either language; the first is what the template and export write. */
export const HEADER_NAMES: Record<LedgerColumn, readonly string[]> = {
  code: ["编号", "任务编号", "项目编号", "序号编号", "code"],
  name: ["任务名称", "项目名称", "名称", "任务", "task", "name"],
  unit: ["责任单位", "牵头单位", "单位", "unit"],
  owner: ["责任人", "负责人", "owner"],
  start: ["开始日期", "开工日期", "开始时间", "start"],
  deadline: ["完成时限", "截止日期", "完成时间", "完成日期", "deadline"],
  target: ["目标量", "目标任务", "工程量", "target"],
  milestones: ["时间节点", "节点目标", "进度节点", "milestones"],
  must: ["必保", "必保项目", "must"],
  cadence: ["报送频次", "频次", "cadence"],
  deputies: ["协办人", "联络员", "deputies"],
  note: ["备注", "note"],
};

const BY_HEADER = new Map<string, LedgerColumn>();
for (const column of LEDGER_COLUMNS) {
  for (const name of HEADER_NAMES[column]) BY_HEADER.set(normalizeHeader(name), column);
}

/** The column a header cell names, or null. */
export function matchHeader(text: string): LedgerColumn | null {
  return BY_HEADER.get(normalizeHeader(text)) ?? null;
}

/** Which 1-based column holds which field; the first of two same-named headers wins. */
export type ColumnMap = Partial<Record<LedgerColumn, number>>;

export function mapHeaderRow(cells: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  cells.forEach((text, i) => {
    const column = matchHeader(text);
    if (column && map[column] === undefined) map[column] = i + 1;
  });
  return map;
}
