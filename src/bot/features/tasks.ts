import { Composer } from "grammy";
import { parseAddTaskArgs, parsePlanArgs, parseTaskCode, type AddTaskArgs } from "#src/domain/commands.js";
import { dateToDay } from "#src/domain/calendar.js";
import type { Services } from "#src/services/index.js";
import { commandError } from "#src/views/commands.js";
import { personHandle } from "#src/views/format.js";
import { planSet, statusCard, taskList } from "#src/views/tasks.js";
import { sCurveChart, sCurveFileName } from "#src/views/status-chart.js";
import { forecastLines } from "#src/views/forecast.js";
import { NEW_PERSON_TTL_MS, type ActionHandlers } from "../actions.js";
import type { BotContext, SenderContext } from "../context.js";
import { adminOnly, commandWords, groupOnly, hasSender } from "../guards.js";
import { reply } from "../reply.js";

/** Tasks and their plans: adding, planning, and looking them up. */
export function createTasksFeature(tasks: Services["tasks"], actions: Services["actions"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("addtask", adminOnly("addtask"), groupOnly("addtask"), async (ctx) => {
    const t = ctx.t;
    const args = parseAddTaskArgs(commandWords(ctx));
    if (!hasSender(ctx)) return;
    const result = await tasks.addInGroup(ctx.person, BigInt(ctx.chat.id), args.ok ? args.value : null, "ask");
    if (result.kind === "in_leaders" || result.kind === "unbound") return void (await reply(ctx, whereAnswer(ctx, result.kind)));
    if (!args.ok) return void (await reply(ctx, commandError(args.error, t.addtaskUsage, t)));
    if (result.kind === "added" || result.kind === "exists") return void (await reply(ctx, addAnswer(ctx, args.value, result)));
    if (result.kind !== "new_person") return;
    // An @username never seen may be a typo: the officer is created only when the admin says so.
    const buttons = await actions.offer({
      kind: "task.add",
      chatId: BigInt(ctx.chat.id),
      personId: ctx.person.id,
      ttlMs: NEW_PERSON_TTL_MS,
      options: [
        { label: t.newPersonConfirm(result.username), payload: { args: { ...args.value } } },
        { label: t.choiceCancel, payload: { cancel: true } },
      ],
    });
    await reply(ctx, t.newPersonAsk(result.username), { buttons: [buttons] });
  });

  feature.command("plan", adminOnly("plan"), async (ctx) => {
    const t = ctx.t;
    const args = parsePlanArgs(commandWords(ctx));
    if (!args.ok) return void (await reply(ctx, commandError(args.error, t.planUsage, t)));
    if (!hasSender(ctx)) return;
    const result = await tasks.plan(ctx.person, args.value);
    if (result.kind === "unknown_task") return void (await reply(ctx, t.unknownTask(args.value.code)));
    if (result.kind === "invalid") {
      const why = { start_after_due: t.startAfterDue, not_rising: t.milestonesNotRising, outside: t.milestoneOutsidePlan(result.entry ?? "") };
      return void (await reply(ctx, why[result.reason]));
    }
    const day = (d: Date | null) => (d ? dateToDay(d) : null);
    const { task } = result;
    await reply(ctx, planSet({ code: task.code, start: day(task.startDate), deadline: day(task.deadline), milestones: result.milestones, cadence: task.cadence }, t));
  });

  feature.command("status", async (ctx) => {
    const words = commandWords(ctx);
    const code = words.length === 1 && words[0] ? parseTaskCode(words[0]) : null;
    if (!code) return void (await reply(ctx, ctx.t.statusUsage));
    const found = await tasks.curve(code);
    if (!found) return void (await reply(ctx, ctx.t.unknownTask(code)));
    const card = statusCard({ ...found, lang: ctx.lang, timezone: ctx.services.timezone }, ctx.t);
    const extra = [...forecastLines(found.forecast, ctx.t), ...(found.nextStep ? [ctx.t.statusNextStep(found.nextStep)] : []), ctx.t.statusPhotos(found.photos.count)];
    // The card as the caption of the task's S-curve; then the latest site photo, if any.
    const file = { kind: "photo" as const, bytes: await sCurveChart(found, ctx.services.today(), ctx.t), fileName: sCurveFileName(found) };
    await reply(ctx, [card, ...extra].join("\n"), { file });
    if (found.photos.latest) await reply(ctx, "", { photoId: found.photos.latest.fileId });
  });

  feature.command("tasks", async (ctx) => {
    const t = ctx.t;
    const asked = { chatId: BigInt(ctx.chat.id), isPrivate: ctx.chat.type === "private", isAdmin: ctx.isAdmin, personId: ctx.person?.id ?? null };
    const found = await tasks.listWhere(asked);
    if (found.kind === "unbound") return void (await reply(ctx, t.unboundChat));
    const { standings } = found;
    if (found.kind === "mine") return void (await reply(ctx, standings.length ? taskList(t.myHeader(standings.length), standings, t) : t.myEmpty));
    const title = found.kind === "unit" ? found.unit : t.tasksScopeAll;
    await reply(ctx, standings.length ? taskList(t.tasksHeader(title, standings.length), standings, t) : t.tasksEmpty);
  });

  feature.command("my", listMine);

  async function listMine(ctx: BotContext): Promise<void> {
    if (!ctx.person) return;
    const standings = await tasks.list({ personId: ctx.person.id });
    await reply(ctx, standings.length ? taskList(ctx.t.myHeader(standings.length), standings, ctx.t) : ctx.t.myEmpty);
  }

  return feature;
}

type AddResult = Exclude<Awaited<ReturnType<Services["tasks"]["addInGroup"]>>, { kind: "new_person" | "bad_args" | "in_leaders" | "unbound" }>;

/** Why a group has no unit to add the task to. */
function whereAnswer(ctx: BotContext, kind: "in_leaders" | "unbound"): string {
  return kind === "in_leaders" ? ctx.t.addtaskInLeaders : ctx.t.unboundChat;
}

function addAnswer(ctx: BotContext, args: AddTaskArgs, result: AddResult): string {
  if (result.kind === "exists") return ctx.t.taskExists(args.code, result.unit.name, personHandle(result.owner));
  return ctx.t.taskAdded(args.code, args.name, personHandle(result.owner), result.unit.name);
}

/** 确认新建 on /addtask's question: the task is added with its new officer, in the group's unit as it is now. */
export function tasksActionHandlers(tasks: Services["tasks"]): ActionHandlers {
  return {
    "task.add": async (ctx: SenderContext, payload: unknown, chatId: bigint) => {
      const choice = payload as { args: AddTaskArgs } | { cancel: true };
      if ("cancel" in choice) return void (await reply(ctx, ctx.t.choiceCancelled));
      const result = await tasks.addInGroup(ctx.person, chatId, choice.args, "create");
      if (result.kind === "in_leaders" || result.kind === "unbound") return void (await reply(ctx, whereAnswer(ctx, result.kind)));
      if (result.kind === "added" || result.kind === "exists") await reply(ctx, addAnswer(ctx, choice.args, result));
    },
  };
}
