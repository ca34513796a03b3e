import { describe, expect, it } from "vitest";
import { parseReport } from "#src/domain/parser/index.js";
import type {
  BlockError,
  BlockerCategory,
  Language,
  ParseContext,
  ParsedReport,
  ParseErrorCode,
  ParseResult,
  Quantity,
  QuantityUnit,
  ResolvedProblem,
} from "#src/domain/types.js";
import { parsedReport } from "../support/reports.js";

/**
 * MESSAGES.md "Finer points: what a careful clerk also knows": each rule's own examples exactly,
 * then variants in simplified, traditional and English.
 */

type Fields = Partial<Omit<ParsedReport, "task">>;
const report = (task: string, fields: Fields = {}): ParsedReport => parsedReport(task, fields);
const ok = (reports: ParsedReport[], errors: BlockError[] = []): ParseResult => ({ ok: true, reports, errors });
const one = (fields: Fields = {}): ParseResult => ok([report("BY-01", fields)]);
const fail = (error: ParseErrorCode, language: Language | null, plan?: string, task: string | null = "BY-01"): ParseResult =>
  plan === undefined ? { ok: false, error, task, language } : { ok: false, error, task, language, plan };
const qty = (value: number, unit: QuantityUnit, cumulative = true): Quantity => ({ value, unit, cumulative });
const blocker = (category: BlockerCategory, text: string) => ({ category, text });
const closed = (category: BlockerCategory | "all", text: string): ResolvedProblem => ({ category, text });
const going = (fields: Fields = {}): ParseResult => one({ status: "in_progress", ...fields });
const done = (fields: Fields = {}): ParseResult => one({ status: "completed", percent: 100, ...fields });

/** A row: the message and the expected result. */
type Row = readonly [text: string, expected: ParseResult];
/** A row read with a context (task, target unit). */
type ContextRow = readonly [text: string, expected: ParseResult, context: ParseContext];

const check = (text: string, expected: ParseResult): void => {
  expect(parseReport(text)).toEqual(expected);
};
const checkWith = (text: string, expected: ParseResult, context: ParseContext): void => {
  expect(parseReport(text, context)).toEqual(expected);
};

describe("spaces and widths", () => {
  it.each<Row>([
    ["BY-01 2.6 万平方米", going({ quantity: qty(26000, "m2") })],
    ["BY-01 1,200 m2", going({ quantity: qty(1200, "m2") })],
    ["BY-01 8,600 m³", going({ quantity: qty(8600, "m3") })],
    ["ＢＹ－０１ ６５％", going({ percent: 65 })],
    // variants
    ["BY-01 累计拆迁 2.6 万平方米", going({ quantity: qty(26000, "m2") })],
    ["BY-01 已拆遷 2.6 萬平方米", going({ quantity: qty(26000, "m2") })],
    ["BY-01 完成 3.5 万 m2", going({ quantity: qty(35000, "m2") })],
    ["BY-01 1.2 亿元", going({ quantity: qty(120000000, "cny") })],
    ["BY-01 8,600 m3 so far", going({ quantity: qty(8600, "m3") })],
    ["ＢＹ－０１ 進度６５％", going({ percent: 65 })],
  ])("%j", check);
});

