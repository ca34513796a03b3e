import { parseReport } from "./parser/index.js";
import type { QuantityUnit } from "./types.js";

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
