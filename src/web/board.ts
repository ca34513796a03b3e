/**
 * The board in a browser: the Mini App's page and its JSON API (signed in by Telegram's init
 * data), and the 调度会 screen (signed in by its link). Routes parse and authorise, ask the
 * board service once, and answer with the view's JSON.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { validate } from "@tma.js/init-data-node";
import { addDays, parseDay } from "#src/domain/calendar.js";
import type { Language } from "#src/domain/types.js";
import { chosenLanguage, DEFAULT_LANGUAGE, languageFromTelegram } from "#src/locales/index.js";
import type { Logger } from "#src/logger.js";
import type { BoardReader, Viewer } from "#src/services/board-read.js";
import { TREND_SPANS } from "#src/services/board-read.js";
import { boardJson, taskJson, trendJson, unitJson } from "#src/views/board/json.js";
import type { ScreenJson } from "#src/views/board/types.js";
import type { Asset } from "./assets.js";

/** Telegram's init data is refused once it is older than this. */
const INIT_DATA_MAX_AGE_S = 3600;
// A clock a little ahead of ours is not a forgery; more than this is.
const CLOCK_SKEW_S = 300;
/** What a screen's trend shows. */
const SCREEN_TREND_DAYS = 30;

export interface BoardDeps {
  board: BoardReader;
  /** The bot's token: init data is signed with it. */
  botToken: string;
  now: () => Date;
  timezone: string;
  log: Logger;
  /** The page's bundle (dist/web), by file name; null when it was not built. */
  assets: Map<string, Asset> | null;
  /** A report photo's bytes from Telegram, by its file id. */
  photo(fileId: string): Promise<{ bytes: Uint8Array; type: string }>;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in person (set by the API's onRequest hook). */
    viewer?: Viewer;
    language?: Language;
  }
}

/** No script but our own file; nothing from another host; images from us or made in the page. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // Telegram's web clients show a Mini App in a frame.
  "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org",
].join("; ");

/** Who signed this init data and in which language they read, or why it is refused. */
function verifyInitData(
  header: string | undefined,
  botToken: string,
  now: Date,
): { ok: true; userId: number; languageCode: string | undefined } | { ok: false; why: string } {
  const match = /^tma (.+)$/s.exec(header ?? "");
  if (!match?.[1]) return { ok: false, why: "sign in through Telegram: the request carries no init data (Authorization: tma <initData>)" };
  const raw = match[1];
  try {
    // The signature by the library; the age below, against this process's (injectable) clock.
    validate(raw, botToken, { expiresIn: 0 });
  } catch {
    return { ok: false, why: "the init data's signature does not match this bot: open the board again from the bot" };
  }
  // The fields read here, leniently: Telegram adds fields over time (signature, chat_instance…).
  const fields = new URLSearchParams(raw);
  const authDate = Number(fields.get("auth_date"));
  if (!Number.isInteger(authDate) || authDate <= 0) return { ok: false, why: "the init data has no auth_date: open the board again from the bot" };
  const age = now.getTime() / 1000 - authDate;
  if (age > INIT_DATA_MAX_AGE_S || age < -CLOCK_SKEW_S) return { ok: false, why: "the sign-in has expired (older than an hour): open the board again from the bot" };
  const user = readUser(fields.get("user"));
  if (typeof user?.id !== "number") return { ok: false, why: "the init data names no user: open the board from a chat with the bot" };
  return { ok: true, userId: user.id, languageCode: typeof user.language_code === "string" ? user.language_code : undefined };
}

function readUser(json: string | null): { id?: unknown; language_code?: unknown } | null {
  try {
    const value: unknown = JSON.parse(json ?? "null");
    return typeof value === "object" && value !== null ? (value as { id?: unknown; language_code?: unknown }) : null;
  } catch {
    return null;
  }
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header("content-security-policy", CONTENT_SECURITY_POLICY)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer");
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset, cache: string): FastifyReply {
  securityHeaders(reply).header("content-type", asset.type).header("cache-control", cache).header("etag", asset.etag).header("vary", "accept-encoding");
  if (request.headers["if-none-match"] === asset.etag) return reply.code(304).send();
  if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) return reply.header("content-encoding", "gzip").send(asset.gzip());
  return reply.send(asset.body);
}

