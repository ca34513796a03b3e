import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "./fake-telegram.js";
import { Scene, group, privateChat, user } from "./updates.js";
import { ask, askConfirmingNewPeople, expectSilence } from "./conversation.js";
import { runEntry, type RunningProcess } from "./process.js";
import { TOKEN } from "./harness.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const li = user(2002, "lina", "李娜");
const wang = user(2003, "wangqiang", "王强", "en");
const xiaoqinghe = group(-1002002, "小清河指挥部");

/**
 * `npm start` as a user runs it, as a process: on the embedded default (no DATABASE_URL, PGlite
 * under DATA_DIR) and on PostgreSQL.
 */
export function describeNpmStart(kind: "embedded" | "postgres"): void {
  // A real process, paced by Telegram's real limits, on a machine that may be busy: generous
  // timeouts (a passing run takes a fraction of them).
  describe(`npm start on ${kind}`, { timeout: 120_000 }, () => {
    const telegram = new FakeTelegram();
    const scene = new Scene(telegram);
    const dataDir = mkdtempSync(path.join(tmpdir(), "duban-embedded-"));
    let bot: RunningProcess;
    let env: Record<string, string>;
    let db: TestDatabase | null = null;

    const start = async () => {
      bot = runEntry("main", env);
      await bot.waitFor("connected to the Bot API", 60_000);
    };

    beforeAll(async () => {
      const apiRoot = await telegram.start();
      if (kind === "postgres") db = await createTestDatabase("e2e_process");
      env = {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        ADMIN_IDS: String(admin.id),
        LOG_LEVEL: "info",
        ...(db ? { DATABASE_URL: db.url } : { DATA_DIR: dataDir }),
      };
      await start();
    }, 90_000);

    afterAll(async () => {
      await bot?.stop();
      await telegram.stop();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const say = (from: typeof admin, text: string) => ask(telegram, scene, xiaoqinghe, from, text);
    // The real bot keeps Telegram's 20 messages a minute into a group: lookups go to private chats.
    const inPrivate = (from: typeof admin, text: string) => ask(telegram, scene, privateChat(from), from, text);

    it("runs the loop: bind, three tasks, three reports, status", async () => {
      expect((await say(admin, "/bind 小清河指挥部")).answer).toContain("小清河指挥部");
      // The officers greet the group first (no answer), so the bot knows them and does not ask.
      for (const officer of [zhang, li, wang]) scene.say(xiaoqinghe, officer, "大家好");
      await askConfirmingNewPeople(telegram, scene, xiaoqinghe, admin, "/addtask XQH-01 小清河综合治理 @zhangwei start=2026-01-01 due=2026-12-31 must");
      await askConfirmingNewPeople(telegram, scene, xiaoqinghe, admin, "/addtask XQH-02 小清河清淤 @lina start=2026-01-01 due=2026-12-31 target=11.1万立方米");
      await askConfirmingNewPeople(telegram, scene, xiaoqinghe, admin, "/addtask XQH-03 小清河两岸亮化 @wangqiang due=2026-12-31");
      expect(telegram.sent.filter((m) => m.buttons.length > 0)).toHaveLength(0);
      expect((await say(zhang, "XQH-01 进度40%")).answer).toContain("40%");
      expect((await say(li, "XQH-02 累计清淤5.55万方")).answer).toContain("50%");
      expect((await say(wang, "XQH-03 in progress, 25%")).answer).toContain("recorded");
      const status = (await inPrivate(li, "/status XQH-02")).answer;
      expect(status).toContain("@lina");
      expect(status).toContain("50%");
    });

    // What the bot answers is the same on either database (the in-process tests run on PostgreSQL);
    // as a process, the embedded default is what a new user starts with. Registered only there,
    // so the postgres run lists no skipped tests.
    if (kind === "embedded") {
      it("refuses a non-admin's /assign, moves the task on an admin's", async () => {
        expect((await say(zhang, "/assign XQH-02 @zhangwei")).answer).toContain("只有管理员");
        expect((await say(admin, "/assign XQH-02 @zhangwei")).answer).toContain("@zhangwei");
        expect((await inPrivate(li, "/status XQH-02")).answer).toContain("@zhangwei");
      });

      it("stays silent on chit-chat, names an unknown task, survives a 4,000-character message", async () => {
        await expectSilence(telegram, scene, xiaoqinghe, zhang, "好的，收到");
        expect((await say(zhang, "XQH-99 进度10%")).answer).toContain("XQH-99");
        const long = "收到".repeat(2000);
        await expectSilence(telegram, scene, xiaoqinghe, zhang, long);
        expect((await say(zhang, `XQH-01 进度45%，备注：${"情况说明".repeat(990)}`)).answer).toContain("45%");
      });

      it("refuses a second process on the same embedded data, naming the one using it", async () => {
        const { writeFileSync } = await import("node:fs");
        const csv = path.join(dataDir, "holidays.csv");
        writeFileSync(csv, "2026-10-01,holiday,国庆节\n");
        const second = runEntry("cli", { DATA_DIR: dataDir }, ["holidays", "import", csv]);
        expect(await second.exited).toBe(1);
        expect(second.output()).toMatch(/in use by process \d+/);
        expect((await inPrivate(li, "/status XQH-01")).answer).toContain("XQH-01");
      });
    }

    it("keeps everything across a restart, and never logs the token", async () => {
      expect(await bot.stop()).toBe(0);
      expect(bot.output()).toContain("stopped");
      const firstRun = bot.output();
      await start();
      // Asked in the admin's private chat: the group has had its 20 messages this minute, and the
      // restarted bot knows it (it paces by what the last process sent).
      expect((await inPrivate(admin, "/status XQH-02")).answer).toContain("50%");
      const tasks = (await inPrivate(admin, "/tasks")).answer;
      for (const code of ["XQH-01", "XQH-02", "XQH-03"]) expect(tasks).toContain(code);
      expect(firstRun + bot.output()).not.toContain(TOKEN.split(":")[1]);
    });
  });
}
