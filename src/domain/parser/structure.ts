import { KEYS, isTextKind } from "./keys.js";
import type { FieldKind, TextKind } from "./keys.js";
import { listMarkerAt } from "./blockers.js";
import { isClauseBreak, isDigit, isLineBreak, isSpace } from "./normalize.js";
import { CodeStrength, findCodes } from "./task-codes.js";
import type { CodeMark } from "./task-codes.js";

/** A stretch of one line that belongs to one report: measures to read, or blocker/plan/note text. */
export interface Piece {
  kind: "measure" | TextKind;
  start: number;
  end: number;
  /** The key it was written under (进度, 状态 …), if any. */
  hint: FieldKind | null;
}

/** Pieces grouped by the task they are about, in the order tasks are first named. */
export interface Layout {
  tasks: Map<string, Piece[]>;
  /** Pieces in blocks that name no task and follow none. */
  orphans: Piece[];
}

interface Field {
  kind: FieldKind | null;
  start: number;
  end: number;
}

interface MeasureField extends Field {
  codes: CodeMark[];
}

type LineItem = { type: "text"; piece: Piece } | { type: "measure"; field: MeasureField };

interface BlockCode extends CodeMark {
  /** Shares the following words with the code before it: "BY-01、BY-02 均已开工". */
  joinsPrevious: boolean;
}

type BlockItem = { type: "code"; code: BlockCode } | { type: "piece"; piece: Piece };

const BULLETS = new Set([..."-*•·>→▪◆●○■□√✓✔"].map((ch) => ch.charCodeAt(0)));

/** Splits the normalised message into lines, blocks and fields, and hands each piece to its task. */
export function layOut(text: string): Layout {
  const tasks = new Map<string, Piece[]>();
  const orphans: Piece[] = [];
  let lastGroup: string[] | null = null;
  let block: LineItem[][] = [];

  const flush = (): void => {
    if (block.length === 0) return;
    lastGroup = assignBlock(text, block, tasks, orphans, lastGroup);
    block = [];
  };

  let openText: { kind: TextKind; anyLine: boolean } | null = null;
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = lineStart;
    while (lineEnd < n && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    const next = text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1;

    let contentStart = lineStart;
    while (contentStart < lineEnd && isSpace(text.charCodeAt(contentStart))) contentStart++;
    if (contentStart === lineEnd) {
      // a blank line ends the block
      flush();
      openText = null;
    } else {
      const markerStart = contentStart;
      const { start, numbered } = skipMarker(text, contentStart, lineEnd);
      if (openText !== null && (numbered || openText.anyLine) && !opensNewField(text, start, lineEnd)) {
        // an item of the list under 问题： / 下步： above
        block.push([{ type: "text", piece: { kind: openText.kind, start: markerStart, end: lineEnd, hint: null } }]);
      } else {
        const fields = splitFields(text, start, lineEnd);
        block.push(fields.map((f): LineItem => toLineItem(text, f)));
        const last = fields[fields.length - 1];
        openText =
          last !== undefined && isTextKind(last.kind) ? { kind: last.kind, anyLine: isBlank(text, last.start, last.end) } : null;
      }
    }
    lineStart = next;
  }
  flush();
  return { tasks, orphans };
}

function toLineItem(text: string, f: Field): LineItem {
  if (isTextKind(f.kind)) return { type: "text", piece: { kind: f.kind, start: f.start, end: f.end, hint: null } };
  return { type: "measure", field: { ...f, codes: findCodes(text, f.start, f.end, f.kind === "task") } };
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c) && !isClauseBreak(text, i)) return false;
  }
  return true;
}

/** Skips a bullet or list number at the start of a line ("1." "2、" "①" "- "). */
function skipMarker(text: string, start: number, end: number): { start: number; numbered: boolean } {
  let i = start;
  const c = text.charCodeAt(i);
  const marker = listMarkerAt(text, i, end);
  if (marker !== null) {
    i += marker.length;
  } else if (BULLETS.has(c) && !(c === 0x2d && isDigit(text.charCodeAt(i + 1)))) {
    while (i < end && BULLETS.has(text.charCodeAt(i))) i++;
  } else {
    return { start, numbered: false };
  }
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return { start: i, numbered: true };
}

/** A line that starts with a key or a task code begins something new rather than continuing a list. */
function opensNewField(text: string, start: number, end: number): boolean {
  if (keyAt(text, start, end, start) !== null) return true;
  const first = findCodes(text, start, Math.min(end, start + 40), false)[0];
  return first !== undefined && first.start === start && first.strength >= CodeStrength.Strong;
}

/** A key at i and where its value starts, or null. */
function keyAt(text: string, i: number, end: number, lineStart: number): { kind: FieldKind; valueStart: number } | null {
  const entry = KEYS.match(text, i, end);
  if (entry === undefined) return null;
  let k = i + entry.length;
  while (k < end && isSpace(text.charCodeAt(k))) k++;
  if (k < end && text.charCodeAt(k) === 0x3a) return { kind: entry.value.kind, valueStart: k + 1 };
  if (!entry.value.colonOptional || k >= end || isClauseBreak(text, k)) return null;
  const atClauseStart = i === lineStart || isSpace(text.charCodeAt(i - 1)) || isClauseBreak(text, i - 1);
  return atClauseStart ? { kind: entry.value.kind, valueStart: k } : null;
}

