import { Composer } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../context.js";
import { boundChat, isGroup } from "../guards.js";
import { reply } from "../send.js";
import { formatPercent, formatQuantity } from "../format.js";
import { detectLanguage, parseReport } from "#src/domain/parser/index.js";
import { expectedPercent, lag, light } from "#src/domain/plan.js";
import { messages, languageFromTelegram } from "#src/locales/index.js";
import { parseErrorMessage } from "#src/locales/parse-errors.js";
import { personLabel } from "#src/db/people.js";
import { recordReports, tasksOf, withdrawReports, type ReportOutcome } from "#src/services/reports.js";
import { planOf } from "#src/services/standing.js";
import type { Language } from "#src/domain/types.js";

export const reportsFeature = new Composer<BotContext>();

const ACTIVE = new Set(["not_started", "in_progress", "suspended"]);

// Where the task is inferred from the sender owning just one, a group message must open like a
// report ("65%", "进度65%", "累计…"): "好的，已完成" to a colleague must not close the task.
const OPENS_LIKE_PROGRESS =
  /^\s*(?:进度|進度|progress|累计|累計|[+＋]?[0-9０-９]|百分之|(?:完成|提高|本周|本旬|本月|今日|今天|新增)[^，。,.;；!?！？\n]{0,10}?[0-9０-９一二两三四五六七八九十])/iu;
const HAS_DIGIT = /[0-9０-９]/u;
// "请BY-02本周内完成50%" is an instruction, not a report.
const INSTRUCTION = /^\s*(?:请|請|要求|务必|務必|争取|爭取|必须|必須|希望|督促|please)/iu;
// A task whose status a report changes to one of these is said so in the answer.
const STATUS_WORTH_SAYING = new Set(["completed", "accepted", "suspended"]);

reportsFeature.on(["message:text", "edited_message:text", "message:caption", "edited_message:caption"], async (ctx, next) => {
  const msg = (ctx.editedMessage ?? ctx.message)!;
  const text = msg.text ?? msg.caption ?? "";
  if (text.startsWith("/")) return next();
  if (!ctx.person || msg.from?.is_bot) return;

  const inGroup = isGroup(ctx);
  const chat = inGroup ? await boundChat(ctx) : null;
  // Leaders' chats read digests and talk about tasks; reports are made in the units' groups.
  if (chat?.kind === "leaders") return;
  if (inGroup && INSTRUCTION.test(text)) return;
  const lang = detectLanguage(text) ?? languageFromTelegram(msg.from?.language_code);
  const t = messages(lang);

  const context = await taskFromContext(ctx, msg);
  const useContext = context !== null && (context.via === "reply" || !inGroup || OPENS_LIKE_PROGRESS.test(text));
  const parsed = parseReport(text, { task: useContext ? context.code : null });

  if (inGroup && !chat) {
    // An unbound group hears one line, and only when someone is evidently trying to report.
    if (parsed.ok || parsed.error !== "not_a_report") await reply(ctx, t.unboundChat);
    return;
  }

  const db = ctx.deps.db;
  const source = {
    chatId: BigInt(msg.chat.id),
    messageId: msg.message_id,
    updateId: BigInt(ctx.update.update_id),
    sentAt: new Date(msg.date * 1000),
    text,
    editedAt: msg.edit_date ? new Date(msg.edit_date * 1000) : null,
  };
  if (source.editedAt) {
    // An edit that no longer names a task takes back what the message recorded for it.
    const kept = parsed.ok ? parsed.reports.map((r) => r.task) : [];
    const withdrawn = await withdrawReports(db, ctx.person, source, kept);
    if (withdrawn.length && !parsed.ok) {
      await reply(ctx, t.reportWithdrawn(withdrawn.join(t.listSeparator)));
      return;
    }
  }

  if (!parsed.ok) {
    const mine = await tasksOf(db, ctx.person.id);
    const example = mine[0]?.code ?? null;
    switch (parsed.error) {
      case "not_a_report":
        // Chit-chat in a group is none of the bot's business; in private, show how to report.
        if (!inGroup) await reply(ctx, parseErrorMessage("not_a_report", lang, { task: null, exampleTask: example }));
        return;
      case "no_task":
        // In a group, a bare status word ("已完成") without a task is most likely talk, not a report.
        if (inGroup && !HAS_DIGIT.test(text)) return;
        await reply(ctx, t.noTaskChoose(mine.filter((task) => ACTIVE.has(task.status)).map((task) => task.code)));
        return;
      case "no_progress": {
        // Asked back only of someone who could report on it: others are talking about the task.
        if (inGroup && parsed.task && !(await mayReport(ctx, parsed.task))) return;
        const sent = await reply(ctx, parseErrorMessage("no_progress", lang, { task: parsed.task, exampleTask: parsed.task ?? example }), {
          forceReply: true,
        });
        // The officer's answer to this question carries the task.
        if (parsed.task) await rememberTaskMessages(ctx, sent, parsed.task);
        return;
      }
      case "percent_out_of_range":
        await reply(ctx, parseErrorMessage("percent_out_of_range", lang, { task: parsed.task, exampleTask: parsed.task ?? example }));
        return;
    }
  }

  const outcomes = await recordReports(db, { person: ctx.person, isAdmin: ctx.isAdmin }, parsed.reports, source);
  const lines = await Promise.all(outcomes.map((o) => describe(ctx, o, lang)));
  const answer = lines.filter((l): l is string => l !== null).join("\n");
  if (!answer) return;
  const sent = await reply(ctx, answer);
  const recorded = outcomes.filter((o) => o.kind === "recorded" || o.kind === "corrected");
  if (recorded.length === 1 && recorded[0]!.kind !== "unknown_task" && recorded[0]!.kind !== "not_allowed") {
    await rememberTaskMessages(ctx, sent, recorded[0]!.task.code);
  }
});

