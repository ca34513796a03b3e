/**
 * The board in a browser reads from here: the day's board and the digest's figures computed once
 * per change and shared by every viewer and screen, cut down to what each viewer may see; a
 * unit's tasks; a task's whole story; the district's trend; who is looking.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "#src/clock.js";
import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import { addDays, dayInZone, type Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import type { PersonName } from "#src/domain/people.js";
import type { BlockerCategory } from "#src/domain/types.js";
import { BoardKeeper, loadBoard, type Board, type BoardChanges, type BoardTask } from "./board.js";
import { digestFigures, previousSnapshot, type DigestFigures, type DigestSnapshot } from "./digest.js";
import { taskCurve, type TaskCurve } from "./leaders.js";

export interface BoardReadDeps {
  db: Db;
  sql: Sql;
  clock: Clock;
  timezone: string;
  adminIds: readonly bigint[];
  thresholds: LightThresholds;
}

/** Who is looking, and what they may see: everything, or the units of the tasks they own or deputise. */
export interface Viewer {
  name: string;
  scope: { kind: "all" } | { kind: "units"; unitIds: number[] };
  /** Their chosen language (/lang) as stored, or null to follow their Telegram client. */
  chosenLanguage: string | null;
}

/** The day's board with what changed since the last digest, as every viewer shares it. */
export interface BoardState {
  /** What the database looked like when it was computed (see boardVersion). */
  version: string;
  day: Day;
  board: Board;
  previous: DigestSnapshot | null;
  /** Open 督办单, by task. */
  orders: { taskId: number; level: "blue" | "yellow" | "red" }[];
}

/** The board as one viewer sees it: the digest's figures over the tasks in their scope. */
export interface ScopedBoard {
  day: Day;
  figures: DigestFigures;
  tasks: BoardTask[];
  /** Open problems on those tasks, oldest first. */
  problems: { task: BoardTask; category: BlockerCategory; text: string; openedOn: Day }[];
  orders: { blue: number; yellow: number; red: number };
}

/** A task's whole story for its page. */
export interface TaskStory {
  curve: TaskCurve;
  task: BoardTask;
  reports: {
    id: number;
    at: Date;
    reporter: PersonName;
    percent: number | null;
    text: string;
    edited: boolean;
    photos: { id: number; width: number | null; height: number | null }[];
  }[];
  problems: { category: string; text: string; openedAt: Date; closedAt: Date | null; closeNote: string | null }[];
  orders: { level: "blue" | "yellow" | "red"; year: number; serial: number; issuedAt: Date; dueOn: Date; closedAt: Date | null }[];
  changes: { at: Date; action: string; actor: PersonName | null; before: unknown; after: unknown }[];
}

/** One saved digest's figures as the trend shows them. */
export interface TrendRow {
  day: Day;
  averageLag: number | null;
  red: number;
  /** Absent from digests saved before the board. */
  reporting: { due: number; reported: number } | null;
}

/** How many reports a task's page lists, newest first. */
const TASK_REPORTS_SHOWN = 50;
/** The district's trend is read over one of these spans. */
export const TREND_SPANS = [30, 90] as const;
// A version read this recently is taken as current: a burst of requests asks the database once.
const VERSION_FRESH_MS = 1000;
const KEPT_DAYS = 4;

/**
 * What changes the board: a task added, edited or reported on (each writes Task.updatedAt; their
 * sum, so that a change stamped earlier than the latest still counts), a task removed, a problem
 * opened or closed, a 督办单 issued or closed, a digest saved, anything an admin does (every admin
 * change is audited: plans, leave, holidays, roles, bindings; an edited or withdrawn report is
 * audited too, and moves its task), a person's name, a chat the bot was added to, removed from or
 * can no longer write to. One statement of aggregates over small tables and the primary keys of
 * the big ones.
 */
