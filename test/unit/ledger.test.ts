import { describe, expect, it } from "vitest";
import { describeProblem, formatLedgerError, refusalText } from "#src/views/ledger/messages.js";
import {
  matchHeader,
  parseCadenceCell,
  parseLedgerDate,
  parseMilestones,
  parseMust,
  parsePeople,
  parsePersonRef,
  readLedger,
  type CellValue,
  type Grid,
  type LedgerProblem,
  type LedgerReading,
  type Merge,
} from "#src/domain/ledger/index.js";

const HEADER = ["编号", "任务名称", "责任单位", "责任人", "开始日期", "完成时限", "目标量", "时间节点", "必保", "报送频次", "协办人", "备注"];
const GOOD: CellValue[] = ["BY-01", "北园大街拆迁", "北园大街指挥部", "张伟（@zhangwei）", "2026-03-01", "2026-06-30", "18万平方米", "2026-04-30 30%；2026-05-31 70%", "是", "每周", "刘洋（@liuyang）", ""];

function sheet(name: string, rows: CellValue[][], merges: Merge[] = []): Grid["sheets"][number] {
  return { name, rows, merges };
}

function errorsOf(reading: LedgerReading, language: "zh-CN" | "en" = "en"): string[] {
  if (reading.ok) throw new Error(`expected errors, read ${reading.specs.length} tasks`);
  return reading.errors.map((e) => formatLedgerError(e, language));
}

function specsOf(reading: LedgerReading) {
  if (!reading.ok) throw new Error(reading.errors.map((e) => formatLedgerError(e, "en")).join("\n"));
  return reading.specs;
}

/** GOOD with some cells replaced, by header name. */
function row(changes: Record<string, CellValue> = {}): CellValue[] {
  return HEADER.map((h, i) => (h in changes ? (changes[h] ?? null) : (GOOD[i] ?? null)));
}

describe("header matching", () => {
  it.each([
    ["编号", "code"],
    [" 任务\n编号 ", "code"],
    ["项目编号", "code"],
    ["ＣＯＤＥ", "code"],
    ["Code", "code"],
    ["责任\r\n单位", "unit"],
    ["牵头单位", "unit"],
    ["负责人", "owner"],
    ["完成\n时限", "deadline"],
    ["截止日期", "deadline"],
    ["deadline", "deadline"],
    ["工程量", "target"],
    ["进度节点", "milestones"],
    ["必保项目", "must"],
    ["频次", "cadence"],
    ["联络员", "deputies"],
    ["*责任人", "owner"],
    ["序号", null],
    ["进度", null],
  ])("%j → %s", (text, column) => {
    expect(matchHeader(text)).toBe(column);
  });

  it("skips titles above the first row holding code and owner, and reads every sheet with a header", () => {
    const reading = readLedger({
      sheets: [
        sheet("重点建设项目", [["2026年重点项目推进台账"], ["制表日期：2026年3月1日", null, "单位：区督查室"], HEADER, row()]),
        sheet("说明", [["这里没有表头"], ["编号", "说明"]]),
        sheet("整治项目", [["Code", "Name", "Unit", "Owner", "Start", "Deadline"], ["ZZ-01", "河道清淤", "河道整治指挥部", "@huangmin", "2026/3/1", "2026.9.30"]]),
      ],
    });
    const specs = specsOf(reading);
    expect(specs.map((s) => [s.code, s.source])).toEqual([
      ["BY-01", "重点建设项目!A4"],
      ["ZZ-01", "整治项目!A2"],
    ]);
    // A sheet without a milestones column leaves milestones alone: undefined, not [].
    expect(specs[1]?.milestones).toBeUndefined();
    expect(specs[1]?.deadline).toBe("2026-09-30");
  });

  it("refuses a file with no header row", () => {
    expect(errorsOf(readLedger({ sheets: [sheet("Sheet1", [["编号", "任务名称"], ["BY-01", "x"]])] }))).toEqual([
      "no header row found (the header needs at least a code and an owner column: 编号, 责任人)",
    ]);
  });
});

