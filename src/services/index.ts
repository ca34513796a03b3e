import type { Clock } from "#src/clock.js";
import type { Db } from "#src/db/database.js";
import { identifyPerson, personByUsername, type TelegramUser } from "#src/db/people.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import type { AddTaskArgs, PlanArgs } from "#src/domain/commands.js";
import type { JobName } from "#src/domain/jobs.js";
import type { LightThresholds } from "#src/domain/plan.js";
import { parseHolidayCsv, type HolidayCsvError } from "#src/domain/workdays.js";
import type { Person } from "#src/generated/prisma/client.js";
import { actionsService } from "./actions.js";
import { addLeave, importCalendar } from "./calendar.js";
import { activeChat, bindChat, findChat, makeLeadersChat, migrateChat, setChatActive, type ChatRef } from "./chats.js";
import { assess } from "./assessment.js";
import { leadersDay, setLeader, taskCurve } from "./leaders.js";
import { reportingService } from "./reporting.js";
import { loadSchedule, setJobTime } from "./schedule.js";
import type { RunNowResult, Scheduler } from "./scheduler.js";
import { listStandings, taskStanding, type TaskScope } from "./standing.js";
import { addTask, assignTask, setDeputy, setPlan } from "./tasks.js";

export type { Person } from "#src/generated/prisma/client.js";
export type { TaskStanding } from "./standing.js";
export type { ReportingAnswer, IncomingReport } from "./reporting.js";
export type { RunNowResult, Scheduler } from "./scheduler.js";
export { SchedulerUnavailableError } from "./scheduler.js";
export { isActionData, type OfferedButton, type ChoiceOption } from "./actions.js";

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  timezone: string;
  adminIds: readonly bigint[];
  thresholds: LightThresholds;
}

/** Everything the bot may ask of the rest of the program, built once by the entry point. */
export function createServices(deps: ServiceDeps) {
  const { db, clock, timezone, thresholds } = deps;
  const today = (): Day => dayInZone(clock.now(), timezone);
  let scheduler: Scheduler | null = null;

  const people = {
    /** The sender, created on first sight; admin by ADMIN_IDS or by role. */
    async identify(user: TelegramUser): Promise<{ person: Person; isAdmin: boolean }> {
      const person = await identifyPerson(db, user);
      return { person, isAdmin: deps.adminIds.includes(BigInt(user.id)) || person.role === "admin" };
    },
    identifyOther: (user: TelegramUser) => identifyPerson(db, user),
    byUsername: (username: string) => personByUsername(db, username),
  };

  const chats = {
    bind: (actor: Person, chat: ChatRef, unitName: string) => bindChat(db, actor, chat, unitName),
    makeLeaders: (actor: Person, chat: ChatRef) => makeLeadersChat(db, actor, chat),
    active: (chatId: bigint) => activeChat(db, chatId),
    find: (chatId: bigint) => findChat(db, chatId),
    migrate: (from: bigint, to: bigint) => migrateChat(db, from, to),
    setActive: (chatId: bigint, active: boolean) => setChatActive(db, chatId, active),
  };

  const tasks = {
    add: (actor: Person, unit: { id: number; name: string; createdAt: Date }, args: AddTaskArgs) =>
      addTask(db, actor, unit, args, clock.now()),
    assign: (actor: Person, code: string, to: { username: string } | { person: Person }) => assignTask(db, actor, code, to),
    deputy: (actor: Person, code: string, username: string, present: boolean) => setDeputy(db, actor, code, username, present),
    plan: (actor: Person, args: PlanArgs) => setPlan(db, actor, args.code, args),
    status: (code: string) => taskStanding(db, code, today(), thresholds),
    /** The status and the S-curve's points: plan line and reported percent by day. */
    curve: (code: string) => taskCurve({ db, timezone, thresholds }, code, today()),
    list: (scope: TaskScope) => listStandings(db, scope, today(), thresholds),
  };

  const calendar = {
    /** A holiday table as CSV: every row read first; nothing is loaded when one is wrong. */
    async importHolidays(actor: Person, csv: string): Promise<{ ok: true; days: number } | { ok: false; errors: HolidayCsvError[] }> {
      const { overrides, errors } = parseHolidayCsv(csv);
      if (errors.length) return { ok: false, errors };
      return { ok: true, days: overrides.length ? await importCalendar(db, actor, overrides) : 0 };
    },
    async leave(actor: Person, username: string, from: Day, to: Day): Promise<Person> {
      const person = await personByUsername(db, username);
      await addLeave(db, actor, person, from, to);
      return person;
    },
  };

  const schedules = {
    attach(driver: Scheduler): void {
      scheduler = driver;
    },
    show: () => loadSchedule(db),
    async setTime(actor: Person, job: JobName, time: string): Promise<void> {
      await setJobTime(db, actor, job, time);
      await scheduler?.reschedule(job, time);
    },
    /** null when no driver is running yet (the bot is still starting). */
    async runNow(job: JobName, requestKey: string): Promise<RunNowResult | null> {
      return scheduler ? scheduler.runNow(job, requestKey) : null;
    },
  };

  const leaders = {
    /** The digest's figures and board on a day (today by default). */
    day: (day?: Day) => leadersDay({ db, timezone, thresholds }, day ?? today()),
    setLeader: (actor: Person, username: string, leader: boolean) => setLeader(db, actor, username, leader),
    /** 考核 from one day to another, each day against the plan as it stood that day. */
    assess: (from: Day, to: Day) => assess(db, from, to, today(), timezone, thresholds),
  };

  const updates = {
    /** true the first time an update id is seen; Telegram may deliver one twice. */
    async firstSight(updateId: number): Promise<boolean> {
      const inserted = await db.$executeRaw`
        INSERT INTO "ProcessedUpdate" ("updateId") VALUES (${BigInt(updateId)}) ON CONFLICT DO NOTHING`;
      return inserted > 0;
    },
  };

  return {
    timezone,
    updates,
    actions: actionsService(db, clock),
    today,
    people,
    chats,
    tasks,
    calendar,
    schedules,
    leaders,
    reporting: reportingService({ db, clock, timezone, thresholds }),
  };
}

export type Services = ReturnType<typeof createServices>;
