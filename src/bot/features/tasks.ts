import { Composer } from "grammy";
import { parseAddTaskArgs, parsePlanArgs, parseTaskCode } from "#src/domain/commands.js";
import { dateToDay } from "#src/domain/calendar.js";
import type { Services } from "#src/services/index.js";
import { commandError } from "#src/views/commands.js";
import { personHandle } from "#src/views/format.js";
import { planSet, statusCard, taskList } from "#src/views/tasks.js";
import { sCurveChart, sCurveFileName } from "#src/views/status-chart.js";
import type { BotContext } from "../context.js";
import { adminOnly, boundChat, commandWords, groupOnly, hasSender } from "../guards.js";
import { reply } from "../reply.js";

/** Tasks and their plans: adding, planning, and looking them up. */
export function createTasksFeature(tasks: Services["tasks"], chats: Services["chats"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("addtask", adminOnly("addtask"), groupOnly("addtask"), async (ctx) => {
    const t = ctx.t;
    const chat = await chats.active(BigInt(ctx.chat.id));
    if (chat?.kind === "leaders") return void (await reply(ctx, t.addtaskInLeaders));
    if (!chat?.unit) return void (await reply(ctx, t.unboundChat));
    const args = parseAddTaskArgs(commandWords(ctx));
    if (!args.ok) return void (await reply(ctx, commandError(args.error, t.addtaskUsage, t)));
    if (!hasSender(ctx)) return;
    const result = await tasks.add(ctx.person, chat.unit, args.value);
    const { code, name } = args.value;
    if (result.kind === "exists") return void (await reply(ctx, t.taskExists(code, result.unit.name, personHandle(result.owner))));
    await reply(ctx, t.taskAdded(code, name, personHandle(result.owner), result.unit.name));
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
    const file = { kind: "photo" as const, bytes: sCurveChart(found, ctx.services.today(), ctx.t), fileName: sCurveFileName(found) };
    await reply(ctx, statusCard({ ...found, lang: ctx.lang, timezone: ctx.services.timezone }, ctx.t), { file });
  });

  feature.command("tasks", async (ctx) => {
    const t = ctx.t;
    const chat = await boundChat(ctx);
    if (chat?.kind === "unit_group" && chat.unit) return listTasks(ctx, { unitId: chat.unit.id }, chat.unit.name);
    if (chat?.kind === "leaders" || (!chat && ctx.chat.type === "private" && ctx.isAdmin)) return listTasks(ctx, { all: true }, t.tasksScopeAll);
    if (ctx.chat.type === "private") return listMine(ctx);
    await reply(ctx, t.unboundChat);
  });

  feature.command("my", listMine);

  async function listTasks(ctx: BotContext, scope: Parameters<Services["tasks"]["list"]>[0], title: string): Promise<void> {
    const standings = await tasks.list(scope);
    await reply(ctx, standings.length ? taskList(ctx.t.tasksHeader(title, standings.length), standings, ctx.t) : ctx.t.tasksEmpty);
  }

  async function listMine(ctx: BotContext): Promise<void> {
    if (!ctx.person) return;
    const standings = await tasks.list({ personId: ctx.person.id });
    await reply(ctx, standings.length ? taskList(ctx.t.myHeader(standings.length), standings, ctx.t) : ctx.t.myEmpty);
  }

  return feature;
}