describe("dates", () => {
  it.each<[CellValue, string | null, string | null]>([
    [new Date(Date.UTC(2026, 2, 1)), null, "2026-03-01"],
    [46082, null, "2026-03-01"],
    [46082.5, null, "2026-03-01"],
    ["46082", null, "2026-03-01"],
    [20260301, null, "2026-03-01"],
    ["2026-03-01", null, "2026-03-01"],
    ["2026-3-1", null, "2026-03-01"],
    ["2026/3/1", null, "2026-03-01"],
    ["2026.3.1", null, "2026-03-01"],
    ["2026年3月1日", null, "2026-03-01"],
    ["2026 年 3 月 1 日", null, "2026-03-01"],
    ["２０２６－０３－０１", null, "2026-03-01"],
    ["2026年2月底", null, "2026-02-28"],
    ["2026-03-01 00:00:00", null, "2026-03-01"],
    ["3月31日", "2026-03-01", "2026-03-31"],
    ["3月底", "2026-03-01", "2026-03-31"],
    ["2月底", "2028-01-01", "2028-02-29"],
    ["1月31日", "2026-03-01", "2027-01-31"],
    ["3月31日", null, null],
    ["6月31日", "2026-03-01", null],
    ["2026-02-29", null, null],
    ["13月1日", "2026-03-01", null],
    ["明年", null, null],
    [true, null, null],
  ])("%j (start %s) → %s", (value, yearOf, day) => {
    expect(parseLedgerDate(value, yearOf)).toBe(day);
  });
});

describe("people", () => {
  it.each([
    ["孙浩（@sunhao）", { username: "sunhao", telegramId: null, name: "孙浩" }],
    ["孙浩 @sunhao", { username: "sunhao", telegramId: null, name: "孙浩" }],
    ["孙浩(@SunHao)", { username: "sunhao", telegramId: null, name: "孙浩" }],
    ["@sunhao", { username: "sunhao", telegramId: null, name: null }],
    ["＠sunhao", { username: "sunhao", telegramId: null, name: null }],
    ["123456789", { username: null, telegramId: "123456789", name: null }],
    ["孙浩 123456789", { username: null, telegramId: "123456789", name: "孙浩" }],
    ["孙浩（123456789）", { username: null, telegramId: "123456789", name: "孙浩" }],
    ["孙浩", null],
    ["@abc", null],
    ["1234", null],
  ])("%j", (text, ref) => {
    expect(parsePersonRef(text)).toEqual(ref);
  });

  it("splits deputies on 、，,；;", () => {
    const { people, bad } = parsePeople("刘洋（@liuyang）、@li_na，王强 @wangqiang,123456789；@zhaolei;孙浩");
    expect(people.map((p) => p.username ?? p.telegramId)).toEqual(["liuyang", "li_na", "wangqiang", "123456789", "zhaolei"]);
    expect(bad).toEqual(["孙浩"]);
  });
});

describe("must-deliver and cadence", () => {
  it.each<[CellValue, boolean | null]>([
    ["是", true], ["√", true], ["✓", true], ["Y", true], ["yes", true], ["TRUE", true], ["1", true], [1, true], [true, true],
    ["否", false], [null, false], ["", false], ["N", false], ["no", false], ["false", false], ["0", false], [0, false], [false, false],
    ["也许", null], ["2", null],
  ])("must %j → %s", (value, must) => {
    expect(parseMust(value)).toBe(must);
  });

  it.each<[CellValue, string | null]>([
    ["每日", "daily"], ["每周", "weekly"], ["每旬", "dekad"], ["每月", "monthly"],
    ["daily", "daily"], ["Weekly", "weekly"], ["dekad", "dekad"], ["monthly", "monthly"],
    ["日", "daily"], ["周", "weekly"], ["旬", "dekad"], ["月", "monthly"],
    [null, "default"], ["", "default"], ["每季", null], ["有空就报", null],
  ])("cadence %j → %s", (value, cadence) => {
    expect(parseCadenceCell(value)).toBe(cadence);
  });
});

