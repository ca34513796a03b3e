import type { Blocker, Language, ParseContext, ParsedReport, ParseErrorCode, ParseResult, Quantity, TaskStatus } from "../types.js";
import { readBlockers, readText } from "./blockers.js";
import { detectLanguage } from "./language.js";
import { emptyMeasures, PercentWeight, scanMeasures } from "./measures.js";
import type { FoundQuantity, Measures } from "./measures.js";
import { capInput, normalize } from "./normalize.js";
import { layOut } from "./structure.js";
import type { Piece } from "./structure.js";
import { cleanTaskCode } from "./task-codes.js";

/** What one task's pieces say, before errors are judged. */
interface Draft {
  measures: Measures;
  blockers: Blocker[];
  plans: string[];
  notes: string[];
}

/**
 * Reads a progress message into one report per task, or says why it cannot (MESSAGES.md).
 * Never throws; reads at most MAX_INPUT_CHARS characters.
 */
export function parseReport(text: string, context?: ParseContext): ParseResult {
  try {
    return parse(typeof text === "string" ? text : "", context);
  } catch {
    // A bug must not take the bot down with it: treat the message as not understood.
    return { ok: false, error: "not_a_report", task: null, language: null };
  }
}

function parse(raw: string, context: ParseContext | undefined): ParseResult {
  const original = capInput(raw);
  const normalized = normalize(original);
  const contextTask = cleanTaskCode(context?.task);
  const layout = layOut(normalized);
  const named = [...layout.tasks.keys()];
  const drafts = new Map<string, Draft>();
  for (const [task, pieces] of layout.tasks) drafts.set(task, readDraft(normalized, original, pieces));

  let language: Language | null | undefined;
  const fail = (error: ParseErrorCode, task: string | null): ParseResult => {
    language ??= detectLanguage(original);
    return { ok: false, error, task, language };
  };

  // Text in blocks that name no task: the context task's, else the first named task's.
  let orphanTask: string | null = null;
  if (layout.orphans.length > 0) {
    const orphan = readDraft(normalized, original, layout.orphans);
    const measurable = isMeasurable(orphan.measures);
    const owner = measurable || named.length === 0 ? (contextTask ?? named[0] ?? null) : (named[0] ?? null);
    if (orphan.measures.outOfRange) return fail("percent_out_of_range", owner);
    if (owner === null) {
      return fail(measurable ? "no_task" : "not_a_report", null);
    }
    const existing = drafts.get(owner);
    if (existing === undefined) {
      drafts.set(owner, orphan);
      orphanTask = owner;
    } else {
      merge(existing, orphan);
    }
  }

  if (drafts.size === 0) return fail("not_a_report", null);

  for (const [task, draft] of drafts) {
    if (draft.measures.outOfRange) return fail("percent_out_of_range", task);
  }
  const reports: ParsedReport[] = [];
  // The context task's report, if any, comes first: its text came before any named task.
  const order = orphanTask !== null ? [orphanTask, ...named] : named;
  for (const task of order) {
    const draft = drafts.get(task);
    if (draft === undefined) continue;
    const report = toReport(task, draft);
    if (report === null) {
      // Only the context task, and nothing measurable or even a blocker: chit-chat ("收到").
      const saysNothing = draft.blockers.length === 0 && draft.plans.length === 0 && draft.notes.length === 0;
      const chitChat = task === orphanTask && named.length === 0 && saysNothing;
      return chitChat ? fail("not_a_report", null) : fail("no_progress", task);
    }
    reports.push(report);
  }
  return { ok: true, reports };
}

function readDraft(normalized: string, original: string, pieces: readonly Piece[]): Draft {
  const draft: Draft = { measures: emptyMeasures(), blockers: [], plans: [], notes: [] };
  const sorted = pieces.length > 1 ? [...pieces].sort((a, b) => a.start - b.start) : pieces;
  for (const piece of sorted) {
    switch (piece.kind) {
      case "measure":
        scanMeasures(normalized, piece.start, piece.end, piece.hint, draft.measures);
        break;
      case "blocker":
        draft.blockers.push(...readBlockers(normalized, original, piece.start, piece.end));
        break;
      case "plan":
      case "note": {
        const value = readText(normalized, original, piece.start, piece.end);
        if (value !== null) (piece.kind === "plan" ? draft.plans : draft.notes).push(value);
        break;
      }
    }
  }
  return draft;
}

function merge(into: Draft, from: Draft): void {
  const m = into.measures;
  const f = from.measures;
  m.percents.push(...f.percents);
  m.deltas.push(...f.deltas);
  m.quantities.push(...f.quantities);
  m.status = m.status ?? f.status;
  m.keyedStatus = m.keyedStatus ?? f.keyedStatus;
  m.outOfRange ||= f.outOfRange;
  into.blockers.push(...from.blockers);
  into.plans.push(...from.plans);
  into.notes.push(...from.notes);
}

function choosePercent(m: Measures): number | null {
  let best: number | null = null;
  let bestWeight: number = PercentWeight.Prospective;
  for (const p of m.percents) {
    if (p.weight > bestWeight) {
      best = p.value;
      bestWeight = p.weight;
    }
  }
  return best;
}

/** A 完成量 key first, then the running total, then whatever came first. */
function chooseQuantity(found: readonly FoundQuantity[]): Quantity | null {
  const pick = found.find((q) => q.keyed) ?? found.find((q) => q.cumulative) ?? found[0];
  return pick === undefined ? null : { value: pick.value, unit: pick.unit, cumulative: pick.cumulative };
}

function isMeasurable(m: Measures): boolean {
  return choosePercent(m) !== null || m.deltas.length > 0 || m.quantities.length > 0 || m.status !== null || m.keyedStatus !== null;
}

function joinTexts(texts: readonly string[]): string | null {
  if (texts.length === 0) return null;
  if (texts.length === 1) return texts[0] ?? null;
  return texts.join(texts.some((t) => /[\u3040-\u9fff]/.test(t)) ? "；" : "; ");
}

/** The report, or null when nothing measurable was said. */
function toReport(task: string, draft: Draft): ParsedReport | null {
  const m = draft.measures;
  if (!isMeasurable(m)) return null;
  let percent = choosePercent(m);
  const percentDelta = m.deltas[0] ?? null;
  const quantity = chooseQuantity(m.quantities);
  let status: TaskStatus | null = m.keyedStatus ?? m.status;
  // "done" with no number means all of it
  if (status === "completed" && percent === null) percent = 100;
  if (status === null) {
    if (percent === 100) status = "completed";
    else if ((percent !== null && percent > 0) || (percentDelta !== null && percentDelta > 0) || (quantity !== null && quantity.value > 0)) {
      status = "in_progress";
    }
  }
  return {
    task,
    percent,
    percentDelta,
    quantity,
    status,
    blockers: draft.blockers,
    plan: joinTexts(draft.plans),
    note: joinTexts(draft.notes),
  };
}
