/**
 * The 督办单 ladder, stored: the escalation job hands it the day's board; for each task it keeps
 * the day's light, assesses the level the task has earned (src/domain/supervision.ts), and issues
 * or closes orders. An order is issued once per task, cycle and level, ever (a unique key); what
 * this run issued or closed comes back for the job to send, and only to the run that did it.
 */
import type { Db } from "#src/db/database.js";
import type { Prisma } from "#src/generated/prisma/client.js";
import { addDays, dateToDay, dayInZone, dayToDate, type Day } from "#src/domain/calendar.js";
import type { Light } from "#src/domain/plan.js";
import { problemAge } from "#src/domain/problems.js";
import {
  DEFAULT_SUPERVISION,
  assessOrder,
  isSettled,
  lightStreaks,
  nextActions,
  orderRequest,
  orderYear,
  type OrderGround,
  type OrderLevel,
  type OrderNumber,
  type OrderRequest,
  type SupervisionSettings,
  forecastLate,
} from "#src/domain/supervision.js";
import type { BlockerCategory } from "#src/domain/types.js";
import type { Board, BoardTask } from "./board.js";
import { loadWorkdayTest } from "./calendar.js";
import { groupBy } from "#src/domain/group.js";

type Tx = Prisma.TransactionClient;

/** A person named on an order: a display name for leaders, a handle for the unit's group. */
export interface NamedPerson {
  displayName: string | null;
  username: string | null;
  telegramId: bigint | null;
}

/** An order this run issued, with what its text needs (the view's SupervisionOrderFacts, people unrendered). */
export interface IssuedOrder {
  taskId: number;
  unitId: number;
  number: OrderNumber;
  request: OrderRequest;
  grounds: OrderGround[];
  task: { code: string; name: string; unit: string; mustDeliver: boolean; deadline: Day | null; expected: number | null; reported: number | null };
  officer: NamedPerson;
  unitHead: NamedPerson | null;
  leader: NamedPerson | null;
  problems: { category: BlockerCategory; text: string; days: number }[];
}

/** A cycle this run closed (办结): every order of it, announced once. */
export interface ClosedOrders {
  taskId: number;
  unitId: number;
  numbers: OrderNumber[];
  levels: OrderLevel[];
  task: { code: string; name: string; unit: string };
  closedOn: Day;
}

export interface SupervisionRun {
  issued: IssuedOrder[];
  closed: ClosedOrders[];
}

export interface SupervisionDeps {
  db: Db;
  timezone: string;
  settings?: SupervisionSettings;
  now: () => Date;
}

// Enough daily lights for the longest streak a setting can ask about.
const LIGHT_HISTORY_DAYS = 400;

