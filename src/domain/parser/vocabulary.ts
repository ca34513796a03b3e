import type { TaskStatus } from "../types.js";
import { Lexicon } from "./lexicon.js";

/**
 * What a word means for the blocker a clause may state without a 问题 key: a word of trouble
 * (不足, delayed), a category's marker word (资金, land), a not-yet word (未, pending).
 */
export type Mark = "trouble" | "marker" | "notYet";

/** What a word in a progress sentence does to the numbers and statuses around it. */
export type Word = (
  /** A status; null for negations such as 未完成 that must not read as the status inside them. */
  | { kind: "status"; status: TaskStatus | null; weak: boolean; past: boolean; start: boolean; verb: boolean }
  /** Marks quantities as this period's work (本周) or the running total (累计); `point` for 截至. */
  | { kind: "period"; cumulative: boolean; point: boolean }
  /** 新增: both this period's work and a rise in percent. */
  | { kind: "newly" }
  /** 提高, 增加, up: the next percent in the clause is a rise (sign −1 for 下降). */
  | { kind: "rise"; sign: 1 | -1 }
  /** 到, 至, to: the next percent is where progress now stands. */
  | { kind: "to" }
  /** 由, from: the percent that follows is where progress started, not a rise ("rose from 50% to 58%"). */
  | { kind: "from" }
  /** 进度, progress: a bare number that follows is a percent. */
  | { kind: "progress" }
  /** 计划, 预计, will: what follows in the clause has not happened yet. */
  | { kind: "prospective" }
  /** 投资, 产值: a bare 万/亿 amount that follows is money. */
  | { kind: "money" }
  /** 同比, 合格率: a percent that follows describes something else ("growth": 增长, a rise after 进度). */
  | { kind: "rate"; growth: boolean }
  /** 总投资, 剩余, 缺口: a quantity or percent that follows is the task's size or what is left. */
  | { kind: "size" }
  /** 未, 待, 等待, not yet: a status word just after is not reached. */
  | { kind: "notYet" }
  /** 主体, 3号楼, 一期: a completion word after it reports that part, not the task. */
  | { kind: "part" }
  /** 封顶, 贯通: an event of a part; the task is in progress. */
  | { kind: "event" }
  /** 已解决, 已到位, resolved: closes the problem named before it. */
  | { kind: "done" }
  /** 问题, issue: a problem named without its category ("问题已解决"). */
  | { kind: "problem" }
  /** 一半: a fraction of the whole, in percent. */
  | { kind: "fraction"; percent: number }
  /** Swallows a word so its parts are not misread (将近 is "nearly", not "will"). */
  | { kind: "neutral" }
) & { mark?: Mark };