describe("counting words and units", () => {
  it.each<Row>([
    ["BY-01 6个小区", going({ quantity: qty(6, "count") })],
    ["BY-01 15個點位", going({ quantity: qty(15, "count") })],
    ...["点位", "宗", "株", "根", "户", "套", "间", "辆", "盏", "栋", "座", "处", "项", "家"].map(
      (word): Row => [`BY-01 12${word}`, going({ quantity: qty(12, "count") })],
    ),
    ["BY-01 30亩", going({ quantity: qty(20000, "m2") })],
    ["BY-01 1.5公顷", going({ quantity: qty(15000, "m2") })],
    ["BY-01 800延米", going({ quantity: qty(800, "m") })],
    ["BY-01 3.5公里", going({ quantity: qty(3.5, "km") })],
    // variants
    ["BY-01 累计改造6个小区", going({ quantity: qty(6, "count") })],
    ["BY-01 完成15个点位", going({ quantity: qty(15, "count") })],
    ["BY-01 已改造12個社區", going({ quantity: qty(12, "count") })],
    ["BY-01 新建3个停车场", going({ quantity: qty(3, "count") })],
    ["BY-01 徵地30畝", going({ quantity: qty(20000, "m2") })],
    ["BY-01 征地3亩", going({ quantity: qty(2000, "m2") })],
    ["BY-01 綠化2公頃", going({ quantity: qty(20000, "m2") })],
    ["BY-01 铺设管道800延米", going({ quantity: qty(800, "m") })],
    ["BY-01 2 hectares", going({ quantity: qty(20000, "m2") })],
    // 个 before a span of time or a percentage point is not a count
    ["BY-01 用时3个月", fail("no_progress", "zh-CN")],
    ["BY-01 提前5个工作日", fail("no_progress", "zh-CN")],
    ["BY-01 提高5个点", going({ percentDelta: 5 })],
  ])("%j", check);
});

describe("words for numbers", () => {
  it.each<Row>([
    ["BY-01 八成", going({ percent: 80 })],
    ["BY-01 七成五", going({ percent: 75 })],
    ["BY-01 三分之二", going({ percent: 66.7 })],
    ["BY-01 一半", going({ percent: 50 })],
    ["BY-01 进度三点五", going({ percent: 3.5 })],
    ["BY-01 两千零五十米", going({ quantity: qty(2050, "m") })],
    ["BY-01 过半", fail("no_progress", "zh-CN")],
    ["BY-01 大半", fail("no_progress", "zh-CN")],
    ["BY-01 接近完成", fail("no_progress", "zh-CN")],
    ["BY-01 基本完成", fail("no_progress", "zh-CN")],
    ["BY-01 已完成大半", fail("no_progress", "zh-CN")],
    // variants
    ["BY-01 完成八成", going({ percent: 80 })],
    ["BY-01 已完成七成五", going({ percent: 75 })],
    ["BY-01 完成三分之二", going({ percent: 66.7 })],
    ["BY-01 完成四分之三", going({ percent: 75 })],
    ["BY-01 完成了一半", going({ percent: 50 })],
    ["BY-01 铺设管道三点五公里", going({ quantity: qty(3.5, "km") })],
    ["BY-01 两千零五十方", going({ quantity: qty(2050, "m3") })],
    ["BY-01 已完成八成", going({ percent: 80 })],
    ["BY-01 工程過半", fail("no_progress", "zh-TW")],
    ["BY-01 已基本完成", fail("no_progress", "zh-CN")],
    ["BY-01 基本完成了", fail("no_progress", "zh-CN")],
    ["BY-01 接近完成，进度95%", going({ percent: 95 })],
    ["BY-01 基本完工，進度98%", going({ percent: 98 })],
    ["BY-01 nearly done", fail("no_progress", "en")],
    ["BY-01 almost complete", fail("no_progress", "en")],
    ["BY-01 mostly done", fail("no_progress", "en")],
  ])("%j", check);
});

describe("verbs before a number", () => {
  it.each<Row>([
    ["BY-01 累计建成口袋公园1.5公顷", going({ quantity: qty(15000, "m2") })],
    ...["完成", "建成", "实施", "改造", "拆除", "安装", "铺设", "签约"].map((verb): Row => [`BY-01 ${verb}12处`, going({ quantity: qty(12, "count") })]),
    // variants
    ["BY-01 累計建成口袋公園1.5公頃", going({ quantity: qty(15000, "m2") })],
    ["BY-01 已建成3座", going({ quantity: qty(3, "count") })],
    ["BY-01 完工3栋", going({ quantity: qty(3, "count") })],
    ["BY-01 实施改造5个小区", going({ quantity: qty(5, "count") })],
    ["BY-01 built 3 buildings", going({ quantity: qty(3, "count") })],
    ["BY-01 completed 1,200 m3", going({ quantity: qty(1200, "m3") })],
    // with nothing after it, 建成 is the status
    ["BY-01 已建成", done()],
    ["BY-01 已建成，进度100%", done()],
    // after a number, the word describes it
    ["BY-01 一半完工", going({ percent: 50 })],
    ["BY-01 2栋已完工，剩余3栋在建", going({ quantity: qty(2, "count") })],
  ])("%j", check);
});

