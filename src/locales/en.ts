import type { Messages, ReportView, StatusView, TaskLineView } from "./zh-CN.js";

/** English. */
export const en: Messages = {
  light: { green: "🟢 on track", yellow: "🟡 behind", red: "🔴 far behind" },
  overdue: "🔴 overdue",
  status: {
    not_started: "not started",
    in_progress: "in progress",
    completed: "completed",
    accepted: "accepted",
    suspended: "suspended",
  },
  blocker: { funding: "funding", land: "land", demolition: "demolition", approval: "approval", other: "other" },
  unit: { m2: "m²", m3: "m³", m: "m", km: "km", t: "t", cny: "yuan", count: "items" },

  unboundChat: "This group is not bound to a unit, so reports are not recorded. An admin must send /bind <unit name> here.",
  notAdmin: (command: string) => `Only admins can use /${command}; nothing was changed.`,
  groupOnly: (command: string) => `/${command} works in a unit's group.`,
  actionUnknown: "This button no longer works.",
  actionExpired: "This question has expired; please send your message again.",
  actionNotYours: "This question was for someone else; your tap changed nothing.",
  actionAlready: "Already done.",
  internalError: "Something went wrong with this message; the error is logged. Check with /status CODE whether it was recorded, and send it again later if not. If it keeps failing, tell the supervision office.",

  bindUsage: "Usage: /bind <unit name>\nExample: /bind Beiyuan Street HQ",
  bound: (unit: string) => `This group is now bound to "${unit}". Admins can add its tasks with /addtask.`,
  rebound: (from: string, to: string) => `This group was bound to "${from}"; it is now bound to "${to}".`,
  boundFromLeaders: (unit: string) => `This was a leaders' chat; it is now bound to "${unit}" and no longer gets the digest.`,
  leadersFromUnit: (unit: string) => `This group was bound to "${unit}"; it is now a leaders' chat: it gets the daily digest and no longer ${unit}'s prompts.`,
  alreadyBound: (unit: string) => `This group is already bound to "${unit}".`,

  addtaskUsage:
    "Usage: /addtask <CODE> <name> @owner [start=YYYY-MM-DD] [due=YYYY-MM-DD] [target=<quantity><unit>] [cadence=weekly] [must]\n" +
    "Example: /addtask BY-01 Beiyuan demolition @zhangwei start=2026-03-01 due=2026-12-31 target=180000m2 must",
  badCode: (code: string) =>
    `"${code}" is not a task code: use letters, digits and hyphens, with at least one letter and one digit, e.g. BY-01.`,
  missingOwner: "Name the owner as @username, e.g. @zhangwei.",
  missingName: "Give the task a name.",
  badDate: (key: string, value: string) => `${key}=${value} is not a date; write YYYY-MM-DD, e.g. ${key}=2026-12-31.`,
  badTarget: (value: string) => `target=${value} is not a quantity; write a number and a unit, e.g. target=180000m2 or target=36buildings.`,
  unknownOption: (option: string) => `Unknown option "${option}". Options: start= due= target= cadence= must.`,
  startAfterDue: "The start date cannot be after the deadline.",
  taskExists: (code: string, unit: string, owner: string) =>
    `Task ${code} already exists (${unit}, owner ${owner}). To change its owner use /assign ${code} @username.`,
  taskAdded: (code: string, name: string, owner: string, unit: string) =>
    `Added ${code} "${name}", owner ${owner}, unit "${unit}". Set milestones with /plan ${code} YYYY-MM-DD=NN%`,

  assignUsage: "Usage: /assign <CODE> @username, or reply to the officer's message with /assign <CODE>.",
  assigned: (code: string, from: string, to: string) => `${code} now belongs to ${to} (was ${from}).`,
  alreadyOwner: (code: string, owner: string) => `${owner} already owns ${code}; nothing was changed.`,

  deputyUsage: "Usage: /deputy <CODE> @username (add a deputy), /deputy <CODE> remove @username (remove one)",
  deputyAdded: (code: string, who: string) => `${who} now deputises on ${code} and may report on it.`,
  deputyRemoved: (code: string, who: string) => `${who} no longer deputises on ${code}.`,
  deputyAlready: (code: string, who: string) => `${who} already deputises on ${code}; nothing was changed.`,
  deputyNotThere: (code: string, who: string) => `${who} does not deputise on ${code}; nothing was changed.`,
  cadence: { daily: "reports daily", weekly: "reports weekly", dekad: "reports every 旬 (10 days)", monthly: "reports monthly" },
  cadenceLine: (cadence: string) => `Cadence: ${cadence}`,
  badCadence: (value: string) => `cadence=${value} is not a cadence; write daily, weekly, dekad (旬) or monthly.`,
  milestoneTwice: (day: string) => `${day} is given twice; each date has one planned percent.`,
  badUsername: (word: string) => `"${word}" is not a Telegram username: @ and then 5 to 32 letters, digits or underscores, e.g. @zhangwei.`,
  twoOwners: (a: string, b: string) => `A task has one owner: choose ${a} or ${b}; make the other a deputy with /deputy.`,
  nameTooLong: (max: number) => `The task name is too long; keep it within ${max} characters.`,
  unitNameTooLong: (max: number) => `The unit name is too long; keep it within ${max} characters.`,
  addtaskInLeaders: "This is a leaders' chat. Add tasks with /addtask in the unit's group; they join the unit bound there.",
  tasksWithoutGroup: (unit: string, n: number) => `Note: the ${n} tasks of "${unit}" now have no bound group and get no prompts.`,
  scheduleLine: (job: string, name: string, time: string, workdays: boolean) => `${job} (${name}) ${workdays ? "workdays" : "every day"} ${time}`,
  planUsage:
    "Usage: /plan <CODE> YYYY-MM-DD=NN% ... (optionally start=YYYY-MM-DD due=YYYY-MM-DD cadence=daily|weekly|dekad|monthly)\nExample: /plan BY-01 2026-06-30=40% 2026-09-30=75%",
  badMilestone: (entry: string) => `"${entry}" is not a milestone; write YYYY-MM-DD=NN%, e.g. 2026-06-30=40%.`,
  milestoneOutOfRange: (entry: string) => `The percent in "${entry}" must be between 0 and 100.`,
  milestoneOutsidePlan: (entry: string) => `"${entry}" falls outside the start and deadline.`,
  milestonesNotRising: "Milestone percents must rise with their dates.",
  planSet: (code: string, lines: string) => `Plan for ${code} updated:\n${lines}`,
  planPointStart: (day: string) => `${day} start 0%`,
  planPointDue: (day: string) => `${day} deadline 100%`,
  planPoint: (day: string, percent: number) => `${day} planned ${percent}%`,

  statusUsage: "Usage: /status <CODE>, e.g. /status BY-01",
  unknownTask: (code: string) => `There is no task ${code}. Send /tasks to see this unit's tasks.`,
  statusCard: (s: StatusView) =>
    [
      `${s.code} "${s.name}"${s.mustDeliver ? " [must-deliver]" : ""}`,
      `Unit: ${s.unit}  Owner: ${s.owner}`,
      `Status: ${s.status}  ${s.light}`,
      `Progress: ${s.percent}${s.quantity ? ` (total ${s.quantity})` : ""}`,
      `Planned today: ${s.expected}  ${s.lag}`,
      `Deadline: ${s.deadline}`,
      `Last report: ${s.lastReport}`,
      s.blockers.length ? `Open problems:\n${s.blockers.map((b) => `· ${b}`).join("\n")}` : "Open problems: none",
    ].join("\n"),
  lagText: (lag: number | null) =>
    lag === null ? "" : lag > 0 ? `${lag} points behind` : lag < 0 ? `${-lag} points ahead` : "on plan",
  never: "never reported",
  noDeadline: "not set",

  tasksHeader: (scope: string, count: number) => `${scope}: ${count} task${count === 1 ? "" : "s"}`,
  tasksScopeAll: "All units",
  tasksEmpty: "No tasks yet. Admins add them with /addtask.",
  myHeader: (count: number) => `Your tasks (${count}):`,
  myEmpty: "You own no tasks at the moment.",
  taskLine: (t: TaskLineView) =>
    `${t.light} ${t.code} ${t.name}${t.mustDeliver ? " [must]" : ""} | ${t.owner} | ${t.percent}${t.expected ? ` / plan ${t.expected}` : ""}`,

  notYourTask: (code: string, owner: string) =>
    `${code} belongs to ${owner}; only the owner, a deputy or an admin can report on it. Nothing was recorded.`,
  reportRecorded: (r: ReportView) =>
    `✅ ${r.code} "${r.name}" recorded: ${r.percent}${r.change}${r.quantity ? `, total ${r.quantity}` : ""}\n   planned today ${r.expected}, ${r.lag} ${r.light}${r.blockers ? `\n   problems: ${r.blockers}` : ""}`,
  reportCorrected: (r: ReportView) =>
    `✏️ ${r.code} corrected from the edited message: ${r.percent}${r.change}, planned today ${r.expected}, ${r.lag} ${r.light}`,
  reportWithdrawn: (codes: string) => `✏️ The edited message no longer reports on ${codes}; that record was withdrawn.`,
  statusChanged: (status: string) => `   status is now "${status}". If that is wrong, edit your message to correct it.`,
  problemSeparator: "; ",
  changeSince: (delta: number) => (delta === 0 ? " (no change)" : ` (${delta > 0 ? "+" : ""}${delta} since last)`),
  firstReport: " (first report)",
  noExpected: "no plan",
  percentUnknown: "percent unknown",

  parseNoProgress: (code: string, example: string) =>
    `${code}: I see no progress in that. Give a percent, a quantity or a status, e.g. ${example}`,
  parseOutOfRange: (example: string) => `A percent must be between 0 and 100; nothing was recorded. For example: ${example}`,
  parseNotAReport: (example: string) => `That is not a progress report. Write the task code and its progress, e.g. ${example}`,
  parseNoTask: (example: string) => `Which task is that for? For example: ${example}`,
  exampleReport: (code: string) => `${code} 65%, problem: funding not arrived`,

  listSeparator: ", ",
  jobName: { prompt: "prompt", remind: "reminder", digest: "leaders' digest", escalate: "supervision orders and missed-report alert" },
  promptTask: (code: string, name: string, owner: string, example: string) =>
    `📝 ${code} "${name}" ${owner}\nReply to this message with your progress, e.g. ${example}`,
  remindHeader: (day: string) => `⏰ ${day}: still no progress report from the following. Reply with the task code and progress (e.g. BY-01 65%):`,
  remindLine: (owner: string, tasks: string) => `${owner}: ${tasks}`,
  escalateHeader: (n: number) => `⚠️ No report for ${n} or more periods in a row:`,
  escalateLine: (code: string, name: string, owner: string, unit: string, missed: number) =>
    `· ${code} "${name}" ${owner} (${unit}), ${missed} periods missed`,
  digestTitle: (day: string, total: number, green: number, yellow: number, red: number, missing: number) =>
    `📊 Daily digest ${day}\n${total} tasks: 🟢 ${green}  🟡 ${yellow}  🔴 ${red}; ${missing} missed their last report`,
  digestUnits: "1. Units by average lag, most behind first",
  digestUnitLine: (rank: number, unit: string, lag: string, tasks: number, red: number) =>
    `${rank}. ${unit}  ${lag} (${tasks} tasks${red ? `, 🔴 ${red}` : ""})`,
  digestTasks: (shown: number, behind: number) => `2. Tasks most behind (top ${shown} of ${behind} behind plan)`,
  digestTaskLine: (rank: number, line: string, lag: string) => `${rank}. ${line}  ${lag}`,
  digestOfficers: "3. Officers by average lag",
  digestOfficerLine: (rank: number, owner: string, lag: string, tasks: number) => `${rank}. ${owner}  ${lag} (${tasks} tasks)`,
  digestMissing: (n: number) => `4. Missed their last report (${n})`,
  digestMissingLine: (code: string, name: string, owner: string, unit: string, missed: number, never: boolean) =>
    `· ${code} "${name}" ${owner} (${unit})${missed > 1 ? `, ${missed} periods missed in a row` : ""}${never ? ", never reported" : ""}`,
  digestRed: (n: number) => `5. Red and overdue (${n}, must-deliver first)`,
  digestRedLine: (line: string) => `· ${line}`,
  digestBlockers: (n: number) => `6. Open problems (${n}, by category)`,
  digestBlockerGroup: (category: string, n: number) => `[${category}] ${n}`,
  digestBlockerLine: (code: string, text: string) => `· ${code}: ${text}`,
  digestChange: "7. Since the last digest",
  digestChangeLine: (label: string, before: string, after: string) => `· ${label}: ${before} → ${after}`,
  digestNewlyRed: (codes: string) => `· Turned red: ${codes}`,
  digestRecovered: (codes: string) => `· No longer red: ${codes}`,
  digestFirst: "· This is the first digest.",
  digestMissingLabel: "without a report",
  digestAverageLag: "average lag",
  digestInactive: (titles: string) => `⚠️ These chats can no longer be reached (bot removed or group gone); an admin should look: ${titles}`,
  digestNothing: "(none)",
  lagPoints: (lag: number) => (lag > 0 ? `${lag} points behind` : lag < 0 ? `${-lag} points ahead` : "on plan"),
  noPlanLag: "no plan",

  jobStarted: (job: string) => `Started: ${job}. Messages are on their way.`,
  jobQueueDown: (job: string) => `${job}: the job queue (Redis) cannot be reached, so this run was neither done nor queued. Please try again later; scheduled runs go on once it is back.`,
  scheduleSavedQueueDown: (job: string, time: string) =>
    `${job} is saved as ${time}, but the job queue (Redis) cannot be reached: the new time takes effect once it is back and the bot restarts.`,
  whoami: (id: string, isAdmin: boolean) =>
    `Your Telegram user id: ${id}${isAdmin ? " (you are an admin)" : ""}\nPut it in ADMIN_IDS (comma-separated) to make someone an admin, e.g. ADMIN_IDS=${id}`,
  whoamiPrivateOnly: "Send /whoami to me in a private chat and I will tell you your Telegram user id.",
  jobNothingToSend: (job: string) => `${job}: nothing to send right now.`,
  jobDone: (job: string, messages: number) => `${job}: ${messages} messages sent.`,
  leadersSet: "This chat is now a leaders' chat: it gets the daily digest every morning.",
  leadersAlready: "This chat is already a leaders' chat.",
  scheduleUsage:
    "Usage: /schedule <job> HH:MM, job one of prompt, remind, digest, escalate.\nExample: /schedule remind 16:30",
  scheduleSet: (job: string, time: string, timezone: string, workdays: boolean) =>
    `The ${job} now runs ${workdays ? "every workday" : "every day"} at ${time} (${timezone}).`,
  scheduleList: (lines: string) => `Schedule:\n${lines}`,
  holidaysUsage:
    "Usage: send the holiday table (CSV, one line per day: date,holiday or workday,name) as a file with /holidays as its caption.\nExample:\n2026-10-01,holiday,National Day\n2026-10-10,workday,make-up workday",
  holidaysImported: (n: number) => `Loaded ${n} holiday and make-up workday entries.`,
  holidaysErrors: (lines: string) => `These lines could not be read; nothing was loaded:\n${lines}`,
  holidaysTooBig: "That file is too large (1 MB at most).",
  leaveUsage: "Usage: /leave @username YYYY-MM-DD YYYY-MM-DD (first and last day of leave)",
  leaveSet: (who: string, from: string, to: string) =>
    `${who} is on leave from ${from} to ${to}: no reminders, not counted as missing.`,

  help: (isAdmin: boolean) =>
    [
      "Duban records progress reports from unit groups and compares them with the plan.",
      "",
      "Report (just write in the group, or reply to my prompt):",
      "  BY-01 65%, demolished 180000 m2, problem: funding not arrived",
      "  #xqh-2 done",
      "Or one item per line: task: BY-01 (new line) progress: 70% (new line) issue: ... (new line) next: ...",
      "",
      "Look up:",
      "  /status <CODE> progress, plan, lag and problems of a task",
      "  /tasks this unit's tasks (all tasks in a leaders' chat)",
      "  /my your tasks",
      "  /whoami your Telegram user id (private chat)",
      "  /problems [unit] open problems, oldest first (write \"funding resolved\" in a report to close one)",
      "  /dm on|off reminders to you in private / in the group",
      "  /lang zh|tw|en|auto the language I answer you in",
      "  /help this text",
      ...(isAdmin
        ? [
            "",
            "Admins:",
            "  /bind <unit name> bind this group to a unit",
            "  /addtask <CODE> <name> @owner [start=YYYY-MM-DD] [due=YYYY-MM-DD] [target=180000m2] [cadence=weekly] [must]",
            "  /assign <CODE> @username (or in reply to the officer's message)",
            "  /plan <CODE> YYYY-MM-DD=NN% ...",
            "  /deputy <CODE> @username add a deputy who may report too (remove @username to undo)",
            "  /leaders make this chat a leaders' chat (gets the digest)",
            "  /prompt /remind /digest /escalate run that job now",
            "  /schedule <job> HH:MM set a job's time",
            "  /holidays load the holiday table (as a file's caption)",
            "  /leave @username YYYY-MM-DD YYYY-MM-DD record leave",
            "  /import import a ledger (as an Excel or CSV file's caption): see the changes, then confirm",
            "  /export the ledger of every task, with progress",
            "  /close <CODE> <funding|land|demolition|approval|other|all> [note] close a problem",
            "  /head @username <unit name> set the unit's head (named on yellow supervision orders)",
          ]
        : []),
    ].join("\n"),
  noTaskChoose: (tasks: string[]) =>
    tasks.length
      ? `Which task is that for? e.g. ${tasks[0]} 65%. Your tasks: ${tasks.join(", ")}`
      : "Which task is that for? Write its code, e.g. BY-01 65%. Send /my to see your tasks.",
  // ledger (台账) in chat, and typo guards on /bind, /addtask, /assign
  importUsage: "Send me the ledger (.xlsx or .csv) as a file with /import as its caption. I list what would change first and import only when you confirm. A blank ledger: npm run duban -- ledger template --out ledger.xlsx",
  importRefused: (lines: string) => `This ledger was not imported; nothing was written:\n${lines}`,
  importTooBig: "That file is too large (10 MB at most); nothing was imported.",
  importConfirm: "Import",
  importCancel: "Cancel",
  importNothing: "The file matches the tasks exactly; nothing to import.",
  importCancelled: "Cancelled; nothing was written.",
  importFailed: "The import failed; nothing was written. Please try again later.",
  exportCaption: (n: number) => `The ledger of all ${n} tasks, with their progress. Send it back with /import as its caption once edited.`,
  exportEmpty: "There are no tasks yet. Send me a ledger with /import as its caption to import some.",
  bindWhich: (typed: string, names: string) => `There is no unit called "${typed}". Did you mean ${names}? Tap an existing unit, or create "${typed}".`,
  bindNew: (name: string) => `New unit "${name}"`,
  choiceCancel: "Cancel",
  choiceCancelled: "Cancelled; nothing changed.",
  newPersonAsk: (username: string) => `@${username} is a username I have never seen. Is this a new officer? (If it is a typo, cancel and send the command again.)`,
  newPersonConfirm: (username: string) => `Yes, add @${username}`,

  // Problems to closure (销号) and supervision orders — feature: problems
  problemClosed: (code: string, category: string, days: number) => `✅ ${code} ${category} problem closed (open ${days} days)`,
  problemsAllClosed: "all",
  problemNothingToClose: (code: string, category: string | null) =>
    category ? `${code} has no open ${category} problem.` : `${code} has no open problem.`,
  closeUsage: "Usage: /close <CODE> <funding|land|demolition|approval|other|all> [note], e.g. /close BY-01 funding paid by the district",
  closeUnknownCategory: (word: string) => `"${word}" is not a problem category. Write funding, land, demolition, approval, other or all.`,
  closeDone: (lines: string) => `Closed:\n${lines}`,
  problemsNone: (scope: string | null) => (scope ? `${scope} has no open problem.` : "No open problem in the district."),
  problemsTitle: (scope: string | null, n: number) => `📌 Open problems${scope ? ` of ${scope}` : ""}: ${n}, oldest first:`,
  problemsLine: (rank: number, code: string, name: string, unit: string | null, category: string, text: string, days: number, workdays: number) =>
    `${rank}. ${code} "${name}"${unit ? ` (${unit})` : ""} [${category}] ${text}: open ${days} days (${workdays} workdays)`,
  problemsMore: (n: number) => `… and ${n} more`,
  problemsUnknownUnit: (name: string) => `There is no unit called "${name}".`,
  headUsage: "Usage: /head @username <unit name>: sets the unit's head (named on a yellow supervision order)",
  headSet: (who: string, unit: string) => `${who} is now the head of ${unit}.`,
  digestOldestProblem: (code: string, category: string, text: string, days: number) =>
    `Oldest open problem: ${code} [${category}] ${text}, open ${days} days`,

  // reading2: questions before doubtful records, plan only, photos, one prompt per group, /dm
  askAsPercent: (percent: string) => `Record ${percent}`,
  askConfirm: "Confirm",
  askCancel: "Cancel",
  askPeriodAsCumulative: (code: string, previous: string, written: string, sum: string) =>
    `❓ ${code} was ${previous}; this report says ${written}. Is it this period's rise (total ${sum}) or the total, ${written}? Tap one:`,
  askFall: (code: string, previous: string, after: string) => `❓ ${code} would fall from ${previous} to ${after}. Confirm?`,
  askRise: (code: string, previous: string, after: string) => `❓ ${code} would jump from ${previous} to ${after} at once. Confirm?`,
  askCancelled: (code: string) => `Cancelled: nothing recorded for ${code}.`,
  askWhichTask: (codes: string) => `Which task is this progress for? (${codes}) Tap one:`,
  planKept: (code: string, plan: string) => `📌 ${code}: next step noted: ${plan}\nWhere does it stand today? Reply to this message, e.g. 65%`,
  photoKept: (code: string, count: number) => `📷 Photo kept with ${code}'s latest report (${count} in all).`,
  statusPhotos: (count: number) => (count ? `Photos: ${count}; the latest follows.` : "Photos: none"),
  statusNextStep: (plan: string) => `Next step: ${plan}`,
  blockErrorLine: (text: string) => `⚠️ ${text}`,
  promptGroupHeader: (day: string) => `📝 ${day}: please report on these tasks (reply to this message with the code and progress; with one task here, just "65%"):`,
  promptGroupLine: (code: string, name: string, owner: string) => `· ${code} "${name}" ${owner}`,
  remindPrivate: (day: string, tasks: string) => `⏰ ${day}: no progress yet on ${tasks}. Report in your unit's group, or right here, e.g. ${tasks.split(", ")[0] ?? ""} 65%`,
  dmUsage: "Usage: in a private chat with me, /dm on (reminders come here) or /dm off (reminders @mention you in the group).",
  dmOn: "Done: reminders will come to you here. /dm off to have them in the group again.",
  dmOff: "Done: reminders will @mention you in your unit's group.",
  langUsage: "Usage: /lang zh (simplified Chinese), /lang tw (traditional), /lang en (English) or /lang auto (follow your messages and Telegram).",
  langSet: "Done: I will answer you in English (a message written in another language is still answered in it).",
  langAuto: "Done: answers follow your messages and your Telegram language.",
};
