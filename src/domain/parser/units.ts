import { QUANTITY_UNITS } from "../types.js";
import type { QuantityUnit } from "../types.js";
import { Lexicon } from "./lexicon.js";
import { normalize } from "./normalize.js";

interface UnitDef {
  unit: QuantityUnit;
  /** Multiplies the number into the stored unit (公顷 → m², 万元 → yuan). */
  factor: number;
  /** Characters that, right after the unit, show it is part of another word (方案, 项目). */
  notBefore?: string;
  /** Words that, right after the unit, show it is part of another word (个月, 个小时, but not 个小区). */
  notBeforeWords?: readonly string[];
  /** Ignore after a lone small Chinese numeral: 三方 is "three parties", not 3 m³. */
  needsRealNumber?: boolean;
}

const u = (unit: QuantityUnit, factor = 1, extra: Partial<UnitDef> = {}): UnitDef => ({ unit, factor, ...extra });

const UNIT_WORDS: readonly (readonly [string, UnitDef])[] = [
  // area
  ["平方公里", u("m2", 1e6)],
  ["平方千米", u("m2", 1e6)],
  ["平方米", u("m2")],
  ["平米", u("m2")],
  ["平方", u("m2")],
  ["㎡", u("m2")],
  ["m2", u("m2")],
  ["m²", u("m2")],
  ["km2", u("m2", 1e6)],
  ["km²", u("m2", 1e6)],
  ["sqm", u("m2")],
  ["sq m", u("m2")],
  ["sq.m", u("m2")],
  ["sq. m", u("m2")],
  ["square meters", u("m2")],
  ["square metres", u("m2")],
  ["square meter", u("m2")],
  ["square metre", u("m2")],
  ["公顷", u("m2", 1e4)],
  ["hectares", u("m2", 1e4)],
  ["hectare", u("m2", 1e4)],
  // 1 亩 = 2,000/3 m²: land is often counted in mu
  ["亩", u("m2", 2000 / 3)],
  // volume
  ["立方米", u("m3")],
  ["立方", u("m3")],
  ["方", u("m3", 1, { notBefore: "案面式便向法针位协会签合共程", needsRealNumber: true })],
  ["m3", u("m3")],
  ["m³", u("m3")],
  ["㎥", u("m3")],
  ["cubic meters", u("m3")],
  ["cubic metres", u("m3")],
  ["cubic meter", u("m3")],
  ["cubic metre", u("m3")],
  ["cbm", u("m3")],
  // length
  ["公里", u("km")],
  ["千米", u("km")],
  ["km", u("km")],
  ["kilometers", u("km")],
  ["kilometres", u("km")],
  ["kilometer", u("km")],
  ["kilometre", u("km")],
  ["延米", u("m")],
  ["米", u("m")],
  ["m", u("m")],
  ["meters", u("m")],
  ["metres", u("m")],
  ["meter", u("m")],
  ["metre", u("m")],
  // weight
  ["吨", u("t")],
  ["t", u("t")],
  ["tons", u("t")],
  ["tonnes", u("t")],
  ["ton", u("t")],
  ["tonne", u("t")],
  // money, in yuan
  ["亿元", u("cny", 1e8)],
  ["万元", u("cny", 1e4)],
  ["元", u("cny")],
  ["yuan", u("cny")],
  ["cny", u("cny")],
  ["rmb", u("cny")],
  // counted things
  ["栋楼", u("count")],
  ["栋", u("count")],
  ["幢", u("count")],
  ["座", u("count")],
  // 个 before any noun counts it (6个小区, 15個點位), but not a span of time or a percentage point
  ["个", u("count", 1, { notBeforeWords: ["月", "百分点", "点", "工作日", "工日", "星期", "礼拜", "小时", "季度", "多月", "半月"] })],
  ["点位", u("count")],
  ["处", u("count", 1, { notBefore: "理" })],
  ["户", u("count")],
  ["套", u("count")],
  ["家", u("count")],
  ["项", u("count", 1, { notBefore: "目" })],
  ["棵", u("count")],
  ["株", u("count")],
  ["盏", u("count")],
  ["间", u("count")],
  ["辆", u("count")],
  ["台", u("count", 1, { notBefore: "账阶" })],
  ["条", u("count", 1, { notBefore: "件例" })],
  ["根", u("count", 1, { notBefore: "据" })],
  ["宗", u("count")],
  ["buildings", u("count")],
  ["building", u("count")],
  ["items", u("count")],
  ["item", u("count")],
  ["households", u("count")],
  ["houses", u("count")],
  ["units", u("count")],
];

const UNITS = new Lexicon<UnitDef>(UNIT_WORDS);
const DUO = "多".charCodeAt(0);
const YU = "余".charCodeAt(0);
const WEI = "位".charCodeAt(0);

export interface UnitMatch {
  unit: QuantityUnit;
  factor: number;
  end: number;
}

/** The unit written at i after a number ("18万 平方米", "1,200 m³", "11万余方"), or null. */
export function readUnit(text: string, i: number, end: number, smallChineseNumber: boolean): UnitMatch | null {
  let k = i;
  if (text.charCodeAt(k) === 0x20) k++;
  if (text.charCodeAt(k) === 0x20) k++;
  const c = text.charCodeAt(k);
  if (c === DUO || c === YU) k++; // 18万多平方米: "eighteen-odd"
  if (k >= end) return null;
  const entry = UNITS.match(text, k, end, false);
  if (entry === undefined) return null;
  const def = entry.value;
  const stop = k + entry.length;
  if (def.needsRealNumber && smallChineseNumber) return null;
  if (def.notBefore !== undefined && stop < text.length && def.notBefore.includes(text.charAt(stop))) return null;
  if (def.notBeforeWords !== undefined) {
    for (const w of def.notBeforeWords) {
      // 个点位 is a count of sites, 个点 a percentage point
      if (text.startsWith(w, stop) && !(w === "点" && text.charCodeAt(stop + 1) === WEI)) return null;
    }
  }
  return { unit: def.unit, factor: def.factor, end: stop };
}

/** A unit written alone ("m2", "平方米", "㎡", "count") in its stored form, or null. */
export function normalizeUnit(raw: string): QuantityUnit | null {
  const text = normalize(raw.trim());
  if ((QUANTITY_UNITS as readonly string[]).includes(text)) return text as QuantityUnit;
  const entry = UNITS.match(text, 0, text.length, false);
  return entry !== undefined && entry.length === text.length ? entry.value.unit : null;
}
