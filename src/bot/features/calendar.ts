import { Composer } from "grammy";
import { parseDay } from "#src/domain/calendar.js";
import { isUsername } from "#src/domain/people.js";
import type { Services } from "#src/services/index.js";
import { holidayErrorLines } from "#src/views/calendar.js";
import { personHandle } from "#src/views/format.js";
import type { BotContext } from "../context.js";
import { adminOnly, commandWords, hasSender } from "../guards.js";
import { reply } from "../reply.js";

const MAX_CSV_BYTES = 1_000_000;
const SHOWN_ERRORS = 20;

/** Workdays and leave: the holiday table, and officers away. */
export function createCalendarFeature(calendar: Services["calendar"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  // grammY's command() reads text only; a file's caption carries /holidays here.
  const holidaysCaption = feature.on("message:document").filter((ctx) => /^\/holidays(@\w+)?(\s|$)/i.test(ctx.message.caption ?? ""));
  holidaysCaption.use(adminOnly("holidays"), loadHolidays);
  feature.command("holidays", adminOnly("holidays"), loadHolidays);

  async function loadHolidays(ctx: BotContext): Promise<void> {
    const t = ctx.t;
    const document = ctx.msg?.document ?? ctx.msg?.reply_to_message?.document;
    if (!document || !hasSender(ctx)) return void (await reply(ctx, t.holidaysUsage));
    if ((document.file_size ?? 0) > MAX_CSV_BYTES) return void (await reply(ctx, t.holidaysTooBig));
    const text = await download(ctx, document.file_id);
    if (text.length > MAX_CSV_BYTES) return void (await reply(ctx, t.holidaysTooBig));
    const result = await calendar.importHolidays(ctx.person, text);
    if (!result.ok) {
      return void (await reply(ctx, t.holidaysErrors(holidayErrorLines(result.errors, SHOWN_ERRORS))));
    }
    await reply(ctx, result.days ? t.holidaysImported(result.days) : t.holidaysUsage);
  }

  feature.command("leave", adminOnly("leave"), async (ctx) => {
    const t = ctx.t;
    const [who, fromText, toText, ...rest] = commandWords(ctx);
    const from = fromText ? parseDay(fromText) : null;
    const to = toText ? parseDay(toText) : null;
    if (!who?.startsWith("@") || !from || !to || rest.length || from > to || !hasSender(ctx)) return void (await reply(ctx, t.leaveUsage));
    if (!isUsername(who)) return void (await reply(ctx, t.badUsername(who)));
    const person = await calendar.leave(ctx.person, who, from, to);
    await reply(ctx, t.leaveSet(personHandle(person), from, to));
  });

  return feature;
}

async function download(ctx: BotContext, fileId: string): Promise<string> {
  const file = await ctx.api.getFile(fileId);
  const response = await fetch(`${ctx.fileRoot}/${file.file_path}`);
  if (!response.ok) throw new Error(`could not download the file: HTTP ${response.status}`);
  return response.text();
}
