import { reportsRecorded } from "#src/metrics.js";
import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
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
import { actionsService, type OfferedButton } from "./actions.js";
import { keepPhoto, type IncomingPhoto } from "./photos.js";
import { askWhichTask, codesIn, loadSource, sortOutDoubts, type ChoiceLabel, type Question, type QuestionPayload } from "./questions.js";
import { keepForecastSeries } from "./forecasts.js";
import { mayReportOn, recordReports, reportTask, withdrawReports, type PlannedPoint, type MessageSource, type ReportOutcome } from "./reports.js";

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
  /** That message's text (a group's prompt lists the tasks it asks about). */
  repliedText?: string | null;
  /** A photo sent with the message (its caption is the text). */
  photo?: IncomingPhoto | null;
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
  | {
      kind: "outcomes";
      outcomes: OutcomeView[];
      rememberTask: string | null;
      /** Doubtful reports asked back with buttons, each its own message. */
      questions?: Question[];
      /** Blocks about other tasks in the message that could not be read. */
      blockErrors?: { task: string; error: ParseErrorCode }[];
    }
  | { kind: "plan_kept"; code: string; plan: string; ask: boolean }
  | { kind: "which_task"; codes: string[]; buttons: OfferedButton[] }
  | { kind: "photo_kept"; code: string; count: number }
  | { kind: "cancelled"; code: string };

/** One of the sender's tasks (owned or deputised), for asking which one a message is about. */
interface OwnTask {
  code: string;
  status: TaskStatus;
}