describe("rates that are not progress", () => {
  it.each<Row>([
    ["BY-01 同比增长15%", fail("no_progress", "zh-CN")],
    ["BY-01 环比增长12%", fail("no_progress", "zh-CN")],
    ...["同比", "环比", "增长", "增速", "签约率", "合格率", "满意度", "出勤率", "占比", "到位率"].map(
      (word): Row => [`BY-01 进度60%，${word}15%`, going({ percent: 60 })],
    ),
    ...["完成率", "完成比例", "形象进度", "总体进度", "进度"].map((word): Row => [`BY-01 ${word}60%`, going({ percent: 60 })]),
    // variants
    ["BY-01 投资同比增长15%，进度60%", going({ percent: 60 })],
    ["BY-01 產值環比增長12%", fail("no_progress", "zh-TW")],
    ["BY-01 簽約率85%，進度40%", going({ percent: 40 })],
    ["BY-01 合格率100%", fail("no_progress", "zh-CN")],
    ["BY-01 资金到位率60%", fail("no_progress", "zh-CN")],
    ["BY-01 同比增长5个百分点", fail("no_progress", "zh-CN")],
    ["BY-01 进度增长5个百分点", going({ percentDelta: 5 })],
    ["BY-01 growth 15%, progress 60%", going({ percent: 60 })],
    ["BY-01 satisfaction 95%", fail("no_progress", "en")],
    ["BY-01 completion rate 60%", going({ percent: 60 })],
    ["BY-01 完成投资2.3亿元，占年度计划的60%", going({ quantity: qty(230000000, "cny") })],
    ["BY-01 年度计划完成率60%", going({ percent: 60 })],
  ])("%j", check);
});

describe("size is not work done", () => {
  it.each<Row>([
    ["BY-01 总投资12亿元", fail("no_progress", "zh-CN")],
    ["BY-01 总投资12亿元，已完成投资4.5亿元", going({ quantity: qty(450000000, "cny") })],
    [
      "BY-01 进度70%，资金缺口2000万元",
      going({ percent: 70, blockers: [blocker("funding", "资金缺口2000万元")] }),
    ],
    ...["总投资", "计划投资", "总规模", "总面积", "总长", "计划", "目标", "剩余", "缺口"].map(
      (word): Row => [`BY-01 进度60%，${word}5万平方米`, going({ percent: 60 })],
    ).map(([text, expected]): Row => {
      // 计划 and 目标 are forecasts as well as sizes: they are kept as the plan
      const word = text.slice("BY-01 进度60%，".length, -"5万平方米".length);
      if (word === "计划" || word === "目标") return [text, going({ percent: 60, plan: `${word}5万平方米` })];
      if (word === "缺口") return [text, going({ percent: 60, blockers: [blocker("other", "缺口5万平方米")] })];
      return [text, expected];
    }),
    // variants
    ["BY-01 總投資12億元，已完成投資4.5億元", going({ quantity: qty(450000000, "cny") })],
    ["BY-01 总面积5万平方米，已拆迁2万平方米", going({ quantity: qty(20000, "m2") })],
    ["BY-01 总长3.5公里，已铺设1.2公里", going({ quantity: qty(1.2, "km") })],
    ["BY-01 剩余12户未签约，进度50%", going({ percent: 50 })],
    ["BY-01 剩余30%", fail("no_progress", "zh-CN")],
    ["BY-01 total investment 1.2 billion yuan, invested 300 million yuan", going({ quantity: qty(300000000, "cny") })],
    ["BY-01 remaining 12 households", fail("no_progress", "en")],
  ])("%j", check);
});

