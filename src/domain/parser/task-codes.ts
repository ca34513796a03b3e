import { isAlnum, isDigit, isIdeograph, isLetter } from "./normalize.js";

/** How sure we are that a code-shaped word names a task. */
export const CodeStrength = {
  /** Glued into a Chinese sentence ("与BY-02同步"): a task only if the block names no other. */
  Weak: 0,
  /** Starts a line or follows a space or punctuation. */
  Strong: 1,
  /** Marked: #ZZ12, 【BY-01】, [BY-01], or the value of a 项目/task key. */
  Explicit: 2,
} as const;
export type CodeStrength = (typeof CodeStrength)[keyof typeof CodeStrength];

export interface CodeMark {
  code: string;
  start: number;
  end: number;
  strength: CodeStrength;
}

const MAX_CODE_LENGTH = 32;

/**
 * Engineering designations that look like codes: units (m2 km2), numbering (No1), concrete and
 * mortar grades (C30 M10 MU10), pipe sizes (DN800), steel grades (HRB400 Q235), quarters (Q3).
 */
const TECHNICAL = /^(?:[kcdm]?m\d+|no\d+|l?c\d{2}|dn\d+|de\d+|hrb\d+[a-z]*|hpb\d+|q\d{3}[a-z]*|mu\d+|pm\d+|q[1-4]|h[12])$/;
/** An unmarked code without a hyphen is short letters then digits (ZZ12, GS04), not an English word (phase2). */
const BARE_UNHYPHENATED = /^[a-z]{1,4}\d[a-z0-9]*$/;

const HASH = 0x23;
const OPENERS = new Set([0x5b, 0x3010, 0x3014, 0x300c, 0x300e, 0x3016]); // [ 【 〔 「 『 〖

/**
 * Finds task codes in text[start, end): letters, digits and hyphens with at least one letter and
 * one digit. `explicitField` is true inside a 项目/task key's value.
 */
export function findCodes(text: string, start: number, end: number, explicitField: boolean): CodeMark[] {
  const marks: CodeMark[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (!isAlnum(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end) {
      const d = text.charCodeAt(j);
      if (!isAlnum(d) && d !== 0x2d) break;
      j++;
    }
    const mark = readCode(text, i, j, end, explicitField);
    if (mark !== null) marks.push(mark);
    i = j;
  }
  return marks;
}

function readCode(text: string, start: number, runEnd: number, end: number, explicitField: boolean): CodeMark | null {
  let stop = runEnd;
  while (stop > start && text.charCodeAt(stop - 1) === 0x2d) stop--;
  const length = stop - start;
  if (length < 2 || length > MAX_CODE_LENGTH) return null;

  const prev = start > 0 ? text.charCodeAt(start - 1) : -1;
  // 1.5m2 or v1.2: the run continues a number or word through a dot
  if (prev === 0x2e && start > 1 && isAlnum(text.charCodeAt(start - 2))) return null;
  if (prev === 0x5f || prev === 0x2d) return null;

  const next = stop < end ? text.charCodeAt(stop) : -1;
  // 65% or 2.5: a number, not a code
  if (next === 0x25) return null;
  if (next === 0x2e && isDigit(text.charCodeAt(stop + 1))) return null;
  if (next === 0x5f) return null;
  // K3+200: a road chainage
  if (next === 0x2b && isDigit(text.charCodeAt(stop + 1))) return null;

  let letters = 0;
  let digits = 0;
  for (let p = start; p < stop; p++) {
    const c = text.charCodeAt(p);
    if (isLetter(c)) letters++;
    else if (isDigit(c)) digits++;
  }
  if (letters === 0 || digits === 0) return null;

  const code = text.slice(start, stop);
  const explicit = explicitField || prev === HASH || OPENERS.has(prev);
  if (!explicit) {
    if (!isLetter(text.charCodeAt(start))) return null;
    if (!code.includes("-") && (!BARE_UNHYPHENATED.test(code) || TECHNICAL.test(code))) return null;
  }
  let strength: CodeStrength = CodeStrength.Strong;
  if (explicit) strength = CodeStrength.Explicit;
  else if (prev !== -1 && isIdeograph(prev)) strength = CodeStrength.Weak;
  // G15, S20, X5: one letter and a number is more often a road or grade than a task
  else if (!code.includes("-") && !isLetter(text.charCodeAt(start + 1))) strength = CodeStrength.Weak;
  return { code: code.toUpperCase(), start, end: stop, strength };
}

/** Cleans a context task ("#by-01 ", "【BY-01】") into stored form, or null when nothing is left. */
export function cleanTaskCode(raw: string | null | undefined): string | null {
  if (typeof raw !== "string") return null;
  const cleaned = raw.trim().replace(/^[#【[]+|[】\]]+$/g, "").trim();
  return cleaned === "" ? null : cleaned.toUpperCase();
}
