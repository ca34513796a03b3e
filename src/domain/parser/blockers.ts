import type { Blocker, BlockerCategory, ResolvedProblem } from "../types.js";
import { Lexicon } from "./lexicon.js";
import { isDigit, isIdeograph, isSpace } from "./normalize.js";

/** Values that mean "nothing to report" under 问题, 下步 or 备注. */
const NONE_VALUES = new Set([
  "无", "暂无", "没有", "暂时没有", "暂时无", "无问题", "暂无问题", "没有问题", "无困难", "暂无困难", "没有困难",
  "无明显问题", "暂未发现", "无需协调", "否", "none", "no", "nil", "n/a", "na", "nothing", "no issue", "no issues",
  "no problem", "no problems", "no blocker", "no blockers", "no risk", "no risks", "none so far", "-", "/", "—", "无。",
]);

/** Marker words of each category (MESSAGES.md "Blocker categories"), and the negative words that end a blocker's head. */
const CATEGORY_WORDS: readonly (readonly [BlockerCategory | "negative", readonly string[]])[] = [
  ["funding", ["资金", "经费", "拨付", "款", "预算", "fund", "funds", "funding", "funded", "money", "budget", "budgets", "financing", "finance", "financial"]],
  ["land", ["土地", "用地", "征地", "地块", "land", "lands"]],
  [
    "demolition",
    ["拆迁", "搬迁", "征收", "安置", "腾退", "relocation", "relocations", "relocate", "relocating", "relocated", "demolition", "demolitions", "demolish", "demolishing"],
  ],
  [
    "approval",
    ["审批", "手续", "许可", "批复", "批覆", "立项", "核准", "approval", "approvals", "approve", "approved", "permit", "permits", "permitting"],
  ],
  [
    "negative",
    [
      "未", "尚未", "没", "没有", "不", "无", "待", "缺", "缺口", "不足", "拖欠", "滞后", "困难", "受阻", "短缺", "慢", "难", "延迟", "迟迟",
      "not", "no", "pending", "awaiting", "delayed", "delay", "delays", "lack", "lacking", "short", "shortage", "insufficient", "yet",
      "late", "slow", "stalled", "blocked", "unresolved", "outstanding", "missing", "hasn't", "isn't", "haven't",
    ],
  ],
];

const CATEGORY_LEXICON = new Lexicon<BlockerCategory | "negative">(
  CATEGORY_WORDS.flatMap(([category, words]) => words.map((w): [string, BlockerCategory | "negative"] => [w, category])),
);

/**
 * The category of a blocker: that of the last marker word before any negative word, the head of
 * the phrase (拆迁资金未到位 → funding, land permit pending → approval); when none stands before
 * the first negative word, the first after it (规划未批复 → approval); with no marker word, other.
 */
export function blockerCategory(normalized: string, end = normalized.length): BlockerCategory {
  let last: BlockerCategory | null = null;
  let negative = false;
  let i = 0;
  while (i < end) {
    if (!CATEGORY_LEXICON.hasFirst(normalized.charCodeAt(i))) {
      i++;
      continue;
    }
    const entry = CATEGORY_LEXICON.match(normalized, i, end);
    if (entry === undefined) {
      i++;
      continue;
    }
    if (entry.value === "negative") {
      if (last !== null) return last;
      negative = true;
    } else {
      if (negative) return entry.value;
      last = entry.value;
    }
    i += entry.length;
  }
  return last ?? "other";
}

/** A marker word, then a done word: the category it closes; 问题 and a done word alone close "all"; else null. */
const DONE_WORDS = [
  "已解决", "已经解决", "已协调解决", "已妥善解决", "得到解决", "已落实", "已到位", "已全部到位", "已经到位", "已拨付", "已办结",
  "已批复", "已批覆", "已交付", "已销号", "resolved", "fixed", "approved", "in place", "solved", "settled",
];
const DONE_LEXICON = new Lexicon<true>(DONE_WORDS.map((w): [string, true] => [w, true]));
const PROBLEM_WORDS = /问题|难题|困难|issues?\b|problems?\b|blockers?\b/;

