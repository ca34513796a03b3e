import { z } from "zod";
import type { LightThresholds } from "./domain/plan.js";
import { DEFAULT_SUPERVISION, supervisionSettingsErrors, type SupervisionSettings } from "./domain/supervision.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** https anywhere; plain http only on this machine (the demo, tests, trying it locally). */
function isPublicUrl(value: string): boolean {
  const url = new URL(value);
  return url.protocol === "https:" || ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** A whole number in a range, from an environment string. */
const count = (name: string, fallback: number, min: number, max: number, example: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      message: `should be a whole number from ${min} to ${max}, e.g. ${name}=${example}`,
    })
    .transform(Number);

const envSchema = z.object({
  BOT_TOKEN: z
    .string({ error: "is required: the token BotFather gave you, e.g. BOT_TOKEN=123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" })
    .trim()
    .regex(/^\d+:[\w-]{20,}$/, "should look like 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
  TELEGRAM_API_ROOT: optional(
    z.url({ protocol: /^https?$/, error: "should be an http(s) URL, e.g. TELEGRAM_API_ROOT=http://127.0.0.1:8081" }),
  ),
  DATABASE_URL: optional(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, "should be a PostgreSQL URL, e.g. DATABASE_URL=postgresql://duban:secret@localhost:5432/duban"),
  ),
  REDIS_URL: optional(
    z.string().regex(/^rediss?:\/\/\S+$/, "should be a Redis URL, e.g. REDIS_URL=redis://localhost:6379"),
  ),
  ADMIN_IDS: z
    .string()
    .default("")
    .refine((v) => v.split(",").every((id) => id.trim() === "" || /^\d+$/.test(id.trim())), {
      message: "should be comma-separated numeric Telegram user ids, e.g. ADMIN_IDS=12345678,87654321",
    })
    .transform((v) =>
      v
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean)
        .map((id) => BigInt(id)),
    ),
  DUBAN_TIMEZONE: z
    .string()
    .default("Asia/Shanghai")
    .refine(isTimeZone, { message: "should be an IANA time zone, e.g. DUBAN_TIMEZONE=Asia/Shanghai" }),
  DATA_DIR: z.string().default("./data"),
  DUBAN_RUN_WORKERS: z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "should be true or false, e.g. DUBAN_RUN_WORKERS=false" })
    .default("true")
    .transform((v) => ["true", "1", "yes"].includes(v)),
  DUBAN_ESCALATE_AFTER: z
    .string()
    .default("3")
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 60, {
      message: "should be a number of missed periods from 1 to 60, e.g. DUBAN_ESCALATE_AFTER=3",
    })
    .transform(Number),
  DUBAN_YELLOW_LAG: count("DUBAN_YELLOW_LAG", 5, 0, 100, 5),
  DUBAN_RED_LAG: count("DUBAN_RED_LAG", 15, 0, 100, 15),
  DUBAN_NEAR_DUE_DAYS: count("DUBAN_NEAR_DUE_DAYS", 7, 0, 365, 7),
  DUBAN_NEAR_DUE_PERCENT: count("DUBAN_NEAR_DUE_PERCENT", 90, 0, 100, 90),
  DUBAN_CLAIM_TIMEOUT: z
    .string()
    .default("600")
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1, {
      message: "should be a number of seconds, e.g. DUBAN_CLAIM_TIMEOUT=600",
    })
    .transform(Number),
  DUBAN_QUEUE: z
    .string()
    .default("duban")
    .refine((v) => /^[\w-]{1,64}$/.test(v), { message: "should be letters, digits, - or _, e.g. DUBAN_QUEUE=duban" }),
  DUBAN_ORDER_BLUE_PERIODS: count("DUBAN_ORDER_BLUE_PERIODS", DEFAULT_SUPERVISION.blueYellowPeriods, 1, 366, 2),
  DUBAN_ORDER_BLUE_PROBLEM_DAYS: count("DUBAN_ORDER_BLUE_PROBLEM_DAYS", DEFAULT_SUPERVISION.blueProblemDays, 1, 366, 7),
  DUBAN_ORDER_YELLOW_PROBLEM_DAYS: count("DUBAN_ORDER_YELLOW_PROBLEM_DAYS", DEFAULT_SUPERVISION.yellowProblemDays, 1, 366, 14),
  DUBAN_ORDER_RED_DAYS: count("DUBAN_ORDER_RED_DAYS", DEFAULT_SUPERVISION.redRedDays, 1, 366, 14),
  DUBAN_ORDER_RED_PROBLEM_DAYS: count("DUBAN_ORDER_RED_PROBLEM_DAYS", DEFAULT_SUPERVISION.redProblemDays, 1, 366, 30),
  DUBAN_ORDER_BLUE_DUE_WORKDAYS: count("DUBAN_ORDER_BLUE_DUE_WORKDAYS", DEFAULT_SUPERVISION.blueDueWorkdays, 1, 366, 3),
  DUBAN_ORDER_YELLOW_DUE_WORKDAYS: count("DUBAN_ORDER_YELLOW_DUE_WORKDAYS", DEFAULT_SUPERVISION.yellowDueWorkdays, 1, 366, 5),
  DUBAN_ORDER_RED_DUE_WORKDAYS: count("DUBAN_ORDER_RED_DUE_WORKDAYS", DEFAULT_SUPERVISION.redDueWorkdays, 1, 366, 3),
  DUBAN_ORDER_FORECAST_DAYS: count("DUBAN_ORDER_FORECAST_DAYS", DEFAULT_SUPERVISION.forecastDays, 1, 366, 15),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `should be one of ${LOG_LEVELS.join(", ")}, e.g. LOG_LEVEL=info` }).default("info"),
  WEBHOOK_URL: optional(z.url({ protocol: /^https?$/, error: "should be the public https URL Telegram posts to, e.g. WEBHOOK_URL=https://duban.example.org/telegram" })),
  WEBHOOK_SECRET: optional(
    z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "should be 16 to 256 letters, digits, _ or -, e.g. WEBHOOK_SECRET=$(openssl rand -hex 32)"),
  ),
  /** Before DUBAN_HTTP_PORT: still read, when that is not set. */
  WEBHOOK_PORT: optional(z.string()).pipe(z.union([z.undefined(), count("WEBHOOK_PORT", 8080, 1, 65535, 8080)])),
  DUBAN_HTTP_PORT: optional(z.string()).pipe(z.union([z.undefined(), count("DUBAN_HTTP_PORT", 8080, 0, 65535, 8080)])),
  DUBAN_HTTP_HOST: z.string().trim().default("0.0.0.0"),
  DUBAN_PUBLIC_URL: optional(
    z
      .url({ protocol: /^https?$/, error: "should be the https address users reach Duban by, e.g. DUBAN_PUBLIC_URL=https://duban.example.org" })
      .refine(isPublicUrl, "should be https (Telegram opens Mini Apps over https only), or http://127.0.0.1:<port> or http://localhost:<port> for local use, e.g. DUBAN_PUBLIC_URL=https://duban.example.org"),
  ),
  DUBAN_WORKER_PORT: count("DUBAN_WORKER_PORT", 8081, 0, 65535, 8081),
  DUBAN_BACKUP_DIR: optional(z.string()),
  DUBAN_BACKUP_KEEP: count("DUBAN_BACKUP_KEEP", 14, 1, 3650, 14),
  DUBAN_METRICS_TOKEN: optional(
    z.string().regex(/^[\x21-\x7e]{16,256}$/, "should be 16 to 256 printable characters without spaces, e.g. DUBAN_METRICS_TOKEN=$(openssl rand -hex 24)"),
  ),
});

