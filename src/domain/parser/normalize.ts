import { TRADITIONAL_TO_SIMPLIFIED } from "./traditional.js";

/**
 * Telegram caps a message at 4,096 characters; anything beyond that is not a hand-typed report,
 * so the parser reads only this much and every call stays bounded.
 */
export const MAX_INPUT_CHARS = 4096;

/** Cuts text to MAX_INPUT_CHARS without splitting a surrogate pair. */
export function capInput(text: string): string {
  if (text.length <= MAX_INPUT_CHARS) return text;
  let end = MAX_INPUT_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

const FOLD = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c + 0x20;
  // Full-width ASCII (Ａ-Ｚ ０-９ ％ ： ； ＋ …) reads as its ASCII twin.
  for (let c = 0xff01; c <= 0xff5e; c++) {
    let ascii = c - 0xfee0;
    if (ascii >= 0x41 && ascii <= 0x5a) ascii += 0x20;
    table[c] = ascii;
  }
  // The full-width comma stays itself so "70，200" never reads as a thousands separator.
  table[0xff0c] = 0xff0c;
  for (const space of [0x09, 0xa0, 0x3000, 0x200b, 0xfeff, 0x202f, 0x205f, 0x1680]) table[space] = 0x20;
  for (let c = 0x2000; c <= 0x200a; c++) table[c] = 0x20;
  table[0x2212] = 0x2d; // minus sign
  table[0xfe6a] = 0x25; // small percent sign
  for (const [trad, simp] of TRADITIONAL_TO_SIMPLIFIED) table[trad] = simp;
  return table;
}

/**
 * One searchable form of the text: ASCII lower-case, full-width folded to ASCII, traditional
 * folded to simplified, odd spaces to " ". Every character maps to exactly one character, so an
 * index into the result is an index into the original, and quoted text is sliced from the original.
 */
export function normalize(text: string): string {
  const n = text.length;
  let out: Uint16Array | null = null;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const m = FOLD[c] as number;
    if (out === null) {
      if (m === c) continue;
      out = new Uint16Array(n);
      for (let j = 0; j < i; j++) out[j] = text.charCodeAt(j);
    }
    out[i] = m;
  }
  if (out === null) return text;
  let result = "";
  for (let i = 0; i < n; i += 2048) {
    result += String.fromCharCode.apply(null, out.subarray(i, Math.min(n, i + 2048)) as unknown as number[]);
  }
  return result;
}

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Lower-case only: normalised text has no upper-case ASCII. */
export const isLetter = (c: number): boolean => c >= 97 && c <= 122;
export const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
export const isSpace = (c: number): boolean => c === 32;

export function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x0b || c === 0x0c || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** Han ideographs, kana and hangul: a code glued to one of these is part of a sentence, not a heading. */
export function isIdeograph(c: number): boolean {
  return (c >= 0x3040 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xac00 && c <= 0xd7af);
}

/** Punctuation that ends a clause: the scope of "提高", "计划", "到" and the like. */
export function isClauseBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  switch (c) {
    case 0x2c: // ,
    case 0xff0c: // ，
    case 0x3b: // ;
    case 0x3002: // 。
    case 0xff61: // ｡
    case 0x21: // !
    case 0x3f: // ?
    case 0x28: // (
    case 0x29: // )
    case 0x5b: // [
    case 0x5d: // ]
    case 0x3010: // 【
    case 0x3011: // 】
    case 0x3001: // 、
    case 0x7c: // |
    case 0x2026: // …
      return true;
    case 0x2e: // a full stop, but not a decimal point
      return !isDigit(text.charCodeAt(i + 1));
    default:
      return false;
  }
}
