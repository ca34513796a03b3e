import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { adminOnly, commandWords, groupOnly } from "../guards.js";
import { reply } from "../send.js";
import { audit } from "#src/db/audit.js";
import { personByUsername, personLabel } from "#src/db/people.js";
import { parseDay } from "#src/domain/calendar.js";
import { parseHolidayCsv } from "#src/domain/workdays.js";
import { addLeave, importCalendar } from "#src/services/calendar.js";
import { loadSchedule, parseTime, setJobTime } from "#src/services/schedule.js";
import { isJobName, JOB_NAMES, JOBS, type JobName } from "#jobs/index.js";

/** Admins run the schedules from chat: leaders' chats, run-now, times, holidays, leave. */
export const jobsFeature = new Composer<BotContext>();

const MAX_CSV_BYTES = 1_000_000;

jobsFeature.command("leaders", adminOnly("leaders"), groupOnly("leaders"), async (ctx) => {
  const t = ctx.t;
  const chat = ctx.chat;
  const existing = await ctx.deps.db.chat.findUnique({ where: { id: BigInt(chat.id) }, include: { unit: true } });
  if (existing?.kind === "leaders" && existing.active) return void (await reply(ctx, t.leadersAlready));
  const title = "title" in chat ? (chat.title ?? null) : null;
  await ctx.deps.db.$transaction(async (tx) => {
    await tx.chat.upsert({
      where: { id: BigInt(chat.id) },
      create: { id: BigInt(chat.id), title, kind: "leaders", boundById: ctx.person!.id },
      update: { kind: "leaders", unitId: null, active: true, title },
    });
    await audit(tx, {
      actorId: ctx.person!.id,
      action: "chat.leaders",
      entity: "chat",
      entityId: chat.id,
      before: existing ? { kind: existing.kind, unitId: existing.unitId } : null,
      after: { kind: "leaders" },
    });
  });
  // A unit's group turned into a leaders' chat is said out loud: its unit loses its group.
  await reply(ctx, existing?.kind === "unit_group" && existing.active && existing.unit ? t.leadersFromUnit(existing.unit.name) : t.leadersSet);
});

for (const job of ["prompt", "remind", "digest", "escalate"] as const) {
  jobsFeature.command(job, adminOnly(job), async (ctx) => {
    const scheduler = ctx.deps.scheduler;
    const name = ctx.t.jobName[job] ?? job;
    if (!scheduler) return void (await reply(ctx, ctx.t.jobNothingToSend(name)));
    const result = await scheduler.runNow(job, String(ctx.update.update_id));
    if (result === "queued") return void (await reply(ctx, ctx.t.jobStarted(name)));
    const sent = result.delivery.sent;
    await reply(ctx, sent > 0 || result.queued > 0 ? ctx.t.jobDone(name, sent) : ctx.t.jobNothingToSend(name));
  });
}

jobsFeature.command("schedule", adminOnly("schedule"), async (ctx) => {
  const t = ctx.t;
  const words = commandWords(ctx);
  if (words.length === 0) {
    const schedule = await loadSchedule(ctx.deps.db);
    const lines = JOB_NAMES.map((job) => t.scheduleLine(job, t.jobName[job] ?? job, schedule[job], JOBS[job].workdaysOnly)).join("\n");
    return void (await reply(ctx, `${t.scheduleList(lines)}\n\n${t.scheduleUsage}`));
  }
  const [job, rawTime] = words;
  const time = rawTime ? parseTime(rawTime) : null;
  if (words.length !== 2 || !job || !isJobName(job.toLowerCase()) || !time) return void (await reply(ctx, t.scheduleUsage));
  const name = job.toLowerCase() as JobName;
  await setJobTime(ctx.deps.db, ctx.person!, name, time);
  await ctx.deps.scheduler?.reschedule(name, time);
  await reply(ctx, t.scheduleSet(t.jobName[name] ?? name, time, ctx.deps.config.timezone, JOBS[name].workdaysOnly));
});

// grammY's command() reads text only; a file's caption carries /holidays here.
const holidaysCaption = jobsFeature.on("message:document").filter((ctx) => /^\/holidays(@\w+)?(\s|$)/i.test(ctx.message.caption ?? ""));
holidaysCaption.use(adminOnly("holidays"), loadHolidays);
jobsFeature.command("holidays", adminOnly("holidays"), loadHolidays);

async function loadHolidays(ctx: BotContext): Promise<void> {
  const t = ctx.t;
  const document = ctx.msg?.document ?? ctx.msg?.reply_to_message?.document;
  if (!document) return void (await reply(ctx, t.holidaysUsage));
  if ((document.file_size ?? 0) > MAX_CSV_BYTES) return void (await reply(ctx, t.holidaysTooBig));
  const file = await ctx.api.getFile(document.file_id);
  const response = await fetch(`${ctx.deps.fileRoot}/${file.file_path}`);
  if (!response.ok) throw new Error(`could not download the holiday table: HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_CSV_BYTES) return void (await reply(ctx, t.holidaysTooBig));
  const { overrides, errors } = parseHolidayCsv(text);
  if (errors.length) {
    const lines = errors.slice(0, 20).map((e) => `${e.line}: ${e.text.slice(0, 80)}`);
    if (errors.length > 20) lines.push(`… +${errors.length - 20}`);
    return void (await reply(ctx, t.holidaysErrors(lines.join("\n"))));
  }
  if (overrides.length === 0) return void (await reply(ctx, t.holidaysUsage));
  const count = await importCalendar(ctx.deps.db, ctx.person, overrides);
  await reply(ctx, t.holidaysImported(count));
}

jobsFeature.command("leave", adminOnly("leave"), async (ctx) => {
  const t = ctx.t;
  const [who, fromText, toText, ...rest] = commandWords(ctx);
  const from = fromText ? parseDay(fromText) : null;
  const to = toText ? parseDay(toText) : null;
  if (!who?.startsWith("@") || !from || !to || rest.length || from > to) return void (await reply(ctx, t.leaveUsage));
  if (!/^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(who)) return void (await reply(ctx, t.badUsername(who)));
  const person = await personByUsername(ctx.deps.db, who);
  await addLeave(ctx.deps.db, ctx.person!, person, from, to);
  await reply(ctx, t.leaveSet(personLabel(person), from, to));
});