interface MessageContext {
  /** The chat's kind when it is bound and active. */
  chatKind: "unit_group" | "leaders" | null;
  /** The task of the bot message this one replies to, if that message was about one. */
  replyTask: string | null;
  ownTasks: OwnTask[];
}

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
// "请BY-02本周内完成50%" and "@孙浩 DL-02 请今天下班前报送进度" are instructions, not reports.
const INSTRUCTION =
  /^\s*(?:@\S+\s*)*(?:[#【[]?[A-Za-z]{1,6}-?[0-9]{1,4}[】\]]?\s*)?[，,：:]?\s*(?:请|請|要求|务必|務必|争取|爭取|必须|必須|希望|督促|please)/iu;
/** Tasks whose reports a recording changed. */
const changedTasks = (outcomes: ReportOutcome[]): number[] => outcomes.flatMap((o) => (o.kind === "recorded" || o.kind === "corrected" ? [o.task.id] : []));
const STATUS_WORTH_SAYING = new Set<TaskStatus>(["completed", "accepted", "suspended"]);

export interface ReportingDeps {
  db: Db;
  sql: Sql;
  clock: Clock;
  timezone: string;
  thresholds: LightThresholds;
}

/** Reads a message as a report and records it: which task, who may, edits, what answer fits. */
export function reportingService({ db, sql, clock, timezone, thresholds }: ReportingDeps) {
  const store = { prisma: db, sql };
  const actions = actionsService(db, clock);
  const noLabel: ChoiceLabel = (c) => ("code" in c ? c.code : "percent" in c ? `${c.percent}%` : "×");

  /** What a message is read against, in one statement: its chat, the task of the bot message it answers, the sender's tasks. */
  async function contextOf(sender: Sender, msg: IncomingReport): Promise<MessageContext> {
    const [row] = await sql.query<MessageContext>(
      `SELECT
         (SELECT c.kind FROM "Chat" c WHERE c.id = $1 AND c.active) AS "chatKind",
         (SELECT t.code FROM "TaskMessage" m JOIN "Task" t ON t.id = m."taskId" WHERE m."chatId" = $1 AND m."messageId" = $3) AS "replyTask",
         coalesce((SELECT json_agg(json_build_object('code', t.code, 'status', t.status) ORDER BY t.code) FROM "Task" t
                   WHERE t."ownerId" = $2 OR EXISTS (SELECT 1 FROM "TaskDeputy" d WHERE d."taskId" = t.id AND d."personId" = $2)), '[]') AS "ownTasks"`,
      [msg.chatId, sender.person.id, msg.repliesToBotMessage],
    );
    return row ?? { chatKind: null, replyTask: null, ownTasks: [] };
  }

  function taskFromContext(
    msg: IncomingReport,
    context: MessageContext,
  ): { code: string; via: "reply" | "only-task" } | { codes: string[]; via: "prompt" } | null {
    if (msg.repliesToBotMessage !== null) {
      if (context.replyTask) return { code: context.replyTask, via: "reply" };
      // A group's prompt lists every task due there: the sender's among them are the candidates.
      const listed = msg.repliedText ? codesIn(msg.repliedText) : new Set<string>();
      const mine = context.ownTasks.filter((task) => ACTIVE.has(task.status) && listed.has(task.code));
      if (mine.length === 1 && mine[0]) return { code: mine[0].code, via: "reply" };
      if (mine.length > 1) return { codes: mine.map((t) => t.code), via: "prompt" };
    }
    const active = context.ownTasks.filter((task) => ACTIVE.has(task.status));
    const only = active.length === 1 ? active[0] : undefined;
    return only ? { code: only.code, via: "only-task" } : null;
  }

  /**
   * The forecast series of tasks whose reports changed, kept now so that the evening's digest
   * reads them rather than their reports. A cache: should this fail, the next read reads the
   * reports (the series' stamp no longer matches the task's), so the answer goes out regardless.
   */
  async function keepSeries(taskIds: number[]): Promise<void> {
    if (taskIds.length === 0) return;
    await keepForecastSeries(sql, taskIds, timezone, dayInZone(clock.now(), timezone)).catch(() => undefined);
  }

  async function mayReport(sender: Sender, code: string, strictly = false): Promise<boolean> {
    if (sender.isAdmin && !strictly) return true;
    const task = await reportTask(sql, code);
    if (!task) return true; // An unknown code is answered as such when it is reported on.
    return mayReportOn(task, { person: sender.person, isAdmin: false });
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
    const task = outcome.task;
    const milestones =
      outcome.milestones ?? (await sql.query<PlannedPoint>(`SELECT date, "plannedPercent" FROM "Milestone" WHERE "taskId" = $1 ORDER BY date`, [task.id]));
    const plan = planOf({ ...task, milestones });
    const today = dayInZone(clock.now(), timezone);
    const expected = expectedPercent(plan, today);
    const reported = outcome.standing.progressPercent;
    const status = outcome.standing.status;
    const blockers =
      outcome.blockers ??
      await sql.query<{ category: BlockerCategory; text: string }>(`SELECT category, text FROM "Blocker" WHERE "reportId" = $1 ORDER BY id`, [outcome.report.id]);
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

  const service = {
    /** One message from a person the bot knows, in a private chat or a group. */
    async handle(sender: Sender, msg: IncomingReport, label: ChoiceLabel = noLabel): Promise<ReportingAnswer> {
      if (msg.inGroup && INSTRUCTION.test(msg.text)) return { kind: "silent" };
      const known = await contextOf(sender, msg);
      const chat = msg.inGroup && known.chatKind ? { kind: known.chatKind } : null;
      // Leaders' chats read digests and talk about tasks; reports are made in the units' groups.
      if (chat?.kind === "leaders") return { kind: "silent" };

      const found = taskFromContext(msg, known);
      const context = found && "code" in found ? found : null;
      const useContext = context !== null && (context.via === "reply" || !msg.inGroup || OPENS_LIKE_PROGRESS.test(msg.text) || OPENS_LIKE_CLOSING.test(msg.text));
      const parsed = parseReport(msg.text, { task: useContext ? context.code : null });
      const source0: MessageSource = { ...msg, updateId: msg.updateId };
      if (found && "codes" in found && !msg.editedAt && !parsed.ok && parsed.error === "no_task") {
        // "65%" to a prompt listing several of the sender's tasks: which one?
        return { kind: "which_task", codes: found.codes, buttons: await askWhichTask(actions, sender, found.codes, msg.text, source0, label) };
      }
      if (msg.photo && !msg.text.trim()) {
        // A photo without a caption, replying to a prompt: evidence for the task's latest report.
        if (!context || context.via !== "reply" || !(await mayReport(sender, context.code, true))) return { kind: "silent" };
        const kept = await keepPhoto(db, sender.person, context.code, msg.photo, source0, null);
        return kept ? { kind: "photo_kept", code: context.code, count: kept } : { kind: "silent" };
      }
      if (msg.inGroup && !chat) {
        // An unbound group hears one line, and only when someone is evidently trying to report.
        return parsed.ok || parsed.error !== "not_a_report" ? { kind: "unbound" } : { kind: "silent" };
      }

      const source: MessageSource = { ...msg, updateId: msg.updateId };
      if (msg.editedAt) {
        // An edit that no longer names a task takes back what the message recorded for it.
        const kept = parsed.ok ? parsed.reports.map((r) => r.task) : [];
        const withdrawn = await withdrawReports(db, sender.person, source, kept);
        await keepSeries(withdrawn.map((w) => w.taskId));
        if (withdrawn.length && !parsed.ok) return { kind: "withdrawn", codes: withdrawn.map((w) => w.code) };
      }
      if (!parsed.ok) {
        if (parsed.error === "no_progress" && parsed.plan && parsed.task) {
          const kept = await keepPlan(sender, parsed.task, parsed.plan);
          if (kept) return kept;
        }
        return answerParseError(sender, msg, parsed.error, parsed.task ?? null, known.ownTasks);
      }

      const { sure, questions, tasks } = await sortOutDoubts(sql, actions, sender, parsed.reports, source, label, msg.photo ?? null);
      const outcomes = await recordReports(store, sender, sure, source, tasks);
      await keepSeries(changedTasks(outcomes));
      if (msg.photo) {
        for (const o of outcomes) if (o.kind === "recorded" || o.kind === "corrected") await keepPhoto(db, sender.person, o.task.code, msg.photo, source, o.report.id);
      }
      for (const e of parsed.errors) if (e.plan) await keepPlan(sender, e.task, e.plan);
      const blockErrors = await mineOnly(sender, parsed.errors.map(({ task, error }) => ({ task, error })));
      const views = (await Promise.all(outcomes.map(view))).filter((v): v is OutcomeView => v !== null);
      if (views.length === 0 && questions.length === 0 && blockErrors.length === 0) return { kind: "silent" };
      const recorded = views.filter((v) => v.kind === "recorded" || v.kind === "corrected");
      return {
        kind: "outcomes",
        outcomes: views,
        rememberTask: recorded.length === 1 && recorded[0] && questions.length === 0 ? recorded[0].code : null,
        ...(questions.length ? { questions } : {}),
        ...(blockErrors.length ? { blockErrors } : {}),
      };
    },

    /** A tapped answer to a question this service asked: records the reading chosen, once. */
    async settle(sender: Sender, payload: unknown): Promise<ReportingAnswer> {
      const p = payload as QuestionPayload;
      if (p.kind === "cancel") return { kind: "cancelled", code: p.code };
      const source = loadSource(p.source);
      let reports = p.kind === "record" ? [p.report] : [];
      if (p.kind === "which") {
        const parsed = parseReport(p.text, { task: p.code });
        if (!parsed.ok) return { kind: "parse_error", error: parsed.error, task: p.code, exampleTask: p.code, rememberTask: p.code };
        reports = parsed.reports;
      }
      const outcomes = await recordReports(store, sender, reports, source);
      await keepSeries(changedTasks(outcomes));
      // A photo sent with a doubtful report stays with it once it is recorded.
      const photo = p.kind === "record" ? p.photo : undefined;
      if (photo) for (const o of outcomes) if (o.kind === "recorded") await keepPhoto(db, sender.person, o.task.code, photo, source, o.report.id);
      const views = (await Promise.all(outcomes.map(view))).filter((v): v is OutcomeView => v !== null);
      return views.length ? { kind: "outcomes", outcomes: views, rememberTask: null } : { kind: "silent" };
    },
  };
  return {
    ...service,
    handle: async (...args: Parameters<typeof service.handle>) => counted(await service.handle(...args)),
    settle: async (...args: Parameters<typeof service.settle>) => counted(await service.settle(...args)),
  };

  /** A forecast without a figure, from the task's owner or deputy: the task's next step. */
  async function keepPlan(sender: Sender, code: string, plan: string): Promise<ReportingAnswer | null> {
    if (!(await mayReport(sender, code, true))) return null;
    const task = await db.task.findUnique({ where: { code } });
    if (!task) return null;
    const now = clock.now();
    // Asked for today's figure once a day, however many forecasts come.
    const askedToday = task.nextStepAt !== null && dayInZone(task.nextStepAt, timezone) === dayInZone(now, timezone);
    await db.task.update({ where: { id: task.id }, data: { nextStep: plan, nextStepAt: now } });
    return { kind: "plan_kept", code, plan, ask: !askedToday };
  }

  /** A failed block is asked about only of those who could report on its task. */
  async function mineOnly(sender: Sender, errors: { task: string; error: ParseErrorCode }[]) {
    const kept: { task: string; error: ParseErrorCode }[] = [];
    for (const e of errors) if (await mayReport(sender, e.task)) kept.push(e);
    return kept;
  }

  async function answerParseError(sender: Sender, msg: IncomingReport, error: ParseErrorCode, task: string | null, mine: OwnTask[]): Promise<ReportingAnswer> {
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
        // Asked back only of its owner or deputy: others (a supervisor too) are talking about the task.
        if (task && !(await mayReport(sender, task, true))) return { kind: "silent" };
        return { kind: "parse_error", error, task, exampleTask: task ?? example, rememberTask: task };
      case "percent_out_of_range":
        return { kind: "parse_error", error, task, exampleTask: task ?? example, rememberTask: null };
    }
  }
}

/** Each report read, by what became of it, for /metrics. */
function counted(answer: ReportingAnswer): ReportingAnswer {
  if (answer.kind === "outcomes") for (const o of answer.outcomes) reportsRecorded.inc({ outcome: o.kind });
  else if (answer.kind === "parse_error") reportsRecorded.inc({ outcome: "parse_error" });
  return answer;
}

export type ReportingService = ReturnType<typeof reportingService>;
