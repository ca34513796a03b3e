import { Lexicon } from "./lexicon.js";

/** What a "key：value" line is about. */
export type FieldKind = "task" | "progress" | "quantity" | "status" | "blocker" | "plan" | "note";
export type TextKind = "blocker" | "plan" | "note";

export const isTextKind = (kind: FieldKind | null): kind is TextKind =>
  kind === "blocker" || kind === "plan" || kind === "note";

interface KeyDef {
  kind: FieldKind;
  /** May stand without a colon at the start of a clause: "下步月底前完成清表", "存在问题资金未到位". */
  colonOptional: boolean;
}

const k = (kind: FieldKind, colonOptional = false): KeyDef => ({ kind, colonOptional });

/** Keys in simplified Chinese and English; traditional spellings fold onto these. */
const KEY_WORDS: readonly (readonly [string, KeyDef])[] = [
  ["项目", k("task")],
  ["项目编号", k("task")],
  ["项目代码", k("task")],
  ["编号", k("task")],
  ["任务", k("task")],
  ["任务编号", k("task")],
  ["工程", k("task")],
  ["task", k("task")],
  ["project", k("task")],
  ["code", k("task")],

  ["进度", k("progress")],
  ["形象进度", k("progress")],
  ["工程进度", k("progress")],
  ["完成进度", k("progress")],
  ["总进度", k("progress")],
  ["累计进度", k("progress")],
  ["当前进度", k("progress")],
  ["项目进度", k("progress")],
  ["完成率", k("progress")],
  ["完成比例", k("progress")],
  ["完成", k("progress")],
  ["progress", k("progress")],
  ["percent", k("progress")],

  ["完成量", k("quantity")],
  ["工程量", k("quantity")],
  ["完成工程量", k("quantity")],
  ["累计完成", k("quantity")],
  ["实物量", k("quantity")],
  ["实物工程量", k("quantity")],
  ["quantity", k("quantity")],
  ["qty", k("quantity")],
  ["amount", k("quantity")],

  ["状态", k("status")],
  ["项目状态", k("status")],
  ["施工状态", k("status")],
  ["status", k("status")],
  ["state", k("status")],

  ["问题", k("blocker")],
  ["存在问题", k("blocker", true)],
  ["存在的问题", k("blocker", true)],
  ["主要问题", k("blocker", true)],
  ["主要问题是", k("blocker", true)],
  ["问题是", k("blocker", true)],
  ["存在问题是", k("blocker", true)],
  ["困难", k("blocker")],
  ["存在困难", k("blocker", true)],
  ["困难问题", k("blocker")],
  ["问题困难", k("blocker")],
  ["困难和问题", k("blocker")],
  ["问题和困难", k("blocker")],
  ["问题及困难", k("blocker")],
  ["困难及问题", k("blocker")],
  ["难点", k("blocker")],
  ["堵点", k("blocker")],
  ["制约", k("blocker")],
  ["制约因素", k("blocker")],
  ["blocker", k("blocker")],
  ["blockers", k("blocker")],
  ["issue", k("blocker")],
  ["issues", k("blocker")],
  ["problem", k("blocker")],
  ["problems", k("blocker")],
  ["risk", k("blocker")],
  ["risks", k("blocker")],

  ["下步", k("plan", true)],
  ["下一步", k("plan", true)],
  ["下步计划", k("plan", true)],
  ["下一步计划", k("plan", true)],
  ["下步工作", k("plan", true)],
  ["下一步工作", k("plan", true)],
  ["下步打算", k("plan", true)],
  ["计划", k("plan")],
  ["下阶段", k("plan")],
  ["next", k("plan")],
  ["next step", k("plan")],
  ["next steps", k("plan")],
  ["plan", k("plan")],
  ["plans", k("plan")],

  ["备注", k("note", true)],
  ["说明", k("note")],
  ["其他", k("note")],
  ["note", k("note")],
  ["notes", k("note")],
  ["remark", k("note")],
  ["remarks", k("note")],
  ["comment", k("note")],
  ["comments", k("note")],
];

export const KEYS = new Lexicon<KeyDef>(KEY_WORDS);
