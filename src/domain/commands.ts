import { parseReport } from "./parser/index.js";
import type { QuantityUnit } from "./types.js";
import type { Cadence } from "./periods.js";

const TASK_CODE = /^[#＃]?[【[]?([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)[】\]]?$/u;

/** A task code as admins type it (BY-01, #by-01, 【BY-01】), upper-cased; null if it is not one. */
export function parseTaskCode(word: string): string | null {
  const m = TASK_CODE.exec(word.trim());
  if (!m) return null;
  const code = m[1]!;
  if (code.length > 32 || !/[A-Za-z]/.test(code) || !/\d/.test(code)) return null;
  return code.toUpperCase();
}

/** A target quantity (18万平方米, 36栋, 1200m3), read exactly as a report's quantity is. */
export function parseTarget(text: string): { value: number; unit: QuantityUnit } | null {
  const parsed = parseReport(`ZZ-0 ${text}`);
  const quantity = parsed.ok ? parsed.reports[0]?.quantity : null;
  if (!quantity || !(quantity.value > 0)) return null;
  return { value: quantity.value, unit: quantity.unit };
}

const CADENCE_WORDS: Record<string, Cadence> = {
  daily: "daily", day: "daily", 日: "daily", 日报: "daily", 每日: "daily", 每天: "daily",
  weekly: "weekly", week: "weekly", 周: "weekly", 週: "weekly", 周报: "weekly", 週報: "weekly", 每周: "weekly", 每週: "weekly",
  dekad: "dekad", 旬: "dekad", 旬报: "dekad", 旬報: "dekad", 每旬: "dekad",
  monthly: "monthly", month: "monthly", 月: "monthly", 月报: "monthly", 月報: "monthly", 每月: "monthly",
};

/** How often a task reports, as admins write it: daily/weekly/dekad/monthly or 日/周/旬/月. */
export function parseCadence(word: string): Cadence | null {
  return CADENCE_WORDS[word.trim().toLowerCase()] ?? null;
}