function resolvedCategory(normalized: string): BlockerCategory | "all" | null {
  for (let i = 0; i < normalized.length; i++) {
    if (!DONE_LEXICON.hasFirst(normalized.charCodeAt(i))) continue;
    if (DONE_LEXICON.match(normalized, i, normalized.length) === undefined) continue;
    const category = blockerCategory(normalized, i);
    if (category !== "other") return category;
    // "已解决" alone, under a 问题 key, closes every open problem
    return PROBLEM_WORDS.test(normalized.slice(0, i)) || i === 0 ? "all" : null;
  }
  return null;
}

const TRIM_CHARS = new Set([..." ,，.。:;、!！?？-—~·•*】]"].map((ch) => ch.charCodeAt(0)));

/** [a, b) shrunk past surrounding spaces and punctuation. */
function trimRange(text: string, a: number, b: number): [number, number] {
  while (a < b && TRIM_CHARS.has(text.charCodeAt(a))) a++;
  while (b > a && TRIM_CHARS.has(text.charCodeAt(b - 1))) b--;
  return [a, b];
}

export function isNoneValue(normalized: string): boolean {
  return NONE_VALUES.has(normalized.trim());
}

const CIRCLED_FIRST = 0x2460; // ① … ⑳ then ⑴ … ⒇ then ⒈ … ⒛
const CIRCLED_LAST = 0x249b;
const DINGBAT_FIRST = 0x2776; // ❶ … ❿ and the like
const DINGBAT_LAST = 0x2793;
const CN_ORDINALS = "一二三四五六七八九十";
const DUN = 0x3001; // 、

interface Marker {
  length: number;
  /** The item number, or 0 when the marker carries none (一、). */
  number: number;
  /** Circled numbers (① ⑵ ❸) cannot be anything but list markers. */
  unmistakable: boolean;
}

/** A list marker at i: "1." "2、" "3)" "(4)" "①" "一、". */
export function listMarkerAt(text: string, i: number, end: number): Marker | null {
  const c = text.charCodeAt(i);
  if ((c >= CIRCLED_FIRST && c <= CIRCLED_LAST) || (c >= DINGBAT_FIRST && c <= DINGBAT_LAST)) {
    let length = 1;
    const next = text.charCodeAt(i + 1);
    if (next === 0x2e || next === DUN) length++;
    return { length, number: 0, unmistakable: true };
  }
  if (c === 0x28) {
    let j = i + 1;
    while (j < end && j < i + 3 && isDigit(text.charCodeAt(j))) j++;
    if (j > i + 1 && text.charCodeAt(j) === 0x29) return { length: j + 1 - i, number: Number(text.slice(i + 1, j)), unmistakable: false };
    return null;
  }
  if (isDigit(c)) {
    let j = i + 1;
    if (j < end && isDigit(text.charCodeAt(j))) j++;
    const mark = text.charCodeAt(j);
    if (j < end && (mark === 0x2e || mark === DUN || mark === 0x29) && !isDigit(text.charCodeAt(j + 1))) {
      return { length: j + 1 - i, number: Number(text.slice(i, j)), unmistakable: false };
    }
    return null;
  }
  if (CN_ORDINALS.includes(text.charAt(i))) {
    let j = i + 1;
    if (CN_ORDINALS.includes(text.charAt(j))) j++;
    if (j < end && text.charCodeAt(j) === DUN) return { length: j + 1 - i, number: 0, unmistakable: false };
  }
  return null;
}

