import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identifyPerson } from "#src/db/people.js";
import type { Person } from "#src/generated/prisma/client.js";
import { addTask } from "#src/services/tasks.js";
import { addLeave } from "#src/services/calendar.js";
import { bindChat, botMembershipChanged } from "#src/services/chats.js";
import { recordReports, withdrawReports, type MessageSource } from "#src/services/reports.js";
import { createServices, type Services } from "#src/services/index.js";
import { ManualClock } from "#src/clock.js";
import { DEFAULT_THRESHOLDS } from "#src/domain/plan.js";
import { addDays, dayInZone } from "#src/domain/calendar.js";
import { forecastPoints } from "#src/services/forecasts.js";
import { openTestDatabase, type OpenTestDatabase } from "../support/database.js";
import { parsedReport } from "../support/reports.js";

const GROUP = -4001n;
const DAY = 86_400_000;
// Monday 2 November 2026, 10:00 in Shanghai; four weeks of reports follow.
const T0 = new Date("2026-11-02T02:00:00Z");
const CODES = ["BY-01", "BY-02", "BY-03"];

describe("the viewers' board, computed again after each change, on PostgreSQL", () => {
  let database: OpenTestDatabase;
  let services: Services;
  let officer: Person;
  const clock = new ManualClock(T0);
  let message = 1;

  const source = (text: string, sentAt: Date, messageId = message++): MessageSource => ({ chatId: GROUP, messageId, updateId: null, sentAt, text, editedAt: null });
  const report = (code: string, percent: number, sentAt: Date, messageId?: number) =>
    recordReports(database, { person: officer, isAdmin: false }, [parsedReport(code, { percent })], source(`${code} ${percent}%`, sentAt, messageId));
  const digestForecasts = async () => (await services.leaders.day()).board.tasks.map((t) => [t.task.code, t.forecast]);
  /**
   * The viewers' board, kept and brought up to date, against the digest's, read whole: every
   * task's standing, forecast and row, and the open problems, the same. Each task's forecast on
   * the viewers' board; on the digest's from the kept series; and on one from nothing (every
   * series dropped, so read again from the reports).
   */
  const forecasts = async () => {
    clock.advance(2000);
    const kept = (await services.board.state(undefined, { fresh: true })).board;
    const whole = (await services.leaders.day()).board;
    expect(kept).toEqual(whole);
    const viewers = kept.tasks.map((t) => [t.task.code, t.forecast]);
    await database.sql.query(`DELETE FROM "ForecastSeries"`);
    const fromNothing = await digestForecasts();
    expect(whole.tasks.map((t) => [t.task.code, t.forecast])).toEqual(fromNothing);
    return { viewers, fromNothing };
  };

  beforeAll(async () => {
    database = await openTestDatabase("board_read");
    const db = database.prisma;
    const admin = await identifyPerson(db, { id: 1, username: "admin", first_name: "督查室" });
    const { unit } = await bindChat(db, admin, { id: GROUP, title: "北园" }, "北园大街指挥部", T0);
    for (const code of CODES) {
      await addTask(db, admin, unit, { code, name: `项目${code}`, ownerUsername: "zhangwei", start: "2026-10-01", deadline: "2027-03-31", target: null, mustDeliver: true });
    }
    officer = await identifyPerson(db, { id: 2001, username: "zhangwei", first_name: "张伟" });
    // Four weeks of workday reports at different paces: every task has a forecast.
    for (let d = 0; d < 28; d++) {
      const at = new Date(T0.getTime() + d * DAY);
      if ([0, 6].includes(new Date(at.getTime() + 8 * 3600_000).getUTCDay())) continue;
      for (const [i, code] of CODES.entries()) await report(code, Math.min(100, 10 + d * (i + 1) * 0.6), at);
    }
    clock.set(new Date(T0.getTime() + 28 * DAY));
    services = createServices({ db, sql: database.sql, clock, timezone: "Asia/Shanghai", adminIds: [], thresholds: DEFAULT_THRESHOLDS });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("reads every task once, then only a task that changed, and agrees with a board computed from nothing", async () => {
    const first = await forecasts();
    expect(services.board.tasksRead()).toBe(3);
    expect(first.viewers.every(([, f]) => (f as { kind: string }).kind === "forecast")).toBe(true);
    expect(first.viewers).toEqual(first.fromNothing);

    // A new report on one task: one task read again, and the forecast moves with it.
    await report("BY-02", 60, clock.now());
    const afterReport = await forecasts();
    expect(services.board.tasksRead()).toBe(1);
    expect(afterReport.viewers).toEqual(afterReport.fromNothing);
    expect(afterReport.viewers).not.toEqual(first.viewers);
  });

  it("follows an edited old report and a withdrawn one, which change the points without a new report", async () => {
    // The first report of BY-03, corrected much higher: an old point, not the latest.
    const [old] = await database.prisma.progressReport.findMany({ where: { task: { code: "BY-03" } }, orderBy: { reportedAt: "asc" }, take: 1 });
    const before = await forecasts();
    const corrected = { ...source("BY-03 40%", old!.reportedAt, old!.sourceMessageId!), editedAt: clock.now() };
    await recordReports(database, { person: officer, isAdmin: false }, [parsedReport("BY-03", { percent: 40 })], corrected);
    const afterEdit = await forecasts();
    expect(services.board.tasksRead()).toBe(1);
    expect(afterEdit.viewers).toEqual(afterEdit.fromNothing);
    expect(afterEdit.viewers).not.toEqual(before.viewers);

    // The latest BY-01 report withdrawn (its message edited to say nothing about BY-01).
    const [latest] = await database.prisma.progressReport.findMany({ where: { task: { code: "BY-01" } }, orderBy: { reportedAt: "desc" }, take: 1 });
    await withdrawReports(database.prisma, officer, { ...source("已更正", latest!.reportedAt, latest!.sourceMessageId!), editedAt: clock.now() }, []);
    const afterWithdraw = await forecasts();
    expect(services.board.tasksRead()).toBe(1);
    expect(afterWithdraw.viewers).toEqual(afterWithdraw.fromNothing);
    expect(afterWithdraw.viewers).not.toEqual(afterEdit.viewers);
  });

  it("on a new day computes every task again from the rows it keeps, reading none", async () => {
    clock.advance(DAY);
    const next = await forecasts();
    expect(services.board.tasksRead()).toBe(0);
    expect(next.viewers).toEqual(next.fromNothing);
  });

  it("reads a problem opened, and everything again after an admin's change", async () => {
    await recordReports(database, { person: officer, isAdmin: false }, [parsedReport("BY-02", { percent: 70, blockers: [{ category: "funding", text: "资金未到位" }] })], source("BY-02 70% 问题：资金未到位", clock.now()));
    await forecasts();
    expect(services.board.tasksRead()).toBe(1);
    expect((await services.board.state()).board.blockers.map((b) => b.taskCode)).toEqual(["BY-02"]);

    const admin = await database.prisma.person.findFirstOrThrow({ where: { username: "admin" } });
    await addLeave(database.prisma, admin, officer, dayInZone(clock.now(), "Asia/Shanghai"), addDays(dayInZone(clock.now(), "Asia/Shanghai"), 3));
    await forecasts();
    expect(services.board.tasksRead()).toBe(3);
    expect((await services.board.state()).board.tasks.every((t) => t.ownerOnLeave)).toBe(true);

    // The bot removed from the unit's group (no admin, no audit): the board sees the chat go.
    await botMembershipChanged(database.prisma, GROUP, false);
    await forecasts();
    expect((await services.board.state()).board).toMatchObject({ unitChats: [], inactiveChats: [{ id: GROUP }] });
  });

  it("keeps each task's series for the digest, and reads the reports again only where a series no longer holds", async () => {
    const series = () => database.sql.query<{ code: string; current: boolean; since: Date; timezone: string }>(
      `SELECT t.code, s.stamp = t."updatedAt" AS current, s.since, s.timezone FROM "ForecastSeries" s JOIN "Task" t ON t.id = s."taskId" ORDER BY t.code`,
    );
    const today = await digestForecasts();
    expect((await series()).map((s) => [s.code, s.current, s.timezone])).toEqual(CODES.map((code) => [code, true, "Asia/Shanghai"]));

    // A report recorded where nothing keeps the series (as a script or an import would): the
    // stamp no longer matches, and the digest reads that task's reports, not the old series.
    await report("BY-01", 95, clock.now());
    expect((await series()).find((s) => s.code === "BY-01")?.current).toBe(false);
    const afterReport = await digestForecasts();
    expect(afterReport).not.toEqual(today);
    expect((await series()).every((s) => s.current)).toBe(true);
    await database.sql.query(`DELETE FROM "ForecastSeries"`);
    expect(await digestForecasts()).toEqual(afterReport);

    // What the series give is each day's last percent over the window, as the reports say.
    const day = dayInZone(clock.now(), "Asia/Shanghai");
    const rows = await database.prisma.progressReport.findMany({ where: { task: { code: "BY-02" } }, orderBy: [{ reportedAt: "asc" }, { id: "asc" }] });
    const lastOfDay = new Map(rows.map((r) => [dayInZone(r.reportedAt, "Asia/Shanghai"), r.progressPercent]));
    const expected = [...lastOfDay].filter(([d]) => d >= addDays(day, -45) && d <= day).map(([d, percent]) => ({ day: d, percent }));
    const task = await database.prisma.task.findUniqueOrThrow({ where: { code: "BY-02" } });
    expect((await forecastPoints(database.sql, day, "Asia/Shanghai", [task.id])).get(task.id)).toEqual(expected);
    // Of a week ago: the days after it left out.
    const weekAgo = addDays(day, -7);
    expect((await forecastPoints(database.sql, weekAgo, "Asia/Shanghai", [task.id])).get(task.id)).toEqual(expected.filter((p) => p.day <= weekAgo));

    // Far ahead, with under three days of the window reported: the last day before it too (the history's length).
    const later = addDays(day, 44);
    const inWindow = [...lastOfDay].filter(([d]) => d >= addDays(later, -45)).map(([d, percent]) => ({ day: d, percent }));
    const before = [...lastOfDay].filter(([d]) => d < addDays(later, -45)).map(([d, percent]) => ({ day: d, percent })).at(-1)!;
    expect(inWindow.length).toBeLessThan(3);
    expect((await forecastPoints(database.sql, later, "Asia/Shanghai", [task.id])).get(task.id)).toEqual([before, ...inWindow]);

    // Counted in another time zone, every series is read again (and kept in that zone).
    const elsewhere = createServices({ db: database.prisma, sql: database.sql, clock, timezone: "America/New_York", adminIds: [], thresholds: DEFAULT_THRESHOLDS });
    await elsewhere.leaders.day();
    expect((await series()).map((s) => s.timezone)).toEqual(CODES.map(() => "America/New_York"));

    // A board of a month ago needs an older start than the kept series have: read and kept from there.
    const keptSince = (await series())[0]!.since;
    await services.leaders.day(addDays(dayInZone(clock.now(), "Asia/Shanghai"), -30));
    expect((await series())[0]!.since.getTime()).toBeLessThan(keptSince.getTime());
  });

  it("answers today's first board with the day before's, said to be updating, while today's is computed", async () => {
    clock.advance(2000);
    const yesterday = await services.board.state(undefined, { fresh: true });
    clock.advance(DAY);
    const first = await services.board.read();
    expect(first).toMatchObject({ updating: true, state: { day: yesterday.day } });
    const today = await services.board.read(undefined, { fresh: true });
    expect(today).toMatchObject({ updating: false, state: { day: addDays(yesterday.day, 1) } });
    // A day asked for by date is that day's board, never another's.
    const asked = addDays(yesterday.day, -3);
    expect(await services.board.read(asked)).toMatchObject({ updating: false, state: { day: asked } });
  });
});
