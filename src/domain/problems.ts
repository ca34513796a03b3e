/**
 * Problems to closure (销号): a report's blockers become a task's open problems, one per task and
 * category, until the officer or an admin closes them. Pure: the service turns the effects into rows.
 */
import { dayInZone, daysBetween, type Day } from "./calendar.js";
import { parseTaskCode } from "./commands.js";
import { BLOCKER_CATEGORIES, type Blocker, type BlockerCategory } from "./types.js";
import { workdaysAfter } from "./workdays.js";

/** What a close names: one category, or every open problem of the task. */
export type CloseTarget = BlockerCategory | "all";

/** A report's `resolved` entry (MESSAGES.md, "Closing a problem"): `资金问题已解决` → funding. */
export interface ResolvedEntry {
  category: CloseTarget;
  text: string;
}

/** Who closed a problem: the owner or a deputy by report, an admin by /close, or the task's completion. */
export interface ProblemActor {
  role: "officer" | "admin" | "system";
  personId: number | null;
}

/** One way the problem was put: the first opened it, later ones were added when it was reported again. */
export interface ProblemWording {
  text: string;
  at: Date;
}

export interface Problem {
  /** The task's code (BY-01). */
  task: string;
  category: BlockerCategory;
  openedAt: Date;
  /** Oldest first; never empty for a problem that came from a report. */
  wordings: ProblemWording[];
  closedAt: Date | null;
  closedBy: ProblemActor | null;
  /** The closing words: the report's `资金问题已解决`, or the admin's note. */
  closeNote: string | null;
}

/**
 * What a report does to a task's problems. `P` is the caller's problem row (with its id), handed
 * back untouched so the service knows which row to update.
 */
export type ProblemEffect<P extends Problem = Problem> =
  /** A category with no problem before: a new open problem. */
  | { kind: "open"; category: BlockerCategory; texts: string[]; at: Date }
  /** The category was closed before and is reported again: a new problem that follows `previous`. */
  | { kind: "reopen"; category: BlockerCategory; texts: string[]; at: Date; previous: P }
  /** The category is still open: its new wordings are added, no second problem. */
  | { kind: "append"; problem: P; texts: string[]; at: Date }
  /** 销号: `scope` says whether the words named the category or closed everything (`问题已解决`). */
  | { kind: "close"; problem: P; at: Date; by: ProblemActor; note: string | null; scope: "category" | "all" }
  /** A close that found nothing open (`资金问题已解决` with no funding problem): worth a word back. */
  | { kind: "nothing_to_close"; target: CloseTarget; text: string };