/** Splits text[start, end) into items on ； ; 、 。 and list markers; ranges in both texts. */
export function splitItems(text: string, start: number, end: number, splitOnDun: boolean): [number, number][] {
  const items: [number, number][] = [];
  let itemStart = start;
  let atItemStart = true;
  let lastNumber = 0;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const prev = i > start ? text.charCodeAt(i - 1) : 32;
    const marker = listMarkerAt(text, i, end);
    // A marker opens an item at the start, after a space, or when it is the next number ("…到位2.规划…").
    if (
      marker !== null &&
      (marker.unmistakable || atItemStart || isSpace(prev) || (marker.number > 0 && marker.number === lastNumber + 1 && isIdeograph(prev)))
    ) {
      if (i > itemStart) items.push([itemStart, i]);
      if (marker.number > 0) lastNumber = marker.number;
      i += marker.length;
      itemStart = i;
      atItemStart = true;
      continue;
    }
    if (c === 0x3b || c === 0x3002 || (splitOnDun && c === DUN) || (c === 0x2e && (i + 1 >= end || isSpace(text.charCodeAt(i + 1))) && !isDigit(prev))) {
      if (i > itemStart) items.push([itemStart, i]);
      i++;
      itemStart = i;
      atItemStart = true;
      continue;
    }
    atItemStart = false;
    i++;
  }
  if (end > itemStart) items.push([itemStart, end]);
  const trimmed: [number, number][] = [];
  for (const [a, b] of items) {
    const [ta, tb] = trimRange(text, a, b);
    if (tb > ta) trimmed.push([ta, tb]);
  }
  return trimmed;
}

/**
 * The blockers written in original[start, end), each with its category, into `blockers`; none for
 * "无", "none". An item that closes a problem ("资金已到位", "已解决") goes to `resolved` instead.
 */
export function readBlockers(
  normalized: string,
  original: string,
  start: number,
  end: number,
  blockers: Blocker[],
  resolved: ResolvedProblem[],
): void {
  const [a, b] = trimRange(normalized, start, end);
  if (b <= a || isNoneValue(normalized.slice(a, b))) return;
  for (const [ia, ib] of splitItems(normalized, a, b, true)) {
    const norm = normalized.slice(ia, ib);
    if (isNoneValue(norm)) continue;
    const closes = resolvedCategory(norm);
    if (closes !== null) resolved.push({ category: closes, text: original.slice(ia, ib) });
    else blockers.push({ category: blockerCategory(norm), text: original.slice(ia, ib) });
  }
}

/** A sentence written without a key, trimmed, as a blocker; null when nothing is left. */
export function readKeylessBlocker(normalized: string, original: string, start: number, end: number): Blocker | null {
  const [a, b] = trimRange(normalized, start, end);
  if (b <= a) return null;
  // "没有困难", "no shortage": trouble denied is no blocker
  const text = normalized.slice(a, b);
  if (isNoneValue(text) || /^(?:无(?!法)|没有|暂无|并无|未发现)/.test(text)) return null;
  return { category: blockerCategory(normalized.slice(a, b)), text: original.slice(a, b) };
}

/** A sentence that closes a problem; its marker words stand before `doneAt`. */
export function readResolution(
  normalized: string,
  original: string,
  start: number,
  end: number,
  doneAt: number,
  all: boolean,
): ResolvedProblem | null {
  const [a, b] = trimRange(normalized, start, end);
  if (b <= a) return null;
  const category = all ? "all" : blockerCategory(normalized.slice(a, Math.max(a, doneAt)));
  return { category: category === "other" ? "all" : category, text: original.slice(a, b) };
}

/** Text in original[start, end), trimmed; null when nothing is left. */
export function readClause(normalized: string, original: string, start: number, end: number): string | null {
  const [a, b] = trimRange(normalized, start, end);
  return b > a ? original.slice(a, b) : null;
}

/** A plan or note as written in original[start, end), list markers dropped; null when empty or "无". */
export function readText(normalized: string, original: string, start: number, end: number): string | null {
  const [a, b] = trimRange(normalized, start, end);
  if (b <= a || isNoneValue(normalized.slice(a, b))) return null;
  const marker = listMarkerAt(normalized, a, b);
  if (marker === null) return original.slice(a, b);
  const [ma, mb] = trimRange(normalized, a + marker.length, b);
  return mb > ma ? original.slice(ma, mb) : null;
}
