import type { TaskStatus } from "../types.js";
import { Lexicon } from "./lexicon.js";

/** What a word in a progress sentence does to the numbers and statuses around it. */
export type Word =
  /** A status; null for negations such as 未完成 that must not read as the status inside them. */
  | { kind: "status"; status: TaskStatus | null; weak: boolean; past: boolean; start: boolean }
  /** Marks quantities as this period's work (本周) or the running total (累计). */
  | { kind: "period"; cumulative: boolean }
  /** 新增: both this period's work and a rise in percent. */
  | { kind: "newly" }
  /** 提高, 增加, up: the next percent in the clause is a rise (sign −1 for 下降). */
  | { kind: "rise"; sign: 1 | -1 }
  /** 到, 至, to: the next percent is where progress now stands. */
  | { kind: "to" }
  /** 进度, progress: a bare number that follows is a percent. */
  | { kind: "progress" }
  /** 计划, 预计, will: what follows in the clause has not happened yet. */
  | { kind: "prospective" }
  /** 投资, 产值: a bare 万/亿 amount that follows is money. */
  | { kind: "money" }
  /** Swallows a word so its parts are not misread (将近 is "nearly", not "will"). */
  | { kind: "neutral" };

const status = (s: TaskStatus | null, opts: { weak?: boolean; past?: boolean; start?: boolean } = {}): Word => ({
  kind: "status",
  status: s,
  weak: opts.weak ?? false,
  past: opts.past ?? false,
  start: opts.start ?? false,
});

const NOT_STARTED = [
  "未开工", "尚未开工", "还未开工", "还没开工", "没有开工", "没开工", "未启动", "尚未启动", "未动工", "尚未动工",
  "待开工", "拟开工", "即将开工", "准备开工", "计划开工", "not started", "not yet started", "not_started",
  "has not started", "hasn't started", "yet to start",
];
/** Words for starting work: planned ("预计下月开工") they mean not started yet. */
const STARTING = ["开工", "动工", "开工建设", "started", "commenced"];
const IN_PROGRESS = ["在建", "施工中", "正在施工", "复工", "in progress", "in_progress", "under construction", "underway", "under way", "resumed"];
const IN_PROGRESS_PAST = ["已开工", "已复工", "已动工", "已经开工"];
const COMPLETED_STRONG = ["完工", "竣工", "全面竣工", "建成", "待验收", "验收中"];
const COMPLETED_STRONG_PAST = ["已完工", "已竣工", "已建成", "已经完工", "已经竣工"];
/** Verbs as well as statuses: a status only when nothing measurable follows (完成65% is a verb). */
const COMPLETED_WEAK = ["完成", "全部完成", "全面完成", "完成了", "done", "completed", "complete", "finished"];
const COMPLETED_WEAK_PAST = ["已完成", "已全部完成", "已全面完成", "已经完成", "已经全部完成"];
const ACCEPTED = ["验收", "通过验收", "竣工验收", "验收合格", "验收通过", "accepted"];
const ACCEPTED_PAST = ["已验收", "已通过验收", "已竣工验收", "已经验收"];
const SUSPENDED = ["停工", "暂停", "暂停施工", "停滞", "停建", "suspended", "halted", "on hold", "paused", "stopped"];
const SUSPENDED_PAST = ["已停工", "已暂停", "已经停工"];
const NEGATED = [
  "未完成", "尚未完成", "还未完成", "没有完成", "没完成", "未全部完成", "未完工", "尚未完工", "未竣工", "尚未竣工",
  "未验收", "尚未验收", "未停工", "没有停工", "不停工", "未暂停", "not done", "not yet done", "not completed",
  "not yet completed", "not complete", "not finished", "incomplete", "not accepted", "not suspended", "not stopped",
];

const THIS_PERIOD = ["本周", "本旬", "本月", "今日", "今天", "当日", "当天", "本日", "本期", "当周", "当月", "这周", "昨日", "昨天", "this week", "today", "this month", "yesterday", "this period"];
const CUMULATIVE = ["累计", "累积", "总计", "共计", "合计", "总共", "至今", "截至", "截止", "截至目前", "截止目前", "开工以来", "total", "in total", "so far", "to date", "cumulative", "cumulatively"];
const RISE = ["提高", "提升", "增加", "上升", "增长", "推进了", "up", "rose", "risen", "increased", "increase", "gained", "grew"];
const FALL = ["下降", "降低", "减少", "回落", "down", "dropped", "decreased", "fell"];
const TO = ["到", "至", "达到", "达", "升至", "to", "reached", "reaching"];
const PROGRESS = ["进度", "形象进度", "完成率", "完成比例", "完成进度", "工程进度", "总体进度", "总进度", "progress", "completion"];
const PROSPECTIVE = [
  "将", "预计", "计划", "争取", "力争", "拟", "确保", "力求", "预期", "目标", "准备", "月底前", "年底前", "底前", "之前",
  "以前", "日前", "号前", "节前", "月内", "周内", "天内", "日内", "年内", "下周", "下月", "明天", "明日", "尽快", "will", "expected", "expect", "expects", "planned", "plan", "plans", "target",
  "targeted", "scheduled", "to be", "should", "aim", "aiming", "going to",
];
const MONEY = ["投资", "完成投资", "资金", "产值", "拨付", "investment", "invested"];
const NEUTRAL = ["将近", "接近", "按计划", "计划的", "完成量", "工程量", "项目", "目前"];

const entries: (readonly [string, Word])[] = [];
const add = (words: readonly string[], word: Word): void => {
  for (const w of words) entries.push([w, word]);
};
add(NOT_STARTED, status("not_started"));
add(STARTING, status("in_progress", { start: true }));
add(IN_PROGRESS, status("in_progress"));
add(IN_PROGRESS_PAST, status("in_progress", { past: true }));
add(COMPLETED_STRONG, status("completed"));
add(COMPLETED_STRONG_PAST, status("completed", { past: true }));
add(COMPLETED_WEAK, status("completed", { weak: true }));
add(COMPLETED_WEAK_PAST, status("completed", { weak: true, past: true }));
add(ACCEPTED, status("accepted"));
add(ACCEPTED_PAST, status("accepted", { past: true }));
add(SUSPENDED, status("suspended"));
add(SUSPENDED_PAST, status("suspended", { past: true }));
add(NEGATED, status(null));
add(THIS_PERIOD, { kind: "period", cumulative: false });
add(CUMULATIVE, { kind: "period", cumulative: true });
add(["新增", "新完成", "added"], { kind: "newly" });
add(RISE, { kind: "rise", sign: 1 });
add(FALL, { kind: "rise", sign: -1 });
add(TO, { kind: "to" });
add(PROGRESS, { kind: "progress" });
add(PROSPECTIVE, { kind: "prospective" });
add(MONEY, { kind: "money" });
add(NEUTRAL, { kind: "neutral" });

export const WORDS = new Lexicon<Word>(entries);

/** Percent signs written as words after a number. */
export type PercentSuffix = "percent" | "points";
export const PERCENT_SUFFIXES = new Lexicon<PercentSuffix>([
  ["%", "percent"],
  ["percent", "percent"],
  ["per cent", "percent"],
  ["pct", "percent"],
  ["个百分点", "points"],
  ["百分点", "points"],
  ["个点", "points"],
  ["percentage points", "points"],
  ["percentage point", "points"],
  ["points", "points"],
  ["point", "points"],
  ["pts", "points"],
  ["pp", "points"],
]);
