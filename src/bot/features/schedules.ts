import { Composer } from "grammy";
import { isJobName, JOB_CATALOG, JOB_NAMES, parseTime } from "#src/domain/jobs.js";
import { SchedulerUnavailableError, type RunNowResult, type Services } from "#src/services/index.js";
import type { Messages } from "#src/locales/index.js";
import type { BotContext } from "../context.js";
import { adminOnly, commandWords, hasSender } from "../guards.js";
import { reply } from "../reply.js";
import { scheduleText } from "#src/views/jobs.js";

/** Admins run the jobs now and set their times. */
export function createSchedulesFeature(schedules: Services["schedules"]): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  for (const job of JOB_NAMES) {
    feature.command(job, adminOnly(job), async (ctx) => {
      const name = ctx.t.jobName[job] ?? job;
      try {
        const result = await schedules.runNow(job, String(ctx.update.update_id));
        await reply(ctx, runNowText(result, name, ctx.t));
      } catch (error) {
        if (!(error instanceof SchedulerUnavailableError)) throw error;
        ctx.log.warn({ job, err: error }, "could not queue a job run");
        await reply(ctx, ctx.t.jobQueueDown(name));
      }
    });
  }

  feature.command("schedule", adminOnly("schedule"), async (ctx) => {
    const t = ctx.t;
    const words = commandWords(ctx);
    if (words.length === 0) return void (await reply(ctx, scheduleText(await schedules.show(), t)));
    const [rawJob, rawTime] = words;
    const job = rawJob?.toLowerCase() ?? "";
    const time = rawTime ? parseTime(rawTime) : null;
    if (words.length !== 2 || !isJobName(job) || !time || !hasSender(ctx)) return void (await reply(ctx, t.scheduleUsage));
    try {
      await schedules.setTime(ctx.person, job, time);
    } catch (error) {
      if (!(error instanceof SchedulerUnavailableError)) throw error;
      // The time is saved; the queue takes it at its next start.
      return void (await reply(ctx, t.scheduleSavedQueueDown(t.jobName[job] ?? job, time)));
    }
    await reply(ctx, t.scheduleSet(t.jobName[job] ?? job, time, ctx.services.timezone, JOB_CATALOG[job].workdaysOnly));
  });

  return feature;
}

function runNowText(result: RunNowResult | null, name: string, t: Messages): string {
  if (!result) return t.jobNothingToSend(name);
  if (result.kind === "queued") return t.jobStarted(name);
  return result.sent > 0 || result.queued > 0 ? t.jobDone(name, result.sent) : t.jobNothingToSend(name);
}


