import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { User } from "grammy/types";
import { launchUrl, signInitData } from "#src/devtools/init-data.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, TOKEN, type Harness } from "../support/harness.js";
import { privateChat } from "../support/updates.js";
import { ask, askConfirmingNewPeople } from "../support/conversation.js";
import { admin, leader, li, setUpTwoUnits, TWO_UNITS_NOW, xiaoqinghe } from "../support/two-units.js";
import { launchBrowser } from "../support/browser.js";

const NOW = TWO_UNITS_NOW;
/** Screenshots to look at, as a leader would: the board on a phone, the screen in the meeting room. */
const SHOTS = path.join(tmpdir(), "duban-screenshots");

/** The page's globals as the callbacks below read them in the browser (the tests compile without the DOM's types). */
interface PageGlobals {
  document: {
    body: { dataset: Record<string, string | undefined> };
    documentElement: { scrollHeight: number };
    querySelector(selector: string): { textContent: string | null } | null;
  };
  innerHeight: number;
}

describe("the board in a real browser (Debian's Chromium)", () => {
  let db: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase("browser_board");
    [h, browser] = await Promise.all([startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: NOW, env: { DUBAN_PUBLIC_URL: "http://localhost:8080" } }), launchBrowser()]);
    base = `http://127.0.0.1:${h.app.httpPort}`;
    await setUpTwoUnits(h);
    // A second task in 小清河, never reported.
    await askConfirmingNewPeople(h.telegram, h.scene, xiaoqinghe, admin, "/addtask XQH-02 小清河护岸 @lina start=2026-01-01 due=2026-12-31");
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await db?.drop();
  });

  /** A page as Telegram opens the Mini App on a phone, for this person. */
  async function openApp(who: User, initData = signInitData(who, TOKEN, h.clock.now())): Promise<{ page: Page; statuses: number[] }> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const statuses: number[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/api/")) statuses.push(r.status());
    });
    // Nothing the page asks for may come from another host.
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    await page.goto(launchUrl(`${base}/app`, initData, { bg_color: "#ffffff", text_color: "#000000", button_color: "#2481cc" }));
    return { page, statuses };
  }
  // The page marks body[data-view] and body[data-ready=1] once a view's data and charts are drawn.
  // (Functions, not strings: the page's CSP allows no eval, which the first tries proved.)
  const whenReady = (page: Page, view: string) =>
    page.waitForFunction(
      (v) => {
        const { body } = (globalThis as unknown as PageGlobals).document;
        return body.dataset.view === v && body.dataset.ready === "1";
      },
      view,
      { timeout: 15_000 },
    );

  it("shows a leader the board with the digest's figures, and drills down to a unit and a task's curve", async () => {
    const { page } = await openApp(leader);
    await whenReady(page, "board");
    const { figures } = await h.app.services.leaders.day();
    const number = async (id: string) => Number((await page.getByTestId(id).first().textContent())?.replace(/\D+/g, ""));
    expect(await number("total")).toBe(figures.total);
    expect(await number("count-red")).toBe(figures.counts.red);
    expect(await number("count-yellow")).toBe(figures.counts.yellow);
    expect(await number("count-green")).toBe(figures.counts.green);
    expect((await page.getByTestId("reporting").textContent())?.replace(/\s/g, "")).toContain(`${figures.reporting.reported}/${figures.reporting.due}`);
    await page.screenshot({ path: path.join(SHOTS, "board-phone.png"), fullPage: true });

    await page.locator("[data-testid=unit-row]", { hasText: "北园大街指挥部" }).first().click();
    await whenReady(page, "unit");
    const rows = await page.getByTestId("task-row").all();
    expect(await Promise.all(rows.map((r) => r.getAttribute("data-code")))).toEqual(["BY-01", "BY-02"]);
    await page.screenshot({ path: path.join(SHOTS, "unit-phone.png"), fullPage: true });

    await page.locator("[data-testid=task-row][data-code=BY-01]").click();
    await whenReady(page, "task");
    expect(await page.getByTestId("s-curve").locator("svg, canvas").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("task-view").textContent()).toContain("拆迁补偿资金未到位");
    expect(await page.getByTestId("report-item").count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, "task-phone.png"), fullPage: true });
    // Back goes back up, as a leader expects.
    await page.goBack();
    await whenReady(page, "unit");
    await page.close();
  });

  it("shows an error and gets 401 for forged launch parameters", async () => {
    const forged = signInitData(leader, "987654321:not-this-bots-token", h.clock.now());
    const { page, statuses } = await openApp(leader, forged);
    await whenReady(page, "error");
    expect(statuses).toContain(401);
    // Told what to do: open it again from the bot.
    expect(await page.getByTestId("error").textContent()).toContain("/dashboard");
    expect(await page.getByTestId("board").count()).toBe(0);
    await page.close();
  });

  it("shows an officer only their own unit", async () => {
    const { page } = await openApp(li);
    await whenReady(page, "board");
    const units = await page.getByTestId("unit-row").allTextContents();
    expect(units).toHaveLength(1);
    expect(units[0]).toContain("小清河指挥部");
    expect(await page.content()).not.toContain("北园大街拆迁");
    await page.close();
  });

  it("shows a change made since the last board: the page asks again while the board is updating", async () => {
    const seen = await openApp(leader);
    await whenReady(seen.page, "board");
    await seen.page.close();
    await askConfirmingNewPeople(h.telegram, h.scene, xiaoqinghe, admin, "/addtask XQH-04 小清河步道 @lina start=2026-01-01 due=2026-12-31");
    h.clock.advance(2000);
    const { page, statuses } = await openApp(leader);
    await whenReady(page, "board");
    const { figures } = await h.app.services.leaders.day();
    expect(Number((await page.getByTestId("total").first().textContent())?.replace(/\D+/g, ""))).toBe(figures.total);
    // Two asks: the last board (updating), then the new one.
    expect(statuses).toEqual([200, 200]);
    await page.close();
  });

  it("runs the 调度会 screen from a link: full-screen at 16:9, a new report shown within 30 s, refused after revoke", async () => {
    const token = /\/screen\/([A-Za-z0-9_-]+)/.exec((await ask(h.telegram, h.scene, privateChat(admin), admin, "/screen")).answer)![1]!;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    await page.goto(`${base}/screen/${token}`);
    await whenReady(page, "screen");
    expect(await page.getByTestId("screen").isVisible()).toBe(true);
    const fits = await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return page.document.documentElement.scrollHeight <= page.innerHeight + 1;
    });
    expect(fits).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "screen-1920.png") });

    const total = async () => Number((await page.getByTestId("total").first().textContent())?.replace(/\D+/g, ""));
    const before = await total();
    const asked = Date.now();
    await askConfirmingNewPeople(h.telegram, h.scene, xiaoqinghe, admin, "/addtask XQH-03 小清河亮化 @lina start=2026-01-01 due=2026-12-31");
    h.clock.advance(2000);
    await page.waitForFunction(
      (n) => Number((globalThis as unknown as PageGlobals).document.querySelector("[data-testid=total]")?.textContent?.replace(/\D+/g, "")) === n,
      before + 1,
      { timeout: 30_000 },
    );
    const seconds = (Date.now() - asked) / 1000;
    expect(seconds).toBeLessThan(30);

    await ask(h.telegram, h.scene, privateChat(admin), admin, "/screen revoke");
    await page.reload();
    expect(await page.content()).toContain("已失效");
    // A screen left open finds out at its next check, and says so.
    await page.close();
  }, 60_000);
});
