import type { Forecast } from "../forecast.js";
import type { Day } from "../calendar.js";
import type { Cadence } from "../periods.js";
import type { Light, PlanPoint } from "../plan.js";
import type { QuantityUnit } from "../types.js";
import type { PersonRef } from "./cells.js";

/** One task as a ledger row writes it: the columns an import reads, then read-only progress. */
export interface LedgerRow {
  code: string;
  name: string;
  unit: string;
  owner: PersonRef;
  start: Day | null;
  deadline: Day | null;
  target: { value: number; unit: QuantityUnit } | null;
  milestones: PlanPoint[];
  mustDeliver: boolean;
  cadence: Cadence;
  deputies: PersonRef[];
  note: string | null;
  progress?: LedgerProgress;
}

export interface LedgerProgress {
  /** Percent after the latest report; null if never reported. */
  latest: number | null;
  expected: number | null;
  lag: number | null;
  light: Light;
  /** Day of the latest report. */
  lastReport: Day | null;
  openIssues: string[];
  /** When it will finish at its recent pace (预计完成); absent when not worked out. */
  forecast?: Forecast;
}

/** 孙浩（@sunhao）, @sunhao, 孙浩（123456789）: a form the owner column reads back as the same person. */
export function formatPerson(person: PersonRef): string {
  const handle = person.username ? `@${person.username}` : (person.telegramId ?? "");
  if (!person.name) return handle;
  return handle ? `${person.name}（${handle}）` : person.name;
}

export function formatPeople(people: readonly PersonRef[]): string {
  return people.map(formatPerson).join("、");
}

const UNIT_WORDS: Record<QuantityUnit, string> = {
  m2: "平方米",
  m3: "立方米",
  m: "米",
  km: "公里",
  t: "吨",
  cny: "元",
  count: "个",
};

function plainNumber(value: number): string {
  // No exponent form: 1.2e9 must read back as 1200000000.
  return Number.isInteger(value) ? value.toFixed(0) : String(Number(value.toPrecision(15)));
}

/** A target written so the target column reads it back: 180000平方米, 36个. */
export function formatTarget(target: { value: number; unit: QuantityUnit } | null): string {
  if (!target) return "";
  const value = target.value;
  if (target.unit !== "count" && target.unit !== "cny" && Number.isInteger(value) && value >= 10_000 && value % 10_000 === 0) {
    return `${plainNumber(value / 10_000)}万${UNIT_WORDS[target.unit]}`;
  }
  return `${plainNumber(value)}${UNIT_WORDS[target.unit]}`;
}

export function formatMilestones(points: readonly PlanPoint[]): string {
  return points.map((p) => `${p.date} ${plainNumber(p.percent)}%`).join("；");
}

const CADENCE_WORDS: Record<Cadence, string> = { daily: "每日", weekly: "每周", dekad: "每旬", monthly: "每月" };

export function formatCadence(cadence: Cadence): string {
  return CADENCE_WORDS[cadence];
}

export function formatMust(must: boolean): string {
  return must ? "是" : "否";
}

export const CADENCE_CHOICES: readonly string[] = Object.values(CADENCE_WORDS);
export const MUST_CHOICES: readonly string[] = ["是", "否"];

const LIGHT_WORDS: Record<Light, string> = { green: "绿", yellow: "黄", red: "红" };

export function formatLight(light: Light): string {
  return LIGHT_WORDS[light];
}
