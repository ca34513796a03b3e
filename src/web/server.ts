import { timingSafeEqual } from "node:crypto";
import compress from "@fastify/compress";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { Logger } from "#src/logger.js";
import type { RawUpdate } from "#src/services/inbox.js";
import { registerBoard, type BoardDeps } from "./board.js";

/** One readiness check's outcome, as /readyz lists it. */
export interface Check {
  ok: boolean;
  detail?: string;
}

export interface ServerDeps {
  log: Logger;
  /** Webhook mode: updates POSTed here with the secret are stored, then handled. */
  webhook?: { path: string; secret: string; store(update: RawUpdate): Promise<void> } | null;
  /** What /readyz checks, by name (the database, Redis, the Bot API, the send lease). */
  checks: Record<string, () => Promise<Check>>;
  /** The Prometheus text of this process's registry. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** Opens /metrics to a caller that is not on this machine (Authorization: Bearer <token>). */
  metricsToken: string | null;
  /** The embedded database's bot: a backup made now, for `duban backup` holding the token from its data folder. */
  backup?: { token: string; make(): Promise<Uint8Array> } | null;
  /** The bot's server: the board's page and API (/app, /api/*) and the 调度会 screen (/screen/<token>). */
  board?: BoardDeps | null;
}

const MAX_BODY_BYTES = 1_000_000;
// A check that has not answered by then has failed: a probe must answer quickly.
const CHECK_TIMEOUT_MS = 2000;

/**
 * The one HTTP server of a process: the webhook and the board (bot), health, readiness and metrics. Built
 * without a port so tests can inject requests; listen() puts it on one.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const server = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false, return503OnClosing: true });

  server.get("/healthz", async () => ({ status: "ok" }));

  server.get("/readyz", async (_request, reply) => {
    const results = Object.fromEntries(await Promise.all(Object.entries(deps.checks).map(async ([name, check]) => [name, await withTimeout(check)] as const)));
    const ready = Object.values(results).every((r) => r.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks: results });
  });

  server.get("/metrics", async (request, reply) => {
    if (!mayReadMetrics(request, deps.metricsToken)) {
      return reply.code(403).send({ error: "metrics answer only on this machine, or with Authorization: Bearer <DUBAN_METRICS_TOKEN>" });
    }
    const { contentType, body } = await deps.metrics();
    return reply.header("content-type", contentType).send(body);
  });

  const backup = deps.backup;
  if (backup) {
    server.post("/backup", async (request, reply) => {
      if (!sameSecret(String(request.headers.authorization ?? ""), `Bearer ${backup.token}`)) {
        return reply.code(401).send({ error: "a backup is made for the token in this bot's data folder (backup.token) only" });
      }
      return reply.header("content-type", "application/octet-stream").send(Buffer.from(await backup.make()));
    });
  }

  const board = deps.board;
  if (board) {
    // The board's JSON goes to phones on a site's 4G: compressed (its page files are already).
    void server.register(async (scope) => {
      await scope.register(compress, { threshold: 1024, encodings: ["gzip", "deflate"] });
      registerBoard(scope, board);
    });
  }

  const webhook = deps.webhook;
  if (webhook) {
    const secret = Buffer.from(webhook.secret);
    server.post(webhook.path, async (request, reply) => {
      const given = Buffer.from(String(request.headers["x-telegram-bot-api-secret-token"] ?? ""));
      if (given.length !== secret.length || !timingSafeEqual(given, secret)) return reply.code(401).send();
      const update = request.body as RawUpdate | null;
      if (typeof update?.update_id !== "number") return reply.code(400).send();
      try {
        // Stored before the 200: from here on the update cannot be lost.
        await webhook.store(update);
      } catch (error) {
        deps.log.warn({ err: error }, "webhook update not stored; Telegram will send it again");
        return reply.code(500).send();
      }
      return reply.code(200).send({});
    });
  }
  return server;
}

/** Puts the server on its port (0: any free one) and says which. */
export async function listen(server: FastifyInstance, host: string, port: number, setting: string): Promise<number> {
  try {
    await server.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? `port ${port} is taken by another program` : code === "EACCES" ? `port ${port} needs more rights` : String(error);
    throw new Error(`cannot listen on ${host}:${port}: ${why}; set ${setting} to a free port`, { cause: error });
  }
  const address = server.server.address();
  return typeof address === "object" && address ? address.port : port;
}

async function withTimeout(check: () => Promise<Check>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Check>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS / 1000} s` }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) })), late]);
  } finally {
    clearTimeout(timer);
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

// Headers a proxy on this machine may add: a request with any of them came from further away.
const FORWARDED = ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host"];

/**
 * On this machine and not through a proxy (that says so), or with the token. A proxy on this
 * machine that adds none of those headers makes every request local: set DUBAN_METRICS_TOKEN
 * and do not route /metrics through it.
 */
function mayReadMetrics(request: FastifyRequest, token: string | null): boolean {
  const local = LOOPBACK.has(request.socket.remoteAddress ?? "") && FORWARDED.every((h) => request.headers[h] === undefined);
  if (local) return true;
  return token !== null && sameSecret(String(request.headers.authorization ?? ""), `Bearer ${token}`);
}

function sameSecret(given: string, wanted: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
}