const status = (s: TaskStatus | null, opts: { weak?: boolean; past?: boolean; start?: boolean; verb?: boolean; mark?: Mark } = {}): Word => ({
  kind: "status",
  status: s,
  weak: opts.weak ?? false,
  past: opts.past ?? false,
  start: opts.start ?? false,
  verb: opts.verb ?? false,
  ...(opts.mark === undefined ? {} : { mark: opts.mark }),
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
const COMPLETED_STRONG = ["竣工", "全面竣工", "全部竣工", "全部完工", "整体完工", "待验收", "验收中"];
const COMPLETED_STRONG_PAST = ["已竣工", "已经完工", "已经竣工", "已全部完工", "已全部竣工", "已整体完工"];
/** Also verbs: "累计建成口袋公园1.5公顷" is work done, not the status. */
const COMPLETED_VERB = ["完工", "建成", "建设完成"];
const COMPLETED_VERB_PAST = ["已完工", "已建成", "已经建成"];
/** Verbs as well as statuses: a status only when nothing measurable follows (完成65% is a verb). */
const COMPLETED_WEAK = ["完成", "全部完成", "全面完成", "完成了", "done", "completed", "complete", "finished", "all done"];
const COMPLETED_WEAK_PAST = ["已完成", "已全部完成", "已全面完成", "已经完成", "已经全部完成"];
const ACCEPTED = ["验收", "通过验收", "竣工验收", "验收合格", "验收通过", "accepted"];
const ACCEPTED_PAST = ["已验收", "已通过验收", "已竣工验收", "已经验收"];
const SUSPENDED = ["停工", "暂停", "暂停施工", "停滞", "停建", "suspended", "halted", "on hold", "paused", "stopped"];
const SUSPENDED_PAST = ["已停工", "已暂停", "已经停工"];
const NEGATED = [
  "未完成", "尚未完成", "还未完成", "没有完成", "没完成", "未全部完成", "未完工", "尚未完工", "未竣工", "尚未竣工",
  "未验收", "尚未验收", "未停工", "没有停工", "不停工", "未暂停", "not done", "not yet done", "not completed",
  "not yet completed", "not complete", "not finished", "incomplete", "not accepted", "not suspended", "not stopped",
  "not yet accepted", "not yet finished",
];
/** Neither a measure nor the status completed: 已完成大半 is not 已完成. */
const NEARLY = [
  "过半", "已过半", "大半", "一大半", "多半", "近半", "接近完成", "基本完成", "基本完成了", "已基本完成", "基本完工", "已基本完工",
  "基本竣工", "基本建成", "已基本建成", "即将完成", "即将完工", "即将竣工", "快完成", "快要完成", "接近尾声", "已完成大半",
  "完成大半", "完成过半", "已完成过半", "大部分完成", "已完成大部分", "nearly done", "almost done", "nearly complete",
  "almost complete", "nearly completed", "almost completed", "mostly done", "mostly complete", "mostly completed",
  "more than half", "over half", "halfway",
];

const THIS_PERIOD = ["本周", "本旬", "本月", "今日", "今天", "当日", "当天", "本日", "本期", "当周", "当月", "这周", "昨日", "昨天", "this week", "today", "this month", "yesterday", "this period"];
const CUMULATIVE = ["累计", "累积", "总计", "共计", "合计", "总共", "至今", "截至目前", "截止目前", "开工以来", "total", "in total", "so far", "to date", "cumulative", "cumulatively"];
/** A point in time: what follows is cumulative even after 本周 ("截至本周完成68%"). */
const POINT_IN_TIME = ["截至", "截止", "截至到", "截止到", "as of", "as at"];
const RISE = ["提高", "提升", "增加", "上升", "推进了", "up", "rose", "risen", "increased", "increase", "gained", "grew"];
const FALL = ["下降", "降低", "减少", "回落", "down", "dropped", "decreased", "fell"];
const TO = ["到", "至", "达到", "达", "升至", "to", "reached", "reaching"];
const PROGRESS = ["进度", "形象进度", "完成率", "计划完成率", "完成比例", "完成进度", "工程进度", "总体进度", "总进度", "progress", "completion"];
const PROSPECTIVE = [
  "将", "预计", "计划", "争取", "力争", "拟", "确保", "力求", "预期", "目标", "准备", "月底前", "年底前", "底前", "之前",
  "以前", "日前", "号前", "节前", "月内", "周内", "天内", "日内", "年内", "下周", "下月", "明天", "明日", "尽快", "will", "expected", "expect", "expects", "planned", "plan", "plans", "target",
  "targeted", "scheduled", "to be", "should", "aim", "aiming", "going to",
];
const MONEY = ["投资", "完成投资", "产值", "investment", "invested"];
/** Money words that are also the funding category's marker. */
const MONEY_MARKERS = ["资金", "拨付"];
const NEUTRAL = ["将近", "接近", "按计划", "计划的", "完成量", "工程量", "项目", "目前", "到位", "基础设施", "由于", "从而"];
/** A percent after these describes something else (MESSAGES.md "Rates that are not progress"). */
const RATES = [
  "同比", "环比", "增速", "增幅", "占", "签约率", "合格率", "满意度", "出勤率", "占比", "到位率", "比上年", "比去年", "优良率",
  "year on year", "year-on-year", "yoy", "month on month", "month-on-month", "growth", "satisfaction",
  "pass rate", "attendance",
];
/** The task's size, what is left or what is missing: never work done. */
const SIZES = [
  "总投资", "计划投资", "总规模", "总面积", "总长", "总长度", "全长", "剩余", "尚余", "还剩", "总建筑面积", "占地面积",
  "规划面积", "建设规模", "总工程量", "总量", "total investment", "total area", "total length", "remaining",
];
/** A category's marker word (MESSAGES.md "Blocker categories"), for blockers written without a key. */
const MARKERS = [
  "经费", "款", "预算", "土地", "用地", "征地", "地块", "拆迁", "搬迁", "征收", "安置", "腾退", "审批", "手续", "许可",
  "批复", "批覆", "立项", "核准", "funding", "fund", "funds", "money", "budget", "land", "relocation", "demolition",
  "approval", "approvals", "permit", "permits",
];
/** Words of trouble: a clause with one is a blocker even without a key. */
const TROUBLE = ["不足", "拖欠", "滞后", "受阻", "短缺", "shortage", "shortages", "lack", "lacking", "delayed", "insufficient"];
/** A status word just after these is not reached ("等待竣工验收"); with a marker word they state a blocker. */
const NOT_YET = [
  "未", "尚未", "还未", "暂未", "没", "没有", "还没", "还没有", "待", "等待", "正在组织", "申请", "无法", "未能", "不能",
  "not", "not yet", "no",
  "pending", "awaiting", "yet to", "waiting for",
];
const PARTS = [
  "主体", "主体结构", "基础", "结构", "清表", "路基", "路面", "桩基", "地下室", "屋面", "一期", "二期", "三期", "四期",
  "标段", "号楼", "号地块", "foundation", "foundations", "main structure", "superstructure", "phase",
];
const EVENTS = ["封顶", "贯通", "合龙", "合拢", "topped out"];
const DONE = [
  "已解决", "已经解决", "已协调解决", "已妥善解决", "得到解决", "已落实", "已到位", "已全部到位", "已经到位", "已拨付",
  "已办结", "已批复", "已批覆", "已交付", "已销号", "resolved", "fixed", "approved", "in place", "solved", "settled",
];
const PROBLEMS = ["问题", "难题", "issue", "issues", "problem", "problems", "blocker", "blockers"];

const entries: (readonly [string, Word])[] = [];
const add = (words: readonly string[], word: Word): void => {
  for (const w of words) entries.push([w, word]);
};
add(NOT_STARTED, status("not_started", { mark: "notYet" }));
add(STARTING, status("in_progress", { start: true }));
add(IN_PROGRESS, status("in_progress"));
add(IN_PROGRESS_PAST, status("in_progress", { past: true }));
add(COMPLETED_STRONG, status("completed"));
add(COMPLETED_STRONG_PAST, status("completed", { past: true }));
add(COMPLETED_VERB, status("completed", { verb: true }));
add(COMPLETED_VERB_PAST, status("completed", { past: true, verb: true }));
add(COMPLETED_WEAK, status("completed", { weak: true }));
add(COMPLETED_WEAK_PAST, status("completed", { weak: true, past: true }));
add(ACCEPTED, status("accepted"));
add(ACCEPTED_PAST, status("accepted", { past: true }));
add(SUSPENDED, status("suspended"));
add(SUSPENDED_PAST, status("suspended", { past: true }));
add(NEGATED, status(null, { mark: "notYet" }));
add(NEARLY, { kind: "neutral" });
add(THIS_PERIOD, { kind: "period", cumulative: false, point: false });
add(CUMULATIVE, { kind: "period", cumulative: true, point: false });
add(POINT_IN_TIME, { kind: "period", cumulative: true, point: true });
add(["新增", "新完成", "added"], { kind: "newly" });
add(RISE, { kind: "rise", sign: 1 });
add(FALL, { kind: "rise", sign: -1 });
add(TO, { kind: "to" });
add(["由", "从", "from"], { kind: "from" });
add(PROGRESS, { kind: "progress" });
add(PROSPECTIVE, { kind: "prospective" });
add(MONEY, { kind: "money" });
add(MONEY_MARKERS, { kind: "money", mark: "marker" });
add(NEUTRAL, { kind: "neutral" });
add(RATES, { kind: "rate", growth: false });
add(["增长", "增长了", "growth of"], { kind: "rate", growth: true });
add(SIZES, { kind: "size" });
add(["缺口", "shortfall", "gap"], { kind: "size", mark: "trouble" });
add(MARKERS, { kind: "neutral", mark: "marker" });
add(TROUBLE, { kind: "neutral", mark: "trouble" });
add(["困难", "difficulty", "difficulties"], { kind: "problem", mark: "trouble" });
add(NOT_YET, { kind: "notYet", mark: "notYet" });
// a whole negated phrase: states a blocker with a marker word, but reaches no status after it ("因资金未到位停工")
add(["未到位", "未拨付", "未落实", "未批复", "未交付", "未办结", "未解决", "未签约"], { kind: "neutral", mark: "notYet" });
add(PARTS, { kind: "part" });
add(EVENTS, { kind: "event" });
add(DONE, { kind: "done" });
add(PROBLEMS, { kind: "problem" });
add(["一半"], { kind: "fraction", percent: 50 });

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