/** Drops surrounding space; the same wording twice is one wording. */
function wordingKey(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function isOpen(problem: Problem): boolean {
  return problem.closedAt === null;
}

/**
 * Applies one task's report to that task's problems.
 *
 * `known` holds the task's open problems and, per category, its latest closed one (so a category
 * reported again after 销号 is a `reopen`; without it, an `open`). Closes apply first, to what was
 * open before the report; then the report's blockers: so `问题已解决；用地未落实` closes the old
 * problems and opens a land one, and a category both closed and raised in one report is closed
 * and raised again as a new problem.
 */
export function applyReportToProblems<P extends Problem>(
  known: readonly P[],
  reportBlockers: readonly Blocker[],
  resolvedEntries: readonly ResolvedEntry[],
  at: Date,
  who: ProblemActor,
): ProblemEffect<P>[] {
  const effects: ProblemEffect<P>[] = [];
  const open = new Map<BlockerCategory, P>();
  const lastClosed = new Map<BlockerCategory, P>();
  for (const p of known) {
    if (isOpen(p)) {
      // Two open problems of one category should not exist; if they do, the older one stands.
      const held = open.get(p.category);
      if (!held || p.openedAt < held.openedAt) open.set(p.category, p);
    } else {
      const held = lastClosed.get(p.category);
      if (!held || (held.closedAt && p.closedAt && p.closedAt > held.closedAt)) lastClosed.set(p.category, p);
    }
  }

  // Categories this report closed: `资金问题已解决，问题已销号` closes funding, then nothing more, silently.
  const closedHere = new Set<BlockerCategory>();
  for (const entry of resolvedEntries) {
    const targets = entry.category === "all" ? BLOCKER_CATEGORIES.filter((c) => open.has(c)) : open.has(entry.category) ? [entry.category] : [];
    if (targets.length === 0) {
      const said = entry.category === "all" ? closedHere.size > 0 : closedHere.has(entry.category);
      if (!said) effects.push({ kind: "nothing_to_close", target: entry.category, text: entry.text });
      continue;
    }
    for (const category of targets) {
      const problem = open.get(category);
      if (!problem) continue;
      effects.push({ kind: "close", problem, at, by: who, note: entry.text.trim() || null, scope: entry.category === "all" ? "all" : "category" });
      open.delete(category);
      lastClosed.set(category, problem);
      closedHere.add(category);
    }
  }

  // The report's blockers, grouped by category in the order first written.
  const raised = new Map<BlockerCategory, string[]>();
  for (const blocker of reportBlockers) {
    const text = wordingKey(blocker.text);
    if (!text) continue;
    const texts = raised.get(blocker.category) ?? [];
    if (!texts.includes(text)) texts.push(text);
    raised.set(blocker.category, texts);
  }
  for (const [category, texts] of raised) {
    const problem = open.get(category);
    if (problem) {
      const said = new Set(problem.wordings.map((w) => wordingKey(w.text)));
      const fresh = texts.filter((t) => !said.has(t));
      if (fresh.length) effects.push({ kind: "append", problem, texts: fresh, at });
      continue;
    }
    const previous = lastClosed.get(category);
    effects.push(previous ? { kind: "reopen", category, texts, at, previous } : { kind: "open", category, texts, at });
  }
  return effects;
}

/**
 * The problems after the effects, in memory: what the service's writes amount to. Useful to
 * rebuild a task's problems by replaying its reports in order (after an edit) and in tests.
 * Rows are replaced, never mutated; new problems are appended.
 */
export function applyEffects(known: readonly Problem[], effects: readonly ProblemEffect<Problem>[], task: string): Problem[] {
  const problems = [...known];
  // Effects name the rows they were computed from; an earlier effect may have replaced one.
  const slot = new Map<Problem, number>(known.map((p, i) => [p, i]));
  const current = (p: Problem) => {
    const i = slot.get(p);
    return i === undefined ? undefined : problems[i];
  };
  const replace = (old: Problem, next: Problem) => {
    const i = slot.get(old);
    if (i !== undefined) problems[i] = next;
  };
  for (const e of effects) {
    switch (e.kind) {
      case "open":
      case "reopen":
        problems.push({
          task,
          category: e.category,
          openedAt: e.at,
          wordings: e.texts.map((text) => ({ text, at: e.at })),
          closedAt: null,
          closedBy: null,
          closeNote: null,
        });
        break;
      case "append": {
        const p = current(e.problem);
        if (p) replace(e.problem, { ...p, wordings: [...p.wordings, ...e.texts.map((text) => ({ text, at: e.at }))] });
        break;
      }
      case "close": {
        const p = current(e.problem);
        if (p) replace(e.problem, { ...p, closedAt: e.at, closedBy: e.by, closeNote: e.note });
        break;
      }
      case "nothing_to_close":
        break;
    }
  }
  return problems;
}

/**
 * Closes every open problem of a task at once: an admin's `/close BY-01 全部`, or the task
 * reported completed (the service passes the system actor and no note).
 */
export function closeAll<P extends Problem>(known: readonly P[], at: Date, who: ProblemActor, note: string | null): ProblemEffect<P>[] {
  return sortOldestFirst(known.filter(isOpen)).map((problem): ProblemEffect<P> => ({ kind: "close", problem, at, by: who, note, scope: "all" }));
}

/** An admin's `/close BY-01 资金 [note]` as effects: the same rule as a report's resolved entry. */
export function applyAdminClose<P extends Problem>(known: readonly P[], command: CloseCommand, at: Date, who: ProblemActor): ProblemEffect<P>[] {
  const tasks = known.filter((p) => p.task === command.task);
  if (command.target === "all") {
    const effects = closeAll(tasks, at, who, command.note);
    return effects.length ? effects : [{ kind: "nothing_to_close", target: "all", text: command.note ?? "" }];
  }
  return applyReportToProblems(tasks, [], [{ category: command.target, text: command.note ?? "" }], at, who);
}

// ---------------------------------------------------------------------------------------------
// The admin's close command

export interface CloseCommand {
  task: string;
  target: CloseTarget;
  note: string | null;
}

export type CloseCommandResult =
  | ({ ok: true } & CloseCommand)
  /** no_task: no task code; no_category: no second word; unknown_category: `word` is not one. */
  | { ok: false; error: "no_task" | "no_category" | "unknown_category"; task: string | null; word: string | null };

/** The words an admin may write for each category, simplified, traditional and English. */
const CLOSE_WORDS: readonly (readonly [CloseTarget, readonly string[]])[] = [
  ["funding", ["资金", "資金", "经费", "經費", "funding", "funds", "fund", "money"]],
  ["land", ["用地", "土地", "land"]],
  ["demolition", ["拆迁", "拆遷", "征收", "徵收", "demolition", "relocation"]],
  ["approval", ["审批", "審批", "手续", "手續", "approval", "approvals", "permit"]],
  ["other", ["其他", "其它", "other"]],
  ["all", ["全部", "所有", "all"]],
];

/** A category word at the start of `word`, and what follows it (`资金问题已拨付` → funding, `已拨付`). */
function categoryPrefix(word: string): { target: CloseTarget; rest: string } | null {
  const lower = word.toLowerCase();
  for (const [target, words] of CLOSE_WORDS) {
    for (const w of words) {
      if (!lower.startsWith(w)) continue;
      let rest = word.slice(w.length);
      // English words must end at the word's end: "landscape" is not land.
      if (/^[a-z]/i.test(w) && /^[a-z]/i.test(rest)) continue;
      rest = rest.replace(/^(?:问题|問題|类|類|problems?|issues?)/i, "");
      if (/^[a-z]/i.test(w) && /^[a-z]/i.test(rest)) continue;
      return { target, rest: rest.replace(/^[\s:：,，、]+/, "") };
    }
  }
  return null;
}

/**
 * Reads the arguments of `/close BY-01 资金 [note]`. The category may come first (`/close 资金 BY-01`)
 * and may carry its note without a space (`/close BY-01 资金已拨付`).
 */
export function parseCloseCommand(args: string): CloseCommandResult {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const [first = "", second = ""] = words;
  let task = parseTaskCode(first);
  let categoryWord = second;
  if (!task && parseTaskCode(second)) {
    task = parseTaskCode(second);
    categoryWord = first;
  }
  if (!task) return { ok: false, error: "no_task", task: null, word: first || null };
  if (!categoryWord) return { ok: false, error: "no_category", task, word: null };
  const found = categoryPrefix(categoryWord);
  if (!found) return { ok: false, error: "unknown_category", task, word: categoryWord };
  const note = [found.rest, ...words.slice(2)].filter(Boolean).join(" ").trim();
  return { ok: true, task, target: found.target, note: note || null };
}

// ---------------------------------------------------------------------------------------------
// Ages, lists and the assessment's figures

export interface ProblemAge {
  /** Calendar days since the day it opened, in DUBAN_TIMEZONE: 0 on that day. */
  days: number;
  /** Workdays after the day it opened, up to and including today: opened Friday, on Monday 1. */
  workdays: number;
}

/** How long a problem has been open (or was open, with its closing instant as `now`). */
export function problemAge(openedAt: Date, now: Date, timeZone: string, isWorkday: (day: Day) => boolean): ProblemAge {
  const opened = dayInZone(openedAt, timeZone);
  const today = dayInZone(now, timeZone);
  if (today <= opened) return { days: 0, workdays: 0 };
  return { days: daysBetween(opened, today), workdays: workdaysAfter(opened, today, isWorkday) };
}

/** Oldest first, as `/problems` lists them; ties in category order, then by task code. */
export function sortOldestFirst<P extends Problem>(problems: readonly P[]): P[] {
  const rank = (c: BlockerCategory) => BLOCKER_CATEGORIES.indexOf(c);
  return [...problems].sort(
    (a, b) => a.openedAt.getTime() - b.openedAt.getTime() || rank(a.category) - rank(b.category) || a.task.localeCompare(b.task),
  );
}

/** The problem open longest, which the digest and the bulletin name; null when none is open. */
export function oldestOpen<P extends Problem>(problems: readonly P[]): P | null {
  return sortOldestFirst(problems.filter(isOpen))[0] ?? null;
}

export interface ClosureSummary {
  /** Problems closed in the period. */
  closed: number;
  /** Their average age in days when closed, one decimal; null when none was closed. */
  averageDays: number | null;
  averageWorkdays: number | null;
}

/** The assessment's figures: problems closed from `from` to `to` (days in the time zone, inclusive). */
export function closureSummary(
  problems: readonly Problem[],
  from: Day,
  to: Day,
  timeZone: string,
  isWorkday: (day: Day) => boolean,
): ClosureSummary {
  let closed = 0;
  let days = 0;
  let workdays = 0;
  for (const p of problems) {
    if (!p.closedAt) continue;
    const day = dayInZone(p.closedAt, timeZone);
    if (day < from || day > to) continue;
    const age = problemAge(p.openedAt, p.closedAt, timeZone, isWorkday);
    closed++;
    days += age.days;
    workdays += age.workdays;
  }
  const mean = (sum: number) => (closed ? Math.round((sum / closed) * 10) / 10 : null);
  return { closed, averageDays: mean(days), averageWorkdays: mean(workdays) };
}