export interface Config {
  botToken: string;
  /** Where the Bot API lives; Telegram's own unless a local server or proxy is set. */
  apiRoot: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  adminIds: bigint[];
  timezone: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** With REDIS_URL: whether the bot process also runs the BullMQ workers (npm run worker does). */
  runWorkers: boolean;
  /** Consecutive missed periods after which the leaders are told. */
  escalateAfter: number;
  /** Lag and deadline thresholds for the green, yellow and red lights. */
  thresholds: LightThresholds;
  /** Seconds after which a message a sender claimed but never marked sent is taken to be from a dead process. */
  claimTimeoutSeconds: number;
  /** BullMQ queue name (and Redis key prefix part); lets several deployments share one Redis. */
  queueName: string;
  /** Updates by webhook (Telegram posts to url, checked against secret) instead of long polling. */
  webhook: { url: string; secret: string; path: string } | null;
  /** The 督办单 ladder's thresholds and time allowed (DUBAN_ORDER_*). */
  supervision: SupervisionSettings;
  /**
   * The one HTTP server (webhook, health, metrics): where the bot listens (port 0: any free
   * port), where a worker listens, and the token that opens /metrics beyond loopback.
   */
  http: { host: string; port: number; workerPort: number; metricsToken: string | null };
  /**
   * DUBAN_PUBLIC_URL without a trailing slash: where users open the board (/app) and the screen
   * (/screen/<token>); null when not set (the board still answers on the port, for local use).
   */
  publicUrl: string | null;
  /** The embedded database's daily backups: where, and how many are kept. */
  backups: { dir: string; keep: number };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The settings a command-line tool needs (the database, the district's time zone, the lights), without a bot token. */
export type ToolConfig = Pick<Config, "databaseUrl" | "dataDir" | "timezone" | "thresholds" | "logLevel" | "http" | "backups">;

export function createToolConfig(env: NodeJS.ProcessEnv): ToolConfig {
  return createConfig({ ...env, BOT_TOKEN: "0:not-needed-by-command-line-tools" });
}

/** Reads the settings once, from the entry point. A wrong value names the variable and an example. */
export function createConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const value = env[variable];
    // Secrets and credentials in URLs are never echoed.
    const secret = ["BOT_TOKEN", "DATABASE_URL", "REDIS_URL"].includes(variable);
    const shown = secret || value === undefined ? "" : ` (got "${value}")`;
    throw new ConfigError(`${variable} ${issue.message}${shown}`);
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError("WEBHOOK_SECRET is required with WEBHOOK_URL: Telegram sends it with every update, e.g. WEBHOOK_SECRET=$(openssl rand -hex 32)");
  }
  if (e.DUBAN_RED_LAG < e.DUBAN_YELLOW_LAG) {
    throw new ConfigError(
      `DUBAN_RED_LAG should be at least DUBAN_YELLOW_LAG (${e.DUBAN_YELLOW_LAG}), e.g. DUBAN_RED_LAG=15 (got "${e.DUBAN_RED_LAG}")`,
    );
  }
  const supervision: SupervisionSettings = {
    blueYellowPeriods: e.DUBAN_ORDER_BLUE_PERIODS,
    blueProblemDays: e.DUBAN_ORDER_BLUE_PROBLEM_DAYS,
    yellowProblemDays: e.DUBAN_ORDER_YELLOW_PROBLEM_DAYS,
    redRedDays: e.DUBAN_ORDER_RED_DAYS,
    redProblemDays: e.DUBAN_ORDER_RED_PROBLEM_DAYS,
    blueDueWorkdays: e.DUBAN_ORDER_BLUE_DUE_WORKDAYS,
    yellowDueWorkdays: e.DUBAN_ORDER_YELLOW_DUE_WORKDAYS,
    redDueWorkdays: e.DUBAN_ORDER_RED_DUE_WORKDAYS,
    forecastDays: e.DUBAN_ORDER_FORECAST_DAYS,
  };
  const [supervisionError] = supervisionSettingsErrors(supervision);
  if (supervisionError) throw new ConfigError(supervisionError);
  return {
    supervision,
    botToken: e.BOT_TOKEN,
    apiRoot: (e.TELEGRAM_API_ROOT ?? "https://api.telegram.org").replace(/\/+$/, ""),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    adminIds: e.ADMIN_IDS,
    timezone: e.DUBAN_TIMEZONE,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    runWorkers: e.DUBAN_RUN_WORKERS,
    escalateAfter: e.DUBAN_ESCALATE_AFTER,
    queueName: e.DUBAN_QUEUE,
    webhook:
      e.WEBHOOK_URL && e.WEBHOOK_SECRET
        ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET, path: new URL(e.WEBHOOK_URL).pathname || "/" }
        : null,
    backups: { dir: e.DUBAN_BACKUP_DIR ?? `${e.DATA_DIR.replace(/\/+$/, "")}/backups`, keep: e.DUBAN_BACKUP_KEEP },
    http: { host: e.DUBAN_HTTP_HOST, port: e.DUBAN_HTTP_PORT ?? e.WEBHOOK_PORT ?? 8080, workerPort: e.DUBAN_WORKER_PORT, metricsToken: e.DUBAN_METRICS_TOKEN ?? null },
    publicUrl: e.DUBAN_PUBLIC_URL ? e.DUBAN_PUBLIC_URL.replace(/\/+$/, "") : null,
    claimTimeoutSeconds: e.DUBAN_CLAIM_TIMEOUT,
    thresholds: {
      yellowLag: e.DUBAN_YELLOW_LAG,
      redLag: e.DUBAN_RED_LAG,
      nearDueDays: e.DUBAN_NEAR_DUE_DAYS,
      nearDuePercent: e.DUBAN_NEAR_DUE_PERCENT,
    },
  };
}
