import { isAlnum, isDigit } from "./normalize.js";

export interface NumberToken {
  value: number;
  /** Index just past the number (and any multiplier such as 万 or "million"). */
  end: number;
  /** A multiplier (十 百 千 万 亿, million …) was applied. */
  multiplied: boolean;
  /** Only 万 or 亿 (or million, billion): a money amount often drops its 元. */
  large: boolean;
  /** A lone Chinese digit below ten, as in 三方 ("three parties"): too weak to carry a unit like 方. */
  smallChinese: boolean;
}

const CN_DIGITS = new Map<number, number>(
  [..."零〇一二两三四五六七八九"].map((ch, i) => [ch.charCodeAt(0), i <= 1 ? 0 : i <= 3 ? i - 1 : i - 2]),
);
for (const [ch, v] of [..."壹贰叁肆伍陆柒捌玖"].map((ch, i) => [ch, i + 1] as const)) CN_DIGITS.set(ch.charCodeAt(0), v);

const CN_SMALL_UNITS = new Map<number, number>([
  ["十", 10],
  ["拾", 10],
  ["百", 100],
  ["佰", 100],
  ["千", 1000],
  ["仟", 1000],
].map(([ch, v]) => [(ch as string).charCodeAt(0), v as number]));

const WAN = "万".charCodeAt(0);
const YI = "亿".charCodeAt(0);
const DIAN = "点".charCodeAt(0);
const FEN = "分".charCodeAt(0);
const DUO = "多".charCodeAt(0);
const YU = "余".charCodeAt(0);
const SHI = "十".charCodeAt(0);
const SHI_FIN = "拾".charCodeAt(0);
/** 千 before these is part of a unit (千米 km, 千克 kg, 千瓦 kW), not a thousand. */
const KILO_UNITS = new Set([..."米克瓦伏帕卡"].map((ch) => ch.charCodeAt(0)));

/** The longest ASCII digit run read as one number; longer runs are serial numbers, not measures. */
const MAX_DIGITS = 15;

const ENGLISH_MULTIPLIERS: readonly (readonly [string, number])[] = [
  ["thousand", 1e3],
  ["million", 1e6],
  ["billion", 1e9],
];

export function isChineseNumeralStart(c: number): boolean {
  return CN_DIGITS.has(c) || c === SHI || c === SHI_FIN;
}

export function isNumberStart(c: number): boolean {
  return isDigit(c) || isChineseNumeralStart(c);
}