export function supervisionService({ db, timezone, settings = DEFAULT_SUPERVISION, now }: SupervisionDeps) {
  /** Today's light of every task, kept so the streaks can be counted; written again by a rerun. */
  async function recordLights(board: Board): Promise<void> {
    if (board.tasks.length === 0) return;
    const day = dayToDate(board.day);
    await db.$transaction([
      db.taskLight.deleteMany({ where: { day } }),
      db.taskLight.createMany({
        data: board.tasks.map((t) => ({
          taskId: t.task.id,
          day,
          light: t.light,
          expected: t.expected,
          reported: t.reported,
          forecastLateDays: t.forecast.kind === "forecast" ? t.forecast.lateDays : null,
        })),
        skipDuplicates: true,
      }),
    ]);
  }

  interface Facts {
    lights: { day: Day; light: Light; forecastLateDays: number | null }[];
    problems: { category: BlockerCategory; openedAt: Date }[];
    orders: { id: number; level: OrderLevel; cycle: number; closedAt: Date | null }[];
  }

  /** What a task has earned today and what to do about it. */
  function decide(t: BoardTask, board: Board, facts: Facts, at: Date, isWorkday: (d: Day) => boolean) {
    const streaks = lightStreaks(facts.lights, board.day, t.task.cadence, settings.forecastDays);
    const forecastLateDays = t.forecast.kind === "forecast" ? t.forecast.lateDays : null;
    const oldest = [...facts.problems].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())[0];
    const assessment = assessOrder(
      {
        light: t.light,
        periodsBehind: streaks.periodsBehind,
        daysRed: streaks.daysRed,
        mustDeliver: t.task.mustDeliver,
        overdue: t.overdue,
        oldestProblem: oldest ? { category: oldest.category, days: problemAge(oldest.openedAt, at, timezone, isWorkday).days } : null,
        periodsForecastLate: streaks.periodsForecastLate,
        forecastLateDays,
      },
      settings,
    );
    const open = facts.orders.filter((o) => o.closedAt === null);
    const lastCycle = facts.orders.reduce((max, o) => Math.max(max, o.cycle), 0);
    // A finished task is green; its leftover problems were closed with it.
    const settled = isSettled(
      t.light,
      facts.problems.length,
      forecastLate({ mustDeliver: t.task.mustDeliver, periodsForecastLate: streaks.periodsForecastLate, forecastLateDays }, settings),
    );
    return { assessment, actions: nextActions(open, assessment.level, settled, lastCycle) };
  }

  /** Issues or closes for one task, deciding again under the task's lock (another run may have been first). */
  async function act(tx: Tx, t: BoardTask, board: Board, lights: Facts["lights"], period: string, at: Date, isWorkday: (d: Day) => boolean): Promise<void> {
    await tx.$executeRaw`SELECT 1 FROM "Task" WHERE id = ${t.task.id} FOR UPDATE`;
    // One query at a time: a transaction is one connection.
    const problems = await tx.problem.findMany({ where: { taskId: t.task.id, closedAt: null } });
    const orders = await tx.supervisionOrder.findMany({ where: { taskId: t.task.id } });
    const { assessment, actions } = decide(t, board, { lights, problems, orders }, at, isWorkday);
    for (const action of actions) {
      if (action.kind === "close") {
        await tx.supervisionOrder.updateMany({ where: { id: { in: action.orders.map((o) => o.id) }, closedAt: null }, data: { closedAt: at, closedPeriod: period } });
        continue;
      }
      const year = orderYear(at, timezone);
      const [serial] = await tx.$queryRaw<{ last: number }[]>`
        INSERT INTO "OrderSerial" ("year", "last") VALUES (${year}, 1)
        ON CONFLICT ("year") DO UPDATE SET "last" = "OrderSerial"."last" + 1
        RETURNING "last"`;
      const request = orderRequest(action.level, board.day, isWorkday, settings);
      await tx.supervisionOrder.create({
        data: {
          taskId: t.task.id,
          level: action.level,
          cycle: action.cycle,
          year,
          serial: serial?.last ?? 1,
          grounds: assessment.grounds as unknown as Prisma.InputJsonValue,
          issuedAt: at,
          issuedPeriod: period,
          dueOn: dayToDate(request.due),
        },
      });
    }
  }

  /** Every task's facts in three queries; a transaction only for the tasks with something to do. */
  async function assessAll(board: Board, period: string, at: Date, isWorkday: (d: Day) => boolean): Promise<void> {
    const since = dayToDate(addDays(board.day, -LIGHT_HISTORY_DAYS));
    const [lights, problems, orders] = await Promise.all([
      db.taskLight.findMany({ where: { day: { gte: since } } }),
      db.problem.findMany({ where: { closedAt: null } }),
      db.supervisionOrder.findMany({}),
    ]);
    const group = <R extends { taskId: number }>(rows: R[]) => groupBy(rows, (r) => r.taskId);
    const lightsBy = group(lights);
    const problemsBy = group(problems);
    const ordersBy = group(orders);
    for (const t of board.tasks) {
      // A suspended task is neither chased nor closed until it resumes.
      if (t.task.status === "suspended") continue;
      const taskLights = (lightsBy.get(t.task.id) ?? []).map((l) => ({ day: dateToDay(l.day), light: l.light as Light, forecastLateDays: l.forecastLateDays }));
      const facts = { lights: taskLights, problems: problemsBy.get(t.task.id) ?? [], orders: ordersBy.get(t.task.id) ?? [] };
      if (decide(t, board, facts, at, isWorkday).actions.length === 0) continue;
      await db.$transaction((tx) => act(tx, t, board, taskLights, period, at, isWorkday));
    }
  }

  /** What the rows say this run (`period`) issued and closed: the same answer when the run is composed again. */
  async function madeBy(period: string, board: Board, at: Date, isWorkday: (d: Day) => boolean): Promise<SupervisionRun> {
    const include = { task: { include: { unit: { include: { head: true, leader: true } }, owner: true } } } as const;
    const [issuedRows, closedRows] = await Promise.all([
      db.supervisionOrder.findMany({ where: { issuedPeriod: period }, include, orderBy: [{ year: "asc" }, { serial: "asc" }] }),
      db.supervisionOrder.findMany({ where: { closedPeriod: period }, include, orderBy: [{ year: "asc" }, { serial: "asc" }] }),
    ]);
    const byTask = new Map(board.tasks.map((t) => [t.task.id, t]));
    const issued: IssuedOrder[] = [];
    for (const o of issuedRows) {
      const standing = byTask.get(o.taskId);
      const problems = await db.problem.findMany({
        where: { taskId: o.taskId, closedAt: null },
        include: { wordings: { orderBy: { id: "asc" } } },
        orderBy: { openedAt: "asc" },
      });
      const task = o.task;
      issued.push({
        taskId: o.taskId,
        unitId: task.unitId,
        number: { year: o.year, serial: o.serial },
        request: { ...orderRequest(o.level, dayInZone(o.issuedAt, timezone), isWorkday, settings), due: dateToDay(o.dueOn) },
        grounds: o.grounds as unknown as OrderGround[],
        task: {
          code: task.code,
          name: task.name,
          unit: task.unit.name,
          mustDeliver: task.mustDeliver,
          deadline: task.deadline ? dateToDay(task.deadline) : null,
          expected: standing?.expected ?? null,
          reported: standing?.reported ?? task.progressPercent,
        },
        officer: task.owner,
        unitHead: task.unit.head,
        leader: task.unit.leader,
        problems: problems.map((p) => ({
          category: p.category,
          text: p.wordings.map((w) => w.text).join("；"),
          days: problemAge(p.openedAt, at, timezone, isWorkday).days,
        })),
      });
    }
    const cycles = new Map<string, ClosedOrders>();
    for (const o of closedRows) {
      const key = `${o.taskId}:${o.cycle}`;
      const entry = cycles.get(key) ?? {
        taskId: o.taskId,
        unitId: o.task.unitId,
        numbers: [],
        levels: [],
        task: { code: o.task.code, name: o.task.name, unit: o.task.unit.name },
        closedOn: board.day,
      };
      entry.numbers.push({ year: o.year, serial: o.serial });
      entry.levels.push(o.level);
      cycles.set(key, entry);
    }
    return { issued, closed: [...cycles.values()] };
  }

  return {
    /**
     * The day's ladder: lights kept, each task assessed, orders issued and closed. Returns what
     * this run (`period`) issued and closed; a rerun of the same period returns the same (the
     * outbox keys make its messages go once), any other run nothing of it.
     */
    async escalate(board: Board, period: string): Promise<SupervisionRun> {
      const at = now();
      const isWorkday = await loadWorkdayTest(db);
      await recordLights(board);
      await assessAll(board, period, at, isWorkday);
      return madeBy(period, board, at, isWorkday);
    },
  };
}

export type SupervisionService = ReturnType<typeof supervisionService>;