describe("milestones", () => {
  it.each([
    ["2026-03-31 20%；2026-06-30 60%", [["2026-03-31", 20], ["2026-06-30", 60]]],
    ["2026-03-31=20%;2026-06-30=60%", [["2026-03-31", 20], ["2026-06-30", 60]]],
    ["2026-03-31:20，2026-06-30：60％", [["2026-03-31", 20], ["2026-06-30", 60]]],
    ["2026/3/31 20%\n2026年6月30日 60%", [["2026-03-31", 20], ["2026-06-30", 60]]],
    ["3月底 20%,6月30日 60%", [["2026-03-31", 20], ["2026-06-30", 60]]],
    ["3月底20%", [["2026-03-31", 20]]],
    ["", []],
  ])("%j", (text, points) => {
    const { points: read, problems } = parseMilestones(text, "2026-01-01");
    expect(problems).toEqual([]);
    expect(read.map((p) => [p.date, p.percent])).toEqual(points);
  });

  it("names what it cannot read", () => {
    expect(parseMilestones("2026-03-31 20%；年中过半；2026-06-30 120%", "2026-01-01").problems).toEqual([
      { kind: "unreadable", text: "年中过半" },
      { kind: "percent", text: "2026-06-30 120%" },
    ]);
  });
});

describe("rows", () => {
  it("reads a task", () => {
    const [spec] = specsOf(readLedger({ sheets: [sheet("台账", [HEADER, row()])] }));
    expect(spec).toEqual({
      code: "BY-01",
      name: "北园大街拆迁",
      unit: "北园大街指挥部",
      owner: { username: "zhangwei", telegramId: null, name: "张伟" },
      start: "2026-03-01",
      deadline: "2026-06-30",
      target: { value: 180000, unit: "m2" },
      milestones: [
        { date: "2026-04-30", percent: 30 },
        { date: "2026-05-31", percent: 70 },
      ],
      mustDeliver: true,
      cadence: "weekly",
      deputies: [{ username: "liuyang", telegramId: null, name: "刘洋" }],
      note: null,
      source: "台账!A2",
    });
  });

  it("applies a merged unit cell to every row it spans, and skips section headings and empty rows", () => {
    const rows: CellValue[][] = [
      HEADER,
      ["一、重点建设项目"],
      row({ 编号: "BY-01", 责任单位: "北园大街指挥部" }),
      row({ 编号: "BY-02", 责任单位: null }),
      [],
      [null, null, null],
      row({ 编号: "BY-03", 责任单位: null }),
      ["二、整治项目", null, null, null],
      row({ 编号: "ZZ-01", 责任单位: "河道整治指挥部" }),
    ];
    const merges = [
      { top: 2, left: 1, bottom: 2, right: 12 },
      { top: 3, left: 3, bottom: 7, right: 3 },
      { top: 8, left: 1, bottom: 8, right: 12 },
    ];
    const specs = specsOf(readLedger({ sheets: [sheet("台账", rows, merges)] }));
    expect(specs.map((s) => [s.code, s.unit])).toEqual([
      ["BY-01", "北园大街指挥部"],
      ["BY-02", "北园大街指挥部"],
      ["BY-03", "北园大街指挥部"],
      ["ZZ-01", "河道整治指挥部"],
    ]);
  });

  it("reads under a header merged over two rows", () => {
    const header = [...HEADER];
    header[7] = "时间节点";
    const sub: CellValue[] = HEADER.map(() => null);
    sub[7] = "（日期 百分比）";
    const merges = HEADER.map((_, i) => ({ top: 1, left: i + 1, bottom: 2, right: i + 1 })).filter((m) => m.left !== 8);
    const specs = specsOf(readLedger({ sheets: [sheet("台账", [header, sub, row()], merges)] }));
    expect(specs.map((s) => s.source)).toEqual(["台账!A3"]);
  });

  it("says a bad merged cell once, at its top-left address", () => {
    const rows: CellValue[][] = [HEADER, row({ 编号: "BY-01", 完成时限: "6月31日" }), row({ 编号: "BY-02", 完成时限: null })];
    expect(errorsOf(readLedger({ sheets: [sheet("整治项目", rows, [{ top: 2, left: 6, bottom: 3, right: 6 }])] }))).toEqual([
      '整治项目!F2: "6月31日" is not a date (2026-06-30)',
    ]);
  });

  // Every kind of error, with the cell it names.
  it.each<[string, Record<string, CellValue>, string, string]>([
    ["unreadable date", { 完成时限: "6月31日" }, '整治项目!F2: "6月31日" is not a date (2026-06-30)', "整治项目!F2: “6月31日”不是日期（2026-06-30）"],
    ["unreadable start", { 开始日期: "开春" }, '整治项目!E2: "开春" is not a date (2026-06-30)', "整治项目!E2: “开春”不是日期（2026-06-30）"],
    ["bad code", { 编号: "北园1" }, '整治项目!A2: "北园1" is not a task code (BY-01)', "整治项目!A2: “北园1”不是任务编号（BY-01）"],
    ["bad must", { 必保: "也许" }, '整治项目!I2: "也许" is not yes or no (是, 否, √, empty)', "整治项目!I2: “也许”不是“是”或“否”（是、否、√、空白）"],
    ["bad cadence", { 报送频次: "每季" }, '整治项目!J2: "每季" is not a cadence (每日, 每周, 每旬, 每月, daily, weekly, dekad, monthly)', "整治项目!J2: 读不懂报送频次“每季”（每日、每周、每旬、每月）"],
    ["bad target", { 目标量: "很多" }, '整治项目!G2: "很多" is not a target quantity (18万平方米, 36栋)', "整治项目!G2: 读不懂目标量“很多”（18万平方米、36栋）"],
    ["deadline before start", { 开始日期: "2026-07-01", 时间节点: null }, "整治项目!F2: deadline 2026-06-30 is before the start 2026-07-01 (a deadline on or after the start)", "整治项目!F2: 完成时限 2026-06-30 早于开始日期 2026-07-01（完成时限不能早于开始日期）"],
    ["milestone outside", { 时间节点: "2026-07-31 90%" }, '整治项目!H2: milestone "2026-07-31 90%" is not between the start 2026-03-01 and the deadline 2026-06-30 (a date after the start and before the deadline)', "整治项目!H2: 时间节点“2026-07-31 90%”不在开始日期 2026-03-01 与完成时限 2026-06-30 之间（节点日期要晚于开始、早于完成时限）"],
    ["milestone not rising", { 时间节点: "2026-04-30 60%；2026-05-31 30%" }, '整治项目!H2: milestone "2026-05-31 30%" is below the one before it or repeats its date (rising percents: 2026-03-31 20%；2026-06-30 60%)', "整治项目!H2: 时间节点“2026-05-31 30%”比前一个节点低或日期重复（百分比要逐个上升：2026-03-31 20%；2026-06-30 60%）"],
    ["milestone unreadable", { 时间节点: "年中过半" }, '整治项目!H2: "年中过半" is not a milestone (2026-03-31 20%；2026-06-30 60%)', "整治项目!H2: 读不懂时间节点“年中过半”（2026-03-31 20%；2026-06-30 60%）"],
    ["milestone percent", { 时间节点: "2026-04-30 120%" }, '整治项目!H2: milestone "2026-04-30 120%" needs a percent from 0 to 100 (2026-03-31 20%)', "整治项目!H2: 时间节点“2026-04-30 120%”的百分比要在 0 到 100 之间（2026-03-31 20%）"],
    ["owner without @username", { 责任人: "张伟" }, '整治项目!D2: owner "张伟" has no @username or Telegram id (孙浩（@sunhao）)', "整治项目!D2: 责任人“张伟”没有 @用户名 或 Telegram 数字 ID（孙浩（@sunhao））"],
    ["deputy without @username", { 协办人: "@liuyang、刘洋" }, '整治项目!K2: deputies "刘洋" has no @username or Telegram id (孙浩（@sunhao）)', "整治项目!K2: 协办人“刘洋”没有 @用户名 或 Telegram 数字 ID（孙浩（@sunhao））"],
    ["required cell empty", { 责任单位: null }, "整治项目!C2: unit is empty (北园大街指挥部)", "整治项目!C2: “责任单位”不能为空（北园大街指挥部）"],
    ["empty deadline, saying how to fix a task /addtask made without dates", { 完成时限: null, 时间节点: null }, "整治项目!F2: deadline is empty (2026-06-30); a task added by /addtask without dates needs its start and deadline filled in here", "整治项目!F2: “完成时限”不能为空（2026-06-30）；用 /addtask 添加时没写日期的项目，请在这里补上开始日期和完成时限"],
  ])("%s", (_kind, changes, en, zh) => {
    const reading = readLedger({ sheets: [sheet("整治项目", [HEADER, row(changes)])] });
    expect(errorsOf(reading, "en")).toEqual([en]);
    expect(errorsOf(reading, "zh-CN")).toEqual([zh]);
  });

  it("finds a code twice, across sheets", () => {
    const reading = readLedger({ sheets: [sheet("重点建设项目", [HEADER, row()]), sheet("整治项目", [HEADER, row({ 编号: "by-01" })])] });
    expect(errorsOf(reading)).toEqual(["整治项目!A2: code BY-01 appears twice, first at 重点建设项目!A2 (one code per task)"]);
    expect(errorsOf(reading, "zh-CN")).toEqual(["整治项目!A2: 编号 BY-01 重复，第一次出现在 重点建设项目!A2（每项任务一个编号）"]);
  });

  it("lists every error of the file, not just the first", () => {
    const reading = readLedger({
      sheets: [sheet("台账", [HEADER, row({ 编号: "BY-01", 完成时限: "6月31日" }), row({ 编号: "BY-02", 责任人: "张伟", 必保: "?" })])],
    });
    expect(errorsOf(reading).map((e) => e.split(":")[0])).toEqual(["台账!F2", "台账!D3", "台账!I3"]);
  });

  it("reads a bare deadline in the start's year, rolling into the next", () => {
    const [spec] = specsOf(readLedger({ sheets: [sheet("台账", [HEADER, row({ 开始日期: "2026-10-01", 完成时限: "3月底", 时间节点: "12月31日 40%" })])] }));
    expect([spec?.deadline, spec?.milestones]).toEqual(["2027-03-31", [{ date: "2026-12-31", percent: 40 }]]);
  });

  it("reads an empty cadence as the default, an empty target as none", () => {
    const [spec] = specsOf(readLedger({ sheets: [sheet("台账", [HEADER, row({ 报送频次: null, 目标量: null, 必保: null })])] }));
    expect([spec?.cadence, spec?.target, spec?.mustDeliver]).toEqual([null, null, false]);
  });
});

