import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api } from "grammy";
import { identifyPerson } from "#src/db/people.js";
import type { Person } from "#src/generated/prisma/client.js";
import { addTask } from "#src/services/tasks.js";
import { bindChat } from "#src/services/chats.js";
import { recordReports, type MessageSource } from "#src/services/reports.js";
import { problemsService } from "#src/services/problems.js";
import { createJobEnv, createSender } from "#src/composition.js";
import { ManualClock } from "#src/clock.js";
import { createLogger } from "#src/logger.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import type { ParsedReport } from "#src/domain/types.js";
import { runJob, type JobEnv } from "#jobs/run.js";
import { openTestDatabase, watchOverlappingQueries, type OpenTestDatabase } from "../support/database.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/harness.js";
import { parsedReport } from "../support/reports.js";

const TZ = "Asia/Shanghai";
const GROUP = -3001n;
const LEADERS = -3999n;
const DAY = 86_400_000;
// Wednesday 1 July 2026, 10:00 in Shanghai.
const T0 = new Date("2026-07-01T02:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe("problems to closure and 督办单 on PostgreSQL", () => {
  let database: OpenTestDatabase;
  let zhang: Person;
  let admin: Person;
  let message = 1;
  const clock = new ManualClock(T0);

  beforeAll(async () => {
    database = await openTestDatabase("problems");
    const db = database.prisma;
    admin = await identifyPerson(db, { id: 1, username: "admin", first_name: "督查室" });
    const { unit } = await bindChat(db, admin, { id: GROUP, title: "北园" }, "北园大街指挥部", new Date());
    await db.chat.create({ data: { id: LEADERS, title: "领导群", kind: "leaders" } });
    for (const code of ["BY-01", "BY-02", "BY-03"]) {
      await addTask(db, admin, unit, { code, name: `项目${code}`, ownerUsername: "zhangwei", start: "2026-01-01", deadline: "2026-12-31", target: null, mustDeliver: false });
    }
    zhang = await identifyPerson(db, { id: 2001, username: "zhangwei", first_name: "张伟" });
  });
  afterAll(async () => {
    await database?.close();
  });

  const source = (text: string, sentAt: Date, extra: Partial<MessageSource> = {}): MessageSource => ({
    chatId: GROUP,
    messageId: message++,
    updateId: null,
    sentAt,
    text,
    editedAt: null,
    ...extra,
  });
  const report = (r: ParsedReport, sentAt: Date, extra: Partial<MessageSource> = {}) =>
    recordReports(database, { person: zhang, isAdmin: false }, [r], source(r.task, sentAt, extra));
  const problemsOf = (code: string) =>
    database.prisma.problem.findMany({ where: { task: { code } }, include: { wordings: { orderBy: { id: "asc" } } }, orderBy: { id: "asc" } });
  const funding = (text: string) => ({ category: "funding" as const, text });

  describe("a problem's life", () => {
    const cases: { name: string; steps: { blockers?: string[]; resolved?: ("funding" | "all")[]; status?: "completed" }[]; expect: { open: number; closed: number; wordings: string[][] } }[] = [
      { name: "one report, one open problem", steps: [{ blockers: ["资金未到位"] }], expect: { open: 1, closed: 0, wordings: [["资金未到位"]] } },
      { name: "repeated: new wording added, no second problem", steps: [{ blockers: ["资金未到位"] }, { blockers: ["资金未到位", "补偿款未拨付"] }], expect: { open: 1, closed: 0, wordings: [["资金未到位", "补偿款未拨付"]] } },
      { name: "closed by the officer", steps: [{ blockers: ["资金未到位"] }, { resolved: ["funding"] }], expect: { open: 0, closed: 1, wordings: [["资金未到位"]] } },
      { name: "closed by 问题已解决 (all)", steps: [{ blockers: ["资金未到位"] }, { resolved: ["all"] }], expect: { open: 0, closed: 1, wordings: [["资金未到位"]] } },
      { name: "reopened after 销号", steps: [{ blockers: ["资金未到位"] }, { resolved: ["funding"] }, { blockers: ["资金又缺口"] }], expect: { open: 1, closed: 1, wordings: [["资金未到位"], ["资金又缺口"]] } },
      { name: "closed by the task's completion", steps: [{ blockers: ["资金未到位"] }, { status: "completed" }], expect: { open: 0, closed: 1, wordings: [["资金未到位"]] } },
    ];
    for (const [i, c] of cases.entries()) {
      it(c.name, async () => {
        const code = "BY-03";
        await database.prisma.problem.deleteMany({ where: { task: { code } } });
        await database.prisma.task.update({ where: { code }, data: { status: "in_progress" } });
        for (const [j, step] of c.steps.entries()) {
          await report(
            parsedReport(code, {
              percent: step.status ? null : 50,
              status: step.status ?? null,
              blockers: (step.blockers ?? []).map(funding),
              resolved: (step.resolved ?? []).map((category) => ({ category, text: "资金问题已解决" })),
            }),
            new Date(at(100 + i).getTime() + j * 60_000),
          );
        }
        const problems = await problemsOf(code);
        expect(problems.filter((p) => p.closedAt === null)).toHaveLength(c.expect.open);
        expect(problems.filter((p) => p.closedAt !== null)).toHaveLength(c.expect.closed);
        expect(problems.map((p) => p.wordings.map((w) => w.text))).toEqual(c.expect.wordings);
      });
    }
  });

  it("says in the outcome which problems a report closed; an edit keeps a closed problem closed", async () => {
    const [first] = await report(parsedReport("BY-02", { percent: 50, blockers: [funding("资金未到位")] }), at(0), { messageId: 9001 });
    expect(first).toMatchObject({ kind: "recorded", problems: { opened: ["funding"] } });
    const [closing] = await report(parsedReport("BY-02", { resolved: [{ category: "funding", text: "资金问题已解决" }] }), at(3));
    expect(closing).toMatchObject({ kind: "recorded", problems: { closed: [{ category: "funding" }] } });
    // The first message edited, saying the same problem: it stays closed.
    const [edited] = await recordReports(database, { person: zhang, isAdmin: false }, [parsedReport("BY-02", { percent: 51, blockers: [funding("资金未到位")] })], {
      ...source("BY-02 51%", at(0)),
      messageId: 9001,
      editedAt: at(4),
    });
    expect(edited!.kind).toBe("corrected");
    const problems = await problemsOf("BY-02");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.closedAt).not.toBeNull();
    expect(await database.prisma.blocker.count({ where: { task: { code: "BY-02" }, resolvedAt: null } })).toBe(0);
  });

  it("an admin closes by command; ages count days and workdays; the assessment counts closures", async () => {
    const service = problemsService({ db: database.prisma, timezone: TZ, now: () => at(12) });
    await report(parsedReport("BY-02", { percent: 50, blockers: [{ category: "land", text: "用地未落实" }] }), at(2));
    const [open] = await service.listOpen();
    // Opened Friday 3 July; Monday 13 July is 10 days and 6 workdays later.
    expect(open).toMatchObject({ code: "BY-02", category: "land", age: { days: 10, workdays: 6 } });
    expect(await service.close(admin, { task: "BY-02", target: "funding", note: null })).toMatchObject({ kind: "nothing_open" });
    expect(await service.close(admin, { task: "BY-09", target: "all", note: null })).toMatchObject({ kind: "unknown_task" });
    const closed = await service.close(admin, { task: "BY-02", target: "all", note: "已协调" });
    expect(closed).toMatchObject({ kind: "closed", closed: [{ category: "land", days: 10 }] });
    const row = await database.prisma.problem.findFirstOrThrow({ where: { category: "land", task: { code: "BY-02" } } });
    expect(row).toMatchObject({ closedRole: "admin", closedById: admin.id, closeNote: "已协调", openCategory: null });
    expect(await service.listOpen()).toHaveLength(0);
    expect(await service.closedBetween("2026-07-13", "2026-07-13")).toEqual({ closed: 1, averageDays: 10, averageWorkdays: 6 });
  });

  describe("the escalation job", () => {
    let telegram: FakeTelegram;
    let api: Api;
    const envNow = (): JobEnv =>
      createJobEnv({
        db: database.prisma,
        sql: database.sql,
        // One process: one name for the send lease, however many times the test builds its env.
        sender: createSender({ db: database.prisma, sql: database.sql, api, logger: createLogger("silent"), clock, holder: "problems-test" }),
        logger: createLogger("silent"),
        clock,
        timezone: TZ,
        thresholds: DEFAULT_THRESHOLDS,
        escalateAfter: 30,
      });

    beforeAll(async () => {
      telegram = new FakeTelegram();
      api = new Api(TOKEN, { apiRoot: await telegram.start() });
      // BY-01 on plan but with a funding problem from day 0.
      await report(parsedReport("BY-01", { percent: 50, blockers: [funding("资金未到位")] }), at(0));
    });
    afterAll(async () => {
      await telegram.stop();
    });

    const orders = () => telegram.sent.filter((m) => m.text.includes("色督办单"));

    it("issues blue after 7 days, once, even run twice and after a restart", async () => {
      clock.set(at(8)); // Thursday 9 July
      await report(parsedReport("BY-01", { percent: 52 }), at(8));
      const first = await runJob(envNow(), { job: "escalate", day: "2026-07-09", trigger: "schedule" });
      expect(first.outcome).toBe("ran");
      expect(orders().map((m) => [m.chatId, m.text.split("\n")[0]])).toEqual([[Number(GROUP), "🔵 蓝色督办单　督办〔2026〕第1号"]]);
      // The same run again, a manual run and a new process the same day: nothing more.
      await runJob(envNow(), { job: "escalate", day: "2026-07-09", trigger: "schedule" });
      await runJob(envNow(), { job: "escalate", day: "2026-07-09", trigger: "manual", period: "2026-07-09#42" });
      expect(orders()).toHaveLength(1);
      // A run that died after issuing, before its messages were written, sends them when composed again.
      await database.prisma.jobRun.update({ where: { job_period: { job: "escalate", period: "2026-07-09#42" } }, data: { composedAt: null } });
      await runJob(envNow(), { job: "escalate", day: "2026-07-09", trigger: "manual", period: "2026-07-09#42" });
      expect(orders()).toHaveLength(1);
    });

    it("climbs to yellow after 14 days, naming the unit head, and red after 30, also in the leaders' chat", async () => {
      const head = await identifyPerson(database.prisma, { id: 3001, username: "lihead", first_name: "李主任" });
      await database.prisma.unit.updateMany({ data: { headId: head.id } });
      clock.set(at(15)); // Thursday 16 July
      await report(parsedReport("BY-01", { percent: 55 }), at(15));
      await runJob(envNow(), { job: "escalate", day: "2026-07-16", trigger: "schedule" });
      await runJob(envNow(), { job: "escalate", day: "2026-07-16", trigger: "schedule" });
      const yellow = orders().filter((m) => m.text.includes("黄色督办单"));
      expect(yellow).toHaveLength(1);
      expect(yellow[0]!.text).toMatch(/督办〔2026〕第2号/);
      expect(yellow[0]!.text).toContain("单位负责人：@lihead");
      expect(yellow[0]!.text).toMatch(/资金问题已 15 天未销号/);

      clock.set(at(31)); // Saturday 1 August: a manual run
      await runJob(envNow(), { job: "escalate", day: "2026-08-01", trigger: "manual", period: "2026-08-01#1" });
      const red = orders().filter((m) => m.text.includes("红色督办单"));
      expect(red.map((m) => m.chatId).sort()).toEqual([Number(LEADERS), Number(GROUP)].sort());
      // Leaders read names, not handles.
      expect(red.find((m) => m.chatId === Number(LEADERS))!.text).toContain("李主任");
      expect(red.find((m) => m.chatId === Number(LEADERS))!.text).toMatch(/分管区领导/);
    });

    it("closes the whole cycle once when the task is on plan and its problems are closed", async () => {
      await report(parsedReport("BY-01", { percent: 60, resolved: [{ category: "funding", text: "资金问题已解决" }] }), at(31));
      await runJob(envNow(), { job: "escalate", day: "2026-08-01", trigger: "manual", period: "2026-08-01#2" });
      await runJob(envNow(), { job: "escalate", day: "2026-08-01", trigger: "manual", period: "2026-08-01#3" });
      const closed = telegram.sent.filter((m) => m.text.includes("已办结"));
      // To the group, and to the leaders since the cycle reached red.
      expect(closed).toHaveLength(2);
      expect(closed[0]!.text).toContain("督办〔2026〕第1号、督办〔2026〕第2号、督办〔2026〕第3号已办结");
      const rows = await database.prisma.supervisionOrder.findMany({ orderBy: { serial: "asc" } });
      expect(rows.map((r) => [r.level, r.cycle, r.closedAt !== null])).toEqual([
        ["blue", 1, true],
        ["yellow", 1, true],
        ["red", 1, true],
      ]);
    });
  });

  it("reads a task's problems one query at a time on its transaction's connection", async () => {
    const watch = watchOverlappingQueries();
    try {
      await report(parsedReport("BY-03", { percent: 70, blockers: [funding("资金未到位")] }), at(40));
      await report(parsedReport("BY-03", { percent: 71, resolved: [{ category: "funding", text: "资金问题已解决" }] }), at(41));
      await report(parsedReport("BY-03", { percent: 72, blockers: [funding("资金又缺口")] }), at(42));
      const service = problemsService({ db: database.prisma, timezone: TZ, now: () => at(43) });
      expect(await service.close(admin, { task: "BY-03", target: "all", note: null })).toMatchObject({ kind: "closed" });
    } finally {
      watch.stop();
    }
    expect(watch.overlaps).toEqual([]);
  });
});
