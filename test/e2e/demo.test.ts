import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEntry } from "../support/process.js";
import type { BoardJson, ScreenJson } from "#src/views/board/types.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { ask } from "../support/conversation.js";
import { privateChat, user } from "../support/updates.js";

describe("npm run demo", () => {
  let output = "";
  let code: number | null = null;

  beforeAll(async () => {
    // As a new user runs it: no token, no database, no Redis.
    const demo = runEntry("demo/main", {});
    code = await demo.exited;
    output = demo.output();
  }, 90_000);

  // How long it takes is printed by the demo itself ("demo finished in 9.0 s" here), not judged:
  // a busy machine may take several times as long.
  it("exits 0, saying how long it took", () => {
    expect(code, output.slice(-2000)).toBe(0);
    expect(output).toMatch(/demo finished in \d+(\.\d)? s/);
  });

  const day = (title: string) => {
    const start = output.indexOf(`══ ${title}`);
    const end = output.indexOf("\n══", start + 1);
    return output.slice(start, end < 0 ? undefined : end);
  };

  it("shows Thursday's digest on one screen, ranking the unit and the officer furthest behind first, with its chart", () => {
    const thursday = day("12月10日");
    expect(thursday).toMatch(/【落后单位】\n\s*1\. 泺口街道办事处/);
    expect(thursday).toMatch(/【落后责任人】\n\s*1\. 孙浩/);
    expect(thursday).toMatch(/【必保项目预警】[^\n]*\n\s*🔴 DL-02[^\n]*孙浩/);
    expect(thursday).toMatch(/【先进单位】/);
    expect(thursday).toMatch(/较上期/);
    expect(thursday).toMatch(/📎 digest-2026-12-10\.png（1080×\d+/);
    const text = thursday.slice(thursday.indexOf("📊 督办日报"), thursday.indexOf("📎 digest-"));
    const lines = text.trim().split("\n").map((l) => l.replace(/^\s*(Duban ▸ )?/, "")).filter(Boolean);
    expect(lines.length).toBeLessThanOrEqual(25);
    expect(lines.join("\n").length).toBeLessThanOrEqual(1200);
  });

  it("shows the afternoon reminder naming the silent officer and nobody who reported", () => {
    const monday = day("12月7日");
    const reminder = monday.slice(monday.indexOf("16:05 【泺口街道办事处】"));
    expect(reminder).toMatch(/⏰[^\n]*\n\s*@sunhao：DL-02/);
    expect(monday.slice(monday.indexOf("16:05"))).not.toContain("@zhangwei");
  });

  it("shows a report the bot asked back about, corrected and recorded", () => {
    expect(output).toMatch(/刘洋 ▸ BY-02 正在加紧推进[\s\S]*?Duban ▸ BY-02：没看到进度[\s\S]*?刘洋 ▸ （回复）进度30%[\s\S]*?✅ BY-02「北园大街两侧绿化美化」已记录：30%/);
  });

  it("shows traditional Chinese and English reports answered in their own language, and a reassignment", () => {
    expect(output).toContain("已記錄：25%");
    expect(output).toMatch(/DL-01 "少年路整治" recorded: 40%/);
    expect(output).toMatch(/XQ-04 的负责人已由 @sunhao 改为 @zhengli/);
    expect(output).toContain("⚠️ 以下项目已连续 3 期以上未报告进度");
  });

  it("shows a problem raised, escalated to a 督办单, closed by its officer and 办结; an admin /close; /problems with ages", () => {
    const tuesday = day("12月8日");
    expect(tuesday).toMatch(/🔵 蓝色督办单\u3000督办〔2026〕第\d+号\n\s*任务：BY-01[\s\S]*?【资金】拆迁补偿资金未拨付到位（1 天）/);
    expect(tuesday).toMatch(/🟡 黄色督办单[\s\S]*?单位负责人|🟡 黄色督办单[\s\S]*?负责人组织研究/);
    expect(day("12月9日")).toMatch(/（回复）资金问题已解决，进度74%[\s\S]*?✅ BY-01 资金问题已销号（开了 2 天）/);
    const thursday = day("12月10日");
    expect(thursday).toMatch(/✅ 督办〔2026〕第\d+号已办结\n\s*BY-01/);
    expect(thursday).toMatch(/\/close XQH-02 用地[\s\S]*?✅ XQH-02 用地问题已销号（开了 3 天）/);
    expect(thursday).toMatch(/全区未销号问题 \d+ 个[\s\S]*?1\. PH-03[^\n]*已开 3 天/);
    expect(thursday).toMatch(/【久拖未决问题】[^\n]*\n(?:\s*· [^\n]*\n)*\s*· XQH-02 用地问题 \d+ 天未解决/);
    // Each order is sent once: no number appears twice as a new order.
    const numbers = [...output.matchAll(/(?:蓝|黄|红)色督办单\u3000(督办〔2026〕第\d+号)/g)].map((m) => m[1]);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it("ends with the commands to run it for real", () => {
    expect(output).toMatch(/npm start/);
    expect(output).toMatch(/docker compose up/);
  });
});

describe("npm run demo -- --serve", () => {
  it("keeps the demo district's board and 调度会 screen up after the play, prints their links, and stops on Ctrl-C", async () => {
    const demo = runEntry("demo/main", {}, ["--serve"]);
    try {
      await demo.waitFor("Ctrl-C", 120_000);
      const output = demo.output();
      const [app, officer] = [...output.matchAll(/(http:\/\/127\.0\.0\.1:\d+)\/app#(\S+)/g)];
      const screen = /(http:\/\/127\.0\.0\.1:\d+\/screen\/[A-Za-z0-9_-]+)/.exec(output)![1]!;
      // The screen needs nothing but its link: the whole district, as the digest counts it.
      const board = (await (await fetch(`${screen}/board`)).json()) as ScreenJson;
      expect(board.board.total).toBe(37);
      expect(board.trend.points.length).toBeGreaterThanOrEqual(3);
      // The board's link signs in as Telegram would: the admin sees every unit, the officer one.
      const signIn = (link: RegExpMatchArray) => ({ authorization: `tma ${new URLSearchParams(link[2]).get("tgWebAppData")}` });
      const all = (await (await fetch(`${app![1]}/api/board`, { headers: signIn(app!) })).json()) as BoardJson;
      expect(all.units).toHaveLength(8);
      const one = (await (await fetch(`${officer![1]}/api/board`, { headers: signIn(officer!) })).json()) as BoardJson;
      expect(one.units).toHaveLength(1);
      expect((await fetch(`${app![1]}/app`)).status).toBe(200);
      demo.child.kill("SIGINT");
      expect(await demo.exited).toBe(0);
    } finally {
      demo.child.kill("SIGKILL");
    }
  }, 150_000);
});

describe("npm run duban -- demo-data load", () => {
  let db: TestDatabase;
  let h: Harness;
  const admin = user(1001, "duchashi", "督查室");

  beforeAll(async () => {
    db = await createTestDatabase("demo_data");
  });
  afterAll(async () => {
    await h?.stop();
    await db?.drop();
  });

  it("fills an empty database with the district, and refuses a second time", async () => {
    const load = runEntry("cli", { DATABASE_URL: db.url }, ["demo-data", "load", "--deadline", "2027-06-30"]);
    expect(await load.exited, load.output()).toBe(0);
    expect(load.output()).toContain("37 tasks due 2027-06-30");
    const again = runEntry("cli", { DATABASE_URL: db.url }, ["demo-data", "load"]);
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain("already has 37 tasks");
  }, 60_000);

  it("shows those tasks in /tasks once a bot runs on it", async () => {
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: new Date("2026-12-07T02:00:00Z") });
    const { answer } = await ask(h.telegram, h.scene, privateChat(admin), admin, "/tasks");
    expect(answer).toContain("37");
    for (const code of ["BY-01", "XQH-01", "GS-01", "PGP-01", "LH-01", "WJ-01", "LM-01"]) expect(answer).toContain(code);
  });
});
