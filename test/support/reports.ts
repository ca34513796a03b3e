import type { ParsedReport } from "#src/domain/types.js";

/** A parsed report with every field absent but those given, as the parser returns it. */
export function parsedReport(task: string, fields: Partial<ParsedReport> = {}): ParsedReport {
  return { task, percent: null, percentDelta: null, quantity: null, status: null, blockers: [], plan: null, note: null, resolved: [], ...fields };
}