const SCREEN_GONE_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Duban</title>
<body style="font-family:system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;text-align:center">
<div><h1>此大屏链接已失效</h1><p>请管理员在机器人里发送 /screen 获取新的链接。</p>
<p lang="en">This screen link has ended or never existed: ask an admin for a new one (/screen).</p></div></body></html>`;

const NOT_BUILT = "the board's page was not built: run npm ci (or npm run build)";

/** The board's routes, on the process's one server. */
export function registerBoard(server: FastifyInstance, deps: BoardDeps): void {
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const index = deps.assets?.get("index.html");
    if (!index) return securityHeaders(reply).code(503).send({ error: NOT_BUILT });
    // The page itself changes with a new version: always asked again (its ETag makes that cheap).
    return sendAsset(request, reply, index, "no-cache");
  };

  server.get("/app", page);
  server.get<{ Params: { name: string } }>(
    "/app/assets/:name",
    { schema: { params: { type: "object", properties: { name: { type: "string", pattern: "^[A-Za-z0-9._-]{1,80}$" } }, required: ["name"] } } },
    (request, reply) => {
      const asset = request.params.name === "index.html" ? undefined : deps.assets?.get(request.params.name);
      if (!asset) return reply.code(404).send({ error: "no such file" });
      return sendAsset(request, reply, asset, "no-cache");
    },
  );

  let screenAnswer: { version: string; json: string } | null = null;
  const screenParams = { type: "object", properties: { token: { type: "string", maxLength: 100 } }, required: ["token"] } as const;
  const screenGone = (reply: FastifyReply) => securityHeaders(reply).code(404).header("cache-control", "no-store").send({ error: "this screen link has ended or never existed: ask an admin for a new one (/screen)" });

  server.get<{ Params: { token: string } }>("/screen/:token", { schema: { params: screenParams } }, async (request, reply) => {
    if (!(await deps.board.screens.valid(request.params.token))) {
      return securityHeaders(reply).code(404).header("content-type", "text/html; charset=utf-8").header("cache-control", "no-store").send(SCREEN_GONE_PAGE);
    }
    return page(request, reply);
  });

  server.get<{ Params: { token: string } }>("/screen/:token/board", { schema: { params: screenParams } }, async (request, reply) => {
    if (!(await deps.board.screens.valid(request.params.token))) return screenGone(reply);
    const state = await deps.board.state(undefined, { fresh: true });
    // Every screen asks every few seconds: the answer is the same until the database changes.
    const etag = `"${createHash("sha256").update(state.version).digest("base64url").slice(0, 22)}"`;
    securityHeaders(reply).header("cache-control", "no-cache").header("etag", etag);
    if (request.headers["if-none-match"] === etag) return reply.code(304).send();
    // Built once per board, however many screens ask.
    if (screenAnswer?.version !== state.version) {
      const body: ScreenJson = {
        board: boardJson(deps.board.scoped(state, { scope: { kind: "all" } }), null, DEFAULT_LANGUAGE, deps.timezone),
        trend: trendJson(SCREEN_TREND_DAYS, await deps.board.trend(SCREEN_TREND_DAYS, state.day)),
      };
      screenAnswer = { version: state.version, json: JSON.stringify(body) };
    }
    return reply.header("content-type", "application/json; charset=utf-8").send(screenAnswer.json);
  });

  void server.register(
    async (api) => {
      // One sign-in for every API route: the verified person goes on the request.
      api.addHook("onRequest", async (request, reply) => {
        securityHeaders(reply).header("cache-control", "no-store");
        const signed = verifyInitData(request.headers.authorization, deps.botToken, deps.now());
        if (!signed.ok) return reply.code(401).send({ error: signed.why });
        const viewer = await deps.board.viewer(signed.userId);
        if (!viewer) return reply.code(403).send({ error: "the board is for the district's leaders, admins and task officers; ask an admin if you should see it" });
        request.viewer = viewer;
        // The language they chose (/lang), else their Telegram client's, as the bot answers them.
        request.language = chosenLanguage(viewer.chosenLanguage) ?? languageFromTelegram(signed.languageCode);
      });

      api.get<{ Querystring: { date?: string } }>(
        "/board",
        { schema: { querystring: { type: "object", properties: { date: { type: "string", maxLength: 10 } }, additionalProperties: false } } },
        async (request, reply) => {
          const viewer = request.viewer!;
          const day = request.query.date === undefined ? undefined : parseDay(request.query.date);
          if (day === null) return reply.code(400).send({ error: "date should be a day like 2026-12-07" });
          // Another day's board is computed afresh, as /digest <day> is: for leaders, within a year back.
          if (day !== undefined && viewer.scope.kind !== "all") return reply.code(403).send({ error: "another day's board is for leaders and admins" });
          const today = deps.board.today();
          if (day !== undefined && (day > today || day < addDays(today, -366))) return reply.code(400).send({ error: `date should be between ${addDays(today, -366)} and ${today}` });
          const { state, updating } = await deps.board.read(day);
          return { ...boardJson(deps.board.scoped(state, viewer), viewer, request.language ?? DEFAULT_LANGUAGE, deps.timezone), updating };
        },
      );

      api.get<{ Params: { id: number } }>(
        "/units/:id",
        { schema: { params: { type: "object", properties: { id: { type: "integer", minimum: 1, maximum: 2147483647 } }, required: ["id"] } } },
        async (request, reply) => {
          const viewer = request.viewer!;
          if (!deps.board.inScope(viewer, request.params.id)) return reply.code(403).send({ error: "this unit is not one of yours" });
          const { state, updating } = await deps.board.read();
          const unit = unitJson(deps.board.scoped(state, viewer), request.params.id, deps.timezone);
          return unit ? { ...unit, updating } : reply.code(404).send({ error: "no such unit, or it has no tasks" });
        },
      );

      const codeParams = { type: "object", properties: { code: { type: "string", minLength: 1, maxLength: 32 } }, required: ["code"] } as const;

      api.get<{ Params: { code: string } }>("/tasks/:code", { schema: { params: codeParams } }, async (request, reply) => {
        const viewer = request.viewer!;
        let { state, updating } = await deps.board.read();
        let found = state.board.tasks.find((t) => t.task.code === request.params.code.toUpperCase());
        if (!found && updating) {
          // Perhaps added since the last board: the new one says.
          ({ state, updating } = await deps.board.read(undefined, { fresh: true }));
          found = state.board.tasks.find((t) => t.task.code === request.params.code.toUpperCase());
        }
        if (!found) return reply.code(404).send({ error: "no such task" });
        if (!deps.board.inScope(viewer, found.unit.id)) return reply.code(403).send({ error: "this task is not in one of your units" });
        const story = await deps.board.task(found.task.code, state);
        return story ? { ...taskJson(story, state.day, deps.timezone), updating } : reply.code(404).send({ error: "no such task" });
      });

      api.get<{ Params: { code: string; id: number } }>(
        "/tasks/:code/photos/:id",
        { schema: { params: { type: "object", properties: { code: codeParams.properties.code, id: { type: "integer", minimum: 1, maximum: 2147483647 } }, required: ["code", "id"] } } },
        async (request, reply) => {
          const viewer = request.viewer!;
          const state = await deps.board.state();
          const found = state.board.tasks.find((t) => t.task.code === request.params.code.toUpperCase());
          if (!found) return reply.code(404).send({ error: "no such task" });
          if (!deps.board.inScope(viewer, found.unit.id)) return reply.code(403).send({ error: "this task is not in one of your units" });
          const fileId = await deps.board.photo(found.task.code, request.params.id);
          if (!fileId) return reply.code(404).send({ error: "no such photo on this task" });
          try {
            const photo = await deps.photo(fileId);
            return reply.header("content-type", photo.type).header("cache-control", "private, max-age=86400").send(Buffer.from(photo.bytes));
          } catch (error) {
            deps.log.warn({ err: error }, "a report photo could not be fetched from Telegram");
            return reply.code(502).send({ error: "Telegram did not give the photo; try again later" });
          }
        },
      );

      api.get<{ Querystring: { days?: number } }>(
        "/trend",
        { schema: { querystring: { type: "object", properties: { days: { type: "integer", enum: [...TREND_SPANS] } }, additionalProperties: false } } },
        async (request) => {
          const days = request.query.days ?? TREND_SPANS[0];
          const viewer = request.viewer!;
          // The saved digests are the whole district's: an officer's trend would not be theirs.
          if (viewer.scope.kind !== "all") return trendJson(days, []);
          return trendJson(days, await deps.board.trend(days));
        },
      );
    },
    { prefix: "/api" },
  );
}
