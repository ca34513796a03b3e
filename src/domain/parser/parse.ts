import type {
  BlockError,
  Blocker,
  Language,
  ParseContext,
  ParsedReport,
  ParseErrorCode,
  ParseResult,
  Quantity,
  QuantityUnit,
  ResolvedProblem,
  TaskStatus,
} from "../types.js";
import { readBlockers, readClause, readKeylessBlocker, readResolution, readText } from "./blockers.js";
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
  resolved: ResolvedProblem[];
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
  const targetUnit = context?.targetUnit ?? null;
  const layout = layOut(normalized);
  const named = [...layout.tasks.keys()];
  const drafts = new Map<string, Draft>();
  for (const [task, pieces] of layout.tasks) drafts.set(task, readDraft(normalized, original, pieces));

  let language: Language | null | undefined;
  const fail = (error: ParseErrorCode, task: string | null, plan: string | null = null): ParseResult => {
    language ??= detectLanguage(original);
    return plan === null ? { ok: false, error, task, language } : { ok: false, error, task, language, plan };
  };

  // Text in blocks that name no task: the context task's, else the first named task's.
  let orphanTask: string | null = null;
  if (layout.orphans.length > 0) {
    const orphan = readDraft(normalized, original, layout.orphans);
    const measurable = isMeasurable(orphan.measures) || orphan.resolved.length > 0;
    const owner = measurable || named.length === 0 ? (contextTask ?? named[0] ?? null) : (named[0] ?? null);
    if (owner === null) {
      if (orphan.measures.outOfRange) return fail("percent_out_of_range", null);
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

  const reports: ParsedReport[] = [];
  const errors: { task: string; error: ParseErrorCode; plan: string | null }[] = [];
  // The context task's report, if any, comes first: its text came before any named task.
  const order = orphanTask !== null ? [orphanTask, ...named] : named;
  for (const task of order) {
    const draft = drafts.get(task);
    if (draft === undefined) continue;
    if (draft.measures.outOfRange) {
      errors.push({ task, error: "percent_out_of_range", plan: null });
      continue;
    }
    const report = toReport(task, draft, targetUnit, normalized, original);
    if (report === null) {
      // Only the context task, and nothing measurable or even a blocker: chit-chat ("收到").
      const saysNothing = draft.blockers.length === 0 && draft.plans.length === 0 && draft.notes.length === 0;
      const chitChat = task === orphanTask && named.length === 0 && saysNothing;
      if (chitChat) return fail("not_a_report", null);
      errors.push({ task, error: "no_progress", plan: joinTexts(draft.plans) });
      continue;
    }
    reports.push(report);
  }
  if (reports.length === 0) {
    // Every block failed: the first one's error, as a message about one task would get.
    const first = errors[0];
    if (first === undefined) return fail("not_a_report", null);
    return fail(first.error, first.task, first.error === "no_progress" ? first.plan : null);
  }
  return {
    ok: true,
    reports,
    errors: errors.map(({ task, error, plan }): BlockError => (plan === null ? { task, error } : { task, error, plan })),
  };
}

function readDraft(normalized: string, original: string, pieces: readonly Piece[]): Draft {
  const m = emptyMeasures();
  const draft: Draft = { measures: m, blockers: [], resolved: [], plans: [], notes: [] };
  const sorted = pieces.length > 1 ? [...pieces].sort((a, b) => a.start - b.start) : pieces;
  for (const piece of sorted) {
    switch (piece.kind) {
      case "measure": {
        const blockersBefore = m.blockers.length;
        const resolvedBefore = m.resolved.length;
        const plansBefore = m.plans.length;
        scanMeasures(normalized, piece.start, piece.end, piece.hint, m);
        for (let i = blockersBefore; i < m.blockers.length; i++) {
          const range = m.blockers[i];
          const blocker = range === undefined ? null : readKeylessBlocker(normalized, original, range[0], range[1]);
          if (blocker !== null) draft.blockers.push(blocker);
        }
        for (let i = resolvedBefore; i < m.resolved.length; i++) {
          const r = m.resolved[i];
          const closed = r === undefined ? null : readResolution(normalized, original, r.start, r.end, r.doneAt, r.all);
          if (closed !== null) draft.resolved.push(closed);
        }
        for (let i = plansBefore; i < m.plans.length; i++) {
          const range = m.plans[i];
          const plan = range === undefined ? null : readClause(normalized, original, range[0], range[1]);
          if (plan !== null) draft.plans.push(plan);
        }
        break;
      }
      case "blocker":
        readBlockers(normalized, original, piece.start, piece.end, draft.blockers, draft.resolved);
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
  m.partStatus = m.partStatus ?? f.partStatus;
  m.outOfRange ||= f.outOfRange;
  into.blockers.push(...from.blockers);
  into.resolved.push(...from.resolved);
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

/**
 * Of several quantities of work done, the index of the one that counts: among those in the unit of
 * the task's target (when any is), a 完成量 key first, then one marked 累计, then the running total,
 * then whatever came first.
 */
function chooseQuantity(found: readonly FoundQuantity[], targetUnit: QuantityUnit | null): number {
  if (found.length <= 1) return found.length - 1;
  const inTarget = targetUnit !== null && found.some((q) => q.unit === targetUnit);
  const among = (q: FoundQuantity): boolean => !inTarget || q.unit === targetUnit;
  let best = -1;
  let bestRank = -1;
  for (let i = 0; i < found.length; i++) {
    const q = found[i];
    if (q === undefined || !among(q)) continue;
    const rank = q.keyed ? 3 : q.marked && q.cumulative ? 2 : q.cumulative ? 1 : 0;
    if (rank > bestRank) {
      best = i;
      bestRank = rank;
    }
  }
  return best;
}

function isMeasurable(m: Measures): boolean {
  return (
    choosePercent(m) !== null ||
    m.deltas.length > 0 ||
    m.quantities.length > 0 ||
    m.status !== null ||
    m.keyedStatus !== null ||
    m.partStatus !== null
  );
}

function joinTexts(texts: readonly string[]): string | null {
  if (texts.length === 0) return null;
  if (texts.length === 1) return texts[0] ?? null;
  return texts.join(texts.some((t) => /[\u3040-\u9fff]/.test(t)) ? "；" : "; ");
}

/** The report, or null when nothing measurable was said and no problem closed. */
function toReport(
  task: string,
  draft: Draft,
  targetUnit: QuantityUnit | null,
  normalized: string,
  original: string,
): ParsedReport | null {
  const m = draft.measures;
  if (!isMeasurable(m) && draft.resolved.length === 0) return null;
  let percent = choosePercent(m);
  const percentDelta = m.deltas[0] ?? null;
  const chosen = chooseQuantity(m.quantities, targetUnit);
  const pick = m.quantities[chosen];
  const quantity: Quantity | null = pick === undefined ? null : { value: pick.value, unit: pick.unit, cumulative: pick.cumulative };
  // The other quantities stay in the note, each sentence once.
  const notes = [...draft.notes];
  if (pick !== undefined && m.quantities.length > 1) {
    const seen = new Set<number>([pick.sentenceStart]);
    for (const q of m.quantities) {
      if (seen.has(q.sentenceStart)) continue;
      seen.add(q.sentenceStart);
      const text = readClause(normalized, original, q.sentenceStart, q.sentenceEnd);
      if (text !== null && !notes.includes(text)) notes.push(text);
    }
  }
  let status: TaskStatus | null = m.keyedStatus ?? m.status ?? m.partStatus;
  // "done" and "accepted" with no number mean all of it
  if ((status === "completed" || status === "accepted") && percent === null) percent = 100;
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
    note: joinTexts(notes),
    resolved: draft.resolved,
  };
}
