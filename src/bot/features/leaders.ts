import { Composer, type NextFunction } from "grammy";
import { parseDay, type Day } from "#src/domain/calendar.js";
import type { Services } from "#src/services/index.js";
import { assessmentWorkbook } from "#src/views/assessment.js";
import { bulletinWorkbook } from "#src/views/bulletin.js";
import { digestChart, digestChartFileName, digestText } from "#src/views/digest.js";
import type { BotContext } from "../context.js";
import { commandWords } from "../guards.js";
import { reply } from "../reply.js";

/** Commands for admins and leaders: anyone else gets one line. */
function leadersOnly(command: string) {
  return async (ctx: BotContext, next: NextFunction) => {
    if (ctx.isLeader) return next();
    await reply(ctx, ctx.t.leadersOnly(command));
  };
}

/** One optional YYYY-MM-DD, or undefined when the words are not that. */
function optionalDay(words: string[]): { day: Day | undefined } | null {
  if (words.length === 0) return { day: undefined };
  const day = words.length === 1 && words[0] ? parseDay(words[0]) : null;
  return day ? { day } : null;
}

/** What leaders read, on demand: the digest, the bulletin, the assessment; and who is a leader. */
export function createLeadersFeature(leaders: Services["leaders"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  // An admin's bare /digest runs the job for every leaders' chat (the schedules feature);
  // a leader's, or anyone's with a date, is answered here, to the one who asked.
  feature.command("digest", async (ctx, next) => {
    const words = commandWords(ctx);
    if (ctx.isAdmin && words.length === 0) return next();
    if (!ctx.isLeader) return void (await reply(ctx, ctx.t.leadersOnly("digest")));
    const asked = optionalDay(words);
    if (!asked) return void (await reply(ctx, ctx.t.digestUsage));
    const { figures } = await leaders.day(asked.day);
    const file = { kind: "photo" as const, bytes: await digestChart(figures, ctx.t), fileName: digestChartFileName(figures.day) };
    await reply(ctx, digestText(figures, ctx.t), { file });
  });

  feature.command("bulletin", leadersOnly("bulletin"), async (ctx) => {
    const asked = optionalDay(commandWords(ctx));
    if (!asked) return void (await reply(ctx, ctx.t.bulletinUsage));
    const day = await leaders.day(asked.day);
    const bytes = await bulletinWorkbook({ ...day, timezone: ctx.services.timezone }, ctx.t);
    await reply(ctx, ctx.t.bulletinCaption(day.figures.day), { file: { kind: "document", bytes, fileName: ctx.t.bulletinFileName(day.figures.day) } });
  });

  feature.command("assess", leadersOnly("assess"), async (ctx) => {
    const words = commandWords(ctx);
    const [from, to] = words.map((w) => parseDay(w));
    if (words.length !== 2 || !from || !to || from > to) return void (await reply(ctx, ctx.t.assessUsage));
    const assessment = await leaders.assess(from, to);
    const bytes = await assessmentWorkbook(assessment, ctx.t);
    await reply(ctx, ctx.t.assessCaption(from, to), { file: { kind: "document", bytes, fileName: ctx.t.assessFileName(from, to) } });
  });

  return feature;
}
