import type { Db } from "#src/db/database.js";
import type { Clock } from "#src/clock.js";
import { dayInZone } from "#src/domain/calendar.js";
import { parseReport } from "#src/domain/parser/index.js";
import { expectedPercent, lag, light, type Light, type LightThresholds } from "#src/domain/plan.js";
import type { PersonName } from "#src/domain/people.js";
import { planOf } from "#src/domain/standing.js";
import type { BlockerCategory, ParseErrorCode, TaskStatus } from "#src/domain/types.js";
import type { Person } from "#src/generated/prisma/client.js";
import { problemAge, type CloseTarget } from "#src/domain/problems.js";
import { loadWorkdayTest } from "./calendar.js";
import { activeChat } from "./chats.js";
import { recordReports, tasksOf, withdrawReports, type MessageSource, type ReportOutcome } from "./reports.js";

/** A message that may be a report, as the bot received it. */
export interface IncomingReport {
  chatId: bigint;
  inGroup: boolean;
  messageId: number;
  updateId: bigint;
  sentAt: Date;
  editedAt: Date | null;
  text: string;
  /** The bot's own message this one replies to, if any. */
  repliesToBotMessage: number | null;
}

export interface Sender {
  person: Person;
  isAdmin: boolean;
}

/** One task's line in the answer. */
export type OutcomeView =
  | { kind: "unknown_task"; code: string }
  | { kind: "not_allowed"; code: string; owner: PersonName }
  | {
      kind: "recorded" | "corrected";
      code: string;
      name: string;
      reported: number | null;
      previousPercent: number | null;
      quantityTotal: number | null;
      quantityUnit: string | null;
      expected: number | null;
      lag: number | null;
      light: Light;
      blockers: { category: BlockerCategory; text: string }[];
      /** Set when the report moved the task to a status worth saying out loud. */
      newStatus: TaskStatus | null;
      /** Problems this report closed (销号), with the days each was open. */
      closedProblems: { category: BlockerCategory; days: number }[];
      /** 销号 words that found nothing open of their category. */
      nothingToClose: CloseTarget[];
      /** The report only closed problems: nothing measured, nothing raised. */
      closingOnly: boolean;
    };

/** What the bot should answer; `rememberTask` makes a reply to the answer carry that task. */
export type ReportingAnswer =
  | { kind: "silent" }
  | { kind: "unbound" }
  | { kind: "withdrawn"; codes: string[] }
  | { kind: "choose_task"; codes: string[] }
  | { kind: "parse_error"; error: ParseErrorCode; task: string | null; exampleTask: string | null; rememberTask: string | null }
  | { kind: "outcomes"; outcomes: OutcomeView[]; rememberTask: string | null };

const ACTIVE = new Set(["not_started", "in_progress", "suspended"]);
// Where the task is inferred from the sender owning just one, a group message must open like a
// report ("65%", "进度65%", "累计…"): "好的，已完成" to a colleague must not close the task.
const OPENS_LIKE_PROGRESS =
  /^\s*(?:进度|進度|progress|累计|累計|[+＋]?[0-9０-９]|百分之|(?:完成|提高|本周|本旬|本月|今日|今天|新增)[^，。,.;；!?！？\n]{0,10}?[0-9０-９一二两三四五六七八九十])/iu;
const HAS_DIGIT = /[0-9０-９]/u;
// "资金问题已解决" from the owner of one task closes that task's funding problem: a category word
// and a done word open the message (a bare "问题已解决" to a colleague does not count).
const OPENS_LIKE_CLOSING =
  /^\s*(?:资金|資金|经费|經費|用地|土地|拆迁|拆遷|征收|徵收|审批|審批|手续|手續)(?:问题|問題)?(?:已经|已經|已)(?:解决|解決|落实|落實|到位|拨付|撥付|办结|辦結|批复|批覆|交付|销号|銷號)/u;
// "请BY-02本周内完成50%" is an instruction, not a report.
const INSTRUCTION = /^\s*(?:请|請|要求|务必|務必|争取|爭取|必须|必須|希望|督促|please)/iu;
const STATUS_WORTH_SAYING = new Set<TaskStatus>(["completed", "accepted", "suspended"]);

export interface ReportingDeps {
  db: Db;
  clock: Clock;
  timezone: string;
  thresholds: LightThresholds;
}

