import type { QuantityUnit, TaskStatus } from "../types.js";
import type { FieldKind } from "./keys.js";
import { isAlnum, isClauseBreak, isDigit, isLetter, isSpace } from "./normalize.js";
import { isNumberStart, readNumber, tidy } from "./numbers.js";
import type { NumberToken } from "./numbers.js";
import { readUnit } from "./units.js";
import { PERCENT_SUFFIXES, WORDS } from "./vocabulary.js";
import type { Word } from "./vocabulary.js";

/** How much a percent is to be trusted as the task's overall progress. */
export const PercentWeight = {
  /** Planned or expected ("计划80%"): never recorded. */
  Prospective: 0,
  Plain: 1,
  /** After 进度 or progress, or under a 进度 key. */
  Progress: 2,
  /** After 到, 至 or "to": "由60%提高到70%" stands at 70. */
  Target: 3,
} as const;
export type PercentWeight = (typeof PercentWeight)[keyof typeof PercentWeight];

export interface FoundPercent {
  value: number;
  weight: PercentWeight;
}

export interface FoundQuantity {
  value: number;
  unit: QuantityUnit;
  cumulative: boolean;
  /** 本周 or 累计 said which it is. */
  marked: boolean;
  /** Written under a 完成量 key. */
  keyed: boolean;
}

/** Everything measurable found in the pieces of one report. */
export interface Measures {
  percents: FoundPercent[];
  deltas: number[];
  quantities: FoundQuantity[];
  /** The last status word in free text. */
  status: TaskStatus | null;
  /** The last status word under a 状态 key, which outranks free text. */
  keyedStatus: TaskStatus | null;
  /** Some percent or rise fell outside 0–100. */
  outOfRange: boolean;
}

export function emptyMeasures(): Measures {
  return { percents: [], deltas: [], quantities: [], status: null, keyedStatus: null, outOfRange: false };
}

const CHENG = "成".charCodeAt(0);
/** 成 after a number is tenths (七成 = 70%) unless it starts a word: 成本 成果 成立 … */
const NOT_TENTHS = "本果立为功交绩员品型";
const LE = "了".charCodeAt(0);
const LA = "啦".charCodeAt(0);
const YI = "已".charCodeAt(0);

/**
 * Reads percents, rises, quantities and status words from text[start, end), adding them to `into`.
 * `hint` is the key the text was written under, if any.
 */
export function scanMeasures(text: string, start: number, end: number, hint: FieldKind | null, into: Measures): void {
  new Scanner(text, start, end, hint, into).run();
}