describe("two quantities of work done", () => {
  const text = "BY-01 累计拆迁18万平方米，清运建筑垃圾3万方";
  it.each<ContextRow>([
    // no target: the one marked 累计
    [text, going({ quantity: qty(180000, "m2"), note: "清运建筑垃圾3万方" }), {}],
    // the target's unit counts
    [text, going({ quantity: qty(30000, "m3"), note: "累计拆迁18万平方米" }), { targetUnit: "m3" }],
    [text, going({ quantity: qty(180000, "m2"), note: "清运建筑垃圾3万方" }), { targetUnit: "m2" }],
    // none in the target's unit: the one marked 累计
    [text, going({ quantity: qty(180000, "m2"), note: "清运建筑垃圾3万方" }), { targetUnit: "t" }],
    // m and km differ
    ["BY-01 铺设管道1.2公里，累计铺设800米", going({ quantity: qty(1.2, "km"), note: "累计铺设800米" }), { targetUnit: "km" }],
    ["BY-01 铺设管道1.2公里，累计铺设800米", going({ quantity: qty(800, "m"), note: "铺设管道1.2公里" }), { targetUnit: "m" }],
    // neither marked: the first
    ["BY-01 拆除3栋，清运1200方", going({ quantity: qty(3, "count"), note: "清运1200方" }), {}],
    ["BY-01 拆除3棟，清運1200方", going({ quantity: qty(1200, "m3"), note: "拆除3棟" }), { targetUnit: "m3" }],
    ["BY-01 demolished 3 buildings, 1,200 m3 hauled", going({ quantity: qty(1200, "m3"), note: "demolished 3 buildings" }), { targetUnit: "m3" }],
    // an existing note comes first
    [
      "BY-01 拆除3栋，清运1200方\n备注：雨天停工两天",
      going({ quantity: qty(1200, "m3"), note: "雨天停工两天；拆除3栋" }),
      { targetUnit: "m3" },
    ],
  ])("%j (context %j)", checkWith);
});

describe("a part is not the task", () => {
  it.each<Row>([
    ...["主体", "基础", "结构", "清表", "路基", "一期", "第2标段", "3号楼"].map((part): Row => [`BY-01 ${part}已完成`, going()]),
    ["BY-01 主体封顶", going()],
    ["BY-01 路基贯通", going()],
    ["BY-01 项目已全部完工", done()],
    ["BY-01 已竣工", done()],
    ["BY-01 完成了", done()],
    ["BY-01 done ✅", done()],
    // variants
    ["BY-01 主體封頂", going()],
    ["BY-01 路基貫通", going()],
    ["BY-01 主体结构已完工", going()],
    ["BY-01 一期已竣工", going()],
    ["BY-01 第二標段完工", going()],
    ["BY-01 3號樓竣工", going()],
    ["BY-01 主体封顶，进度65%", going({ percent: 65 })],
    ["BY-01 主体封顶，项目已全部完工", done()],
    ["BY-01 停工，主体已封顶", one({ status: "suspended" })],
    ["BY-01 main structure completed", going()],
    ["BY-01 phase 1 completed", going()],
    ["BY-01 foundation done", going()],
    ["BY-01 項目已全部完工", done()],
    ["BY-01 完成✅", done()],
    ["BY-01 done 👍", done()],
  ])("%j", check);
});

