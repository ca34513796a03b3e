import { once } from "node:events";
import { StringDecoder } from "node:string_decoder";
import { normalizeUnit, parseReport } from "../domain/parser/index.js";
import type { ParsedReport } from "../domain/types.js";
import { parseErrorMessage } from "../locales/parse-errors.js";

const INVALID_JSON = 'Not valid JSON. Each line must be a JSON object such as {"text": "BY-01 65%", "task": "BY-01"}.';
const EMPTY_LINE = 'An empty line. Each line must be a JSON object such as {"text": "BY-01 65%"}.';
const INVALID_SHAPE =
  'Each line must be a JSON object with a string "text" and, optionally, a string "task" and a string "targetUnit".';

/**
 * `duban parse`: reads JSON Lines ({"text": "...", "task": "BY-01"}) and writes one JSON object per
 * input line, in order. A blank last line (the newline that ends a file) is not an input line.
 */
export async function runParseCommand(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let first = true;
  for await (const chunk of input) {
    pending += typeof chunk === "string" ? chunk : decoder.write(chunk);
    const lastBreak = pending.lastIndexOf("\n");
    if (lastBreak < 0) continue;
    const lines = pending.slice(0, lastBreak).split("\n");
    pending = pending.slice(lastBreak + 1);
    let out = "";
    for (const line of lines) {
      out += answerLine(first ? stripBom(line) : line) + "\n";
      first = false;
    }
    await write(output, out);
  }
  pending += decoder.end();
  if (first) pending = stripBom(pending);
  if (pending.trim() !== "") await write(output, answerLine(pending) + "\n");
}

function stripBom(line: string): string {
  return line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
}

async function write(output: NodeJS.WritableStream, text: string): Promise<void> {
  if (!output.write(text)) await once(output, "drain");
}

/** The answer to one input line, as a JSON string. */
export function answerLine(rawLine: string): string {
  const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
  if (line.trim() === "") return JSON.stringify({ ok: false, error: "invalid_input", message: EMPTY_LINE });
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return JSON.stringify({ ok: false, error: "invalid_input", message: INVALID_JSON });
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return invalidShape();
  const { text, task, targetUnit } = input as { text?: unknown; task?: unknown; targetUnit?: unknown };
  if (typeof text !== "string") return invalidShape();
  if (task !== undefined && task !== null && typeof task !== "string") return invalidShape();
  if (targetUnit !== undefined && targetUnit !== null && typeof targetUnit !== "string") return invalidShape();
  const contextTask = typeof task === "string" ? task : null;
  // a unit the parser does not know ("acres") is as good as none
  const unit = typeof targetUnit === "string" ? normalizeUnit(targetUnit) : null;

  const result = parseReport(text, { task: contextTask, targetUnit: unit });
  if (result.ok) {
    return JSON.stringify({
      ok: true,
      reports: result.reports.map(inFieldOrder),
      errors: result.errors.map((e) => (e.plan === undefined ? { task: e.task, error: e.error } : { task: e.task, error: e.error, plan: e.plan })),
    });
  }
  const message = parseErrorMessage(result.error, result.language ?? "en", {
    task: result.task,
    exampleTask: result.task ?? contextTask,
  });
  // a forecast given instead of a figure is kept as the task's next step
  if (result.plan !== undefined) return JSON.stringify({ ok: false, error: result.error, message, plan: result.plan });
  return JSON.stringify({ ok: false, error: result.error, message });
}

function invalidShape(): string {
  return JSON.stringify({ ok: false, error: "invalid_input", message: INVALID_SHAPE });
}

/** The report with its fields in MESSAGES.md's order, whatever order the parser built them in. */
function inFieldOrder(r: ParsedReport): ParsedReport {
  return {
    task: r.task,
    percent: r.percent,
    percentDelta: r.percentDelta,
    quantity: r.quantity === null ? null : { value: r.quantity.value, unit: r.quantity.unit, cumulative: r.quantity.cumulative },
    status: r.status,
    blockers: r.blockers.map((b) => ({ category: b.category, text: b.text })),
    plan: r.plan,
    note: r.note,
    resolved: r.resolved.map((p) => ({ category: p.category, text: p.text })),
  };
}
