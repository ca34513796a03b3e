import type { Light } from "#src/domain/plan.js";
import type { BlockerCategory, TaskStatus } from "#src/domain/types.js";

/** A forecast that gives no date, by why. */
type NoForecast = "insufficient" | "stalled" | "done";

/** Every text the bot shows, in simplified Chinese; en.ts and zh-TW.ts have the same shape. */
export const zhCN = {
  light: { green: "🟢 正常", yellow: "🟡 滞后", red: "🔴 严重滞后" } satisfies Record<Light, string>,
  overdue: "🔴 已逾期",
  status: {
    not_started: "未开工",
    in_progress: "在建",
    completed: "已完成",
    accepted: "已验收",
    suspended: "停工",
  } satisfies Record<TaskStatus, string>,
  blocker: { funding: "资金", land: "用地", demolition: "拆迁", approval: "审批", other: "其他" } satisfies Record<
    BlockerCategory,
    string
  >,
  unit: { m2: "平方米", m3: "立方米", m: "米", km: "公里", t: "吨", cny: "元", count: "个" } as Record<string, string>,

  unboundChat: "本群尚未绑定单位，暂不记录进度。请管理员在本群发送 /bind <单位名称>。",
  notAdmin: (command: string) => `只有管理员可以使用 /${command}，未作任何更改。`,
  groupOnly: (command: string) => `/${command} 需要在单位的群里使用。`,
  actionUnknown: "这个按钮已失效。",
  actionExpired: "这个问题已经过期，请重新发送。",
  actionNotYours: "这个问题是问别人的，你的点击没有改变任何东西。",
  actionAlready: "已经处理过了。",
  attachmentNotSent: "（附件未能发送，以上是它的说明文字。）",
  internalError: "处理这条消息时出错了，错误已记录。请用 /status 编号 查看是否已记上；没记上的请稍后再发一次。如果一直出错，请联系督查室。",

  bindUsage: "用法：/bind <单位名称>\n例如：/bind 北园大街指挥部",
  bound: (unit: string) => `本群已绑定到「${unit}」。管理员现在可以用 /addtask 为本单位添加项目。`,
  rebound: (from: string, to: string) => `本群原绑定「${from}」，现已改为「${to}」。`,
  boundFromLeaders: (unit: string) => `本群原为领导群，现已绑定到「${unit}」，不再接收督办日报。`,
  leadersFromUnit: (unit: string) => `本群原绑定「${unit}」，现改为领导群：每天早上接收督办日报，不再接收「${unit}」的提醒。`,
  alreadyBound: (unit: string) => `本群已经绑定在「${unit}」，无需重复绑定。`,

  addtaskUsage:
    "用法：/addtask <编号> <项目名称> @负责人 [start=YYYY-MM-DD] [due=YYYY-MM-DD] [target=数量单位] [cadence=周] [must]\n" +
    "例如：/addtask BY-01 北园大街拆迁 @zhangwei start=2026-03-01 due=2026-12-31 target=18万平方米 must",
  badCode: (code: string) => `「${code}」不是有效的项目编号：编号由字母、数字和连字符组成，且含字母和数字，例如 BY-01。`,
  missingOwner: "请用 @用户名 写明负责人，例如 @zhangwei。",
  missingName: "请写明项目名称。",
  badDate: (key: string, value: string) => `${key}=${value} 不是有效日期，请写成 YYYY-MM-DD，例如 ${key}=2026-12-31。`,
  badTarget: (value: string) => `target=${value} 无法识别，请写数量和单位，例如 target=18万平方米、target=36栋。`,
  unknownOption: (option: string) => `不认识的选项「${option}」。可用：start= due= target= cadence= must。`,
  startAfterDue: "开工日期不能晚于截止日期。",
  taskExists: (code: string, unit: string, owner: string) =>
    `项目 ${code} 已存在（${unit}，负责人 ${owner}）。更换负责人请用 /assign ${code} @用户名。`,
  taskAdded: (code: string, name: string, owner: string, unit: string) =>
    `已添加项目 ${code}「${name}」，负责人 ${owner}，属「${unit}」。设置节点计划：/plan ${code} YYYY-MM-DD=NN%`,

  assignUsage: "用法：/assign <编号> @用户名，或回复负责人的消息发送 /assign <编号>。",
  assigned: (code: string, from: string, to: string) => `${code} 的负责人已由 ${from} 改为 ${to}。`,
  alreadyOwner: (code: string, owner: string) => `${owner} 已经是 ${code} 的负责人，未作更改。`,

  deputyUsage: "用法：/deputy <编号> @用户名（增加副责任人），/deputy <编号> remove @用户名（取消）",
  deputyAdded: (code: string, who: string) => `${who} 已成为 ${code} 的副责任人，可以报告它的进度。`,
  deputyRemoved: (code: string, who: string) => `${who} 不再是 ${code} 的副责任人。`,
  deputyAlready: (code: string, who: string) => `${who} 已经是 ${code} 的副责任人，未作更改。`,
  deputyNotThere: (code: string, who: string) => `${who} 不是 ${code} 的副责任人，未作更改。`,
  cadence: { daily: "每日报告", weekly: "每周报告", dekad: "每旬报告", monthly: "每月报告" } as Record<string, string>,
  cadenceLine: (cadence: string) => `报告频次：${cadence}`,
  badCadence: (value: string) => `cadence=${value} 无法识别，请写 daily、weekly、dekad（旬）或 monthly，也可写 日、周、旬、月。`,
  milestoneTwice: (day: string) => `${day} 写了两次，每个日期只能有一个计划进度。`,
  badUsername: (word: string) => `「${word}」不是有效的 Telegram 用户名：@ 后面是 5 到 32 个字母、数字或下划线，例如 @zhangwei。`,
  twoOwners: (a: string, b: string) => `每个项目只有一个负责人，${a} 和 ${b} 请选一个；其他人可用 /deputy 设为副责任人。`,
  nameTooLong: (max: number) => `项目名称太长了，请控制在 ${max} 个字以内。`,
  unitNameTooLong: (max: number) => `单位名称太长了，请控制在 ${max} 个字以内。`,
  addtaskInLeaders: "这是领导群。请在单位的群里用 /addtask 添加项目，项目会归入那个群绑定的单位。",
  tasksWithoutGroup: (unit: string, n: number) => `注意：「${unit}」的 ${n} 个项目现在没有绑定的群，收不到提醒。`,
  scheduleLine: (job: string, name: string, time: string, workdays: boolean) => `${job}（${name}）${workdays ? "工作日" : "每天"} ${time}`,
  planUsage:
    "用法：/plan <编号> YYYY-MM-DD=NN% ...（可加 start=YYYY-MM-DD due=YYYY-MM-DD cadence=日|周|旬|月）\n例如：/plan BY-01 2026-06-30=40% 2026-09-30=75%",
  badMilestone: (entry: string) => `「${entry}」无法识别，节点请写成 YYYY-MM-DD=NN%，例如 2026-06-30=40%。`,
  milestoneOutOfRange: (entry: string) => `「${entry}」的百分比须在 0 到 100 之间。`,
  milestoneOutsidePlan: (entry: string) => `「${entry}」不在开工日期和截止日期之间。`,
  milestonesNotRising: "节点计划的百分比应随日期递增。",
  planSet: (code: string, lines: string) => `${code} 的计划已更新：\n${lines}`,
  planPointStart: (day: string) => `${day} 开工 0%`,
  planPointDue: (day: string) => `${day} 截止 100%`,
  planPoint: (day: string, percent: number) => `${day} 计划 ${percent}%`,

  statusUsage: "用法：/status <编号>，例如 /status BY-01",
  unknownTask: (code: string) => `没有编号为 ${code} 的项目。发送 /tasks 查看本单位的项目。`,
  statusCard: (s: StatusView) =>
    [
      `${s.code}「${s.name}」${s.mustDeliver ? "［必保］" : ""}`,
      `单位：${s.unit}　负责人：${s.owner}`,
      `状态：${s.status}　${s.light}`,
      `实际进度：${s.percent}${s.quantity ? `（累计 ${s.quantity}）` : ""}`,
      `今日计划：${s.expected}　${s.lag}`,
      `截止：${s.deadline}`,
      `最近报告：${s.lastReport}`,
      s.blockers.length ? `存在问题：\n${s.blockers.map((b) => `· ${b}`).join("\n")}` : "存在问题：无",
    ].join("\n"),
  lagText: (lag: number | null) =>
    lag === null ? "" : lag > 0 ? `落后 ${lag} 个百分点` : lag < 0 ? `超前 ${-lag} 个百分点` : "与计划持平",
  never: "尚未报告",
  noDeadline: "未设",

  tasksHeader: (scope: string, count: number) => `${scope}共 ${count} 个项目：`,
  tasksScopeAll: "全区",
  tasksEmpty: "还没有项目。管理员可用 /addtask 添加。",
  myHeader: (count: number) => `你负责的项目（${count} 个）：`,
  myEmpty: "你目前没有负责的项目。",
  taskLine: (t: TaskLineView) =>
    `${t.light} ${t.code} ${t.name}${t.mustDeliver ? "［必保］" : ""}｜${t.owner}｜${t.percent}${t.expected ? `／计划 ${t.expected}` : ""}`,

  notYourTask: (code: string, owner: string) =>
    `${code} 由 ${owner} 负责，只有负责人、副责任人或管理员可以报告它的进度。未记录。`,
  reportRecorded: (r: ReportView) =>
    `✅ ${r.code}「${r.name}」已记录：${r.percent}${r.change}${r.quantity ? `，累计 ${r.quantity}` : ""}\n　　今日计划 ${r.expected}，${r.lag} ${r.light}${r.blockers ? `\n　　问题：${r.blockers}` : ""}`,
  reportCorrected: (r: ReportView) => `✏️ ${r.code} 已按修改后的消息更正：${r.percent}${r.change}，今日计划 ${r.expected}，${r.lag} ${r.light}`,
  reportWithdrawn: (codes: string) => `✏️ 修改后的消息不再是 ${codes} 的进度报告，原记录已撤回。`,
  statusChanged: (status: string) => `　　状态改为「${status}」。如不对，请编辑原消息更正。`,
  problemSeparator: "；",
  changeSince: (delta: number) => (delta === 0 ? "（与上次持平）" : `（较上次 ${delta > 0 ? "+" : ""}${delta}）`),
  firstReport: "（首次报告）",
  noExpected: "未设计划",
  percentUnknown: "进度未知",

  /** The menu Telegram shows beside the text box: the commands everyone may use. */
  commandMenu: [
    { command: "status", description: "查看项目进度：/status 编号" },
    { command: "tasks", description: "本单位的项目" },
    { command: "my", description: "我负责的项目" },
    { command: "whoami", description: "我的 Telegram 用户 ID" },
    { command: "dashboard", description: "督办看板（私聊）" },
    { command: "help", description: "使用说明" },
  ] as { command: string; description: string }[],
  help: (isAdmin: boolean, isLeader: boolean) =>
    [
      "督办机器人：在单位群里报告项目进度，我会记录并对照计划。",
      "",
      "报告进度（直接在群里发，或回复我的提醒）：",
      "　BY-01 进度65%，已拆迁18万平方米，问题：资金未到位",
      "　#xqh-2 已完工",
      "也可以分行写：项目：BY-01（换行）进度：70%（换行）问题：…（换行）下步：…",
      "",
      "查询：",
      "　/status <编号> 项目进度、计划、滞后和问题",
      "　/tasks 本单位（领导群为全区）的项目",
      "　/my 我负责的项目",
      "　/whoami 我的 Telegram 用户 ID（私聊）",
      "　/problems [单位] 未销号问题，开得最久的在前（报告里写“资金问题已解决”即销号）",
      "　/dm on|off 催报私信提醒我（私聊）/ 在群里提醒",
      "　/lang zh|tw|en|auto 回复我用的语言",
      "　/dashboard 打开督办看板（私聊；区领导、管理员和项目责任人）",
      "　/help 本说明",
      ...(isAdmin || isLeader
        ? [
            "",
            "区领导和管理员：",
            "　/digest [YYYY-MM-DD] 督办日报和单位排名图（私聊）",
            "　/bulletin [YYYY-MM-DD] 督查通报（Excel）",
            "　/assess <起始日期> <截止日期> 考核统计（Excel）",
          ]
        : []),
      ...(isAdmin
        ? [
            "",
            "管理员：",
            "　/bind <单位名称> 把本群绑定到单位",
            "　/addtask <编号> <名称> @负责人 [start=YYYY-MM-DD] [due=YYYY-MM-DD] [target=18万平方米] [cadence=周] [must]",
            "　/assign <编号> @用户名（或回复负责人的消息）",
            "　/plan <编号> YYYY-MM-DD=NN% …",
            "　/deputy <编号> @用户名 增加副责任人（remove 取消）",
            "　/leaders 把本群设为领导群（接收日报）",
            "　/leader @用户名 设为区领导（/unleader 取消）",
            "　/prompt /remind /digest /escalate 立即执行提醒、催报、日报、督办单与连续未报告警",
            "　/schedule <任务> HH:MM 设置执行时间",
            "　/holidays 导入节假日表（文件说明里写此命令）",
            "　/leave @用户名 YYYY-MM-DD YYYY-MM-DD 登记请假",
            "　/import 导入台账（Excel 或 CSV 文件的说明里写此命令），先看变化再确认",
            "　/export 导出全部项目的台账（含最新进度）",
            "　/close <编号> <资金|用地|拆迁|审批|其他|全部> [说明] 问题销号",
            "　/head @用户名 <单位名称> 设置单位负责人（黄色督办单点名）",
            "　/screen 调度会大屏链接（私聊）；/screen revoke 作废全部大屏链接",
          ]
        : []),
    ].join("\n"),
  parseNoProgress: (code: string, example: string) =>
    `${code}：没看到进度。请写进度百分比、完成量或状态，例如：${example}`,
  parseOutOfRange: (example: string) => `进度须在 0 到 100% 之间，未记录。例如：${example}`,
  parseNotAReport: (example: string) => `这不是进度报告。报告进度请写项目编号和进度，例如：${example}`,
  parseNoTask: (example: string) => `请写明是哪个项目，例如：${example}`,
  exampleReport: (code: string) => `${code} 进度65%，问题：资金未到位`,
  listSeparator: "、",
  jobName: { prompt: "提醒报告", remind: "催报", digest: "领导日报", escalate: "督办单与连续未报告警" } as Record<string, string>,
  remindHeader: (day: string) => `⏰ ${day} 以下同志尚未报告进度，请回复项目编号和进度（例如：BY-01 进度65%）：`,
  remindLine: (owner: string, tasks: string) => `${owner}：${tasks}`,
  escalateHeader: (n: number) => `⚠️ 以下项目已连续 ${n} 期以上未报告进度：`,
  escalateLine: (code: string, name: string, owner: string, unit: string, missed: number) =>
    `· ${code}「${name}」${owner}（${unit}）连续 ${missed} 期未报`,
  lagPoints: (lag: number) => (lag > 0 ? `落后 ${lag} 个百分点` : lag < 0 ? `超前 ${-lag} 个百分点` : "与计划持平"),
  noPlanLag: "未设计划",

  jobStarted: (job: string) => `已开始：${job}。消息将陆续发出。`,
  jobQueueDown: (job: string) => `${job}：任务队列（Redis）暂时连不上，这次没有执行，也没有排队。请稍后再试；定时任务恢复连接后照常执行。`,
  scheduleSavedQueueDown: (job: string, time: string) =>
    `${job} 的时间已保存为 ${time}，但任务队列（Redis）暂时连不上：队列恢复连接后，新时间自动生效。`,
  scheduleWaiting: "（队列恢复连接后生效）",
  scheduleQueueDown: "任务队列（Redis）暂时连不上：以上是已保存的时间，队列恢复连接后自动生效。",
  whoami: (id: string, isAdmin: boolean) =>
    `你的 Telegram 用户 ID：${id}${isAdmin ? "（你是管理员）" : ""}\n把它写进 ADMIN_IDS（多个用逗号分隔）即可成为管理员，例如 ADMIN_IDS=${id}`,
  whoamiPrivateOnly: "请在和我的私聊里发送 /whoami，我会告诉你你的 Telegram 用户 ID。",
  jobNothingToSend: (job: string) => `${job}：当前没有需要发送的内容。`,
  jobDone: (job: string, messages: number) => `${job}：已发出 ${messages} 条消息。`,
  leadersSet: "本群已设为领导群：每天早上将收到督办日报。",
  leadersAlready: "本群已经是领导群。",
  scheduleUsage: "用法：/schedule <任务> HH:MM，任务为 prompt（提醒报告）、remind（催报）、digest（领导日报）、escalate（督办单与连续未报告警）。\n例如：/schedule remind 16:30",
  scheduleSet: (job: string, time: string, timezone: string, workdays: boolean) =>
    `${job} 改为${workdays ? "每个工作日" : "每天"} ${time}（${timezone}）执行。`,
  scheduleList: (lines: string) => `当前时间表：\n${lines}`,
  holidaysUsage: "用法：把节假日表（CSV，每行：日期,holiday/workday,名称）作为文件发到群里，并在文件说明里写 /holidays。\n例如：\n2026-10-01,holiday,国庆节\n2026-10-10,workday,国庆调休",
  holidaysImported: (n: number) => `已导入 ${n} 天的节假日和调休安排。`,
  holidaysErrors: (lines: string) => `以下行无法识别，整个文件未导入：\n${lines}`,
  holidaysTooBig: "文件太大了（上限 1 MB）。",
  leaveUsage: "用法：/leave @用户名 YYYY-MM-DD YYYY-MM-DD（请假起止，含首尾两天）",
  leaveSet: (who: string, from: string, to: string) => `已登记 ${who} ${from} 至 ${to} 请假，期间不催报、不计未报。`,

  noTaskChoose: (tasks: string[]) =>
    tasks.length
      ? `请写明是哪个项目，例如：${tasks[0]} 进度65%。你负责的项目：${tasks.join("、")}`
      : "请写明项目编号，例如：BY-01 进度65%。发送 /my 查看你负责的项目。",
  // ledger (台账) in chat, and typo guards on /bind, /addtask, /assign
  importUsage: "把台账（.xlsx 或 .csv）作为文件发给我，文件说明写 /import。我先列出会有哪些变化，确认后才导入。空白台账：npm run duban -- ledger template --out 台账.xlsx",
  importRefused: (lines: string) => `这个台账未导入，什么都没有写入：\n${lines}`,
  importTooBig: "文件太大（最多 10 MB），未导入。",
  importConfirm: "确认导入",
  importCancel: "取消",
  importNothing: "文件和现有任务完全一致，无需导入。",
  importCancelled: "已取消，什么都没有写入。",
  importFailed: "导入出错，什么都没有写入，请稍后再试。",
  exportCaption: (n: number) => `全部 ${n} 个项目的台账（含最新进度）。改好后发回给我，文件说明写 /import。`,
  exportEmpty: "还没有任何项目。把台账发给我（文件说明写 /import）即可导入。",
  bindWhich: (typed: string, names: string[]) =>
    `没有名为「${typed}」的单位。是不是：${names.map((n) => `「${n}」`).join("、")}？点选已有单位，或新建「${typed}」。`,
  bindNew: (name: string) => `新建单位「${name}」`,
  choiceCancel: "取消",
  choiceCancelled: "已取消，什么都没有改变。",
  newPersonAsk: (username: string) => `@${username} 是第一次出现的用户名。确认是新的责任人吗？（拼错的话请取消后重发）`,
  newPersonConfirm: (username: string) => `确认新建 @${username}`,

  // Problems to closure (销号) and 督办单 — feature: problems
  problemClosed: (code: string, category: string, days: number) => `✅ ${code} ${category}问题已销号（开了 ${days} 天）`,
  problemsAllClosed: "全部",
  problemNothingToClose: (code: string, category: string | null) =>
    category ? `${code} 没有未销号的${category}问题。` : `${code} 没有未销号的问题。`,
  closeUsage: "用法：/close <编号> <资金|用地|拆迁|审批|其他|全部> [说明]，例如：/close BY-01 资金 区财政已拨付",
  closeUnknownCategory: (word: string) => `「${word}」不是问题类别。请写 资金、用地、拆迁、审批、其他 或 全部。`,
  closeDone: (lines: string) => `已销号：\n${lines}`,
  problemsNone: (scope: string | null) => (scope ? `${scope}没有未销号的问题。` : "全区没有未销号的问题。"),
  problemsTitle: (scope: string | null, n: number) => `📌 ${scope ?? "全区"}未销号问题 ${n} 个（开得最久的在前）：`,
  problemsLine: (rank: number, code: string, name: string, unit: string | null, category: string, text: string, days: number, workdays: number) =>
    `${rank}. ${code}「${name}」${unit ? `（${unit}）` : ""}【${category}】${text}　已开 ${days} 天（${workdays} 个工作日）`,
  problemsMore: (n: number) => `……另有 ${n} 个`,
  problemsUnknownUnit: (name: string) => `没有名为「${name}」的单位。`,
  headUsage: "用法：/head @用户名 <单位名称>，设置单位负责人（黄色督办单上点名）",
  headSet: (who: string, unit: string) => `已设 ${who} 为${unit}负责人。`,
  digestOldestProblem: (code: string, category: string, text: string, days: number) =>
    `开得最久的问题：${code}【${category}】${text}，已 ${days} 天未销号`,

  // reading2: questions before doubtful records, plan only, photos, one prompt per group, /dm
  askAsPercent: (percent: string) => `记为 ${percent}`,
  askConfirm: "确认",
  askCancel: "取消",
  askPeriodAsCumulative: (code: string, previous: string, written: string, sum: string) =>
    `❓ ${code} 上次是 ${previous}，这次写的是 ${written}。是本期新增（累计 ${sum}），还是累计 ${written}？请点选：`,
  askFall: (code: string, previous: string, after: string) => `❓ ${code} 将从 ${previous} 降到 ${after}，确认吗？`,
  askRise: (code: string, previous: string, after: string) => `❓ ${code} 将从 ${previous} 一次升到 ${after}，确认吗？`,
  askCancelled: (code: string) => `已取消，${code} 未记录这条报告。`,
  askWhichTask: (codes: string) => `这条进度是哪个项目的？（${codes}）请点选：`,
  planKept: (code: string, plan: string) => `📌 ${code} 已记下下步安排：${plan}
今天的进度是多少？请回复本条消息，例如：65%`,
  photoKept: (code: string, count: number) => `📷 照片已存入 ${code} 的最新报告（共 ${count} 张）。`,
  forecastFinish: (finish: string, earliest: string, latest: string | null, late: number) =>
    `预计 ${finish} 完成（${earliest} 至 ${latest ?? "更晚"}），${late > 0 ? `晚于期限 ${late} 天` : late < 0 ? `早于期限 ${-late} 天` : "恰好按期"}`,
  forecastNeeded: (needed: number, pace: number) => `需每周 +${needed} 点（近期每周 +${pace} 点）`,
  forecastInsufficient: "预计完成：数据不足（需至少 3 次、跨 10 天的报告）",
  forecastStalled: (since: string) => `预计完成：停滞（${since} 以来进度未再上升）`,
  statusPhotos: (count: number) => (count ? `照片：${count} 张，最新一张如下。` : "照片：无"),
  statusNextStep: (plan: string) => `下步：${plan}`,
  blockErrorLine: (text: string) => `⚠️ ${text}`,
  promptGroupHeader: (day: string) => `📝 ${day} 请报告以下项目的进度（直接回复本条消息，写编号和进度；只负责其中一项的，写“65%”即可）：`,
  promptGroupLine: (code: string, name: string, owner: string) => `· ${code}「${name}」${owner}`,
  remindPrivate: (day: string, tasks: string) => `⏰ ${day} 你负责的 ${tasks} 还没有报告进度，请在单位群里报告，或直接在这里写，例如：${tasks.split("、")[0] ?? ""} 进度65%`,
  dmUsage: "用法：在和我的私聊里发送 /dm on（催报改为私信提醒）或 /dm off（恢复在群里 @ 提醒）。",
  dmOn: "好的，以后催报会私信提醒你。发送 /dm off 可恢复在群里提醒。",
  dmOff: "好的，以后催报会在单位群里 @ 你。",
  langUsage: "用法：/lang zh（简体）、/lang tw（繁體）、/lang en（English）或 /lang auto（跟随消息和 Telegram 设置）。",
  langSet: "好的，以后用这种文字回复你（你用其他语言写的消息仍按该语言回复）。",
  langAuto: "好的，以后按你的消息和 Telegram 的语言设置回复。",
  // What leaders read: the one-screen digest, its chart, the bulletin (督查通报), the assessment (考核), leaders.
  dgTitle: (day: string) => `📊 督办日报 ${day}`,
  dgHeadline: (total: number, green: number, yellow: number, red: number, overdue: number) =>
    `共 ${total} 个项目：🟢 ${green}　🟡 ${yellow}　🔴 ${red}${overdue ? `（含逾期 ${overdue}）` : ""}`,
  dgReporting: (reported: number, due: number, rate: string, missing: number) =>
    `上期应报 ${due} 个，已报 ${reported} 个（${rate}）${missing ? `，未报 ${missing} 个` : ""}`,
  dgChange: (redBefore: number, redNow: number, lagBefore: string, lagNow: string) => `较上期：🔴 ${redBefore}→${redNow}，平均滞后 ${lagBefore}→${lagNow}`,
  dgFirst: "（首份日报，无上期对比）",
  dgWorstUnits: "【落后单位】",
  dgUnitLine: (rank: number, name: string, lag: string, red: number) => `${rank}. ${name}　${lag}${red ? `，🔴${red}` : ""}`,
  dgOfficers: "【落后责任人】",
  dgOfficerLine: (rank: number, name: string, unit: string, lag: string, tasks: number) => `${rank}. ${name}（${unit}）${lag}，${tasks} 个项目`,
  dgLate: (n: number, named: string) => `【预计逾期】${n} 项（按目前进度）${named ? `：${named}` : ""}`,
  dgLateItem: (code: string, name: string, days: number) => `${code} ${name}（晚 ${days} 天）`,
  dgAtRisk: (n: number) => `【必保项目预警】${n} 个`,
  dgAtRiskLine: (light: string, code: string, name: string, owner: string, lag: string) => `${light} ${code} ${name}｜${owner}｜${lag}`,
  dgProblems: (n: number) => `【久拖未决问题】共 ${n} 个未销号`,
  dgProblemLine: (code: string, category: string, days: number, owner: string) => `· ${code} ${category}问题 ${days} 天未解决（${owner}）`,
  dgBest: (names: string) => `【先进单位】${names}`,
  dgBestUnit: (name: string, lag: string) => `${name}（${lag}）`,
  dgMore: (n: number) => `……另有 ${n} 个`,
  dgNone: "无",
  dgLag: (lag: number) => (lag > 0 ? `落后 ${lag} 点` : lag < 0 ? `超前 ${-lag} 点` : "与计划持平"),
  dgOverdue: "已逾期",
  dgNoPlan: "未设计划",
  dgFooter: "全部单位见附图，全部项目请发 /bulletin 取督查通报。",
  dgBackupStale: (days: number) => `⚠️ 内置数据库已 ${days} 天没有备份：请管理员检查备份目录（DUBAN_BACKUP_DIR）和日志。`,
  dgInactive: (n: number, titles: string) => `⚠️ ${n} 个群已无法发送，请管理员处理：${titles}`,
  chartLagTitle: (day: string) => `督办日报 ${day} 单位滞后排名`,
  chartUnit: "单位",
  chartLagAxis: "滞后（百分点）",
  chartCounts: "红/黄/绿项目数",
  chartGreen: "正常",
  chartYellow: "滞后",
  chartRed: "严重滞后",
  chartNoPlan: "无计划",
  chartNoUnits: "暂无单位",
  chartMoreUnits: (n: number) => `…另有${n}个单位`,
  chartPlan: "计划进度",
  chartReported: "实际进度",
  chartForecast: "按目前进度预计",
  chartToday: "今天",
  chartTaskSubtitle: (unit: string, owner: string, lag: string) => `${unit} · ${owner} · ${lag}`,
  // The board in a browser: the Mini App (/dashboard) and the 调度会 screen.
  pageTitle: "督办看板",
  pageScreenTitle: "督办调度会",
  pageLoading: "正在加载…",
  pageOpenFromBot: "请在 Telegram 里点机器人 /dashboard 消息下的按钮打开看板。",
  pageSignInExpired: "登录信息无效或已过期。请回到 Telegram，从机器人的 /dashboard 按钮重新打开。",
  pageForbidden: "你没有查看此内容的权限。",
  pageNotFound: "没有找到要查看的内容，它可能已被删除。",
  pageFailed: "加载失败，请稍后重试。",
  pageRetry: "重试",
  pageBack: "返回",
  pageViewer: (name: string) => `查看人：${name}`,
  pageAsOf: (day: string) => `截至 ${day}`,
  pageTotal: "项目总数",
  pageOverdue: "逾期",
  pageReporting: "上期报告",
  pageAverageLag: "平均滞后",
  pagePoints: "百分点",
  pageChange: "较上期",
  pageChangeRed: "严重滞后",
  pageChangeMissing: "未报",
  pageChangeLag: "平均滞后",
  pageNewlyRed: (codes: string) => `新增严重滞后：${codes}`,
  pageRecovered: (codes: string) => `脱离严重滞后：${codes}`,
  pageUnits: (n: number) => `单位（${n}）`,
  pageUnitTasks: (n: number) => `${n} 个项目`,
  pageAtRisk: (n: number) => `必保项目预警（${n}）`,
  pageLate: (n: number) => `预计逾期（${n}）`,
  pageLateBy: (days: number) => `晚 ${days} 天`,
  pageFinishOn: (day: string) => `预计 ${day} 完成`,
  pageProblems: (n: number) => `久拖未决问题（${n}）`,
  pageDaysOpen: (days: number) => `${days} 天`,
  pageOrders: "未办结督办单",
  pageOrderLevel: { blue: "蓝色", yellow: "黄色", red: "红色" } as Record<string, string>,
  pageMore: (n: number) => `另有 ${n} 项`,
  pageNone: "无",
  pageTrendLink: "近期趋势",
  pageMustDeliver: "必保",
  pageExpected: (percent: string) => `计划 ${percent}`,
  pageDaysAgo: (days: number) => (days === 0 ? "今天" : `${days}天前`),
  pageNeverReported: "未报",
  pageSilent: "上期未报",
  pageDeadline: (day: string) => `期限 ${day}`,
  pageStatus: "状态",
  pageReports: (n: number) => `报告记录（${n}）`,
  pageNoReports: "还没有报告。",
  pageEdited: "已修改",
  pagePhoto: "现场照片",
  pageTaskProblems: (n: number) => `问题（${n}）`,
  pageProblemOpenFor: (days: number) => `未销号，已 ${days} 天`,
  pageProblemClosedOn: (day: string, days: number) => `${day} 销号，用时 ${days} 天`,
  pageTaskOrders: (n: number) => `督办单（${n}）`,
  pageOrderDates: (issued: string, due: string) => `${issued} 下达，限 ${due} 前办结`,
  pageOrderClosed: (day: string) => `${day} 办结`,
  pageOrderOpen: "未办结",
  pagePlanChanges: (n: number) => `计划调整（${n}）`,
  pageSystem: "系统",
  pageField: { start: "开工", deadline: "期限", milestones: "节点", cadence: "报告周期", name: "名称", unit: "单位", target: "目标", mustDeliver: "必保", owner: "责任人" } as Record<string, string>,
  pageYes: "是",
  pageNo: "否",
  pageTrendTitle: (days: number) => `近 ${days} 天趋势`,
  pageTrendRange: (from: string, to: string) => `${from} 至 ${to}`,
  pageDays: (days: number) => `${days} 天`,
  pageTrendLag: "平均滞后（百分点）",
  pageTrendRate: "报告率（%）",
  pageTrendEmpty: "这段时间还没有日报。",
  pageUpdated: (time: string) => `更新于 ${time}`,
  pageReconnecting: "正在重新连接…",
  pageScreenEnded: "此大屏链接已失效",
  pageScreenEndedHint: "请管理员在机器人里发送 /screen 生成新的链接。",
  bulletinFileName: (day: string) => `督查通报-${day}.xlsx`,
  exportFileName: (day: string) => `台账-${day}.xlsx`,
  bulletinCaption: (day: string) => `📎 督查通报 ${day}`,
  bulletinTitle: (day: string) => `督查通报（${day}）`,
  bulletinCover: "封面",
  bulletinTasksSheet: "项目进度",
  bulletinProblemsSheet: "未销号问题",
  bulletinDate: "日期",
  bulletinTotal: "项目总数",
  bulletinOverdue: "逾期",
  bulletinReportingRate: "上期报告率",
  bulletinAverageLag: "平均滞后（百分点）",
  bulletinRank: "排名",
  bulletinUnit: "单位",
  bulletinTasks: "项目数",
  bulletinLag: "平均滞后（百分点）",
  bulletinCode: "编号",
  bulletinName: "项目名称",
  bulletinOwner: "责任人",
  bulletinMust: "必保",
  bulletinPlanPercent: "计划进度%",
  bulletinReported: "实际进度%",
  bulletinLight: "状态",
  bulletinDeadline: "完成期限",
  bulletinForecast: "预计完成",
  bulletinForecastLate: "预计逾期（天）",
  bulletinNeededPerWeek: "需要的周进度",
  forecastWord: { insufficient: "数据不足", stalled: "停滞", done: "已完成" } satisfies Record<NoForecast, string>,
  forecastTableTitle: (day: string, n: number) => `按目前进度的预计完成（${day}，${n} 个项目）`,
  forecastRange: "区间",
  forecastLateDays: "晚于期限（天）",
  forecastPace: "近期周进度",
  bulletinLastReport: "最近报告",
  bulletinProblems: "存在问题",
  bulletinCategory: "类别",
  bulletinProblem: "问题",
  bulletinOpened: "提出日期",
  bulletinDays: "未解决天数",
  bulletinUsage: "用法：/bulletin [YYYY-MM-DD]，例如 /bulletin 2026-12-08",
  leadersOnly: (command: string) => `只有管理员和区领导可以使用 /${command}，未作任何更改。`,
  // The board in a browser (/dashboard) and the 调度会 screen (/screen).
  dashboardButton: "打开督办看板",
  dashboardMenu: "督办看板",
  dashboardOpen: "点下面的按钮打开督办看板：全区项目、单位排名、每个项目的曲线和报告。输入框旁的菜单按钮也能随时打开。",
  dashboardInGroup: (link: string) => `督办看板在私聊中打开：${link}\n（只有区领导、管理员和项目责任人能看到内容。）`,
  dashboardNoUrl: "看板还没有对外地址：请管理员设置 DUBAN_PUBLIC_URL（用户访问 Duban 的 https 地址，例如 https://duban.example.org）后重启机器人。",
  dashboardNotAllowed: "督办看板只对区领导、管理员和项目责任人开放。如需查看，请联系管理员。",
  screenUsage: "用法：/screen 生成调度会大屏链接（私聊），/screen revoke 作废全部大屏链接",
  screenPrivateOnly: "大屏链接就是钥匙，只在私聊中发送：请私聊我发送 /screen。",
  screenNoUrl: "大屏还没有对外地址：请设置 DUBAN_PUBLIC_URL（会议室电脑访问 Duban 的地址）后重启机器人。",
  screenCreated: (url: string) => `调度会大屏链接（只显示这一次，请在会议室电脑的浏览器里打开并全屏；持有链接的人都能看到全区看板，请勿转发）：\n${url}\n新报告 30 秒内出现在大屏上。作废全部链接：/screen revoke`,
  screenRevoked: (n: number) => (n > 0 ? `已作废 ${n} 个大屏链接，打开的大屏在下一次刷新时（10 秒内）停止显示。` : "没有有效的大屏链接，未作更改。"),
  leaderUsage: "用法：/leader @用户名（取消：/unleader @用户名）",
  leaderSet: (name: string) => `✅ 已将 ${name} 设为区领导：可私聊机器人查看 /digest、/bulletin、/status、/assess。`,
  leaderUnset: (name: string) => `✅ 已取消 ${name} 的区领导身份。`,
  leaderAlready: (name: string) => `${name} 已经是区领导。`,
  leaderNotLeader: (name: string) => `${name} 不是区领导，未作任何更改。`,
  digestUsage: "用法：/digest [YYYY-MM-DD]，例如 /digest 2026-12-08",
  assessUsage: "用法：/assess 起始日期 截止日期，例如 /assess 2026-01-01 2026-12-31",
  assessCaption: (from: string, to: string) => `📎 考核统计 ${from} 至 ${to}`,
  assessFileName: (from: string, to: string) => `考核-${from}-${to}.xlsx`,
  assessTitle: (from: string, to: string) => `督办考核统计（${from} 至 ${to}）`,
  assessOfficersSheet: "责任人",
  assessUnitsSheet: "单位",
  assessName: "姓名",
  assessUnitName: "单位",
  assessTasks: "项目数",
  assessPeriodsDue: "应报期数",
  assessPeriodsReported: "已报期数",
  assessRate: "报告率",
  assessAverageLag: "平均滞后（百分点）",
  assessDaysRed: "红灯天数",
  assessCompleted: "完成项目",
  assessOnTime: "按期完成",
  assessProblemsClosed: "销号问题",
  assessProblemAge: "问题平均用时（天）",
} as const;

export interface StatusView {
  code: string;
  name: string;
  mustDeliver: boolean;
  unit: string;
  owner: string;
  status: string;
  light: string;
  percent: string;
  quantity: string | null;
  expected: string;
  lag: string;
  deadline: string;
  lastReport: string;
  blockers: string[];
}

export interface TaskLineView {
  light: string;
  code: string;
  name: string;
  mustDeliver: boolean;
  owner: string;
  percent: string;
  expected: string | null;
}

export interface ReportView {
  code: string;
  name: string;
  percent: string;
  change: string;
  quantity: string | null;
  expected: string;
  lag: string;
  light: string;
  blockers: string | null;
}

export type Messages = {
  [K in keyof typeof zhCN]: (typeof zhCN)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof zhCN)[K] extends string
      ? string
      : (typeof zhCN)[K];
};
