import { pathToFileURL } from "node:url";
import { parseReport } from "#src/domain/parser/index.js";

/** How long the throughput loop runs; warm-up and the per-message pass add about a second. */
const MEASURE_NS = 3_000_000_000n;
const TARGET_PER_SECOND = 50_000;
const TARGET_SLOWEST_MS = 1;

/** A small deterministic generator so every run measures the same corpus. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CorpusItem {
  text: string;
  task?: string;
}

/** A mixed corpus of what officers actually send: one-liners, forms, several tasks, both scripts, English, chit-chat, mistakes. */
export function buildCorpus(size = 2_000): CorpusItem[] {
  const random = makeRandom(20260101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const prefixes = ["BY", "XQH", "GS", "ZZ", "CN", "NH"];
  const code = (): string => {
    const prefix = pick(prefixes);
    const n = String(int(1, 40)).padStart(2, "0");
    return pick([`${prefix}-${n}`, `#${prefix}-${n}`, `【${prefix}-${n}】`, `[${prefix}-${n}]`, `${prefix.toLowerCase()}-${n}`, `${prefix}${n}`]);
  };
  const zhQuantity = (): string =>
    pick([
      `已拆迁${int(1, 30)}万平方米`,
      `累计清淤${int(1, 20)}.${int(0, 9)}万方`,
      `本周完成${int(100, 9000)}方`,
      `铺设管道${int(1, 9)}.${int(1, 9)}公里`,
      `完成投资${int(1, 9)}.${int(1, 9)}亿元`,
      `签约${int(10, 400)}户`,
      `拆除${int(1, 60)}栋`,
      `今日浇筑混凝土${int(50, 900)}方`,
      `新增绿化${int(1, 9)},${String(int(0, 999)).padStart(3, "0")}平方米`,
      `安装路灯${pick(["六十", "一百二十", "两千三百", "十八"])}盏`,
    ]);
  const zhBlocker = (): string =>
    pick(["资金未到位", "规划许可未批复", "征地未完成", "拆迁户不配合", "雨天影响施工", "经费拨付滞后", "用地手续未办", "1.资金未到位 2.规划许可未批复", "无"]);
  const zhStatus = (): string => pick(["已开工", "在建", "竣工", "已验收", "停工", "未开工", "已完成", "施工中"]);

  const templates: (() => CorpusItem)[] = [
    () => ({ text: `${code()} 进度${int(1, 99)}%，${zhQuantity()}` }),
    () => ({ text: `${code()} 进度${int(1, 99)}%，${zhQuantity()}，问题：${zhBlocker()}` }),
    () => ({ text: `${code()} ${zhStatus()}` }),
    () => ({ text: `${code()} 形象进度达到${int(1, 99)}％，较上周提高${int(1, 9)}个百分点` }),
    () => ({ text: `${code()} 完成${pick(["百分之六十五", "七成", `${int(1, 99)}%`])}` }),
    () => ({
      text: `项目：${code()}\n进度：${int(1, 99)}%\n完成量：${int(1, 30)}万平方米\n问题：${zhBlocker()}\n下步：月底前完成清表`,
    }),
    () => ({
      text: `项目：${code()}\n状态：${zhStatus()}\n问题：\n1、资金未到位\n2、用地手续未办\n备注：雨天停工两天`,
    }),
    () => ({ text: `${code()} ${int(1, 99)}%\n${code()} ${zhStatus()}\n${code()} ${zhQuantity()}` }),
    () => ({ text: `项目：${code()}\n进度：${int(1, 99)}%\n\n项目：${code()}\n进度：${int(1, 99)}%\n问题：${zhBlocker()}` }),
    () => ({
      text: `${code()} 進度${int(1, 99)}%，已拆遷${int(1, 30)}萬平方米，問題：${pick(["資金未到位", "規劃許可未批覆", "徵地未完成"])}`,
    }),
    () => ({ text: `項目：${code()}\n進度：${int(1, 99)}%\n狀態：在建\n備註：無` }),
    () => ({ text: `${code()} ${int(1, 99)}% complete, ${int(100, 5000).toLocaleString("en")} m3 this week. Issue: ${pick(["funding delayed", "land not handed over", "permit pending", "none"])}` }),
    () => ({ text: `Task: ${code()}\nProgress: ${int(1, 99)}%\nStatus: in progress\nNext: finish clearing by month end` }),
    () => ({ text: `${code()} ${pick(["done", "completed", "on hold", "not started", "accepted"])}` }),
    () => ({ text: pick(["收到", "好的", "👍", "收到，谢谢", "ok thanks", "辛苦了", "明白", "好的，马上落实", "@张三 请今天报进度"]) }),
    () => ({ text: `进度${int(1, 99)}%，${zhQuantity()}`, task: `BY-${String(int(1, 40)).padStart(2, "0")}` }),
    () => ({ text: `${zhQuantity()}，进度${int(1, 99)}%` }),
    () => ({ text: `${code()} 正在推进` }),
    () => ({ text: `${code()} 进度${int(101, 150)}%` }),
    () => ({ text: `${code()} 问题：${zhBlocker()}` }),
    // Every finer point at once: investment, year-on-year, weekly and cumulative figures, a
    // milestone, a problem, one closed, a forecast.
    () => ({
      text: `${code()} 总投资12亿元，已完成投资${int(1, 9)}.${int(0, 9)}亿元，同比增长${int(1, 30)}%，本周完成${int(1, 5)}%，累计完成${int(10, 90)}%，主体封顶，资金未到位，用地已落实，预计下周完成70%`,
    }),
  ];

  const corpus: CorpusItem[] = [];
  for (let i = 0; i < size; i++) corpus.push(pick(templates)());
  return corpus;
}

const number = (n: number): string => Math.round(n).toLocaleString("en");

/** Measures parse throughput on one core and the slowest message; prints one summary line. */
export async function benchParse(): Promise<void> {
  const corpus = buildCorpus();
  const contexts = corpus.map((item) => (item.task === undefined ? undefined : { task: item.task }));

  // warm-up: let the JIT settle before anything is timed
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < corpus.length; i++) parseReport((corpus[i] as CorpusItem).text, contexts[i]);
  }

  let parsed = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < MEASURE_NS) {
    for (let i = 0; i < corpus.length; i++) parseReport((corpus[i] as CorpusItem).text, contexts[i]);
    parsed += corpus.length;
    elapsed = process.hrtime.bigint() - started;
  }
  const perSecond = parsed / (Number(elapsed) / 1e9);

  // Each message timed alone, three times; its best time is its cost, free of a stray GC pause.
  let slowestNs = 0n;
  let worstCallNs = 0n;
  let slowestText = "";
  for (let i = 0; i < corpus.length; i++) {
    const item = corpus[i] as CorpusItem;
    let best = -1n;
    for (let r = 0; r < 3; r++) {
      const t0 = process.hrtime.bigint();
      parseReport(item.text, contexts[i]);
      const ns = process.hrtime.bigint() - t0;
      if (best < 0n || ns < best) best = ns;
      if (ns > worstCallNs) worstCallNs = ns;
    }
    if (best > slowestNs) {
      slowestNs = best;
      slowestText = item.text;
    }
  }
  const slowestMs = Number(slowestNs) / 1e6;
  const worstMs = Number(worstCallNs) / 1e6;

  console.log(
    `parse: ${number(corpus.length)} messages, ${number(perSecond)} msg/s, slowest ${slowestMs.toFixed(2)} ms ` +
      `(target ≥${number(TARGET_PER_SECOND)} msg/s, ≤${TARGET_SLOWEST_MS} ms)`,
  );
  console.log(
    `parse: worst single call ${worstMs.toFixed(2)} ms including any GC pause; slowest message ${JSON.stringify(slowestText.slice(0, 60))}` +
      (perSecond >= TARGET_PER_SECOND && slowestMs <= TARGET_SLOWEST_MS ? "; targets met" : "; TARGET MISSED"),
  );
}

// `node --import tsx bench/parse.ts` runs it on its own, as bench/parse-main.ts does
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchParse();
