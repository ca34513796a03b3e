import { describe, expect, it } from "vitest";
import { createLogger } from "#src/logger.js";
import { buildServer, type ServerDeps } from "#src/web/server.js";

const SECRET = "a-webhook-secret-of-32-characters";

function server(overrides: Partial<ServerDeps> = {}) {
  const stored: unknown[] = [];
  const app = buildServer({
    log: createLogger("silent"),
    webhook: { path: "/telegram", secret: SECRET, store: async (update) => void stored.push(update) },
    checks: { database: async () => ({ ok: true }), sendLease: async () => ({ ok: true, detail: "held by bot-1" }) },
    metrics: async () => ({ contentType: "text/plain; version=0.0.4", body: "duban_updates_received_total 3\n" }),
    metricsToken: "a-metrics-token-0123456789",
    backup: { token: "the-token-in-the-data-folder", make: async () => new Uint8Array([1, 2, 3]) },
    ...overrides,
  });
  return { app, stored };
}

describe("the HTTP server: health, readiness, metrics and the webhook", () => {
  it("says it is up, and ready when every check is", async () => {
    const { app } = server();
    expect((await app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", checks: { database: { ok: true }, sendLease: { ok: true, detail: "held by bot-1" } } });
  });

  it("answers 503 with the check that failed and why", async () => {
    const { app } = server({
      checks: { database: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")), sendLease: async () => ({ ok: true }) },
    });
    const ready = await app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.database).toEqual({ ok: false, detail: "connect ECONNREFUSED 127.0.0.1:5432" });
  });

  it("opens /metrics on this machine, or with the token, and to nobody else", async () => {
    const { app } = server();
    const local = await app.inject({ url: "/metrics", remoteAddress: "127.0.0.1" });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain("duban_updates_received_total 3");
    expect((await app.inject({ url: "/metrics", remoteAddress: "10.1.2.3" })).statusCode).toBe(403);
    // Through a proxy on this machine: not local.
    expect((await app.inject({ url: "/metrics", remoteAddress: "127.0.0.1", headers: { "x-forwarded-for": "203.0.113.9" } })).statusCode).toBe(403);
    expect((await app.inject({ url: "/metrics", remoteAddress: "127.0.0.1", headers: { forwarded: "for=203.0.113.9" } })).statusCode).toBe(403);
    expect((await app.inject({ url: "/metrics", remoteAddress: "127.0.0.1", headers: { "x-real-ip": "203.0.113.9" } })).statusCode).toBe(403);
    expect((await app.inject({ url: "/metrics", remoteAddress: "10.1.2.3", headers: { authorization: "Bearer wrong-token-0123456789abc" } })).statusCode).toBe(403);
    expect((await app.inject({ url: "/metrics", remoteAddress: "10.1.2.3", headers: { authorization: "Bearer a-metrics-token-0123456789" } })).statusCode).toBe(200);
  });

  it("makes a backup only for the token the bot left in its data folder, from wherever asked, and never for the metrics token", async () => {
    const { app } = server();
    const backup = (headers: Record<string, string>, remoteAddress = "127.0.0.1") => app.inject({ method: "POST", url: "/backup", headers, remoteAddress });
    // Through a proxy on this machine that adds nothing: local, and still refused without the token.
    expect((await backup({})).statusCode).toBe(401);
    expect((await backup({ authorization: "Bearer a-metrics-token-0123456789" })).statusCode).toBe(401);
    const made = await backup({ authorization: "Bearer the-token-in-the-data-folder" });
    expect(made.statusCode).toBe(200);
    expect([...made.rawPayload]).toEqual([1, 2, 3]);
  });

  it("stores a webhook update sent with the secret, and nothing else", async () => {
    const { app, stored } = server();
    const post = (headers: Record<string, string>, payload: unknown) => app.inject({ method: "POST", url: "/telegram", headers, payload: payload as object });
    expect((await post({}, { update_id: 1 })).statusCode).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": "wrong" }, { update_id: 1 })).statusCode).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET }, { hello: 1 })).statusCode).toBe(400);
    expect((await post({ "x-telegram-bot-api-secret-token": SECRET }, { update_id: 7, message: {} })).statusCode).toBe(200);
    expect(stored).toEqual([{ update_id: 7, message: {} }]);
  });

  it("answers 500 when the update cannot be stored, so Telegram sends it again", async () => {
    const { app } = server({ webhook: { path: "/telegram", secret: SECRET, store: async () => Promise.reject(new Error("database away")) } });
    const answer = await app.inject({ method: "POST", url: "/telegram", headers: { "x-telegram-bot-api-secret-token": SECRET }, payload: { update_id: 1 } });
    expect(answer.statusCode).toBe(500);
  });
});
