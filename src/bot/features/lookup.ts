import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { boundChat, commandWords } from "../guards.js";
import { reply } from "../send.js";
import { formatInstant, formatPercent, formatQuantity, lightText, taskLine } from "../format.js";
import { listStandings, taskStanding, type TaskScope } from "#src/services/standing.js";
import { personLabel } from "#src/db/people.js";
import { parseTaskCode } from "#src/domain/commands.js";

export const lookupFeature = new Composer<BotContext>();

lookupFeature.command("status", async (ctx) => {
  const t = ctx.t;
  const words = commandWords(ctx);
  const code = words.length === 1 ? parseTaskCode(words[0]!) : null;
  if (!code) return void (await reply(ctx, t.statusUsage));
  const found = await taskStanding(ctx.deps.db, code, ctx.today, ctx.deps.thresholds);
  if (!found) return void (await reply(ctx, t.unknownTask(code)));
  const { standing: s, blockers } = found;
  await reply(
    ctx,
    t.statusCard({
      code: s.task.code,
      name: s.task.name,
      mustDeliver: s.task.mustDeliver,
      unit: s.unit.name,
      owner: personLabel(s.owner),
      status: t.status[s.task.status],
      light: lightText(s, t),
      percent: s.reported === null ? t.never : formatPercent(s.reported, t),
      quantity:
        s.task.quantityTotal === null || !s.task.quantityUnit
          ? null
          : s.task.targetValue && s.task.targetUnit
            ? `${formatQuantity(s.task.quantityTotal, s.task.quantityUnit, ctx.lang, t)} / ${formatQuantity(s.task.targetValue, s.task.targetUnit, ctx.lang, t)}`
            : formatQuantity(s.task.quantityTotal, s.task.quantityUnit, ctx.lang, t),
      expected: s.expected === null ? t.noExpected : formatPercent(s.expected, t),
      lag: t.lagText(s.lag),
      deadline: s.plan.deadline ?? t.noDeadline,
      lastReport: s.task.lastReportAt ? formatInstant(s.task.lastReportAt, ctx.deps.config.timezone) : t.never,
      blockers: blockers.map((b) => `[${t.blocker[b.category]}] ${b.text}`),
    }),
  );
});

lookupFeature.command("tasks", async (ctx) => {
  const t = ctx.t;
  const chat = await boundChat(ctx);
  let scope: TaskScope;
  let title: string;
  if (chat?.kind === "unit_group" && chat.unit) {
    scope = { unitId: chat.unit.id };
    title = chat.unit.name;
  } else if (chat?.kind === "leaders" || (!chat && ctx.chat?.type === "private" && ctx.isAdmin)) {
    scope = { all: true };
    title = t.tasksScopeAll;
  } else if (ctx.chat?.type === "private") {
    return listMine(ctx);
  } else {
    return void (await reply(ctx, t.unboundChat));
  }
  const standings = await listStandings(ctx.deps.db, scope, ctx.today, ctx.deps.thresholds);
  if (standings.length === 0) return void (await reply(ctx, t.tasksEmpty));
  await reply(ctx, [t.tasksHeader(title, standings.length), ...standings.map((s) => taskLine(s, t))].join("\n"));
});

lookupFeature.command("my", listMine);

async function listMine(ctx: BotContext): Promise<void> {
  const t = ctx.t;
  if (!ctx.person) return;
  const standings = await listStandings(ctx.deps.db, { personId: ctx.person.id }, ctx.today, ctx.deps.thresholds);
  if (standings.length === 0) return void (await reply(ctx, t.myEmpty));
  await reply(ctx, [t.myHeader(standings.length), ...standings.map((s) => taskLine(s, t))].join("\n"));
}