/** Splits a line at each key: "BY-01 进度65%，问题：资金未到位" → free text, then a blocker. */
function splitFields(text: string, start: number, end: number): Field[] {
  const fields: Field[] = [];
  let kind: FieldKind | null = null;
  let fieldStart = start;
  let i = start;
  while (i < end) {
    if (KEYS.hasFirst(text.charCodeAt(i))) {
      const key = keyAt(text, i, end, start);
      if (key !== null) {
        if (i > fieldStart || kind !== null) fields.push({ kind, start: fieldStart, end: i });
        kind = key.kind;
        fieldStart = key.valueStart;
        i = key.valueStart;
        continue;
      }
    }
    i++;
  }
  fields.push({ kind, start: fieldStart, end });
  return fields;
}

/** Characters before a code that make it a mention rather than a heading: 与BY-02, 和BY-03, 比BY-04. */
const CONNECTIVES = new Set([..."与和同跟及并对为给向比较等或让在至到从"].map((ch) => ch.charCodeAt(0)));

const JOINER_CHARS = new Set([..." 、,，/&+和及与跟以】【[]#()"].map((ch) => ch.charCodeAt(0)));

/** Only "、", "和", "and" and the like between two codes. */
function onlyJoiners(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (JOINER_CHARS.has(c)) continue;
    if (text.startsWith("and", i) && (i + 3 === end || isSpace(text.charCodeAt(i + 3)))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * Hands the pieces of one block to tasks. Text before the block's first code belongs to that code
 * (key lines come in any order); a block naming no task continues the one before it.
 */
function assignBlock(
  text: string,
  lines: LineItem[][],
  tasks: Map<string, Piece[]>,
  orphans: Piece[],
  previousGroup: string[] | null,
): string[] | null {
  // A code glued into a sentence ("今天BY-01完成50%") counts when its line or block names no task
  // more plainly, unless a connective shows it is only mentioned ("与BY-02同步").
  let blockHasStrong = false;
  let blockFirstWeak: CodeMark | null = null;
  const promoted = new Set<CodeMark>();
  for (const line of lines) {
    let lineHasStrong = false;
    let lineFirstWeak: CodeMark | null = null;
    for (const item of line) {
      if (item.type !== "measure") continue;
      for (const code of item.field.codes) {
        if (code.strength >= CodeStrength.Strong) lineHasStrong = true;
        else lineFirstWeak ??= code;
      }
    }
    blockHasStrong ||= lineHasStrong;
    blockFirstWeak ??= lineFirstWeak;
    if (!lineHasStrong && lineFirstWeak !== null && !CONNECTIVES.has(text.charCodeAt(lineFirstWeak.start - 1))) {
      promoted.add(lineFirstWeak);
    }
  }
  if (!blockHasStrong && blockFirstWeak !== null) promoted.add(blockFirstWeak);
  const accepted = (code: CodeMark): boolean => code.strength >= CodeStrength.Strong || promoted.has(code);

  const items: BlockItem[] = [];
  for (const line of lines) {
    let lastWasCode = false;
    let lastCodeEnd = -1;
    for (const item of line) {
      if (item.type === "text") {
        items.push({ type: "piece", piece: item.piece });
        lastWasCode = false;
        continue;
      }
      const { field } = item;
      let pos = field.start;
      for (const code of field.codes) {
        if (!accepted(code)) continue;
        const joins = lastWasCode && onlyJoiners(text, lastCodeEnd, code.start);
        if (code.start > pos && !(lastWasCode && joins)) {
          items.push({ type: "piece", piece: { kind: "measure", start: pos, end: code.start, hint: field.kind } });
        }
        items.push({ type: "code", code: { ...code, joinsPrevious: joins } });
        lastWasCode = true;
        lastCodeEnd = code.end;
        pos = code.end;
      }
      if (field.end > pos) {
        items.push({ type: "piece", piece: { kind: "measure", start: pos, end: field.end, hint: field.kind } });
        lastWasCode = false;
      }
    }
  }

  let group: string[] | null = null;
  let firstGroup: string[] | null = null;
  const pending: Piece[] = [];
  const give = (codes: readonly string[], piece: Piece): void => {
    for (const code of codes) tasks.get(code)?.push(piece);
  };
  for (const item of items) {
    if (item.type === "code") {
      const { code } = item.code;
      if (!tasks.has(code)) tasks.set(code, []);
      if (item.code.joinsPrevious && group !== null) {
        if (!group.includes(code)) group.push(code);
      } else {
        group = [code];
      }
      firstGroup ??= group;
      continue;
    }
    if (group !== null) give(group, item.piece);
    else pending.push(item.piece);
  }
  if (pending.length > 0) {
    const owner = firstGroup ?? previousGroup;
    if (owner !== null) for (const piece of pending) give(owner, piece);
    else orphans.push(...pending);
  }
  return group ?? previousGroup;
}
