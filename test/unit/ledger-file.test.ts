import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readLedgerFile, readLedgerSpecs, zipLooksSafe } from "#src/services/ledger-file.js";
import { readLedger, type TaskSpec } from "#src/domain/ledger/index.js";
import { formatLedgerError, refusalLines } from "#src/views/ledger/messages.js";
import { LEDGER_HEADERS, PROGRESS_HEADERS, writeLedgerCsv, writeLedgerExport, writeLedgerTemplate } from "#src/views/ledger/workbook.js";

const CSV = [
  "2026年整治项目台账,,,,,",
  "编号,任务名称,责任单位,责任人,开始日期,完成时限,时间节点,必保",
  '"ZZ-01","河道清淤，两岸绿化",河道整治指挥部,黄敏（@huangmin）,2026/3/1,6月底,"2026-04-30 30%',
  '2026-05-31 70%",是',
  "ZZ-02,背街小巷整治,市容整治指挥部,周杰 @zhoujie,2026年3月1日,2026-09-30,,否",
].join("\r\n");

async function specs(bytes: Uint8Array, name: string): Promise<TaskSpec[]> {
  const result = await readLedgerSpecs(bytes, name);
  if (!result.ok) throw new Error(refusalLines(result.refusal).join("\n"));
  return result.specs;
}

async function refusal(bytes: Uint8Array, name: string): Promise<string[]> {
  const result = await readLedgerSpecs(bytes, name);
  if (result.ok) throw new Error("expected the file to be refused");
  return refusalLines(result.refusal);
}

describe("CSV", () => {
  it.each([
    ["UTF-8", Buffer.from(CSV, "utf8")],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, "utf8")])],
    ["GB18030 (Excel on Chinese Windows)", iconv.encode(CSV, "gb18030")],
    ["UTF-16 Unicode text", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV.replace(/,/g, "\t"), "utf16le")])],
  ])("reads %s", async (_label, bytes) => {
    const read = await specs(bytes, "整治项目.csv");
    expect(read.map((s) => [s.code, s.name, s.owner.name, s.start, s.deadline, s.milestones?.length, s.source])).toEqual([
      ["ZZ-01", "河道清淤，两岸绿化", "黄敏", "2026-03-01", "2026-06-30", 2, "整治项目!A3"],
      ["ZZ-02", "背街小巷整治", "周杰", "2026-03-01", "2026-09-30", 0, "整治项目!A4"],
    ]);
  });

  it("names a CSV's errors by the file's name as the sheet", async () => {
    const bad = iconv.encode("编号,任务名称,责任单位,责任人,开始日期,完成时限\r\nZZ-01,河道清淤,河道整治指挥部,黄敏,2026-03-01,6月31日\r\n", "gb18030");
    expect(await refusal(bad, "/tmp/整治项目.csv")).toEqual([
      "整治项目!D2: 责任人“黄敏”没有 @用户名 或 Telegram 数字 ID（孙浩（@sunhao））",
      "整治项目!F2: “6月31日”不是日期（2026-06-30）",
    ]);
  });
});

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("xlsx", () => {
  it("reads merged cells, date cells, formulas by their result and rich text as plain text", async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet("重点建设项目");
      ws.addRow(["2026年重点项目推进台账"]);
      ws.mergeCells("A1:H1");
      ws.addRow(["任务\n编号", "项目名称", "责任单位", "责任人", "开工日期", "完成时限", "工程量", "必保"]);
      ws.addRow(["一、重点建设项目"]);
      ws.mergeCells("A3:H3");
      ws.addRow(["BY-01", { richText: [{ text: "北园大街" }, { text: "拆迁", font: { bold: true } }] }, "北园大街指挥部", "张伟（@zhangwei）", new Date(Date.UTC(2026, 2, 1)), new Date(Date.UTC(2026, 5, 30)), { formula: '"18万"&"平方米"', result: "18万平方米" }, "√"]);
      ws.addRow(["BY-02", "北园大街绿化", null, "@liuyang", 46082, { formula: "E5+121", result: 46203 }, "36栋", "否"]);
      ws.addRow(["BY-03", "沿线开发", null, "刘洋 @liuyang", "2026/3/1", "2026年6月30日", null, null]);
      ws.mergeCells("C4:C6");
      ws.getCell("E4").numFmt = "yyyy-mm-dd";
    });
    const read = await specs(bytes, "台账.xlsx");
    expect(read.map((s) => [s.code, s.name, s.unit, s.owner.username, s.start, s.deadline, s.target, s.mustDeliver])).toEqual([
      ["BY-01", "北园大街拆迁", "北园大街指挥部", "zhangwei", "2026-03-01", "2026-06-30", { value: 180000, unit: "m2" }, true],
      ["BY-02", "北园大街绿化", "北园大街指挥部", "liuyang", "2026-03-01", "2026-06-30", { value: 36, unit: "count" }, false],
      ["BY-03", "沿线开发", "北园大街指挥部", "liuyang", "2026-03-01", "2026-06-30", null, false],
    ]);
  });

  it("gives each error its sheet and cell", async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet("重点建设项目").addRows([
        ["编号", "任务名称", "责任单位", "责任人", "开始日期", "完成时限"],
        ["BY-01", "拆迁", "北园大街指挥部", "@zhangwei", "2026-03-01", "2026-06-30"],
      ]);
      wb.addWorksheet("整治项目").addRows([
        ["编号", "任务名称", "责任单位", "责任人", "开始日期", "完成时限"],
        ["ZZ-01", "清淤", "河道整治指挥部", "@huangmin", "2026-03-01", "2026-06-30"],
        ["ZZ-02", "绿化", "河道整治指挥部", "@huangmin", "2026-03-01", "2026-06-30"],
        ["BY-01", "清表", "河道整治指挥部", "@huangmin", "2026-03-01", "2026-06-30"],
        ["ZZ-04", "亮化", "河道整治指挥部", "@huangmin", "2026-03-01", "6月31日"],
      ]);
    });
    expect(await refusal(bytes, "台账.xlsx")).toEqual([
      "整治项目!A4: 编号 BY-01 重复，第一次出现在 重点建设项目!A2（每项任务一个编号）",
      "整治项目!F5: “6月31日”不是日期（2026-06-30）",
    ]);
  });
});