/** Rounds away binary noise such as 11.1 × 10⁴ = 111000.00000000001. */
export function tidy(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

interface Decimal {
  value: number;
  end: number;
}

/** Reads 1200, 1,200, 3.8 or 1,234.5 at i; value NaN for an over-long digit run (skipped whole). */
function readDecimal(text: string, i: number, end: number): Decimal {
  let j = i;
  while (j < end && isDigit(text.charCodeAt(j))) j++;
  if (j - i > MAX_DIGITS) return { value: Number.NaN, end: j };
  let grouped = false;
  if (j - i <= 3) {
    while (
      j + 3 < end &&
      text.charCodeAt(j) === 0x2c &&
      isDigit(text.charCodeAt(j + 1)) &&
      isDigit(text.charCodeAt(j + 2)) &&
      isDigit(text.charCodeAt(j + 3)) &&
      !isDigit(text.charCodeAt(j + 4))
    ) {
      j += 4;
      grouped = true;
    }
  }
  if (text.charCodeAt(j) === 0x2e && j + 1 < end && isDigit(text.charCodeAt(j + 1))) {
    j++;
    while (j < end && isDigit(text.charCodeAt(j))) j++;
  }
  const raw = text.slice(i, j);
  return { value: Number(grouped ? raw.replaceAll(",", "") : raw), end: j };
}

/**
 * Reads a number at i: ASCII digits (1,200  3.8), Chinese numerals (六十五 十八万 两千三百 一万二),
 * or both mixed (3.8万 1万2千), with 千 万 亿 multipliers and "million" after digits.
 * Returns null when nothing numeric starts at i.
 */
export function readNumber(text: string, i: number, end: number): NumberToken | null {
  let yi = 0;
  let wan = 0;
  let section = 0;
  let current = 0;
  let hasCurrent = false;
  let currentIsAscii = false;
  let any = false;
  let multiplied = false;
  let large = false;
  let lastUnit = 0;
  let cnDigitsSinceUnit = 0;
  let j = i;

  while (j < end) {
    const c = text.charCodeAt(j);
    if (isDigit(c)) {
      if (hasCurrent) break;
      const d = readDecimal(text, j, end);
      if (Number.isNaN(d.value)) {
        if (!any) return { value: Number.NaN, end: d.end, multiplied: false, large: false, smallChinese: false };
        break;
      }
      current = d.value;
      hasCurrent = true;
      currentIsAscii = true;
      any = true;
      cnDigitsSinceUnit = 0;
      j = d.end;
      continue;
    }
    const digit = CN_DIGITS.get(c);
    if (digit !== undefined) {
      if (hasCurrent && !currentIsAscii && cnDigitsSinceUnit > 0) {
        // 二〇二四: digits written one by one
        current = current * 10 + digit;
        cnDigitsSinceUnit++;
      } else if (hasCurrent) {
        break;
      } else {
        current = digit;
        hasCurrent = true;
        currentIsAscii = false;
        cnDigitsSinceUnit = 1;
      }
      any = true;
      j++;
      continue;
    }
    if (c === DIAN && hasCurrent && !currentIsAscii && CN_DIGITS.has(text.charCodeAt(j + 1)) && j + 1 < end) {
      // 三点五: a Chinese decimal point
      let k = j + 1;
      let fraction = "";
      while (k < end && fraction.length < MAX_DIGITS) {
        const f = CN_DIGITS.get(text.charCodeAt(k));
        if (f === undefined) break;
        fraction += String(f);
        k++;
      }
      current = Number(`${current}.${fraction}`);
      cnDigitsSinceUnit = 0;
      j = k;
      continue;
    }
    if ((c === DUO || c === YU) && any && j + 1 < end) {
      // 20多万: "twenty-odd ten-thousand" still scales by 万
      const next = text.charCodeAt(j + 1);
      if (next === WAN || next === YI || CN_SMALL_UNITS.has(next)) {
        j++;
        continue;
      }
      break;
    }
    const small = CN_SMALL_UNITS.get(c);
    if (small !== undefined) {
      const next = text.charCodeAt(j + 1);
      if (small === 100 && next === FEN) break; // 百分之 / 百分点
      if (small === 1000 && KILO_UNITS.has(next)) break; // 千米 is a unit
      if (!hasCurrent) {
        if (small === 10 && section === 0) current = 1;
        else break;
      }
      section += current * small;
      current = 0;
      hasCurrent = false;
      lastUnit = small;
      multiplied = true;
      any = true;
      cnDigitsSinceUnit = 0;
      j++;
      continue;
    }
    if (c === 0x20 && hasCurrent && currentIsAscii && j + 1 < end) {
      // "2.6 万平方米": a number may stand apart from its multiplier
      const next = text.charCodeAt(j + 1);
      if (next === WAN || next === YI) {
        j++;
        continue;
      }
      break;
    }
    if (c === WAN || c === YI) {
      if (!any || (section === 0 && !hasCurrent)) break;
      if (c === WAN) {
        if (wan !== 0) break;
        wan = (section + current) * 1e4;
        lastUnit = 1e4;
      } else {
        yi = (yi + wan + section + current) * 1e8;
        wan = 0;
        lastUnit = 1e8;
      }
      section = 0;
      current = 0;
      hasCurrent = false;
      multiplied = true;
      large = true;
      cnDigitsSinceUnit = 0;
      j++;
      continue;
    }
    break;
  }
  if (!any) return null;
  // 一万二 = 12,000 and 两千三 = 2,300: a lone trailing digit counts in the next lower place.
  if (hasCurrent && !currentIsAscii && cnDigitsSinceUnit === 1 && lastUnit >= 100) current *= lastUnit / 10;
  let value = yi + wan + section + current;
  const smallChinese = !currentIsAscii && !multiplied && value < 10;

  // 1.2 million, 3 thousand
  let k = j;
  if (text.charCodeAt(k) === 0x20) k++;
  for (const [word, factor] of ENGLISH_MULTIPLIERS) {
    if (text.startsWith(word, k) && !isAlnum(text.charCodeAt(k + word.length)) && k + word.length <= end) {
      value *= factor;
      j = k + word.length;
      multiplied = true;
      large = factor >= 1e6;
      break;
    }
  }
  return { value: tidy(value), end: j, multiplied, large, smallChinese };
}
