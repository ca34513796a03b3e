import type { Clock } from "#src/clock.js";
import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import { identifyPerson, personByUsername, type TelegramUser } from "#src/db/people.js";
import { dayInZone, type Day } from "#src/domain/calendar.js";
import type { AddTaskArgs, PlanArgs } from "#src/domain/commands.js";
import { JOB_CATALOG, JOB_NAMES, type JobName } from "#src/domain/jobs.js";
import type { LightThresholds } from "#src/domain/plan.js";
import type { Language } from "#src/domain/types.js";
import { parseHolidayCsv, type HolidayCsvError } from "#src/domain/workdays.js";
import type { Person, Unit } from "#src/generated/prisma/client.js";
import { actionsService } from "./actions.js";
import { inboxService } from "./inbox.js";
import { enqueue, type OutgoingMessage } from "./outbox.js";
import { addLeave, importCalendar } from "./calendar.js";
import { activeChat, bindChat, botMembershipChanged, makeLeadersChat, migrateChat, type ChatRef } from "./chats.js";
import { problemsService } from "./problems.js";
import { photosOf } from "./photos.js";
import { assess } from "./assessment.js";
import { leadersDay, taskCurve } from "./leaders.js";
import { boardReader } from "./board-read.js";
import { setLeader, setUnitHead } from "./roles.js";
import { reportingService } from "./reporting.js";
import { loadSchedule, setJobTime } from "./schedule.js";
import { SchedulerUnavailableError, type RunNowResult, type ScheduleShown, type Scheduler } from "./scheduler.js";
import { listStandings, taskStanding, type TaskScope } from "./standing.js";
import { addTask, assignTask, findTask, setDeputy, setPlan } from "./tasks.js";
import { closestNames, sameName } from "#src/domain/similar.js";
import { normaliseUsername } from "#src/domain/people.js";
import type { TaskSpec } from "#src/domain/ledger/read.js";
import { readLedgerSpecs } from "./ledger-file.js";
import { applyImport, loadExport, planImport } from "./ledger.js";

export type { Person } from "#src/generated/prisma/client.js";
export type { TaskStanding } from "./standing.js";
export type { ReportingAnswer, IncomingReport } from "./reporting.js";
export type { RunNowResult, Scheduler } from "./scheduler.js";
export { SchedulerUnavailableError } from "./scheduler.js";
/** Whether an error is worth trying again (the database away, a serialization failure, a timeout). */
export { isTransientDbError as isTransientError } from "#src/db/errors.js";
export { isActionData, type OfferedButton, type ChoiceOption } from "./actions.js";
export type { AnswerBatch, OutboxButton } from "./outbox.js";

export interface ServiceDeps {
  db: Db;
  /** Plain SQL on the same database, for the paths every update takes. */
  sql: Sql;
  clock: Clock;
  timezone: string;
  adminIds: readonly bigint[];
  thresholds: LightThresholds;
}

/** A confirmation an hour late is no longer worth sending. */
const REPLY_TTL_MS = 3600_000;

