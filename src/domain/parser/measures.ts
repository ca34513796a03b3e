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
  /** The sentence it was written in (between ，；。), for the note when another quantity counts. */
  sentenceStart: number;
  sentenceEnd: number;
}

/** A sentence that closes a problem: the category's marker words stand in [start, doneAt). */
export interface FoundResolution {
  start: number;
  end: number;
  doneAt: number;
  /** No marker word, only 问题: closes every open problem. */
  all: boolean;
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
  /** Some percent fell outside 0–100, or a rise outside ±100. */
  outOfRange: boolean;
  /** A part finished (主体完工) or an event of a part (封顶): in progress, unless a status says more. */
  partStatus: TaskStatus | null;
  /** Forecast clauses ("预计下周完成60%"), as [start, end) ranges: they go to plan. */
  plans: [number, number][];
  /** Sentences that state a blocker without a key ("资金未到位"), as [start, end) ranges. */
  blockers: [number, number][];
  /** Sentences that close a problem ("资金问题已解决"). */
  resolved: FoundResolution[];
}

export function emptyMeasures(): Measures {
  return {
    percents: [],
    deltas: [],
    quantities: [],
    status: null,
    keyedStatus: null,
    outOfRange: false,
    partStatus: null,
    plans: [],
    blockers: [],
    resolved: [],
  };
}

const CHENG = "成".charCodeAt(0);
/** 成 after a number is tenths (七成 = 70%) unless it starts a word: 成本 成果 成立 … */
const NOT_TENTHS = "本果立为功交绩员品型";
const LE = "了".charCodeAt(0);
const WEI = "位".charCodeAt(0);
const DIAN = "点".charCodeAt(0);
const LA = "啦".charCodeAt(0);
const YI = "已".charCodeAt(0);
const FEN = "分".charCodeAt(0);
const ZHI = "之".charCodeAt(0);
/** How far (in characters) a not-yet word reaches: "待业主验收", "正在组织验收". */
const NOT_YET_REACH = 4;

/** Punctuation that ends a sentence (，；。!?), the scope of a blocker written without a key. */
function isSentenceBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 0x2c || c === 0xff0c || c === 0x3b || c === 0x3002 || c === 0xff61 || c === 0x21 || c === 0x3f || (c === 0x2e && !isDigit(text.charCodeAt(i + 1)));
}

