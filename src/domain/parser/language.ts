import type { Language } from "../types.js";
import { capInput } from "./normalize.js";
import { TRADITIONAL_TO_SIMPLIFIED } from "./traditional.js";

const isHan = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
const isLatinLetter = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
const isAsciiOrWideDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);

/**
 * The language a message is written in: zh-TW when any traditional-only character appears,
 * zh-CN for other Chinese, en for Latin words (task codes and units such as m2 do not count),
 * null when it cannot be told (digits, emoji, other scripts).
 */
export function detectLanguage(text: string): Language | null {
  const s = capInput(typeof text === "string" ? text : "");
  let han = false;
  let latinWord = false;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (TRADITIONAL_TO_SIMPLIFIED.has(c)) return "zh-TW";
    if (isHan(c)) {
      han = true;
      i++;
      continue;
    }
    if (isLatinLetter(c) || isAsciiOrWideDigit(c)) {
      // a word: letters, digits and hyphens; one with a digit is a code or unit, not language
      let letters = 0;
      let digits = false;
      let j = i;
      while (j < n) {
        const d = s.charCodeAt(j);
        if (isLatinLetter(d)) letters++;
        else if (isAsciiOrWideDigit(d)) digits = true;
        else if (d !== 0x2d && d !== 0x27) break;
        j++;
      }
      if (letters >= 2 && !digits) latinWord = true;
      i = j;
      continue;
    }
    i++;
  }
  if (han) return "zh-CN";
  return latinWord ? "en" : null;
}