/** A zip with one stored-deflated entry, sizes as given (they may lie). */
function zipOf(name: string, content: Buffer, declared = content.length): Buffer {
  const packed = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const localPart = Buffer.concat([local, nameBytes, packed]);
  const centralPart = Buffer.concat([central, nameBytes]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

describe("refused files", () => {
  it("refuses what is not a workbook", async () => {
    expect(await refusal(Buffer.from("%PDF-1.7 ..."), "台账.xlsx")).toEqual([
      "这个文件不是 Excel 工作簿（.xlsx）或 CSV 表格，请在 Excel 或 WPS 中另存为 .xlsx 后再发",
    ]);
    expect((await readLedgerFile(zipOf("hello.txt", Buffer.from("hello")), "台账.xlsx")).ok).toBe(false);
  });

  it("refuses a password-protected workbook (an OLE file)", async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(await readLedgerFile(ole, "台账.xlsx")).toEqual({ ok: false, problem: { kind: "encrypted" } });
    expect((await refusal(ole, "台账.xlsx"))[0]).toContain("密码");
  });

  it("refuses a file over 10 MB before reading it", async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    expect(await readLedgerFile(big, "台账.csv")).toEqual({ ok: false, problem: { kind: "too_large", megabytes: 11, limit: 10 } });
  });

  it("refuses more than 10,000 rows", async () => {
    const lines = ["编号,任务名称,责任单位,责任人,开始日期,完成时限"];
    for (let i = 1; i <= 10_000; i++) lines.push(`T-${i},任务${i},单位,@officer1,2026-03-01,2026-06-30`);
    expect(await readLedgerFile(Buffer.from(lines.join("\n")), "台账.csv")).toEqual({
      ok: false,
      problem: { kind: "too_many_rows", rows: 10_001, limit: 10_000 },
    });
  });

  it("refuses a zip bomb by its declared sizes, and one whose header lies about them", async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    const bomb = zipOf("xl/worksheets/sheet1.xml", zeros);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await readLedgerFile(bomb, "台账.xlsx")).toEqual({ ok: false, problem: { kind: "zip_bomb" } });
    const liar = zipOf("xl/worksheets/sheet1.xml", Buffer.alloc(5 * 1024 * 1024), 1000);
    expect(zipLooksSafe(liar)).toBe(false);
    expect(zipLooksSafe(zipOf("a.xml", Buffer.from("<a/>")))).toBe(true);
  });

  it("refuses an empty file and a sheet with no header row", async () => {
    expect(await readLedgerFile(Buffer.alloc(0), "台账.csv")).toEqual({ ok: false, problem: { kind: "empty" } });
    const noHeader = await workbookBytes((wb) => {
      wb.addWorksheet("Sheet1").addRows([["名单"], ["张伟", "李娜"]]);
    });
    expect(await refusal(noHeader, "台账.xlsx")).toEqual(["没有找到表头行（表头至少要有“编号”和“责任人”两列）"]);
    const emptySheet = await workbookBytes((wb) => {
      wb.addWorksheet("Sheet1");
    });
    expect(await readLedgerFile(emptySheet, "台账.xlsx")).toEqual({ ok: false, problem: { kind: "empty" } });
  });
});

