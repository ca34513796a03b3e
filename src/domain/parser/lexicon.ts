import { isAlnum, isLetter, normalize } from "./normalize.js";

export interface LexEntry<T> {
  readonly word: string;
  readonly length: number;
  readonly value: T;
  /** Starts with a Latin letter: must not continue a preceding word. */
  readonly latinStart: boolean;
  /** Ends with a Latin letter or digit: must not run into a following word. */
  readonly latinEnd: boolean;
}

/** Longest-match word lookup keyed by first character; words are stored normalised. */
export class Lexicon<T> {
  private readonly byFirst = new Map<number, LexEntry<T>[]>();

  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [raw, value] of entries) {
      const word = normalize(raw);
      if (word === "") continue;
      const first = word.charCodeAt(0);
      const last = word.charCodeAt(word.length - 1);
      const entry: LexEntry<T> = {
        word,
        length: word.length,
        value,
        latinStart: isLetter(first),
        latinEnd: isAlnum(last) && /[a-z]/.test(word),
      };
      const list = this.byFirst.get(first);
      if (list) list.push(entry);
      else this.byFirst.set(first, [entry]);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
  }

  hasFirst(c: number): boolean {
    return this.byFirst.has(c);
  }

  /**
   * The longest entry at text[i] that ends by `end`. `wordStart` false skips the check that a Latin
   * word does not continue a previous one (a unit follows its number directly: "5m2").
   */
  match(text: string, i: number, end: number, wordStart = true): LexEntry<T> | undefined {
    const list = this.byFirst.get(text.charCodeAt(i));
    if (list === undefined) return undefined;
    for (const entry of list) {
      const stop = i + entry.length;
      if (stop > end || !text.startsWith(entry.word, i)) continue;
      if (wordStart && entry.latinStart && i > 0 && isAlnum(text.charCodeAt(i - 1))) continue;
      if (entry.latinEnd && stop < text.length && isAlnum(text.charCodeAt(stop))) continue;
      return entry;
    }
    return undefined;
  }
}