export async function boardVersion(sql: Sql): Promise<string> {
  // In this order (changesBetween reads it): tasks, reports, problems, 督办单, digests, admins' changes, people, chats.
  const [row] = await sql.query<{ v: string }>(
    `SELECT concat_ws('/',
       (SELECT count(*) || ':' || coalesce(sum(extract(epoch FROM "updatedAt")), 0) FROM "Task"),
       (SELECT coalesce(max(id), 0) FROM "ProgressReport"),
       (SELECT count(*) || ':' || count("closedAt") || ':' || coalesce(max(id), 0) FROM "Problem"),
       (SELECT count(*) || ':' || count("closedAt") || ':' || coalesce(max(id), 0) FROM "SupervisionOrder"),
       (SELECT count(*) FROM "DigestSnapshot"),
       (SELECT coalesce(max(id), 0) FROM "AuditEntry" WHERE entity <> 'progress_report'),
       (SELECT count(*) || ':' || coalesce(sum(hashtext(coalesce("displayName", '') || '|' || coalesce(username, ''))), 0) FROM "Person"),
       (SELECT count(*) || ':' || count(*) FILTER (WHERE active) || ':' || count("migratedTo") FROM "Chat")
     ) AS v`,
  );
  return row?.v ?? "";
}

/**
 * What moved between two versions, for the kept board: reports and tasks' rows it follows task by
 * task; problems it reads again; 督办单 and digests are read with every board; anything else (an
 * admin's change, a person's name, a chat, or no earlier version) reads everything.
 */
function changesBetween(before: string, after: string): BoardChanges {
  const [a, b] = [before.split("/"), after.split("/")];
  if (a.length !== 8 || b.length !== 8) return { everything: true, problems: true };
  return { everything: a[5] !== b[5] || a[6] !== b[6] || a[7] !== b[7], problems: a[2] !== b[2] };
}

