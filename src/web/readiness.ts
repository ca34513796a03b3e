import type { Api } from "grammy";
import { lastBotApiAnswer } from "#src/metrics.js";
import type { HealthService } from "#src/services/health.js";
import type { Scheduler } from "#src/services/index.js";
import type { Check } from "./server.js";

const BOT_API_FRESH_MS = 60_000;
const BOT_API_TIMEOUT_MS = 3000;

/**
 * /readyz of a bot or a worker: the database answers; Redis answers when the jobs run on it;
 * the Bot API answered within the last minute (asked now when it has not been); somebody holds
 * the send lease (this process or another).
 */
export function readinessChecks(health: HealthService, api: Api, scheduler: () => Scheduler | null): Record<string, () => Promise<Check>> {
  // Probes that come while the Bot API is being asked wait for that one question, which gives up
  // in a few seconds: an unreachable Telegram piles up no calls.
  let asking: Promise<unknown> | null = null;
  const askBotApi = () =>
    (asking ??= api.getMe(AbortSignal.timeout(BOT_API_TIMEOUT_MS) as Parameters<Api["getMe"]>[0]).finally(() => {
      asking = null;
    }));
  return {
    database: async () => {
      await health.databaseAnswers();
      return { ok: true };
    },
    redis: async () => {
      const driver = scheduler();
      if (!driver) return { ok: false, detail: "the job queue is not running yet" };
      if (driver.kind === "cron") return { ok: true, detail: "not used: jobs run in this process" };
      return (await driver.answers()) ? { ok: true } : { ok: false, detail: "Redis does not answer" };
    },
    botApi: async () => {
      if (Date.now() - lastBotApiAnswer() > BOT_API_FRESH_MS) await askBotApi();
      return { ok: true };
    },
    sendLease: async () => {
      const holder = await health.sender();
      return holder ? { ok: true, detail: `held by ${holder}` } : { ok: false, detail: "nobody holds the send lease: no process is sending" };
    },
  };
}
