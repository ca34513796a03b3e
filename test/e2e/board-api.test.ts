import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { User } from "grammy/types";
import { signInitData } from "#src/devtools/init-data.js";
import type { BoardJson, ScreenJson, TaskJson, TrendJson, UnitJson } from "#src/views/board/types.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, TOKEN, type Harness } from "../support/harness.js";
import { privateChat, user } from "../support/updates.js";
import { ask } from "../support/conversation.js";
import { admin, beiyuan, li, setUpTwoUnits, TWO_UNITS_NOW, xiaoqinghe, zhang } from "../support/two-units.js";

// The leader reads English: the board answers in his language.
const leader = user(3001, "quzhang", "王区长", "en");
const stranger = user(4001, "passerby", "路人");
const NOW = TWO_UNITS_NOW;
const PUBLIC = "https://duban.example.org";

describe("the board's API and the screen, through the real bot's HTTP server", () => {
  let db: TestDatabase;
  let h: Harness;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase("e2e_board_api");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: NOW, env: { DUBAN_PUBLIC_URL: PUBLIC } });
    base = `http://127.0.0.1:${h.app.httpPort}`;
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });

  const say = (chat: typeof beiyuan, from: User, text: string) => ask(h.telegram, h.scene, chat, from, text);
  const dm = (from: User, text: string) => ask(h.telegram, h.scene, privateChat(from), from, text);
  const initData = (who: User, at = h.clock.now()) => signInitData(who, TOKEN, at);
  const get = (path: string, authorization?: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers: { ...(authorization === undefined ? {} : { authorization }), ...headers } });
  const api = async <T>(path: string, who: User): Promise<T> => {
    const response = await get(path, `tma ${initData(who)}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  it("sets up two units, their tasks, reports, a problem and a photo", async () => {
    await setUpTwoUnits(h, leader);
    const update = h.scene.sendPhoto(beiyuan, zhang, "BY-02 现场照片 进度41%");
    await h.telegram.waitForSent((sent) => sent.some((m) => m.replyTo === update.message!.message_id));
    await dm(stranger, "/help");
  });

  it("opens the board from /dashboard: a web_app button in private, and the chat's menu button set to it", async () => {
    const { messages } = await dm(leader, "/dashboard");
    expect(messages[0]!.buttons.flat()).toEqual([expect.objectContaining({ webApp: `${PUBLIC}/app` })]);
    const menu = h.telegram.calls.find((c) => c.method === "setChatMenuButton" && Number(c.params.chat_id) === leader.id);
    const button = menu!.params.menu_button;
    expect(typeof button === "string" ? JSON.parse(button) : button).toMatchObject({ type: "web_app", web_app: { url: `${PUBLIC}/app` } });
    // An officer may open it too; someone with no task and no role is told why not.
    expect((await dm(zhang, "/dashboard")).messages[0]!.buttons.flat()[0]!.webApp).toBe(`${PUBLIC}/app`);
    expect((await dm(stranger, "/dashboard")).answer).toContain("只对区领导、管理员和项目责任人开放");
    // A group gets a t.me link (Telegram refuses web_app buttons there).
    const inGroup = await say(beiyuan, zhang, "/dashboard");
    expect(inGroup.answer).toContain("https://t.me/duban_test_bot?startapp=board");
    expect(inGroup.messages[0]!.buttons.flat()[0]).toMatchObject({ url: "https://t.me/duban_test_bot?startapp=board" });
  });

  it("shows a leader the digest's own figures, in the leader's language", async () => {
    const board = await api<BoardJson>("/api/board", leader);
    const { figures } = await h.app.services.leaders.day();
    expect(board.language).toBe("en");
    expect(board.total).toBe(figures.total);
    expect(board.counts).toEqual(figures.counts);
    expect(board.reporting).toEqual(figures.reporting);
    expect(board.units.map((u) => [u.name, u.lag, u.red, u.yellow, u.green])).toEqual(figures.units.map((u) => [u.name, u.lag, u.red, u.yellow, u.green]));
    expect(board.atRiskCount).toBe(figures.atRiskCount);
    expect(board.atRisk.map((t) => t.code)).toContain("BY-01");
    expect(board.problems.map((p) => [p.taskCode, p.text])).toEqual([["BY-01", "拆迁补偿资金未到位"]]);
    expect(board.scope).toEqual({ kind: "all" });
    // Another day's board, and a date that is not one.
    expect((await api<BoardJson>("/api/board?date=2026-06-30", leader)).day).toBe("2026-06-30");
    expect((await get("/api/board?date=2026-13-01", `tma ${initData(leader)}`)).status).toBe(400);
    expect((await get("/api/board?date=2027-01-01", `tma ${initData(leader)}`)).status).toBe(400);
  });

  it("drills down from a unit to a task with its curve, reports, photos and plan changes", async () => {
    const board = await api<BoardJson>("/api/board", leader);
    const unitId = board.units.find((u) => u.name === "北园大街指挥部")!.id;
    const unit = await api<UnitJson>(`/api/units/${unitId}`, leader);
    expect(unit.tasks.map((t) => t.code)).toEqual(["BY-01", "BY-02"]);
    expect(unit.tasks[0]).toMatchObject({ owner: "张伟", percent: 10, light: "red", lastReportDays: 0 });
    const task = await api<TaskJson>("/api/tasks/by-02", leader);
    expect(task.row).toMatchObject({ code: "BY-02", percent: 41 });
    expect(task.curve.plan[0]).toEqual({ date: "2026-03-01", percent: 0 });
    expect(task.curve.reported.at(-1)!.percent).toBe(41);
    expect(task.reports.map((r) => r.text)).toEqual(["BY-02 现场照片 进度41%", "BY-02 进度40%"]);
    expect(task.planChanges.map((c) => c.action)).toContain("task.add");
    const photo = task.reports[0]!.photos[0]!;
    const stored = await h.app.database.prisma.reportPhoto.findUniqueOrThrow({ where: { id: photo.id } });
    h.telegram.files.set(stored.fileId, Buffer.from("JPEG-BYTES"));
    const picture = await get(`/api/tasks/BY-02/photos/${photo.id}`, `tma ${initData(leader)}`);
    expect(picture.status).toBe(200);
    expect(Buffer.from(await picture.arrayBuffer()).toString()).toBe("JPEG-BYTES");
    // The photo under another task's code is not found there.
    expect((await get(`/api/tasks/BY-01/photos/${photo.id}`, `tma ${initData(leader)}`)).status).toBe(404);
    expect((await get("/api/tasks/NO-99", `tma ${initData(leader)}`)).status).toBe(404);
    expect((await api<TrendJson>("/api/trend?days=90", leader)).days).toBe(90);
    expect((await get("/api/trend?days=7", `tma ${initData(leader)}`)).status).toBe(400);
  });

  it("shows an officer their own unit only: another unit's task and unit are refused with 403", async () => {
    const board = await api<BoardJson>("/api/board", zhang);
    expect(board.units.map((u) => u.name)).toEqual(["北园大街指挥部"]);
    // The language chosen with /lang wins over the Telegram client's, as in chat.
    expect(board.language).toBe("zh-CN");
    await dm(zhang, "/lang tw");
    expect((await api<BoardJson>("/api/board", zhang)).language).toBe("zh-TW");
    expect(board.total).toBe(2);
    expect(board.scope.kind).toBe("units");
    expect((await api<TaskJson>("/api/tasks/BY-01", zhang)).row.code).toBe("BY-01");
    const other = await get("/api/tasks/XQH-01", `tma ${initData(zhang)}`);
    expect(other.status).toBe(403);
    // Told why, and nothing of the task.
    expect(await other.json()).toEqual({ error: "this task is not in one of your units" });
    const all = await api<BoardJson>("/api/board", leader);
    const xqh = all.units.find((u) => u.name === "小清河指挥部")!.id;
    expect((await get(`/api/units/${xqh}`, `tma ${initData(zhang)}`)).status).toBe(403);
    // Nothing of the other unit in the officer's lists, and no district-wide trend or other day.
    for (const row of [...board.atRisk, ...board.late.tasks]) expect(row.unit).toBe("北园大街指挥部");
    for (const problem of board.problems) expect(problem.unit).toBe("北园大街指挥部");
    expect((await api<TrendJson>("/api/trend", zhang)).points).toEqual([]);
    expect((await get("/api/board?date=2026-06-30", `tma ${initData(zhang)}`)).status).toBe(403);
    // A photo on another unit's task is refused to the officer of this one.
    const by02 = await h.app.database.prisma.task.findUniqueOrThrow({ where: { code: "BY-02" } });
    const xqhPhoto = await h.app.database.prisma.reportPhoto.findFirst({ where: { taskId: by02.id } });
    expect((await get(`/api/tasks/BY-02/photos/${xqhPhoto!.id}`, `tma ${initData(li)}`)).status).toBe(403);
  });

  it("follows an admin's change that is no report (leave): the board is computed again with it", async () => {
    const seen = (await h.app.services.board.state()).version;
    expect((await dm(admin, "/leave @lina 2026-07-01 2026-07-10")).answer).toContain("lina");
    h.clock.advance(2000);
    const state = await h.app.services.board.state(undefined, { fresh: true });
    expect(state.version).not.toBe(seen);
    expect(state.board.tasks.find((t) => t.task.code === "XQH-01")!.ownerOnLeave).toBe(true);
  });

  it("refuses with 401 what Telegram did not sign for this bot, and with 403 someone with no rights", async () => {
    const good = initData(leader);
    const refused = async (authorization: string | undefined) => (await get("/api/board", authorization)).status;
    expect(await refused(undefined)).toBe(401);
    expect(await refused("Bearer x")).toBe(401);
    expect(await refused(`tma ${signInitData(leader, "987654321:another-bot-token", h.clock.now())}`)).toBe(401);
    // A field changed after signing: another user id under the same hash.
    expect(await refused(`tma ${good.replace(encodeURIComponent(`"id":${leader.id}`), encodeURIComponent(`"id":${admin.id}`))}`)).toBe(401);
    expect(await refused(`tma ${good.replace(/hash=[0-9a-f]+/, `hash=${"0".repeat(64)}`)}`)).toBe(401);
    // More than an hour old, by the bot's clock.
    expect(await refused(`tma ${initData(leader, new Date(h.clock.now().getTime() - 3601_000))}`)).toBe(401);
    expect(await refused(`tma ${initData(leader, new Date(h.clock.now().getTime() - 3500_000))}`)).toBe(200);
    const body = await (await get("/api/board", `tma ${initData(stranger)}`)).json();
    expect(await refused(`tma ${initData(stranger)}`)).toBe(403);
    expect(body).toEqual({ error: expect.stringContaining("leaders, admins and task officers") });
  });

  it("takes init data signed as Telegram's documentation says (the check is the spec's, not only the library's)", async () => {
    const fields: Record<string, string> = {
      auth_date: String(Math.floor(h.clock.now().getTime() / 1000)),
      query_id: "AAHdF6IQAAAAAN0XohDhrOrc",
      user: JSON.stringify({ id: leader.id, first_name: "王区长", language_code: "zh-hans" }),
    };
    const checkString = Object.keys(fields)
      .sort()
      .map((k) => `${k}=${fields[k]}`)
      .join("\n");
    const secret = createHmac("sha256", "WebAppData").update(TOKEN).digest();
    const hash = createHmac("sha256", secret).update(checkString).digest("hex");
    const raw = new URLSearchParams({ ...fields, hash }).toString();
    const board = (await (await get("/api/board", `tma ${raw}`)).json()) as BoardJson;
    expect(board.language).toBe("zh-CN");
    expect(board.viewer).toBe("王区长");
  });

  it("sends every page and answer with a Content-Security-Policy that allows no inline script", async () => {
    const page = await get("/app");
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp.split(";").find((d) => d.trim().startsWith("script-src"))).not.toContain("unsafe");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const board = await get("/api/board", `tma ${initData(leader)}`, { "accept-encoding": "gzip" });
    expect(board.headers.get("cache-control")).toBe("no-store");
    // Compressed for a phone on a site's 4G; the page's own files are too.
    expect(board.headers.get("content-encoding")).toBe("gzip");
    expect((await get("/app/assets/app.js", undefined, { "accept-encoding": "gzip" })).headers.get("content-encoding")).toBe("gzip");
  });

  it("gives an admin a screen link once, in private; the screen needs no Telegram, and ends with /screen revoke", async () => {
    expect((await say(beiyuan, admin, "/screen")).answer).toContain("只在私聊中发送");
    expect((await dm(zhang, "/screen")).answer).toContain("/screen");
    expect(await h.app.database.prisma.screenToken.count()).toBe(0);
    const { answer } = await dm(admin, "/screen");
    const link = /https:\/\/duban\.example\.org\/screen\/([A-Za-z0-9_-]+)/.exec(answer)!;
    const token = link[1]!;
    // Only the token's hash is kept: not in the tokens table, not in the outbox once sent.
    const rows = await h.app.database.prisma.screenToken.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash).not.toContain(token);
    const outbox = await h.app.database.prisma.outboxMessage.findMany();
    expect(outbox.some((m) => m.text.includes(token))).toBe(false);

    const page = await get(`/screen/${token}`);
    expect(page.status).toBe(200);
    const first = await get(`/screen/${token}/board`);
    const screen = (await first.json()) as ScreenJson;
    const { figures } = await h.app.services.leaders.day();
    expect(screen.board.counts).toEqual(figures.counts);
    expect(screen.board.viewer).toBeNull();
    // Unchanged: 304 on its ETag, and the board not computed again.
    const etag = first.headers.get("etag")!;
    const computed = h.app.services.board.computations();
    const again = await Promise.all(Array.from({ length: 50 }, () => get(`/screen/${token}/board`, undefined, { "if-none-match": etag })));
    expect(again.map((r) => r.status)).toEqual(Array(50).fill(304));
    expect(h.app.services.board.computations()).toBe(computed);
    // A new report changes it: computed once for every screen asking.
    h.clock.advance(2000);
    await say(beiyuan, zhang, "BY-01 进度25%");
    h.clock.advance(2000);
    const after = await Promise.all(Array.from({ length: 50 }, () => get(`/screen/${token}/board`, undefined, { "if-none-match": etag })));
    expect(after.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(h.app.services.board.computations()).toBe(computed + 1);
    const updated = (await after[0]!.json()) as ScreenJson;
    const lagOf = (json: ScreenJson) => json.board.units.find((u) => u.name === "北园大街指挥部")!.lag!;
    // BY-01 went from 10% to 25%: its unit is less behind on the screen.
    expect(lagOf(updated)).toBeLessThan(lagOf(screen));
    // A leader in the Mini App is answered the last board at once, said to be updating, while the
    // next is computed; asked again, the new one.
    const seen = (await h.app.services.board.state()).version;
    h.clock.advance(2000);
    await say(xiaoqinghe, li, "XQH-01 进度61%");
    h.clock.advance(2000);
    const during = await api<BoardJson>("/api/board", leader);
    expect(during.updating).toBe(true);
    await vi.waitFor(async () => expect((await h.app.services.board.state()).version).not.toBe(seen));
    expect((await api<BoardJson>("/api/board", leader)).updating).toBe(false);
    expect(h.app.services.board.computations()).toBe(computed + 2);
    // Brought up to date, it read again the one task that changed (its row and forecast series),
    // and its forecasts are what a board computed from nothing (the digest's) says.
    expect(h.app.services.board.tasksRead()).toBe(1);
    const cached = (await h.app.services.board.state()).board.tasks.map((t) => [t.task.code, t.forecast]);
    const fromNothing = (await h.app.services.leaders.day()).board.tasks.map((t) => [t.task.code, t.forecast]);
    expect(cached).toEqual(fromNothing);

    expect((await get("/screen/not-a-real-token-at-all")).status).toBe(404);
    expect((await get("/screen/not-a-real-token-at-all/board")).status).toBe(404);
    expect((await dm(admin, "/screen revoke")).answer).toContain("已作废 1 个大屏链接");
    expect((await get(`/screen/${token}`)).status).toBe(404);
    expect((await get(`/screen/${token}/board`)).status).toBe(404);
    expect((await dm(admin, "/screen revoke")).answer).toContain("没有有效的大屏链接");
    expect((await dm(admin, "/screen now please")).answer).toContain("用法：/screen");
  });
});

describe("the board without DUBAN_PUBLIC_URL", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [admin.id], now: NOW });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("says what to set, and still answers on its port for local use", async () => {
    const { answer } = await ask(h.telegram, h.scene, privateChat(admin), admin, "/dashboard");
    expect(answer).toContain("DUBAN_PUBLIC_URL");
    expect((await ask(h.telegram, h.scene, privateChat(admin), admin, "/screen")).answer).toContain("DUBAN_PUBLIC_URL");
    const board = await fetch(`http://127.0.0.1:${h.app.httpPort}/api/board`, { headers: { authorization: `tma ${signInitData(admin, TOKEN, h.clock.now())}` } });
    expect(board.status).toBe(200);
  });
});