describe("negation", () => {
  it.each<Row>([
    ["BY-01 尚未开工", one({ status: "not_started" })],
    ["BY-01 暂未开工", one({ status: "not_started" })],
    ["BY-01 还没开工", one({ status: "not_started" })],
    ["BY-01 not yet started", one({ status: "not_started" })],
    ["BY-01 已竣工，尚未验收", done()],
    ["BY-01 completed, not yet accepted", done()],
    ["BY-01 完工待验收", done()],
    ["BY-01 进度100%，等待竣工验收", done()],
    ["BY-01 已竣工，正在组织验收", done()],
    ["BY-01 清表尚未完成，进度90%", going({ percent: 90 })],
    ["BY-01 尚未完成", fail("no_progress", "zh-CN")],
    // variants
    ["BY-01 暫未開工", one({ status: "not_started" })],
    ["BY-01 還沒開工", one({ status: "not_started" })],
    ["BY-01 已竣工，尚未驗收", done()],
    ["BY-01 已竣工，正在組織驗收", done()],
    ["BY-01 已完工，待业主验收", done()],
    ["BY-01 已竣工，申请验收", done()],
    // 准备 is also a forecast word: the acceptance still to come is kept as the plan
    ["BY-01 已竣工，准备验收", done({ plan: "准备验收" })],
    ["BY-01 completed, acceptance pending", done()],
    ["BY-01 completed, pending acceptance", done()],
    ["BY-01 尚未完成。", fail("no_progress", "zh-CN")],
    ["BY-01 not yet completed", fail("no_progress", "en")],
    ["BY-01 清表尚未完成", fail("no_progress", "zh-CN")],
  ])("%j", check);
});

describe("percent of a status", () => {
  it.each<Row>([
    ["BY-01 已完成", done()],
    ["BY-01 已验收", one({ status: "accepted", percent: 100 })],
    ["BY-01 accepted", one({ status: "accepted", percent: 100 })],
    ["BY-01 已驗收", one({ status: "accepted", percent: 100 })],
    ["BY-01 已完成，进度95%", one({ status: "completed", percent: 95 })],
    ["BY-01 未开工", one({ status: "not_started" })],
    ["BY-01 未开工，进度0%", one({ status: "not_started", percent: 0 })],
  ])("%j", check);
});

describe("signs", () => {
  it.each<Row>([
    ["BY-01 +5%", going({ percentDelta: 5 })],
    ["BY-01 -5%", one({ percentDelta: -5 })],
    ["BY-01 下降5个百分点", one({ percentDelta: -5 })],
    ["BY-01 减少5%", one({ percentDelta: -5 })],
    ["BY-01 120%", fail("percent_out_of_range", null)],
    // variants
    ["BY-01 進度+5%", going({ percentDelta: 5 })],
    ["BY-01 減少5%", one({ percentDelta: -5 })],
    ["BY-01 进度下降5个百分点", one({ percentDelta: -5 })],
    ["BY-01 down 5 points", one({ percentDelta: -5 })],
    ["BY-01 +5 pts", going({ percentDelta: 5 })],
    ["BY-01 -150%", fail("percent_out_of_range", null)],
    ["BY-01 进度120%", fail("percent_out_of_range", "zh-CN")],
  ])("%j", check);
});

describe("period marks before a percent", () => {
  it.each<Row>([
    ["BY-01 本周完成5%", going({ percentDelta: 5 })],
    ["BY-01 本月进度提高3个百分点", going({ percentDelta: 3 })],
    ["BY-01 今日新增2%", going({ percentDelta: 2 })],
    ["BY-01 this week +5%", going({ percentDelta: 5 })],
    ["BY-01 新增5%", going({ percentDelta: 5 })],
    ["BY-01 截至本周完成68%", going({ percent: 68 })],
    ["BY-01 截至11月25日完成68%", going({ percent: 68 })],
    ["BY-01 本周完成3%，累计完成68%", going({ percent: 68, percentDelta: 3 })],
    ["BY-01 进度由50%提高到58%", going({ percent: 58 })],
    // variants
    ["BY-01 本週完成5%", going({ percentDelta: 5 })],
    ["BY-01 今天完成2%", going({ percentDelta: 2 })],
    ["BY-01 本週完成3%，累計完成68%", going({ percent: 68, percentDelta: 3 })],
    ["BY-01 進度由50%提高到58%", going({ percent: 58 })],
    ["BY-01 截至11月25日，完成68%", going({ percent: 68 })],
    ["BY-01 this week 5%", going({ percentDelta: 5 })],
    ["BY-01 progress rose from 50% to 58%", going({ percent: 58 })],
    ["BY-01 截至本周拆迁5万平方米", going({ quantity: qty(50000, "m2") })],
  ])("%j", check);
});

