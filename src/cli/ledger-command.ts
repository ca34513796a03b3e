import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Database } from "#src/db/database.js";
import { parseDay, type Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import type { Language } from "#src/domain/types.js";
import { MAX_FILE_BYTES, readLedgerSpecs } from "#src/services/ledger-file.js";
import { applyImport, districtLedgerRows, loadExport, planImport } from "#src/services/ledger.js";
import { defaultDeadline, readDistrict } from "#src/services/demo-data.js";
import { describeFileProblem, refusalLines } from "#src/views/ledger/messages.js";
import { formatImportSummary } from "#src/views/ledger/summary.js";
import { writeLedgerCsv, writeLedgerExport, writeLedgerTemplate } from "#src/views/ledger/workbook.js";
import { LEDGER_USAGE } from "./usage.js";

export interface LedgerCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Opens the database (DATABASE_URL or the embedded one); called only by the commands that need it. */
  openDatabase(): Promise<Database>;
  /** Today in the district's time zone (DUBAN_TIMEZONE), by the injected clock. */
  today: () => Day;
  thresholds: LightThresholds;
  /** DUBAN_TIMEZONE: the day an export's figures are counted in. */
  timeZone: string;
  language?: Language;
}

class UsageError extends Error {}

const LANGUAGES: readonly Language[] = ["zh-CN", "zh-TW", "en"];

/** `duban ledger ...`: exit status 0 on success, 1 when a file is refused, 2 on a usage mistake. */
export async function runLedgerCommand(args: string[], io: LedgerCommandIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`duban ledger: ${(error as Error).message}\n\nUsage:\n  ${LEDGER_USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && typeof (error as { code?: unknown }).code === "string" && String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
}

async function run(args: string[], io: LedgerCommandIo): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: "string", short: "o" },
      example: { type: "boolean", default: false },
      deadline: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      lang: { type: "string" },
    },
  });
  const language = LANGUAGES.find((l) => l === values.lang) ?? io.language ?? "zh-CN";
  if (values.lang !== undefined && !LANGUAGES.some((l) => l === values.lang)) throw new UsageError(`--lang takes zh-CN, zh-TW or en, not "${values.lang}"`);
  const today = io.today();

  switch (action) {
    case "template": {
      const out = requireOut(values.out, positionals);
      let rows;
      if (values.example) {
        const deadline = values.deadline === undefined ? defaultDeadline(today) : parseDay(values.deadline);
        if (!deadline) throw new UsageError(`--deadline takes a date like 2027-06-30, not "${values.deadline}"`);
        rows = districtLedgerRows(await readDistrict(), deadline);
      } else if (values.deadline !== undefined) {
        throw new UsageError("--deadline goes with --example");
      }
      await writeFile(out, isCsv(out) ? writeLedgerCsv(rows ?? [], false) : await writeLedgerTemplate(rows));
      io.stdout.write(`${out}\n`);
      return 0;
    }
    case "import": {
      const [file, ...extra] = positionals;
      if (!file || extra.length) throw new UsageError("ledger import takes one file: ledger import 台账.xlsx [--dry-run]");
      if (values.out !== undefined || values.example || values.deadline !== undefined) throw new UsageError("ledger import takes only --dry-run");
      const size = await fileSize(file);
      if (size === null) {
        io.stderr.write(`${file}: ${language === "en" ? "no such file" : language === "zh-TW" ? "找不到這個檔案" : "找不到这个文件"}\n`);
        return 1;
      }
      if (size > MAX_FILE_BYTES) {
        io.stderr.write(describeFileProblem({ kind: "too_large", megabytes: Math.ceil(size / 1024 / 1024), limit: MAX_FILE_BYTES / 1024 / 1024 }, language) + "\n");
        return 1;
      }
      const reading = await readLedgerSpecs(await readFile(file), file);
      if (!reading.ok) {
        for (const line of refusalLines(reading.refusal, language)) io.stderr.write(`${line}\n`);
        return 1;
      }
      const database = await io.openDatabase();
      try {
        const dryRun = values["dry-run"] === true;
        const plan = dryRun ? await planImport(database.prisma, reading.specs, today) : await applyImport(database.prisma, null, reading.specs, today);
        io.stdout.write(formatImportSummary(plan, language, dryRun ? "dry-run" : "applied") + "\n");
      } finally {
        await database.close();
      }
      return 0;
    }
    case "export": {
      const out = requireOut(values.out, positionals);
      if (values.example || values.deadline !== undefined || values["dry-run"]) throw new UsageError("ledger export takes only --out F");
      const database = await io.openDatabase();
      try {
        const rows = await loadExport(database.prisma, today, io.thresholds, io.timeZone, database.sql);
        await writeFile(out, isCsv(out) ? writeLedgerCsv(rows, true) : await writeLedgerExport(rows));
        io.stdout.write(`${out}: ${rows.length}\n`);
      } finally {
        await database.close();
      }
      return 0;
    }
    default:
      throw new UsageError(action === undefined ? "which ledger command?" : `unknown ledger command "${action}"`);
  }
}

function requireOut(out: string | undefined, positionals: string[]): string {
  if (!out || positionals.length) throw new UsageError("give the file to write with --out, e.g. --out 台账.xlsx");
  const ext = path.extname(out).toLowerCase();
  if (ext !== ".xlsx" && ext !== ".csv") throw new UsageError(`--out names an .xlsx or .csv file, not "${out}"`);
  return out;
}

async function fileSize(file: string): Promise<number | null> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

function isCsv(file: string): boolean {
  return path.extname(file).toLowerCase() === ".csv";
}