class Scanner {
  /** 本周 or 累计 last said, for quantities that follow in this piece. */
  private period: "delta" | "cumulative" | null = null;
  /** Clause state: cleared at each comma, semicolon or full stop. */
  private riseSign: 0 | 1 | -1 = 0;
  private toPending = false;
  private progressPending: boolean;
  private prospective = false;
  private money = false;
  private clauseQuantityStart: number;
  /** Where the last number-with-a-measure ended: "70% done" is a percent, not the status done. */
  private lastMeasureEnd = -1;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly hint: FieldKind | null,
    private readonly into: Measures,
  ) {
    this.progressPending = hint === "progress";
    this.clauseQuantityStart = into.quantities.length;
  }

  run(): void {
    const { text, end } = this;
    let i = this.start;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (isClauseBreak(text, i)) {
        this.endClause();
        i++;
        continue;
      }
      if ((c === 0x2b || c === 0x2d) && i + 1 < end && isDigit(text.charCodeAt(i + 1)) && this.signAllowed(i)) {
        i = this.readMeasure(i + 1, c === 0x2b ? 1 : -1);
        continue;
      }
      if (c === 0x767e /* 百 */) {
        const whole = text.startsWith("百分百", i) ? 3 : text.startsWith("百分之百", i) ? 4 : 0;
        if (whole > 0) {
          this.percentOrRise(100, 0);
          this.lastMeasureEnd = i + whole;
          this.afterNumber();
          i += whole;
          continue;
        }
        if (text.startsWith("百分之", i)) {
          const n = readNumber(text, i + 3, end);
          if (n !== null && Number.isFinite(n.value)) {
            this.percentOrRise(n.value, 0);
            this.lastMeasureEnd = n.end;
            this.afterNumber();
            i = n.end;
          } else {
            i += 3;
          }
          continue;
        }
      }
      if (isNumberStart(c)) {
        if (isDigit(c) && i > 0 && isLetter(text.charCodeAt(i - 1))) {
          // the tail of a word such as a code: skip it whole
          i++;
          while (i < end && isAlnum(text.charCodeAt(i))) i++;
          continue;
        }
        i = this.readMeasure(i, 0);
        continue;
      }
      const entry = WORDS.match(text, i, end);
      if (entry !== undefined) {
        this.onWord(entry.value, i, i + entry.length);
        i += entry.length;
        continue;
      }
      if (isLetter(c)) {
        // an unknown word: skip it whole so digits inside it (codes, units) are not read as numbers
        i++;
        while (i < end && (isAlnum(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2d)) i++;
        continue;
      }
      i++;
    }
  }

  private signAllowed(i: number): boolean {
    if (i === this.start) return true;
    const p = this.text.charCodeAt(i - 1);
    // 60%-70% and 1-2 are ranges, BY-01 is a code
    return !(isAlnum(p) || p === 0x25 || p === 0x2e || p === 0x2d || p === 0x2b);
  }

  private endClause(): void {
    this.riseSign = 0;
    this.toPending = false;
    this.progressPending = this.hint === "progress";
    this.prospective = false;
    this.money = false;
    this.clauseQuantityStart = this.into.quantities.length;
  }

  private afterNumber(): void {
    this.riseSign = 0;
    this.toPending = false;
    this.progressPending = false;
  }

  /** Reads a number at i (sign: +1 written "+", −1 written "-", 0 none) and what follows it. */
  private readMeasure(i: number, sign: 0 | 1 | -1): number {
    const { text, end } = this;
    const n = readNumber(text, i, end);
    if (n === null) return i + 1;
    if (!Number.isFinite(n.value)) return n.end;
    let k = n.end;
    while (k < end && k < n.end + 2 && isSpace(text.charCodeAt(k))) k++;

    const suffix = k < end ? PERCENT_SUFFIXES.match(text, k, end, false) : undefined;
    if (suffix !== undefined) {
      const stop = k + suffix.length;
      if (suffix.value === "percent") this.percentOrRise(n.value, sign);
      else this.addRise(n.value * (sign === -1 || this.riseSign === -1 ? -1 : 1));
      this.lastMeasureEnd = stop;
      this.afterNumber();
      return stop;
    }
    if (text.charCodeAt(k) === CHENG && k === n.end && n.value <= 10 && !n.multiplied && !(k + 1 < end && NOT_TENTHS.includes(text.charAt(k + 1)))) {
      this.percentOrRise(tidy(n.value * 10), sign);
      this.lastMeasureEnd = k + 1;
      this.afterNumber();
      return k + 1;
    }
    const unit = readUnit(text, n.end, end, n.smallChinese);
    if (unit !== null) {
      this.addQuantity(tidy(n.value * unit.factor), unit.unit);
      this.lastMeasureEnd = unit.end;
      this.afterNumber();
      return unit.end;
    }
    if (this.money && n.large) {
      this.addQuantity(n.value, "cny");
      this.lastMeasureEnd = n.end;
      this.afterNumber();
      return n.end;
    }
    if (this.progressPending && this.standsAlone(n)) {
      this.percentOrRise(n.value, sign);
      this.lastMeasureEnd = n.end;
    }
    this.afterNumber();
    return n.end;
  }

  /** A bare number after 进度 counts only when nothing follows it: "进度70", not "进度2023年". */
  private standsAlone(n: NumberToken): boolean {
    const { text, end } = this;
    if (n.end >= end) return true;
    if (isClauseBreak(text, n.end)) return true;
    return isSpace(text.charCodeAt(n.end)) && !isDigit(text.charCodeAt(n.end + 1));
  }

  private percentOrRise(value: number, sign: 0 | 1 | -1): void {
    if (sign === 1 || (this.riseSign !== 0 && !this.toPending)) {
      this.addRise(value * (this.riseSign === -1 ? -1 : 1));
      return;
    }
    this.addPercent(sign === -1 ? -value : value);
  }

  private addPercent(value: number): void {
    if (value < 0 || value > 100) this.into.outOfRange = true;
    let weight: PercentWeight = PercentWeight.Plain;
    if (this.prospective) weight = PercentWeight.Prospective;
    else if (this.toPending) weight = PercentWeight.Target;
    else if (this.progressPending) weight = PercentWeight.Progress;
    this.into.percents.push({ value, weight });
  }

  private addRise(value: number): void {
    if (this.prospective) return;
    if (value < 0 || value > 100) this.into.outOfRange = true;
    this.into.deltas.push(value);
  }

  private addQuantity(value: number, unit: QuantityUnit): void {
    if (this.prospective) return;
    this.into.quantities.push({
      value,
      unit,
      cumulative: this.period !== "delta",
      marked: this.period !== null,
      keyed: this.hint === "quantity",
    });
  }

  /** 本周/累计 written after a quantity in the same clause ("1,200 m³ this week") still applies. */
  private markClause(cumulative: boolean): void {
    const list = this.into.quantities;
    for (let q = this.clauseQuantityStart; q < list.length; q++) {
      const found = list[q];
      if (found !== undefined && !found.marked) {
        found.cumulative = cumulative;
        found.marked = true;
      }
    }
    // everything so far is marked; later quantities take this.period when found
    this.clauseQuantityStart = list.length;
  }

  private onWord(word: Word, at: number, stop: number): void {
    switch (word.kind) {
      case "status":
        this.onStatus(word, at, stop);
        return;
      case "period":
        this.period = word.cumulative ? "cumulative" : "delta";
        this.markClause(word.cumulative);
        return;
      case "newly":
        this.period = "delta";
        this.markClause(false);
        this.riseSign = 1;
        return;
      case "rise":
        this.riseSign = word.sign;
        this.toPending = false;
        return;
      case "to":
        this.toPending = true;
        return;
      case "progress":
        this.progressPending = true;
        return;
      case "prospective":
        this.prospective = true;
        return;
      case "money":
        this.money = true;
        return;
      case "neutral":
        return;
    }
  }

  private onStatus(word: Extract<Word, { kind: "status" }>, at: number, stop: number): void {
    if (word.status === null) return;
    const keyed = this.hint === "status";
    if (!keyed) {
      const past = word.past || (at > this.start && this.text.charCodeAt(at - 1) === YI);
      if (this.prospective && word.status !== "not_started" && !past) {
        // 预计下月开工: a start still to come means not started yet
        if (word.start) this.into.status = "not_started";
        return;
      }
      if (word.weak && (this.followsMeasure(at) || !this.endsClause(stop))) return;
    }
    if (keyed) this.into.keyedStatus = word.status;
    else this.into.status = word.status;
  }

  /** "70%完成", "70% done": the word describes the number before it. */
  private followsMeasure(at: number): boolean {
    if (this.lastMeasureEnd < 0) return false;
    let p = at;
    while (p > this.start && isSpace(this.text.charCodeAt(p - 1))) p--;
    return p === this.lastMeasureEnd;
  }

  /** Nothing but an ending particle or a time word ("done today", "完成了。") before the clause ends. */
  private endsClause(stop: number): boolean {
    const { text, end } = this;
    let k = stop;
    for (;;) {
      while (k < end && isSpace(text.charCodeAt(k))) k++;
      if (k >= end || isClauseBreak(text, k)) return true;
      const c = text.charCodeAt(k);
      if (c === LE || c === LA) {
        k++;
        continue;
      }
      const entry = WORDS.match(text, k, end);
      if (entry !== undefined && entry.value.kind === "period") {
        k += entry.length;
        continue;
      }
      return false;
    }
  }
}