describe("forecasts and plans", () => {
  it.each<Row>([
    ["BY-01 预计下周完成60%", fail("no_progress", "zh-CN", "预计下周完成60%")],
    ["BY-01 计划月底前完成80%", fail("no_progress", "zh-CN", "计划月底前完成80%")],
    ["BY-01 力争完成70%", fail("no_progress", "zh-CN", "力争完成70%")],
    ["BY-01 争取月底达到90%", fail("no_progress", "zh-CN", "争取月底达到90%")],
    ["BY-01 确保年底前完工", fail("no_progress", "zh-CN", "确保年底前完工")],
    ["BY-01 expected to reach 60%", fail("no_progress", "en", "expected to reach 60%")],
    // variants
    ["BY-01 預計下週完成60%", fail("no_progress", "zh-TW", "預計下週完成60%")],
    ["BY-01 进度50%，预计下周完成60%", going({ percent: 50, plan: "预计下周完成60%" })],
    ["BY-01 progress 50%, expected to reach 60% next week", going({ percent: 50, plan: "expected to reach 60% next week" })],
    ["BY-01 预计下周完成60%\n下步：协调拆迁", fail("no_progress", "zh-CN", "预计下周完成60%；协调拆迁")],
  ])("%j", check);

  it("a reply to a prompt with only a forecast keeps it", () => {
    checkWith("预计下周完成60%", fail("no_progress", "zh-CN", "预计下周完成60%", "BY-09"), { task: "BY-09" });
  });
});

describe("several tasks in one line", () => {
  const both = (fields: Fields): ParseResult => ok([report("BY-01", fields), report("BY-02", fields)]);
  it.each<Row>([
    ["BY-01、BY-02均已开工", both({ status: "in_progress" })],
    ["BY-01/BY-02 进度均为60%", both({ status: "in_progress", percent: 60 })],
    // variants
    ["BY-01、BY-02均已開工", both({ status: "in_progress" })],
    ["BY-01/BY-02 進度均為60%", both({ status: "in_progress", percent: 60 })],
    ["BY-01 and BY-02 both started", both({ status: "in_progress" })],
    ["BY-01, BY-02 progress 60%", both({ status: "in_progress", percent: 60 })],
    ["BY-01、BY-02均已竣工", both({ status: "completed", percent: 100 })],
  ])("%j", check);
});

describe("one bad block", () => {
  it.each<Row>([
    [
      "BY-01 70%\nBY-02 50%\nBY-03 120%",
      ok(
        [report("BY-01", { status: "in_progress", percent: 70 }), report("BY-02", { status: "in_progress", percent: 50 })],
        [{ task: "BY-03", error: "percent_out_of_range" }],
      ),
    ],
    [
      "BY-01 70%\nBY-02 正在推进",
      ok([report("BY-01", { status: "in_progress", percent: 70 })], [{ task: "BY-02", error: "no_progress" }]),
    ],
    [
      "項目：BY-01\n進度：70%\n\n項目：BY-02\n進度：150%",
      ok([report("BY-01", { status: "in_progress", percent: 70 })], [{ task: "BY-02", error: "percent_out_of_range" }]),
    ],
    [
      "BY-01 progress 120%\nBY-02 done",
      ok([report("BY-02", { status: "completed", percent: 100 })], [{ task: "BY-01", error: "percent_out_of_range" }]),
    ],
    // a block with only a forecast keeps it
    [
      "BY-01 70%\nBY-02 预计下周完成60%",
      ok([report("BY-01", { status: "in_progress", percent: 70 })], [{ task: "BY-02", error: "no_progress", plan: "预计下周完成60%" }]),
    ],
    // every block fails: the first block's error
    ["BY-01 进度120%\nBY-02 正在推进", fail("percent_out_of_range", "zh-CN")],
    ["BY-01 正在推进\nBY-02 进度120%", fail("no_progress", "zh-CN")],
    ["BY-01 70%，另一处120%", fail("percent_out_of_range", "zh-CN")],
  ])("%j", check);
});