describe("written workbooks, read back", () => {
  it("template: frozen header, drop-downs, one example row that imports, and a 填写说明 sheet", async () => {
    const bytes = await writeLedgerTemplate();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["台账", "填写说明"]);
    const ws = wb.getWorksheet("台账");
    if (!ws) throw new Error("no 台账 sheet");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_HEADERS]);
    expect(ws.actualRowCount).toBe(2);
    expect(ws.getCell("I2").dataValidation).toMatchObject({ type: "list", formulae: ['"是,否"'] });
    expect(ws.getCell("J300").dataValidation).toMatchObject({ type: "list", formulae: ['"每日,每周,每旬,每月"'] });
    expect(ws.getCell("E2").value).toEqual(new Date(Date.UTC(2026, 2, 1)));
    for (let c = 1; c <= LEDGER_HEADERS.length; c++) {
      const header = String(ws.getCell(1, c).value);
      // A Chinese character takes about two widths.
      expect(ws.getColumn(c).width ?? 0).toBeGreaterThanOrEqual(header.length * 2 + 2);
    }
    const guide = wb.getWorksheet("填写说明");
    expect(guide?.getColumn(1).values.slice(2, 2 + LEDGER_HEADERS.length)).toEqual([...LEDGER_HEADERS]);
    const read = await specs(bytes, "template.xlsx");
    expect(read.map((s) => s.code)).toEqual(["BY-01"]);
  });

  it("export: the ledger's columns, then read-only progress columns an import ignores", async () => {
    const rows = [
      {
        code: "BY-01",
        name: "拆迁",
        unit: "北园大街指挥部",
        owner: { username: "zhangwei", telegramId: null, name: "张伟" },
        start: "2026-03-01",
        deadline: "2026-06-30",
        target: { value: 1.2e9, unit: "cny" as const },
        milestones: [{ date: "2026-04-30", percent: 30 }],
        mustDeliver: false,
        cadence: "dekad" as const,
        deputies: [{ username: null, telegramId: "123456789", name: "刘洋" }],
        note: null,
        progress: { latest: 35.5, expected: 40, lag: 4.5, light: "green" as const, lastReport: "2026-04-29", openIssues: ["资金未到位", "审批慢"] },
      },
    ];
    const bytes = await writeLedgerExport(rows);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(bytes).buffer);
    const ws = wb.worksheets[0];
    expect((ws?.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_HEADERS, ...PROGRESS_HEADERS]);
    expect((ws?.getRow(2).values as unknown[]).slice(13)).toEqual([35.5, 40, 4.5, "绿", new Date(Date.UTC(2026, 3, 29)), "资金未到位；审批慢"]);
    for (const [bytesOf, name] of [[bytes, "export.xlsx"], [writeLedgerCsv(rows, true), "export.csv"]] as const) {
      const [spec] = await specs(bytesOf, name);
      expect(spec).toMatchObject({
        code: "BY-01",
        owner: { username: "zhangwei" },
        target: { value: 1.2e9, unit: "cny" },
        milestones: [{ date: "2026-04-30", percent: 30 }],
        mustDeliver: false,
        cadence: "dekad",
        deputies: [{ username: null, telegramId: "123456789", name: "刘洋" }],
      });
    }
  });

  it("says once which required columns the header lacks", () => {
    const reading = readLedger({ sheets: [{ name: "a", rows: [["编号", "责任人"], ["BY-01", "@zhangwei"]], merges: [] }] });
    expect(reading.ok ? [] : reading.errors.map((e) => formatLedgerError(e, "en"))).toEqual([
      "a!A1: the header has no name column (it needs 编号, 任务名称, 责任单位, 责任人, 开始日期, 完成时限)",
      "a!A1: the header has no unit column (it needs 编号, 任务名称, 责任单位, 责任人, 开始日期, 完成时限)",
      "a!A1: the header has no start column (it needs 编号, 任务名称, 责任单位, 责任人, 开始日期, 完成时限)",
      "a!A1: the header has no deadline column (it needs 编号, 任务名称, 责任单位, 责任人, 开始日期, 完成时限)",
    ]);
  });
});
