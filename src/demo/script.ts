/**
 * Four working days in the demo district, as they might go: who reports when, in what words.
 * Times are Asia/Shanghai. Each day the jobs run at their default times: the digest (08:30) and
 * the 督办单 and missed-report alert (08:40), prompts (09:00) and the reminder (16:00) to
 * the unit groups.
 */

/** A message in a group. `replyTo` answers the bot's prompt for a task, or the bot's last question. */
export interface Say {
  at: string;
  group: string;
  from: string;
  text: string;
  replyTo?: { prompt: string } | { order: string } | "question";
  /** What a reader should notice, printed as an aside. */
  note?: string;
}

/** The scheduled jobs whose time has come run now. */
export interface Jobs {
  at: string;
  jobs: true;
}

export type Step = Say | Jobs;

export interface Day {
  date: string;
  title: string;
  steps: Step[];
}

const jobs = (at: string): Jobs => ({ at, jobs: true });

/**
 * Where each officer's tasks stood in last Friday's reports, as a share of what the plan
 * expected then: the demo starts mid-way, not from zero. Nobody has heard from sunhao.
 */
export const LAST_FRIDAY = "2026-12-04";
export const LAST_WEEK_PACE: Record<string, number | null> = {
  zhangwei: 0.88,
  liuyang: 0.95,
  li_na: 0.98,
  wangqiang: 0.95,
  zhaolei: 0.97,
  chenjing: 1.0,
  yangfan: 0.45,
  huangmin: 0.7,
  zhoujie: 1.0,
  wuting: 0.98,
  zhengli: 1.0,
  sunhao: null,
};

export const DEMO_DAYS: Day[] = [
  {
    date: "2026-12-07",
    title: "12月7日 星期一",
    steps: [
      jobs("08:45"),
      jobs("09:05"),
      { at: "09:20", group: "beiyuan", from: "zhangwei", text: "BY-01 进度65%，问题：拆迁补偿资金未拨付到位", note: "one line, a funding blocker" },
      { at: "09:26", group: "penghu", from: "chenjing", text: "58%", replyTo: { prompt: "PH-01" }, note: "a reply to the group's one prompt: she has two tasks in it, so the bot asks which, with buttons" },
      { at: "09:40", group: "xiaoqinghe", from: "li_na", text: "XQH-01 累计拆迁10.8万平方米", note: "a quantity against the 18万㎡ target: 60%" },
      { at: "10:05", group: "xiaoqinghe", from: "wangqiang", text: "項目：XQH-02\n進度：25%\n問題：用地指標尚未落實\n下步：月底前完成供地手續", note: "traditional Chinese, key-value lines, a land blocker" },
      { at: "10:30", group: "shirong", from: "zhoujie", text: "DL-01 progress 40%, problem: night-work permit still not approved", note: "English, an approval blocker" },
      { at: "10:48", group: "beiyuan", from: "liuyang", text: "BY-02 正在加紧推进", note: "no measure: the bot asks back" },
      { at: "10:52", group: "beiyuan", from: "liuyang", text: "进度30%", replyTo: "question", note: "the answer to the bot's question is recorded" },
      { at: "11:15", group: "gongshanghe", from: "zhaolei", text: "GS-01 本周清淤0.4万方，累计5.2万方" },
      { at: "14:10", group: "penghu", from: "yangfan", text: "PH-03 进度20%，问题：还有12户拆迁户未签约", note: "far behind, a demolition blocker" },
      { at: "14:30", group: "hedao", from: "huangmin", text: "HD-01 进度22%，困难：雨季影响施工进度" },
      { at: "15:05", group: "shirong", from: "wuting", text: "WJ-02 已拆除违章建筑17.5万平方米\nLH-01 完成亮化改造14栋", note: "two tasks in one message" },
      jobs("16:05"),
    ],
  },
  {
    date: "2026-12-08",
    title: "12月8日 星期二",
    steps: [
      jobs("08:45"),
      jobs("09:05"),
      { at: "09:10", group: "luokou", from: "admin", text: "/assign XQ-04 @zhengli", note: "the supervision office moves a task from a silent officer" },
      { at: "09:30", group: "zhijinshi", from: "zhengli", text: "XQ-01 进度5%\nXQ-02 已开工\nXQ-03 进度3%\nXQ-06 进度4%", note: "silent on Monday, four tasks at once" },
      { at: "09:50", group: "beiyuan", from: "zhangwei", text: "BY-01 进度68%\nBY-03 进度30%" },
      { at: "10:20", group: "xiaoqinghe", from: "li_na", text: "XQH-04 进度18%，问题：征地补偿标准待区里明确", note: "a land blocker" },
      { at: "11:00", group: "shirong", from: "zhoujie", text: "PGP-01 累计完成12栋\nLH-03 进度15%\nLM-01 进度23%" },
      { at: "14:00", group: "penghu", from: "chenjing", text: "PH-02 进度57%" },
      { at: "15:30", group: "gongshanghe", from: "zhaolei", text: "HD-04 进度24%" },
      jobs("16:05"),
    ],
  },
  {
    date: "2026-12-09",
    title: "12月9日 星期三",
    steps: [
      jobs("08:45"),
      jobs("09:05"),
      { at: "09:40", group: "beiyuan", from: "liuyang", text: "XX-03 进度17%\nLL-01 进度23%" },
      { at: "10:10", group: "xiaoqinghe", from: "wangqiang", text: "XQH-03 進度24%\nLL-02 進度22%" },
      { at: "10:40", group: "penghu", from: "yangfan", text: "PH-04 进度25%，问题：安置房源不足" },
      { at: "11:20", group: "hedao", from: "huangmin", text: "HD-02 进度25%\nHD-03 进度20%" },
      { at: "15:00", group: "shirong", from: "wuting", text: "LH-02 进度15%" },
      {
        at: "15:20",
        group: "beiyuan",
        from: "zhangwei",
        text: "资金问题已解决，进度74%",
        replyTo: { order: "BY-01" },
        note: "answers Tuesday's 督办单: the funding problem is closed (销号)",
      },
      jobs("16:05"),
    ],
  },
  {
    date: "2026-12-10",
    title: "12月10日 星期四",
    steps: [
      jobs("08:45"),
      { at: "09:10", group: "xiaoqinghe", from: "admin", text: "/close XQH-02 用地 区自然资源局已调剂指标", note: "the supervision office closes a problem by command" },
      { at: "09:15", group: "leaders", from: "admin", text: "/problems", note: "what is still open, oldest first, and for how long" },
    ],
  },
];