describe("words", () => {
  const problems: LedgerProblem[] = [
    { kind: "no_header" },
    { kind: "no_tasks" },
    { kind: "required_empty", column: "owner" },
    { kind: "missing_column", column: "start" },
    { kind: "bad_date", column: "deadline", text: "6月31日" },
    { kind: "bad_code", text: "x" },
    { kind: "bad_target", text: "x" },
    { kind: "bad_must", text: "x" },
    { kind: "bad_cadence", text: "x" },
    { kind: "bad_milestone", text: "x" },
    { kind: "milestone_percent", text: "x" },
    { kind: "milestone_outside", text: "x", start: "2026-03-01", deadline: "2026-06-30" },
    { kind: "milestone_not_rising", text: "x" },
    { kind: "duplicate_code", code: "BY-01", first: "台账!A2" },
    { kind: "deadline_before_start", start: "2026-07-01", deadline: "2026-06-30" },
    { kind: "bad_owner", column: "deputies", text: "x" },
  ];
  it.each(["zh-CN", "zh-TW", "en"] as const)("says every problem in %s, with an example of what is accepted", (language) => {
    for (const problem of problems) {
      const text = describeProblem(problem, language);
      expect(text).not.toMatch(/undefined|null|\[object/);
      expect(text).toMatch(/[)）]$/);
    }
  });
});

describe("a refused file in a chat answer", () => {
  const badDate = (row: number) => ({ sheet: "台账", cell: `F${row}`, problem: { kind: "bad_date", column: "deadline", text: "6月31日" } as const });
  it("shows the first reasons a line each, and how many more", () => {
    const text = refusalText({ kind: "cells", errors: [2, 3, 4].map(badDate) }, "zh-CN", 2);
    expect(text.split("\n")).toEqual(["台账!F2: “6月31日”不是日期（2026-06-30）", "台账!F3: “6月31日”不是日期（2026-06-30）", "… +1"]);
    expect(refusalText({ kind: "cells", errors: [badDate(2)] }, "en", 2)).toBe('台账!F2: "6月31日" is not a date (2026-06-30)');
    expect(refusalText({ kind: "file", problem: { kind: "empty" } }, "zh-CN", 2)).toBe("文件是空的，没有任何表格内容");
  });
});