/** Reads a message as a report and records it: which task, who may, edits, what answer fits. */
export function reportingService({ db, clock, timezone, thresholds }: ReportingDeps) {
  async function taskFromContext(sender: Sender, msg: IncomingReport): Promise<{ code: string; via: "reply" | "only-task" } | null> {
    if (msg.repliesToBotMessage !== null) {
      const link = await db.taskMessage.findUnique({
        where: { chatId_messageId: { chatId: msg.chatId, messageId: msg.repliesToBotMessage } },
        include: { task: true },
      });
      if (link) return { code: link.task.code, via: "reply" };
    }
    const active = (await tasksOf(db, sender.person.id)).filter((task) => ACTIVE.has(task.status));
    const only = active.length === 1 ? active[0] : undefined;
    return only ? { code: only.code, via: "only-task" } : null;
  }

  async function mayReport(sender: Sender, code: string): Promise<boolean> {
    if (sender.isAdmin) return true;
    const task = await db.task.findUnique({ where: { code }, include: { deputies: true } });
    if (!task) return true; // An unknown code is answered as such when it is reported on.
    return task.ownerId === sender.person.id || task.deputies.some((d) => d.personId === sender.person.id);
  }

  async function view(outcome: ReportOutcome): Promise<OutcomeView | null> {
    switch (outcome.kind) {
      case "unknown_task":
        return { kind: "unknown_task", code: outcome.code };
      case "not_allowed":
        return { kind: "not_allowed", code: outcome.task.code, owner: outcome.owner };
      case "duplicate":
        return null;
    }
    const task = await db.task.findUniqueOrThrow({ where: { id: outcome.task.id }, include: { milestones: true } });
    const plan = planOf(task);
    const today = dayInZone(clock.now(), timezone);
    const expected = expectedPercent(plan, today);
    const reported = outcome.standing.progressPercent;
    const status = outcome.standing.status;
    const blockers = await db.blocker.findMany({ where: { reportId: outcome.report.id }, orderBy: { id: "asc" } });
    const changes = outcome.problems ?? { opened: [], closed: [], nothingToClose: [] };
    const isWorkday = changes.closed.length ? await loadWorkdayTest(db) : () => true;
    const row = outcome.report;
    const measured = row.percent !== null || row.percentDelta !== null || row.quantityValue !== null || row.status !== null;
    return {
      kind: outcome.kind,
      code: task.code,
      name: task.name,
      reported,
      previousPercent: outcome.previousPercent,
      quantityTotal: outcome.standing.quantityTotal,
      quantityUnit: outcome.standing.quantityUnit,
      expected,
      lag: lag(expected, reported),
      light: light({ expected, reported, deadline: plan.deadline, today }, thresholds),
      blockers: blockers.map((b) => ({ category: b.category, text: b.text })),
      newStatus: status && status !== outcome.previousStatus && STATUS_WORTH_SAYING.has(status) ? status : null,
      closedProblems: changes.closed.map((c) => ({ category: c.category, days: problemAge(c.openedAt, c.closedAt, timezone, isWorkday).days })),
      nothingToClose: changes.nothingToClose,
      closingOnly: !measured && blockers.length === 0 && (changes.closed.length > 0 || changes.nothingToClose.length > 0),
    };
  }

  return {
    /** One message from a person the bot knows, in a private chat or a group. */
    async handle(sender: Sender, msg: IncomingReport): Promise<ReportingAnswer> {
      const chat = msg.inGroup ? await activeChat(db, msg.chatId) : null;
      // Leaders' chats read digests and talk about tasks; reports are made in the units' groups.
      if (chat?.kind === "leaders") return { kind: "silent" };
      if (msg.inGroup && INSTRUCTION.test(msg.text)) return { kind: "silent" };

      const context = await taskFromContext(sender, msg);
      const useContext = context !== null && (context.via === "reply" || !msg.inGroup || OPENS_LIKE_PROGRESS.test(msg.text) || OPENS_LIKE_CLOSING.test(msg.text));
      const parsed = parseReport(msg.text, { task: useContext ? context.code : null });
      if (msg.inGroup && !chat) {
        // An unbound group hears one line, and only when someone is evidently trying to report.
        return parsed.ok || parsed.error !== "not_a_report" ? { kind: "unbound" } : { kind: "silent" };
      }

      const source: MessageSource = { ...msg, updateId: msg.updateId };
      if (msg.editedAt) {
        // An edit that no longer names a task takes back what the message recorded for it.
        const kept = parsed.ok ? parsed.reports.map((r) => r.task) : [];
        const withdrawn = await withdrawReports(db, sender.person, source, kept);
        if (withdrawn.length && !parsed.ok) return { kind: "withdrawn", codes: withdrawn };
      }
      if (!parsed.ok) return answerParseError(sender, msg, parsed.error, parsed.task ?? null);

      const outcomes = await recordReports(db, sender, parsed.reports, source);
      const views = (await Promise.all(outcomes.map(view))).filter((v): v is OutcomeView => v !== null);
      if (views.length === 0) return { kind: "silent" };
      const recorded = views.filter((v) => v.kind === "recorded" || v.kind === "corrected");
      return { kind: "outcomes", outcomes: views, rememberTask: recorded.length === 1 && recorded[0] ? recorded[0].code : null };
    },

    /** The bot's answer went out as these messages: a reply to any of them carries the task. */
    async rememberTaskMessages(chatId: bigint, messageIds: number[], code: string): Promise<void> {
      const task = await db.task.findUnique({ where: { code } });
      if (!task || messageIds.length === 0) return;
      await db.taskMessage.createMany({ data: messageIds.map((messageId) => ({ chatId, messageId, taskId: task.id })), skipDuplicates: true });
    },
  };

  async function answerParseError(sender: Sender, msg: IncomingReport, error: ParseErrorCode, task: string | null): Promise<ReportingAnswer> {
    const mine = await tasksOf(db, sender.person.id);
    const example = mine[0]?.code ?? null;
    switch (error) {
      case "not_a_report":
        // Chit-chat in a group is none of the bot's business; in private, show how to report.
        return msg.inGroup ? { kind: "silent" } : { kind: "parse_error", error, task: null, exampleTask: example, rememberTask: null };
      case "no_task":
        // In a group, a bare status word ("已完成") without a task is most likely talk, not a report.
        if (msg.inGroup && !HAS_DIGIT.test(msg.text)) return { kind: "silent" };
        return { kind: "choose_task", codes: mine.filter((t) => ACTIVE.has(t.status)).map((t) => t.code) };
      case "no_progress":
        // Asked back only of someone who could report on it: others are talking about the task.
        if (msg.inGroup && task && !(await mayReport(sender, task))) return { kind: "silent" };
        return { kind: "parse_error", error, task, exampleTask: task ?? example, rememberTask: task };
      case "percent_out_of_range":
        return { kind: "parse_error", error, task, exampleTask: task ?? example, rememberTask: null };
    }
  }
}

export type ReportingService = ReturnType<typeof reportingService>;
