import type { Messages, ReportView, StatusView, TaskLineView } from "./zh-CN.js";

/** Traditional Chinese, generated from zh-CN.ts by `npm run locales` (OpenCC); edit zh-CN.ts, not this. */
export const zhTW: Messages = {
  light: { green: "🟢 正常", yellow: "🟡 滯後", red: "🔴 嚴重滯後" },
  overdue: "🔴 已逾期",
  status: {
    not_started: "未開工",
    in_progress: "在建",
    completed: "已完成",
    accepted: "已驗收",
    suspended: "停工",
  },
  blocker: { funding: "資金", land: "用地", demolition: "拆遷", approval: "審批", other: "其他" },
  unit: { m2: "平方米", m3: "立方米", m: "米", km: "公里", t: "噸", cny: "元", count: "個" },

  unboundChat: "本群尚未綁定單位，暫不記錄進度。請管理員在本群發送 /bind <單位名稱>。",
  notAdmin: (command: string) => `只有管理員可以使用 /${command}，未作任何更改。`,
  groupOnly: (command: string) => `/${command} 需要在單位的群裡使用。`,
  actionUnknown: "這個按鈕已失效。",
  actionExpired: "這個問題已經過期，請重新發送。",
  actionNotYours: "這個問題是問別人的，你的點擊沒有改變任何東西。",
  actionAlready: "已經處理過了。",
  internalError: "處理這則訊息時出錯了，未作任何更改。請稍後再試；如果一直出錯，請聯繫督查室。",

  bindUsage: "用法：/bind <單位名稱>\n例如：/bind 北園大街指揮部",
  bound: (unit: string) => `本群已綁定到「${unit}」。管理員現在可以用 /addtask 為本單位添加項目。`,
  rebound: (from: string, to: string) => `本群原綁定「${from}」，現已改為「${to}」。`,
  boundFromLeaders: (unit: string) => `本群原為領導群，現已綁定到「${unit}」，不再接收督辦日報。`,
  leadersFromUnit: (unit: string) => `本群原綁定「${unit}」，現改為領導群：每天早上接收督辦日報，不再接收「${unit}」的提醒。`,
  alreadyBound: (unit: string) => `本群已經綁定在「${unit}」，無需重複綁定。`,

  addtaskUsage:
    "用法：/addtask <編號> <項目名稱> @負責人 [start=YYYY-MM-DD] [due=YYYY-MM-DD] [target=數量單位] [cadence=周] [must]\n" +
    "例如：/addtask BY-01 北園大街拆遷 @zhangwei start=2026-03-01 due=2026-12-31 target=18萬平方米 must",
  badCode: (code: string) => `「${code}」不是有效的項目編號：編號由字母、數字和連字符組成，且含字母和數字，例如 BY-01。`,
  missingOwner: "請用 @用戶名 寫明負責人，例如 @zhangwei。",
  missingName: "請寫明項目名稱。",
  badDate: (key: string, value: string) => `${key}=${value} 不是有效日期，請寫成 YYYY-MM-DD，例如 ${key}=2026-12-31。`,
  badTarget: (value: string) => `target=${value} 無法識別，請寫數量和單位，例如 target=18萬平方米、target=36棟。`,
  unknownOption: (option: string) => `不認識的選項「${option}」。可用：start= due= target= cadence= must。`,
  startAfterDue: "開工日期不能晚於截止日期。",
  taskExists: (code: string, unit: string, owner: string) =>
    `項目 ${code} 已存在（${unit}，負責人 ${owner}）。更換負責人請用 /assign ${code} @用戶名。`,
  taskAdded: (code: string, name: string, owner: string, unit: string) =>
    `已添加項目 ${code}「${name}」，負責人 ${owner}，屬「${unit}」。設置節點計劃：/plan ${code} YYYY-MM-DD=NN%`,

  assignUsage: "用法：/assign <編號> @用戶名，或回覆負責人的消息發送 /assign <編號>。",
  assigned: (code: string, from: string, to: string) => `${code} 的負責人已由 ${from} 改為 ${to}。`,
  alreadyOwner: (code: string, owner: string) => `${owner} 已經是 ${code} 的負責人，未作更改。`,

  deputyUsage: "用法：/deputy <編號> @用戶名（增加副責任人），/deputy <編號> remove @用戶名（取消）",
  deputyAdded: (code: string, who: string) => `${who} 已成為 ${code} 的副責任人，可以報告它的進度。`,
  deputyRemoved: (code: string, who: string) => `${who} 不再是 ${code} 的副責任人。`,
  deputyAlready: (code: string, who: string) => `${who} 已經是 ${code} 的副責任人，未作更改。`,
  deputyNotThere: (code: string, who: string) => `${who} 不是 ${code} 的副責任人，未作更改。`,
  cadence: { daily: "每日報告", weekly: "每週報告", dekad: "每旬報告", monthly: "每月報告" },
  cadenceLine: (cadence: string) => `報告頻次：${cadence}`,
  badCadence: (value: string) => `cadence=${value} 無法識別，請寫 daily、weekly、dekad（旬）或 monthly，也可寫 日、周、旬、月。`,
  milestoneTwice: (day: string) => `${day} 寫了兩次，每個日期只能有一個計劃進度。`,
  badUsername: (word: string) => `「${word}」不是有效的 Telegram 用戶名：@ 後面是 5 到 32 個字母、數字或下劃線，例如 @zhangwei。`,
  twoOwners: (a: string, b: string) => `每個項目只有一個負責人，${a} 和 ${b} 請選一個；其他人可用 /deputy 設為副責任人。`,
  nameTooLong: (max: number) => `項目名稱太長了，請控制在 ${max} 個字以內。`,
  unitNameTooLong: (max: number) => `單位名稱太長了，請控制在 ${max} 個字以內。`,
  addtaskInLeaders: "這是領導群。請在單位的群裡用 /addtask 添加項目，項目會歸入那個群綁定的單位。",
  tasksWithoutGroup: (unit: string, n: number) => `注意：「${unit}」的 ${n} 個項目現在沒有綁定的群，收不到提醒。`,
  scheduleLine: (job: string, name: string, time: string, workdays: boolean) => `${job}（${name}）${workdays ? "工作日" : "每天"} ${time}`,
  planUsage:
    "用法：/plan <編號> YYYY-MM-DD=NN% ...（可加 start=YYYY-MM-DD due=YYYY-MM-DD cadence=日|周|旬|月）\n例如：/plan BY-01 2026-06-30=40% 2026-09-30=75%",
  badMilestone: (entry: string) => `「${entry}」無法識別，節點請寫成 YYYY-MM-DD=NN%，例如 2026-06-30=40%。`,
  milestoneOutOfRange: (entry: string) => `「${entry}」的百分比須在 0 到 100 之間。`,
  milestoneOutsidePlan: (entry: string) => `「${entry}」不在開工日期和截止日期之間。`,
  milestonesNotRising: "節點計劃的百分比應隨日期遞增。",
  planSet: (code: string, lines: string) => `${code} 的計劃已更新：\n${lines}`,
  planPointStart: (day: string) => `${day} 開工 0%`,
  planPointDue: (day: string) => `${day} 截止 100%`,
  planPoint: (day: string, percent: number) => `${day} 計劃 ${percent}%`,

  statusUsage: "用法：/status <編號>，例如 /status BY-01",
  unknownTask: (code: string) => `沒有編號為 ${code} 的項目。發送 /tasks 查看本單位的項目。`,
  statusCard: (s: StatusView) =>
    [
      `${s.code}「${s.name}」${s.mustDeliver ? "［必保］" : ""}`,
      `單位：${s.unit}　負責人：${s.owner}`,
      `狀態：${s.status}　${s.light}`,
      `實際進度：${s.percent}${s.quantity ? `（累計 ${s.quantity}）` : ""}`,
      `今日計劃：${s.expected}　${s.lag}`,
      `截止：${s.deadline}`,
      `最近報告：${s.lastReport}`,
      s.blockers.length ? `存在問題：\n${s.blockers.map((b) => `· ${b}`).join("\n")}` : "存在問題：無",
    ].join("\n"),
  lagText: (lag: number | null) =>
    lag === null ? "" : lag > 0 ? `落後 ${lag} 個百分點` : lag < 0 ? `超前 ${-lag} 個百分點` : "與計劃持平",
  never: "尚未報告",
  noDeadline: "未設",

  tasksHeader: (scope: string, count: number) => `${scope}共 ${count} 個項目：`,
  tasksScopeAll: "全區",
  tasksEmpty: "還沒有項目。管理員可用 /addtask 添加。",
  myHeader: (count: number) => `你負責的項目（${count} 個）：`,
  myEmpty: "你目前沒有負責的項目。",
  taskLine: (t: TaskLineView) =>
    `${t.light} ${t.code} ${t.name}${t.mustDeliver ? "［必保］" : ""}｜${t.owner}｜${t.percent}${t.expected ? `／計劃 ${t.expected}` : ""}`,

  notYourTask: (code: string, owner: string) =>
    `${code} 由 ${owner} 負責，只有負責人、副責任人或管理員可以報告它的進度。未記錄。`,
  reportRecorded: (r: ReportView) =>
    `✅ ${r.code}「${r.name}」已記錄：${r.percent}${r.change}${r.quantity ? `，累計 ${r.quantity}` : ""}\n　　今日計劃 ${r.expected}，${r.lag} ${r.light}${r.blockers ? `\n　　問題：${r.blockers}` : ""}`,
  reportCorrected: (r: ReportView) => `✏️ ${r.code} 已按修改後的消息更正：${r.percent}${r.change}，今日計劃 ${r.expected}，${r.lag} ${r.light}`,
  reportWithdrawn: (codes: string) => `✏️ 修改後的消息不再是 ${codes} 的進度報告，原記錄已撤回。`,
  statusChanged: (status: string) => `　　狀態改為「${status}」。如不對，請編輯原消息更正。`,
  problemSeparator: "；",
  changeSince: (delta: number) => (delta === 0 ? "（與上次持平）" : `（較上次 ${delta > 0 ? "+" : ""}${delta}）`),
  firstReport: "（首次報告）",
  noExpected: "未設計劃",
  percentUnknown: "進度未知",

  help: (isAdmin: boolean) =>
    [
      "督辦機器人：在單位群裡報告項目進度，我會記錄並對照計劃。",
      "",
      "報告進度（直接在群裡發，或回覆我的提醒）：",
      "　BY-01 進度65%，已拆遷18萬平方米，問題：資金未到位",
      "　#xqh-2 已完工",
      "也可以分行寫：項目：BY-01（換行）進度：70%（換行）問題：…（換行）下步：…",
      "",
      "查詢：",
      "　/status <編號> 項目進度、計劃、滯後和問題",
      "　/tasks 本單位（領導群為全區）的項目",
      "　/my 我負責的項目",
      "　/whoami 我的 Telegram 用戶 ID（私聊）",
      "　/dm on|off 催報私信提醒我（私聊）/ 在群裡提醒",
      "　/lang zh|tw|en|auto 回覆我用的語言",
      "　/help 本說明",
      ...(isAdmin
        ? [
            "",
            "管理員：",
            "　/bind <單位名稱> 把本群綁定到單位",
            "　/addtask <編號> <名稱> @負責人 [start=YYYY-MM-DD] [due=YYYY-MM-DD] [target=18萬平方米] [cadence=周] [must]",
            "　/assign <編號> @用戶名（或回覆負責人的消息）",
            "　/plan <編號> YYYY-MM-DD=NN% …",
            "　/deputy <編號> @用戶名 增加副責任人（remove 取消）",
            "　/leaders 把本群設為領導群（接收日報）",
            "　/prompt /remind /digest /escalate 立即執行提醒、催報、日報、連續未報告警",
            "　/schedule <任務> HH:MM 設置執行時間",
            "　/holidays 導入節假日表（文件說明裡寫此命令）",
            "　/leave @用戶名 YYYY-MM-DD YYYY-MM-DD 登記請假",
          ]
        : []),
    ].join("\n"),
  parseNoProgress: (code: string, example: string) =>
    `${code}：沒看到進度。請寫進度百分比、完成量或狀態，例如：${example}`,
  parseOutOfRange: (example: string) => `進度須在 0 到 100% 之間，未記錄。例如：${example}`,
  parseNotAReport: (example: string) => `這不是進度報告。報告進度請寫項目編號和進度，例如：${example}`,
  parseNoTask: (example: string) => `請寫明是哪個項目，例如：${example}`,
  exampleReport: (code: string) => `${code} 進度65%，問題：資金未到位`,
  listSeparator: "、",
  jobName: { prompt: "提醒報告", remind: "催報", digest: "領導日報", escalate: "連續未報告警" },
  promptTask: (code: string, name: string, owner: string, example: string) =>
    `📝 ${code}「${name}」${owner}\n請直接回複本條消息報告進度，例如：${example}`,
  remindHeader: (day: string) => `⏰ ${day} 以下同志尚未報告進度，請回復項目編號和進度（例如：BY-01 進度65%）：`,
  remindLine: (owner: string, tasks: string) => `${owner}：${tasks}`,
  escalateHeader: (n: number) => `⚠️ 以下項目已連續 ${n} 期以上未報告進度：`,
  escalateLine: (code: string, name: string, owner: string, unit: string, missed: number) =>
    `· ${code}「${name}」${owner}（${unit}）連續 ${missed} 期未報`,
  digestTitle: (day: string, total: number, green: number, yellow: number, red: number, missing: number) =>
    `📊 督辦日報 ${day}\n共 ${total} 個項目：🟢 ${green}　🟡 ${yellow}　🔴 ${red}；上期未報告 ${missing} 個`,
  digestUnits: "一、單位排名（按平均滯後，最落後在前）",
  digestUnitLine: (rank: number, unit: string, lag: string, tasks: number, red: number) =>
    `${rank}. ${unit}　${lag}（${tasks} 個項目${red ? `，🔴 ${red}` : ""}）`,
  digestTasks: (shown: number, behind: number) => `二、最落後的項目（前 ${shown} 個，共 ${behind} 個落後於計劃）`,
  digestTaskLine: (rank: number, line: string, lag: string) => `${rank}. ${line}　${lag}`,
  digestOfficers: "三、負責人排名（按平均滯後）",
  digestOfficerLine: (rank: number, owner: string, lag: string, tasks: number) => `${rank}. ${owner}　${lag}（${tasks} 個項目）`,
  digestMissing: (n: number) => `四、上期未報告（${n} 個）`,
  digestMissingLine: (code: string, name: string, owner: string, unit: string, missed: number, never: boolean) =>
    `· ${code}「${name}」${owner}（${unit}）${missed > 1 ? `連續 ${missed} 期未報` : missed === 1 ? "上期未報" : ""}${never ? "（從未報告）" : ""}`,
  digestRed: (n: number) => `五、紅燈和逾期（${n} 個，必保項目在前）`,
  digestRedLine: (line: string) => `· ${line}`,
  digestBlockers: (n: number) => `六、存在問題（${n} 個，按類別）`,
  digestBlockerGroup: (category: string, n: number) => `【${category}】${n} 個`,
  digestBlockerLine: (code: string, text: string) => `· ${code}：${text}`,
  digestChange: "七、較上次日報",
  digestChangeLine: (label: string, before: string, after: string) => `· ${label}：${before} → ${after}`,
  digestNewlyRed: (codes: string) => `· 新轉紅燈：${codes}`,
  digestRecovered: (codes: string) => `· 摘掉紅燈：${codes}`,
  digestFirst: "· 這是第一份日報。",
  digestMissingLabel: "未報告",
  digestAverageLag: "平均滯後",
  digestInactive: (titles: string) => `⚠️ 以下群已無法發送（機器人被移出或群已解散），請管理員處理：${titles}`,
  digestNothing: "（無）",
  lagPoints: (lag: number) => (lag > 0 ? `落後 ${lag} 個百分點` : lag < 0 ? `超前 ${-lag} 個百分點` : "與計劃持平"),
  noPlanLag: "未設計劃",

  jobStarted: (job: string) => `已開始：${job}。消息將陸續發出。`,
  jobQueueDown: (job: string) => `${job}：任務隊列（Redis）暫時連不上，這次沒有執行，也沒有排隊。請稍後再試；定時任務恢復連接後照常執行。`,
  scheduleSavedQueueDown: (job: string, time: string) =>
    `${job} 的時間已保存為 ${time}，但任務隊列（Redis）暫時連不上：新時間在隊列恢復、機器人重啟後生效。`,
  whoami: (id: string, isAdmin: boolean) =>
    `你的 Telegram 用戶 ID：${id}${isAdmin ? "（你是管理員）" : ""}\n把它寫進 ADMIN_IDS（多個用逗號分隔）即可成為管理員，例如 ADMIN_IDS=${id}`,
  whoamiPrivateOnly: "請在和我的私聊裡發送 /whoami，我會告訴你你的 Telegram 用戶 ID。",
  jobNothingToSend: (job: string) => `${job}：當前沒有需要發送的內容。`,
  jobDone: (job: string, messages: number) => `${job}：已發出 ${messages} 條消息。`,
  leadersSet: "本群已設為領導群：每天早上將收到督辦日報。",
  leadersAlready: "本群已經是領導群。",
  scheduleUsage: "用法：/schedule <任務> HH:MM，任務為 prompt（提醒報告）、remind（催報）、digest（領導日報）、escalate（連續未報告警）。\n例如：/schedule remind 16:30",
  scheduleSet: (job: string, time: string, timezone: string, workdays: boolean) =>
    `${job} 改為${workdays ? "每個工作日" : "每天"} ${time}（${timezone}）執行。`,
  scheduleList: (lines: string) => `當前時間表：\n${lines}`,
  holidaysUsage: "用法：把節假日表（CSV，每行：日期,holiday/workday,名稱）作為文件發到群裡，並在文件說明裡寫 /holidays。\n例如：\n2026-10-01,holiday,國慶節\n2026-10-10,workday,國慶調休",
  holidaysImported: (n: number) => `已導入 ${n} 天的節假日和調休安排。`,
  holidaysErrors: (lines: string) => `以下行無法識別，整個文件未導入：\n${lines}`,
  holidaysTooBig: "文件太大了（上限 1 MB）。",
  leaveUsage: "用法：/leave @用戶名 YYYY-MM-DD YYYY-MM-DD（請假起止，含首尾兩天）",
  leaveSet: (who: string, from: string, to: string) => `已登記 ${who} ${from} 至 ${to} 請假，期間不催報、不計未報。`,

  noTaskChoose: (tasks: string[]) =>
    tasks.length
      ? `請寫明是哪個項目，例如：${tasks[0]} 進度65%。你負責的項目：${tasks.join("、")}`
      : "請寫明項目編號，例如：BY-01 進度65%。發送 /my 查看你負責的項目。",

  // reading2: questions before doubtful records, plan only, photos, one prompt per group, /dm
  askAsPercent: (percent: string) => `記為 ${percent}`,
  askConfirm: "確認",
  askCancel: "取消",
  askPeriodAsCumulative: (code: string, previous: string, written: string, sum: string) =>
    `❓ ${code} 上次是 ${previous}，這次寫的是 ${written}。是本期新增（累計 ${sum}），還是累計 ${written}？請點選：`,
  askFall: (code: string, previous: string, after: string) => `❓ ${code} 將從 ${previous} 降到 ${after}，確認嗎？`,
  askRise: (code: string, previous: string, after: string) => `❓ ${code} 將從 ${previous} 一次升到 ${after}，確認嗎？`,
  askCancelled: (code: string) => `已取消，${code} 未記錄這條報告。`,
  askWhichTask: (codes: string) => `這條進度是哪個項目的？（${codes}）請點選：`,
  planKept: (code: string, plan: string) => `📌 ${code} 已記下下步安排：${plan}
今天的進度是多少？請回複本條消息，例如：65%`,
  photoKept: (code: string, count: number) => `📷 照片已存入 ${code} 的最新報告（共 ${count} 張）。`,
  statusPhotos: (count: number) => (count ? `照片：${count} 張，最新一張如下。` : "照片：無"),
  statusNextStep: (plan: string) => `下步：${plan}`,
  blockErrorLine: (text: string) => `⚠️ ${text}`,
  promptGroupHeader: (day: string) => `📝 ${day} 請報告以下項目的進度（直接回複本條消息，寫編號和進度；只負責其中一項的，寫“65%”即可）：`,
  promptGroupLine: (code: string, name: string, owner: string) => `· ${code}「${name}」${owner}`,
  remindPrivate: (day: string, tasks: string) => `⏰ ${day} 你負責的 ${tasks} 還沒有報告進度，請在單位群裡報告，或直接在這裡寫，例如：${tasks.split("、")[0] ?? ""} 進度65%`,
  dmUsage: "用法：在和我的私聊裡發送 /dm on（催報改為私信提醒）或 /dm off（恢復在群裡 @ 提醒）。",
  dmOn: "好的，以後催報會私信提醒你。發送 /dm off 可恢復在群裡提醒。",
  dmOff: "好的，以後催報會在單位群裡 @ 你。",
  langUsage: "用法：/lang zh（簡體）、/lang tw（繁體）、/lang en（English）或 /lang auto（跟隨消息和 Telegram 設置）。",
  langSet: "好的，以後用這種文字回覆你（你用其他語言寫的消息仍按該語言回覆）。",
  langAuto: "好的，以後按你的消息和 Telegram 的語言設置回覆。",
};