/** Everything the bot may ask of the rest of the program, built once by the entry point. */
export function createServices(deps: ServiceDeps) {
  const { db, clock, timezone, thresholds } = deps;
  const today = (): Day => dayInZone(clock.now(), timezone);
  let scheduler: Scheduler | null = null;

  const people = {
    /**
     * The sender, created on first sight; admin by ADMIN_IDS or by role; a leader by role (an
     * admin may read all a leader reads).
     */
    async identify(user: TelegramUser): Promise<{ person: Person; isAdmin: boolean; isLeader: boolean }> {
      const person = await identifyPerson(db, user, deps.sql);
      const isAdmin = deps.adminIds.includes(BigInt(user.id)) || person.role === "admin";
      return { person, isAdmin, isLeader: isAdmin || person.role === "leader" };
    },
    /** Whether the bot has ever heard of this @username (a typo would be someone new). */
    async known(username: string): Promise<boolean> {
      return (await db.person.count({ where: { username: normaliseUsername(username) } })) > 0;
    },
    /** /leader and /unleader: who reads what leaders read. */
    setLeader: (actor: Person, username: string, leader: boolean) => setLeader(db, actor, username, leader),
    /** /head: the unit head a yellow 督办单 names. */
    setUnitHead: (actor: Person, username: string, unitName: string) => setUnitHead(db, actor, username, unitName),
    /** Reminders in private (/dm on|off): only someone who wrote to the bot in private may agree. */
    async setDirectReminders(person: Person, on: boolean): Promise<void> {
      await db.person.update({ where: { id: person.id }, data: { dmReminders: on } });
    },
    /** The language answers use when a message does not show its own (/lang); null: Telegram's. */
    async setLanguage(person: Person, language: Language | null): Promise<void> {
      await db.person.update({ where: { id: person.id }, data: { chosenLanguage: language } });
    },
  };

  /** A name typed for a unit: the existing unit it spells, or the existing units it is close to. */
  async function resolveUnit(name: string): Promise<{ kind: "existing"; name: string } | { kind: "close"; names: string[] } | { kind: "new" }> {
    const units = (await db.unit.findMany({ select: { name: true } })).map((u) => u.name);
    const same = units.includes(name) ? name : sameName(name, units);
    if (same) return { kind: "existing", name: same };
    const close = closestNames(name, units);
    return close.length ? { kind: "close", names: close } : { kind: "new" };
  }

  const chats = {
    bind: (actor: Person, chat: ChatRef, unitName: string) => bindChat(db, actor, chat, unitName, clock.now()),
    /** /bind as typed: binds to a unit spelled exactly (or a truly new one); a name close to existing units is asked about first. */
    async bindTyped(actor: Person, chat: ChatRef, unitName: string) {
      const unit = await resolveUnit(unitName);
      if (unit.kind === "close") return { kind: "ask" as const, names: unit.names };
      return bindChat(db, actor, chat, unit.kind === "existing" ? unit.name : unitName, clock.now());
    },
    makeLeaders: (actor: Person, chat: ChatRef) => makeLeadersChat(db, actor, chat),
    active: (chatId: bigint) => activeChat(db, chatId),
    migrate: (from: bigint, to: bigint) => migrateChat(db, from, to),
    /** The bot was added to or removed from a chat: "new" when it has never known it. */
    botMembership: (chatId: bigint, present: boolean) => botMembershipChanged(db, chatId, present),
  };

  /** With newPeople "ask", an owner the bot has never heard of is not created: the answer says so. */
  async function addTaskTo(actor: Person, unit: Unit, args: AddTaskArgs, newPeople: "ask" | "create") {
    // A task that exists already is said first: no question about its owner is needed.
    if (newPeople === "ask" && !(await people.known(args.ownerUsername)) && !(await findTask(db, args.code))) {
      return { kind: "new_person" as const, username: normaliseUsername(args.ownerUsername) };
    }
    return addTask(db, actor, unit, args, clock.now());
  }

  /** Tasks in a scope with their standing today, most behind first. */
  const listTasks = (scope: TaskScope) => listStandings(db, scope, today(), thresholds);

  const tasks = {
    /**
     * /addtask in a group: the task joins the unit the group is bound to (as it is now, when the
     * admin confirms a new officer later). A leaders' chat or a group nobody bound has none.
     */
    async addInGroup(actor: Person, chatId: bigint, args: AddTaskArgs | null, newPeople: "ask" | "create") {
      const chat = await activeChat(db, chatId);
      if (chat?.kind === "leaders") return { kind: "in_leaders" as const };
      if (!chat?.unit) return { kind: "unbound" as const };
      // Where it would go is said first (null: the command did not parse), so an admin in the
      // wrong chat need not fix the command before being told so.
      if (!args) return { kind: "bad_args" as const };
      return addTaskTo(actor, chat.unit, args, newPeople);
    },
    /** To an @username, or to the sender of the message the admin replied to (`user`). */
    async assign(actor: Person, code: string, to: { username: string } | { user: TelegramUser }, newPeople: "ask" | "create" = "create") {
      if ("user" in to) return assignTask(db, actor, code, { person: await identifyPerson(db, to.user, deps.sql) });
      if (newPeople === "ask" && !(await people.known(to.username)) && (await findTask(db, code))) {
        return { kind: "new_person" as const, username: normaliseUsername(to.username) };
      }
      return assignTask(db, actor, code, to);
    },
    deputy: (actor: Person, code: string, username: string, present: boolean) => setDeputy(db, actor, code, username, present),
    plan: (actor: Person, args: PlanArgs) => setPlan(db, actor, args.code, args),
    /** A task's standing, open problems, next step and photos (the latest resent by its file id). */
    async status(code: string) {
      const found = await taskStanding(db, code, today(), thresholds);
      return found ? { ...found, photos: await photosOf(db, code), nextStep: found.standing.task.nextStep } : null;
    },
    /** The status and the S-curve's points: plan line and reported percent by day. */
    async curve(code: string) {
      const curve = await taskCurve({ db, sql: deps.sql, timezone, thresholds }, code, today());
      return curve ? { ...curve, photos: await photosOf(db, code), nextStep: curve.standing.task.nextStep } : null;
    },
    list: listTasks,
    /**
     * /tasks where it was asked: a unit group's tasks; in the leaders' chat, or an admin's
     * private chat, all of them; anyone else's private chat, their own.
     */
    async listWhere(asked: { chatId: bigint; isPrivate: boolean; isAdmin: boolean; personId: number | null }) {
      const chat = asked.isPrivate ? null : await activeChat(db, asked.chatId);
      if (chat?.kind === "unit_group" && chat.unit) return { kind: "unit" as const, unit: chat.unit.name, standings: await listTasks({ unitId: chat.unit.id }) };
      if (chat?.kind === "leaders" || (asked.isPrivate && asked.isAdmin)) return { kind: "all" as const, standings: await listTasks({ all: true }) };
      if (asked.isPrivate && asked.personId !== null) return { kind: "mine" as const, standings: await listTasks({ personId: asked.personId }) };
      return { kind: "unbound" as const };
    },
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
    /**
     * Each job's saved time, and whether the running driver has it yet (a time set while Redis
     * was away waits for it). `queueDown`: the driver could not be asked.
     */
    async show(): Promise<ScheduleShown> {
      const saved = await loadSchedule(db);
      let running: Partial<Record<JobName, string>> | null = null;
      try {
        running = scheduler ? await scheduler.list() : null;
      } catch (error) {
        if (!(error instanceof SchedulerUnavailableError)) throw error;
      }
      const jobs = JOB_NAMES.map((job) => ({
        job,
        time: saved[job],
        workdaysOnly: JOB_CATALOG[job].workdaysOnly,
        waiting: running !== null && running[job] !== saved[job],
      }));
      return { jobs, queueDown: scheduler !== null && running === null };
    },
    async setTime(actor: Person, job: JobName, time: string): Promise<void> {
      await setJobTime(db, actor, job, time);
      await scheduler?.reschedule(job, time);
    },
    /** null when no driver is running yet (the bot is still starting). */
    async runNow(job: JobName, requestKey: string): Promise<RunNowResult | null> {
      return scheduler ? scheduler.runNow(job, requestKey) : null;
    },
  };

  const queuedListeners: (() => void)[] = [];
  const replies = {
    /**
     * Queues an answer in the outbox (sent within Telegram's limits by whichever process holds
     * the send lease). Keyed by the update and the answer's place in its handling, so handling
     * an update again after a crash queues nothing twice.
     */
    async queue(key: { updateId: number; seq: number }, message: Omit<OutgoingMessage, "taskId"> & { task?: string }): Promise<void> {
      const { task, ...rest } = message;
      await enqueue(deps.sql, "reply", `${key.updateId}/${key.seq}`, [{ ...rest, ...(task ? { taskCode: task } : {}), ttlMs: REPLY_TTL_MS }], clock.now());
      for (const listener of queuedListeners) listener();
    },
    /** Called whenever an answer is queued (the process's sender wakes up). */
    onQueued(listener: () => void): void {
      queuedListeners.push(listener);
    },
  };

  const ledger = {
    /** A 台账 sent to the bot: its tasks and what importing them would do, or every reason it is refused. */
    async preview(bytes: Uint8Array, fileName: string) {
      const reading = await readLedgerSpecs(bytes, fileName);
      if (!reading.ok) return reading;
      return { ok: true as const, specs: reading.specs, plan: await planImport(db, reading.specs, today()) };
    },
    /** Imports the tasks in one transaction (the plan is worked out again against the database as it is now). */
    apply: (actor: Person, specs: readonly TaskSpec[]) => applyImport(db, actor, specs, today()),
    /** Every task as a ledger row with its progress today. */
    exportRows: () => loadExport(db, today(), thresholds, timezone, deps.sql),
  };

  const leaders = {
    /** The digest's figures and board on a day (today by default). */
    day: (day?: Day) => leadersDay({ db, sql: deps.sql, timezone, thresholds }, day ?? today()),
    /** 考核 from one day to another, each day against the plan as it stood that day. */
    assess: (from: Day, to: Day) => assess(db, from, to, today(), timezone, thresholds),
  };

  return {
    timezone,
    replies,
    inbox: inboxService(deps.sql, clock),
    actions: actionsService(db, clock),
    today,
    people,
    chats,
    tasks,
    calendar,
    ledger,
    schedules,
    leaders,
    /** The board in a browser: the day's figures once per change, a unit, a task, the trend, screens. */
    board: boardReader({ db, sql: deps.sql, clock, timezone, adminIds: deps.adminIds, thresholds }),
    reporting: reportingService({ db, sql: deps.sql, clock, timezone, thresholds }),
    problems: problemsService({ db, timezone, now: () => clock.now() }),
  };
}

export type Services = ReturnType<typeof createServices>;