async function mayReport(ctx: BotContext, code: string): Promise<boolean> {
  if (ctx.isAdmin) return true;
  const task = await ctx.deps.db.task.findUnique({ where: { code }, include: { deputies: true } });
  if (!task) return true; // An unknown code is answered as such when it is reported on.
  return task.ownerId === ctx.person!.id || task.deputies.some((d) => d.personId === ctx.person!.id);
}

/** A reply to the bot's message about one task, or the sender's only active task. */
async function taskFromContext(ctx: BotContext, msg: Message): Promise<{ code: string; via: "reply" | "only-task" } | null> {
  const db = ctx.deps.db;
  const repliedTo = msg.reply_to_message;
  if (repliedTo?.from?.id === ctx.me.id) {
    const link = await db.taskMessage.findUnique({
      where: { chatId_messageId: { chatId: BigInt(msg.chat.id), messageId: repliedTo.message_id } },
      include: { task: true },
    });
    if (link) return { code: link.task.code, via: "reply" };
  }
  const active = (await tasksOf(db, ctx.person!.id)).filter((task) => ACTIVE.has(task.status));
  return active.length === 1 ? { code: active[0]!.code, via: "only-task" } : null;
}

async function rememberTaskMessages(ctx: BotContext, sent: Message.TextMessage[], code: string): Promise<void> {
  const task = await ctx.deps.db.task.findUnique({ where: { code } });
  if (!task) return;
  await ctx.deps.db.taskMessage.createMany({
    data: sent.map((m) => ({ chatId: BigInt(m.chat.id), messageId: m.message_id, taskId: task.id })),
    skipDuplicates: true,
  });
}

async function describe(ctx: BotContext, outcome: ReportOutcome, lang: Language): Promise<string | null> {
  const t = messages(lang);
  switch (outcome.kind) {
    case "unknown_task":
      return t.unknownTask(outcome.code);
    case "not_allowed":
      return t.notYourTask(outcome.task.code, personLabel(outcome.owner));
    case "duplicate":
      return null;
    case "recorded":
    case "corrected": {
      const task = await ctx.deps.db.task.findUniqueOrThrow({ where: { id: outcome.task.id }, include: { milestones: true } });
      const plan = planOf(task);
      const expected = expectedPercent(plan, ctx.today);
      const reported = outcome.standing.progressPercent;
      const behind = lag(expected, reported);
      const view = {
        code: task.code,
        name: task.name,
        percent: formatPercent(reported, t),
        change:
          outcome.previousPercent === null
            ? t.firstReport
            : reported === null
              ? ""
              : t.changeSince(Math.round((reported - outcome.previousPercent) * 10) / 10),
        quantity:
          outcome.standing.quantityTotal !== null && outcome.standing.quantityUnit
            ? formatQuantity(outcome.standing.quantityTotal, outcome.standing.quantityUnit, lang, t)
            : null,
        expected: expected === null ? t.noExpected : formatPercent(expected, t),
        lag: t.lagText(behind),
        light: t.light[light({ expected, reported, deadline: plan.deadline, today: ctx.today }, ctx.deps.thresholds)],
        blockers: outcome.report.id ? await blockerSummary(ctx, outcome.report.id, t) : null,
      };
      const line = outcome.kind === "recorded" ? t.reportRecorded(view) : t.reportCorrected(view);
      const status = outcome.standing.status;
      const changed = status && status !== outcome.previousStatus && STATUS_WORTH_SAYING.has(status);
      return changed ? `${line}\n${t.statusChanged(t.status[status])}` : line;
    }
  }
}

async function blockerSummary(ctx: BotContext, reportId: number, t: ReturnType<typeof messages>): Promise<string | null> {
  const blockers = await ctx.deps.db.blocker.findMany({ where: { reportId } });
  return blockers.length ? blockers.map((b) => `[${t.blocker[b.category]}] ${b.text}`).join(t.problemSeparator) : null;
}