/** Emoji, dingbats and other symbols that may trail a word ("done ✅") without changing it. */
function isSymbol(c: number): boolean {
  return (c >= 0x2000 && c < 0x3000) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfe0f || c === 0x7e;
}

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
  /** 同比, 合格率: the next percent in the clause is another rate. */
  private rate = false;
  /** 总投资, 剩余: quantities and percents in the clause are the task's size. */
  private size = false;
  /** 本周, 今日: a percent that follows in the clause is this period's rise. */
  private periodPercent = false;
  /** 截至: what follows in the clause is cumulative, even after 本周. */
  private pointInTime = false;
  /** Where the last not-yet word (未, 待, not yet) ended, in this clause; −1 when none. */
  private notYetEnd = -1;
  /** A named part (主体, 3号楼) came earlier in the clause. */
  private part = false;
  /** A status that is undone if a number follows in the clause: "建成口袋公园1.5公顷" is a verb. */
  private tentative: { previous: TaskStatus | null } | null = null;
  /** Where the clause's first forecast word stands (−1: none) and whether it held back a figure or status. */
  private prospectiveAt = -1;
  private prospectiveHeld = false;
  private clauseStart: number;
  /** Sentence state: cleared only at ，；。!? */
  private sentenceStart: number;
  private sentenceQuantityStart: number;
  private trouble = false;
  private marker = false;
  private notYet = false;
  private problem = false;
  private doneAt = -1;
  private doneAll = false;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly hint: FieldKind | null,
    private readonly into: Measures,
  ) {
    this.progressPending = hint === "progress";
    this.clauseQuantityStart = into.quantities.length;
    this.sentenceQuantityStart = into.quantities.length;
    this.clauseStart = start;
    this.sentenceStart = start;
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
        if (isSentenceBreak(text, i)) this.endSentence(i);
        else this.endClause(i);
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
        if (!isDigit(c)) {
          // 一期, 一半: words that start with a numeral
          const entry = WORDS.match(text, i, end);
          if (entry !== undefined) {
            this.onWord(entry.value, i, i + entry.length);
            i += entry.length;
            continue;
          }
        }
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
    this.endSentence(end);
  }

  private signAllowed(i: number): boolean {
    if (i === this.start) return true;
    const p = this.text.charCodeAt(i - 1);
    // 60%-70% and 1-2 are ranges, BY-01 is a code
    return !(isAlnum(p) || p === 0x25 || p === 0x2e || p === 0x2d || p === 0x2b);
  }

  private endClause(at: number): void {
    if (this.prospectiveHeld && this.prospectiveAt >= 0) this.into.plans.push([this.prospectiveAt, at]);
    this.riseSign = 0;
    this.toPending = false;
    this.progressPending = this.hint === "progress";
    this.prospective = false;
    this.money = false;
    this.clauseQuantityStart = this.into.quantities.length;
    this.rate = false;
    this.size = false;
    this.periodPercent = false;
    this.pointInTime = false;
    this.notYetEnd = -1;
    this.part = false;
    this.tentative = null;
    this.prospectiveAt = -1;
    this.prospectiveHeld = false;
    this.clauseStart = at + 1;
  }

  private endSentence(at: number): void {
    this.endClause(at);
    const { into } = this;
    for (let q = this.sentenceQuantityStart; q < into.quantities.length; q++) {
      const found = into.quantities[q];
      if (found !== undefined) found.sentenceEnd = at;
    }
    if (this.doneAt >= 0) {
      into.resolved.push({ start: this.sentenceStart, end: at, doneAt: this.doneAt, all: false });
    } else if (this.doneAll) {
      into.resolved.push({ start: this.sentenceStart, end: at, doneAt: at, all: true });
    } else if (this.trouble || (this.marker && this.notYet)) {
      into.blockers.push([this.sentenceStart, at]);
    }
    this.trouble = false;
    this.marker = false;
    this.notYet = false;
    this.problem = false;
    this.doneAt = -1;
    this.doneAll = false;
    this.sentenceStart = at + 1;
    this.sentenceQuantityStart = into.quantities.length;
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

    let suffix = k < end ? PERCENT_SUFFIXES.match(text, k, end, false) : undefined;
    // 15个点位 counts sites; 5个点 is five points
    if (suffix !== undefined && text.charCodeAt(k + suffix.length) === WEI && text.charCodeAt(k + suffix.length - 1) === DIAN) suffix = undefined;
    if (suffix !== undefined) {
      const stop = k + suffix.length;
      if (suffix.value === "percent") this.percentOrRise(n.value, sign);
      else if (this.rate || this.size) this.rate = false;
      else this.addRise(n.value * (sign === -1 || this.riseSign === -1 ? -1 : 1));
      this.lastMeasureEnd = stop;
      this.afterNumber();
      return stop;
    }
    if (text.charCodeAt(k) === CHENG && k === n.end && n.value <= 10 && !n.multiplied && !(k + 1 < end && NOT_TENTHS.includes(text.charAt(k + 1)))) {
      // 七成五 = 75%
      let stop = k + 1;
      let value = n.value * 10;
      if (stop < end && isNumberStart(text.charCodeAt(stop)) && !isNumberStart(text.charCodeAt(stop + 1))) {
        const tail = readNumber(text, stop, stop + 1);
        if (tail !== null && tail.end === stop + 1 && tail.value < 10) {
          value += tail.value;
          stop++;
        }
      }
      this.percentOrRise(tidy(value), sign);
      this.lastMeasureEnd = stop;
      this.afterNumber();
      return stop;
    }
    if (text.charCodeAt(n.end) === FEN && text.charCodeAt(n.end + 1) === ZHI && n.value > 0) {
      // 三分之二 ≈ 66.7%
      const part = readNumber(text, n.end + 2, end);
      if (part !== null && Number.isFinite(part.value) && part.value <= n.value) {
        this.percentOrRise(Math.round((part.value / n.value) * 1000) / 10, sign);
        this.lastMeasureEnd = part.end;
        this.afterNumber();
        return part.end;
      }
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
    if (this.rate || this.size) {
      // 同比增长15%, 剩余30%: not the task's progress
      this.rate = false;
      this.untentative();
      return;
    }
    if (sign !== 0) {
      // a signed percent is a change: +5%, -5%
      this.addRise(sign * value);
      return;
    }
    if (this.riseSign !== 0 && !this.toPending) {
      this.addRise(value * (this.riseSign === -1 ? -1 : 1));
      return;
    }
    if (this.periodPercent && !this.toPending && !this.progressPending) {
      // 本周完成5%: this period's rise
      this.addRise(value);
      return;
    }
    this.addPercent(value);
  }

  private addPercent(value: number): void {
    this.untentative();
    if (this.prospective) {
      this.prospectiveHeld = true;
      return;
    }
    if (value < 0 || value > 100) this.into.outOfRange = true;
    let weight: PercentWeight = PercentWeight.Plain;
    if (this.toPending) weight = PercentWeight.Target;
    else if (this.progressPending) weight = PercentWeight.Progress;
    this.into.percents.push({ value, weight });
  }

  private addRise(value: number): void {
    this.untentative();
    if (this.prospective) {
      this.prospectiveHeld = true;
      return;
    }
    if (value < -100 || value > 100) this.into.outOfRange = true;
    this.into.deltas.push(value);
  }

  private addQuantity(value: number, unit: QuantityUnit): void {
    this.untentative();
    if (this.size) return;
    if (this.prospective) {
      this.prospectiveHeld = true;
      return;
    }
    this.into.quantities.push({
      value,
      unit,
      cumulative: this.period !== "delta",
      marked: this.period !== null,
      keyed: this.hint === "quantity",
      sentenceStart: this.sentenceStart,
      sentenceEnd: this.end,
    });
  }

  /** A number after 建成 in the same clause: the word was a verb, not the status. */
  private untentative(): void {
    if (this.tentative === null) return;
    this.into.status = this.tentative.previous;
    this.tentative = null;
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
    // a word between a not-yet word and a status ends the negation's reach ("资金未拨付停工")
    if (word.kind !== "notYet" && word.kind !== "status" && (word.kind !== "neutral" || word.mark !== undefined)) this.notYetEnd = -1;
    if (word.mark !== undefined) {
      if (word.mark === "trouble") this.trouble = true;
      else if (word.mark === "marker") this.marker = true;
      else this.notYet = true;
    }
    switch (word.kind) {
      case "status":
        this.onStatus(word, at, stop);
        return;
      case "period":
        if (word.point) this.pointInTime = true;
        if (!word.cumulative && this.pointInTime) return; // 截至本周: a point in time
        this.period = word.cumulative ? "cumulative" : "delta";
        this.periodPercent = !word.cumulative;
        this.markClause(word.cumulative);
        return;
      case "rate":
        if (word.growth && this.progressPending) {
          // 进度增长5个百分点: a rise in progress
          this.riseSign = 1;
          this.toPending = false;
        } else {
          this.rate = true;
        }
        return;
      case "size":
        this.size = true;
        return;
      case "notYet":
        this.notYetEnd = stop;
        return;
      case "part":
        this.part = true;
        return;
      case "event":
        if (this.prospective) this.prospectiveHeld = true;
        else if (!this.negated(at)) this.into.partStatus = "in_progress";
        return;
      case "done":
        if (this.marker) this.doneAt = at;
        else if (this.problem) this.doneAll = true;
        return;
      case "problem":
        this.problem = true;
        return;
      case "fraction":
        this.percentOrRise(word.percent, 0);
        this.lastMeasureEnd = stop;
        this.afterNumber();
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
      case "from":
        this.riseSign = 0;
        this.periodPercent = false;
        return;
      case "progress":
        this.progressPending = true;
        this.periodPercent = false;
        return;
      case "prospective":
        this.prospective = true;
        if (this.prospectiveAt < 0) this.prospectiveAt = at;
        return;
      case "money":
        this.money = true;
        return;
      case "neutral":
        return;
    }
  }

  /** A not-yet word stands just before `at` in this clause ("尚未验收", "等待竣工验收"). */
  private negated(at: number): boolean {
    return this.notYetEnd >= 0 && at - this.notYetEnd <= NOT_YET_REACH;
  }

  private onStatus(word: Extract<Word, { kind: "status" }>, at: number, stop: number): void {
    if (word.status === null) return;
    const keyed = this.hint === "status";
    if (!keyed) {
      if (this.negated(at)) {
        // 暂未开工: not started; 等待竣工验收: not reached, sets nothing
        if (word.start) this.into.status = "not_started";
        return;
      }
      const past = word.past || (at > this.start && this.text.charCodeAt(at - 1) === YI);
      if (this.prospective && word.status !== "not_started" && !past) {
        // 预计下月开工: a start still to come means not started yet
        if (word.start) this.into.status = "not_started";
        this.prospectiveHeld = true;
        return;
      }
      if (word.weak && (this.followsMeasure(at) || !this.endsClause(stop))) return;
      // "一半完工", "2栋已完工": the word describes the number before it
      if (word.verb && this.followsMeasure(at)) return;
      if (this.part && (word.status === "completed" || word.status === "accepted")) {
        // 主体完工: a part is done, the task is in progress
        this.into.partStatus = "in_progress";
        return;
      }
    }
    if (keyed) {
      this.into.keyedStatus = word.status;
      return;
    }
    const previous = this.into.status;
    this.into.status = word.status;
    if (word.verb) this.tentative = { previous };
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
      if (c === LE || c === LA || isSymbol(c)) {
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