export function boardReader(deps: BoardReadDeps) {
  const { db, sql, timezone, thresholds } = deps;
  const today = (): Day => dayInZone(deps.clock.now(), timezone);

  let version: { value: Promise<string>; at: number } | null = null;
  const currentVersion = (): Promise<string> => {
    const now = deps.clock.now().getTime();
    if (!version || now - version.at >= VERSION_FRESH_MS || now < version.at) {
      const value = boardVersion(sql);
      version = { value, at: now };
      value.catch(() => (version = null));
    }
    return version.value;
  };

  // One computation per change and day, however many viewers and screens ask at once. While
  // the next one runs, the day's last board is answered, said to be updating: nobody waits for
  // the whole computation after every report, and the page asks again a moment later.
  const byDay = new Map<Day, { key: string; next: Promise<BoardState>; last: BoardState | null }>();
  let computations = 0;
  // Today's board is kept between computations: after a report, only that task is read and
  // computed again. One computation of it at a time, each from the last.
  const keeper = new BoardKeeper({ prisma: db, sql }, timezone, thresholds);
  let keptVersion = ""; // what the database looked like at the keeper's last board ("": none yet)
  let queue: Promise<unknown> = Promise.resolve();
  function todaysBoard(day: Day, version: string): Promise<Board> {
    const board = queue.then(async () => {
      // A failed computation leaves the keeper as it was, and the next one goes on from that.
      const computed = await keeper.compute(day, changesBetween(keptVersion, version));
      keptVersion = version;
      return computed;
    });
    queue = board.catch(() => undefined);
    return board;
  }

  async function compute(day: Day, key: string): Promise<BoardState> {
    computations++;
    const version = key.slice(key.indexOf("@") + 1);
    const [board, previous, orders] = await Promise.all([
      day === today() ? todaysBoard(day, version) : loadBoard({ prisma: db, sql }, day, timezone, thresholds),
      previousSnapshot(db, day),
      db.supervisionOrder.findMany({ where: { closedAt: null }, select: { taskId: true, level: true } }),
    ]);
    return { version: key, day, board, previous, orders };
  }

  /**
   * The board on a day (today by default), computed again only when the database has changed;
   * meanwhile the day's last board, `updating` (unless `fresh`: a screen, which nobody is
   * waiting on, waits for the new one so that it shows a change at its next check); for today's
   * first, the last board of the day before. Only the first board of a process, or of a day
   * asked for by date, is waited for.
   */
  async function read(day?: Day, options: { fresh?: boolean } = {}): Promise<{ state: BoardState; updating: boolean }> {
    const on = day ?? today();
    const key = `${on}@${await currentVersion()}`;
    let entry = byDay.get(on);
    if (entry?.key !== key) {
      const next = compute(on, key);
      // Today's first board: meanwhile the one before it (a board is as of its day, and says so).
      const created = { key, next, last: entry?.last ?? (on === today() ? dayBefore(on) : null) };
      entry = created;
      byDay.set(on, created);
      next.then(
        (state) => (created.last = state),
        () => {
          if (byDay.get(on) === created) byDay.delete(on);
        },
      );
      // Another day asked (a leader's ?date=): a few days are kept, today's always.
      for (const d of byDay.keys()) if (byDay.size > KEPT_DAYS && d !== on && d !== today()) byDay.delete(d);
    }
    const last = entry.last;
    if (!options.fresh && last && last.version !== key) return { state: last, updating: true };
    return { state: await entry.next, updating: false };
  }

  /** The board kept of the day before this one, if any. */
  function dayBefore(day: Day): BoardState | null {
    return byDay.get(addDays(day, -1))?.last ?? null;
  }

  /** The board on a day, as read() gives it. */
  async function state(day?: Day, options: { fresh?: boolean } = {}): Promise<BoardState> {
    return (await read(day, options)).state;
  }

  function inScope(viewer: Pick<Viewer, "scope">, unitId: number): boolean {
    return viewer.scope.kind === "all" || viewer.scope.unitIds.includes(unitId);
  }

  // The whole district's figures are the same for every leader, admin and screen: once per board.
  const wholeDistrict = new WeakMap<BoardState, ScopedBoard>();

  /** The digest's figures over the viewer's tasks: for leaders the very figures the digest sends. */
  function scoped(s: BoardState, viewer: Pick<Viewer, "scope">): ScopedBoard {
    const all = viewer.scope.kind === "all";
    const known = all ? wholeDistrict.get(s) : undefined;
    if (known) return known;
    const board: Board = all
      ? s.board
      : {
          ...s.board,
          tasks: s.board.tasks.filter((t) => inScope(viewer, t.unit.id)),
          units: s.board.units.filter((u) => inScope(viewer, u.id)),
          inactiveChats: [],
        };
    const byId = new Map(board.tasks.map((t) => [t.task.id, t]));
    if (!all) board.blockers = s.board.blockers.filter((b) => byId.has(b.taskId));
    const problems = board.blockers.flatMap((b) => {
      const task = byId.get(b.taskId);
      return task ? [{ task, category: b.category, text: b.text, openedOn: b.openedOn }] : [];
    });
    const taskIds = new Set(byId.keys());
    const orders = { blue: 0, yellow: 0, red: 0 };
    for (const o of s.orders) if (all || taskIds.has(o.taskId)) orders[o.level]++;
    // An officer's "change" would compare their units with the whole district's last digest.
    const result = { day: s.day, figures: digestFigures(board, all ? s.previous : null), tasks: board.tasks, problems, orders };
    if (all) wholeDistrict.set(s, result);
    return result;
  }

  return {
    today,
    read,
    state,
    scoped,
    inScope,
    /** How many times the board was computed (for the screens' benchmark and tests). */
    computations: () => computations,
    /** How many tasks the last computation of today's board read again (their rows and forecast series). */
    tasksRead: () => keeper.lastRead,

    /** The person behind a Telegram user id, with their rights; null for someone with none. */
    async viewer(telegramUserId: number): Promise<Viewer | null> {
      const person = await db.person.findUnique({ where: { telegramId: BigInt(telegramUserId) } });
      const isAdmin = deps.adminIds.includes(BigInt(telegramUserId));
      if (!person && !isAdmin) return null;
      const name = person?.displayName ?? person?.username ?? String(telegramUserId);
      const chosenLanguage = person?.chosenLanguage ?? null;
      if (isAdmin || person?.role === "admin" || person?.role === "leader") return { name, scope: { kind: "all" }, chosenLanguage };
      if (!person) return null;
      const units = await db.task.findMany({
        where: { OR: [{ ownerId: person.id }, { deputies: { some: { personId: person.id } } }] },
        select: { unitId: true },
        distinct: ["unitId"],
      });
      if (units.length === 0) return null;
      return { name, scope: { kind: "units", unitIds: units.map((u) => u.unitId).sort((a, b) => a - b) }, chosenLanguage };
    },

    /** A task's curve, reports, problems, 督办单 and plan changes; null when there is no such task. */
    async task(code: string, s: BoardState): Promise<TaskStory | null> {
      const upper = code.toUpperCase();
      const boardTask = s.board.tasks.find((t) => t.task.code === upper);
      if (!boardTask) return null;
      const taskId = boardTask.task.id;
      const [curve, reports, photos, problems, orders, changes] = await Promise.all([
        taskCurve({ db, sql, timezone, thresholds }, upper, s.day),
        db.progressReport.findMany({
          where: { taskId },
          orderBy: [{ reportedAt: "desc" }, { id: "desc" }],
          take: TASK_REPORTS_SHOWN,
          include: { reporter: { select: { displayName: true, username: true, telegramId: true } } },
        }),
        db.reportPhoto.findMany({ where: { taskId }, orderBy: [{ sentAt: "asc" }, { id: "asc" }], select: { id: true, reportId: true, width: true, height: true } }),
        db.problem.findMany({
          where: { taskId },
          orderBy: [{ openedAt: "desc" }, { id: "desc" }],
          include: { wordings: { orderBy: { id: "asc" }, take: 1, select: { text: true } } },
        }),
        db.supervisionOrder.findMany({ where: { taskId }, orderBy: [{ issuedAt: "desc" }, { id: "desc" }] }),
        db.auditEntry.findMany({
          where: { entity: "task", entityId: upper },
          orderBy: [{ at: "desc" }, { id: "desc" }],
          take: 50,
          include: { actor: { select: { displayName: true, username: true, telegramId: true } } },
        }),
      ]);
      if (!curve) return null;
      const photosByReport = new Map<number, { id: number; width: number | null; height: number | null }[]>();
      for (const p of photos) {
        if (p.reportId === null) continue;
        const list = photosByReport.get(p.reportId) ?? [];
        list.push({ id: p.id, width: p.width, height: p.height });
        photosByReport.set(p.reportId, list);
      }
      return {
        curve,
        task: boardTask,
        reports: reports.map((r) => ({
          id: r.id,
          at: r.reportedAt,
          reporter: r.reporter,
          percent: r.progressPercent,
          text: r.text,
          edited: r.editedAt !== null,
          photos: photosByReport.get(r.id) ?? [],
        })),
        problems: problems.map((p) => ({ category: p.category, text: p.wordings[0]?.text ?? "", openedAt: p.openedAt, closedAt: p.closedAt, closeNote: p.closeNote })),
        orders: orders.map((o) => ({ level: o.level, year: o.year, serial: o.serial, issuedAt: o.issuedAt, dueOn: o.dueOn, closedAt: o.closedAt })),
        changes: changes.map((c) => ({ at: c.at, action: c.action, actor: c.actor, before: c.before, after: c.after })),
      };
    },

    /** A report photo's Telegram file id, when it belongs to that task. */
    async photo(code: string, photoId: number): Promise<string | null> {
      const photo = await db.reportPhoto.findUnique({ where: { id: photoId }, select: { fileId: true, taskId: true } });
      if (!photo) return null;
      const task = await db.task.findUnique({ where: { code: code.toUpperCase() }, select: { id: true } });
      return task?.id === photo.taskId ? photo.fileId : null;
    },

    /**
     * The digests' figures over the last `days` days, oldest first: only the few the trend shows
     * (a saved digest also holds every task's lag, 10,000 of them a day, which are not read).
     */
    async trend(days: number, until?: Day): Promise<TrendRow[]> {
      const end = until ?? today();
      const rows = await sql.query<{ day: string; averageLag: number | null; red: number | null; reporting: { due: number; reported: number } | null }>(
        `SELECT period AS day, (figures->>'averageLag')::float8 AS "averageLag", (figures->'counts'->>'red')::int AS red, figures->'reporting' AS reporting
         FROM "DigestSnapshot" WHERE period >= $1 AND period <= $2 AND period ~ '^\\d{4}-\\d{2}-\\d{2}$' ORDER BY period`,
        [addDays(end, -(days - 1)), end],
      );
      return rows.map((r) => ({ day: r.day, averageLag: r.averageLag, red: r.red ?? 0, reporting: r.reporting }));
    },

    screens: {
      /** A new screen link's token, shown once; only its hash is kept. */
      async create(createdById: number | null): Promise<string> {
        const token = randomBytes(24).toString("base64url");
        await db.screenToken.create({ data: { hash: hashToken(token), createdById, createdAt: deps.clock.now() } });
        return token;
      },
      /** Ends every screen link; how many were open. */
      async revokeAll(): Promise<number> {
        const { count } = await db.screenToken.updateMany({ where: { revokedAt: null }, data: { revokedAt: deps.clock.now() } });
        return count;
      },
      /** Whether a token opens a screen (it exists and was not revoked). */
      async valid(token: string): Promise<boolean> {
        if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return false;
        const row = await db.screenToken.findUnique({ where: { hash: hashToken(token) }, select: { revokedAt: true } });
        return row !== null && row.revokedAt === null;
      },
    },
  };
}

export type BoardReader = ReturnType<typeof boardReader>;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