describe("blockers without a key", () => {
  it.each<Row>([
    ["BY-01 资金未到位，进度45%", going({ percent: 45, blockers: [blocker("funding", "资金未到位")] })],
    ["BY-01 停工，主要问题是资金未到位", one({ status: "suspended", blockers: [blocker("funding", "资金未到位")] })],
    ["BY-01 施工人员不足，进度40%", going({ percent: 40, blockers: [blocker("other", "施工人员不足")] })],
    ["BY-01 progress 40%, land not handed over", going({ percent: 40, blockers: [blocker("land", "land not handed over")] })],
    ["BY-01 尚未验收", fail("no_progress", "zh-CN")],
    ["BY-01 剩余12户未签约，进度50%", going({ percent: 50 })],
    ["BY-01 清表尚未完成，进度90%", going({ percent: 90 })],
    ["BY-01 资金未到位", fail("no_progress", "zh-CN")],
    // variants
    ["BY-01 資金未到位，進度45%", going({ percent: 45, blockers: [blocker("funding", "資金未到位")] })],
    ["BY-01 进度45%，资金未到位", going({ percent: 45, blockers: [blocker("funding", "资金未到位")] })],
    ...["不足", "缺口", "拖欠", "滞后", "困难", "受阻", "短缺"].map(
      (word): Row => [`BY-01 进度40%，材料${word}`, going({ percent: 40, blockers: [blocker("other", `材料${word}`)] })],
    ),
    ["BY-01 进度50%，用地手续未办", going({ percent: 50, blockers: [blocker("approval", "用地手续未办")] })],
    ["BY-01 进度50%，材料短缺、工期滞后", going({ percent: 50, blockers: [blocker("other", "材料短缺、工期滞后")] })],
    ["BY-01 进度50%，拆遷安置房尚未建成", going({ percent: 50, blockers: [blocker("demolition", "拆遷安置房尚未建成")] })],
    ["BY-01 progress 40%, labour shortage", going({ percent: 40, blockers: [blocker("other", "labour shortage")] })],
    ["BY-01 progress 40%, funding delayed", going({ percent: 40, blockers: [blocker("funding", "funding delayed")] })],
    ["BY-01 progress 40%, permit pending", going({ percent: 40, blockers: [blocker("approval", "permit pending")] })],
    ["BY-01 进度40%，尚未验收", going({ percent: 40 })],
    ["BY-01 progress 40%, not yet accepted", going({ percent: 40 })],
    // a negated phrase reaches no status after it; trouble denied is no blocker
    ["BY-01 因资金未到位停工", one({ status: "suspended", blockers: [blocker("funding", "因资金未到位停工")] })],
    ["BY-01 工程进度60%，没有困难", going({ percent: 60 })],
    ["BY-01 进度60%，暂无问题", going({ percent: 60 })],
    ["BY-01 材料短缺，无法按期开工", one({ status: "not_started", blockers: [blocker("other", "材料短缺")] })],
    ["BY-01 无法按期开工", one({ status: "not_started" })],
    ["BY-01 progress 60%, no funding yet", going({ percent: 60, blockers: [blocker("funding", "no funding yet")] })],
  ])("%j", check);
});

describe("a blocker's category", () => {
  it.each<[string, BlockerCategory]>([
    ["拆迁资金未到位", "funding"],
    ["用地审批未完成", "approval"],
    ["征收补偿标准未定", "demolition"],
    ["拆遷資金未到位", "funding"],
    ["用地審批未完成", "approval"],
    ["徵收補償標準未定", "demolition"],
    ["安置用地未落实", "land"],
    ["征地手续未办", "approval"],
    ["规划未批复", "approval"],
    ["天气影响", "other"],
    ["funding for relocation delayed", "demolition"],
  ])("问题：%s → %s", (text, category) => {
    check(`BY-01 进度50%，问题：${text}`, going({ percent: 50, blockers: [blocker(category, text)] }));
  });

  it("issue: land permit pending → approval", () => {
    check(
      "BY-01 progress 50%, issue: land permit pending",
      going({ percent: 50, blockers: [blocker("approval", "land permit pending")] }),
    );
  });
});

describe("closing a problem", () => {
  it.each<Row>([
    ["BY-01 资金问题已解决", one({ resolved: [closed("funding", "资金问题已解决")] })],
    ["BY-01 用地已落实", one({ resolved: [closed("land", "用地已落实")] })],
    ["BY-01 审批已办结", one({ resolved: [closed("approval", "审批已办结")] })],
    ["BY-01 funding resolved", one({ resolved: [closed("funding", "funding resolved")] })],
    ["BY-01 问题已解决", one({ resolved: [closed("all", "问题已解决")] })],
    ["BY-01 问题已销号", one({ resolved: [closed("all", "问题已销号")] })],
    // variants
    ["BY-01 資金問題已解決", one({ resolved: [closed("funding", "資金問題已解決")] })],
    ["BY-01 問題已銷號", one({ resolved: [closed("all", "問題已銷號")] })],
    ["BY-01 拆迁安置已落实", one({ resolved: [closed("demolition", "拆迁安置已落实")] })],
    ["BY-01 施工许可已批复", one({ resolved: [closed("approval", "施工许可已批复")] })],
    ["BY-01 用地已交付", one({ resolved: [closed("land", "用地已交付")] })],
    ["BY-01 permit approved", one({ resolved: [closed("approval", "permit approved")] })],
    ["BY-01 land in place", one({ resolved: [closed("land", "land in place")] })],
    ["BY-01 all issues resolved", one({ resolved: [closed("all", "all issues resolved")] })],
    ["BY-01 进度60%，资金已到位", going({ percent: 60, resolved: [closed("funding", "资金已到位")] })],
    ["BY-01 进度60%\n问题：资金已到位", going({ percent: 60, resolved: [closed("funding", "资金已到位")] })],
    [
      "BY-01 进度60%\n问题：资金已到位；用地未交付",
      going({ percent: 60, blockers: [blocker("land", "用地未交付")], resolved: [closed("funding", "资金已到位")] }),
    ],
    ["资金问题已解决", fail("no_task", "zh-CN", undefined, null)],
    // a done word without a marker or a problem is nothing to close
    ["BY-01 人员已到位", fail("no_progress", "zh-CN")],
  ])("%j", check);

  it("a reply to a prompt that only closes a problem is that task's report", () => {
    checkWith("资金问题已解决", ok([report("BY-07", { resolved: [closed("funding", "资金问题已解决")] })]), { task: "BY-07" });
  });
});

// Its speed (under a millisecond, like every message) is measured by `npm run bench -- parse`.
describe("every finer point in one message", () => {
  it("each lands in its own field", () => {
    const text =
      "BY-01 总投资12亿元，已完成投资4.5亿元，同比增长15%，本周完成3%，累计完成68%，主体封顶，资金未到位，用地已落实，预计下周完成70%";
    expect(parseReport(text)).toEqual(
      going({
        percent: 68,
        percentDelta: 3,
        quantity: qty(450000000, "cny"),
        blockers: [blocker("funding", "资金未到位")],
        resolved: [closed("land", "用地已落实")],
        plan: "预计下周完成70%",
      }),
    );
  });
});
