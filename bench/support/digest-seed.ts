import type { Db } from "#src/db/database.js";
import type { Day } from "#src/domain/calendar.js";
import type { Sql } from "#src/db/sql.js";
import { keepForecastSeries } from "#src/services/forecasts.js";

/**
 * Seeds a board like a district's at scale with plain SQL (one INSERT … SELECT generate_series per
 * step), so a million reports take seconds rather than the minutes row-by-row inserts would.
 *
 * The data is deterministic and shaped so the board does not depend on how many old reports there
 * are: each task has one designated latest report (70% today, the rest 1–15 days ago) that sets
 * Task.progressPercent / quantityTotal / lastReportAt, and every other report is older than it.
 * Adding old reports therefore changes nothing the digest shows, only the size of ProgressReport.
 */

export const UNITS = 50;
export const OFFICERS = 1_000;
export const LEADERS_CHAT = -1002000000001n;

/** A unit's bound group: negative, as Telegram group ids are. */
const unitChatSql = (unitIdSql: string) => `(-1001000000000 - ${unitIdSql})`;

export class DigestSeeder {
  constructor(
    private readonly db: Db,
    private readonly day: Day,
    private readonly timezone: string,
  ) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
    if (!/^[A-Za-z_/+-]+$/.test(timezone)) throw new Error(`not a time zone: ${timezone}`);
  }

  private get dayDate(): string {
    return `'${this.day}'::date`;
  }

  /** Midnight of the day in the board's time zone, as a timestamptz. */
  private get midnight(): string {
    return `('${this.day}'::date::timestamp AT TIME ZONE '${this.timezone}')`;
  }

  private async exec(sql: string): Promise<number> {
    return this.db.$executeRawUnsafe(sql);
  }

  /** Units, each with a bound group, a leaders' chat, and the officers (with Telegram ids and usernames). */
  async seedPeopleAndUnits(): Promise<void> {
    await this.exec(
      `INSERT INTO "Unit" (id, name, "createdAt")
       SELECT g, '第' || lpad(g::text, 2, '0') || '指挥部', ${this.midnight} - interval '500 days'
       FROM generate_series(1, ${UNITS}) g`,
    );
    await this.exec(
      `INSERT INTO "Person" (id, "telegramId", username, "displayName", "languageCode", role, "createdAt")
       SELECT g, 100000000 + g, 'officer' || lpad(g::text, 4, '0'), '干部' || g, 'zh-hans', 'officer', ${this.midnight} - interval '500 days'
       FROM generate_series(1, ${OFFICERS}) g`,
    );
    await this.exec(
      `INSERT INTO "Chat" (id, title, kind, "unitId", active, "boundAt")
       SELECT ${unitChatSql("g")}, '第' || lpad(g::text, 2, '0') || '指挥部工作群', 'unit_group', g, true, ${this.midnight} - interval '400 days'
       FROM generate_series(1, ${UNITS}) g`,
    );
    await this.exec(
      `INSERT INTO "Chat" (id, title, kind, active, "boundAt") VALUES (${LEADERS_CHAT}, '领导督办群', 'leaders', true, ${this.midnight} - interval '400 days')`,
    );
    await this.setSequences();
  }

  /**
   * Tasks first..last (ids and codes T-00001…), three milestones each, and each task's latest
   * report, which sets the task's standing as recording a report would.
   */
  async seedTasks(first: number, last: number): Promise<void> {
    // Deadlines from 20 days ago to about a year ahead; plans 120–420 days long.
    await this.exec(
      `INSERT INTO "Task" (id, code, name, "unitId", "ownerId", "startDate", deadline, "targetValue", "targetUnit",
                           "mustDeliver", cadence, status, "createdAt", "updatedAt")
       SELECT g, 'T-' || lpad(g::text, 5, '0'), '重点项目第' || g || '号', ((g - 1) % ${UNITS}) + 1, ((g - 1) % ${OFFICERS}) + 1,
              d.deadline - (120 + (g * 13) % 300), d.deadline,
              CASE WHEN g % 3 = 0 THEN 10000 + g END, CASE WHEN g % 3 = 0 THEN '平方米' END,
              g % 7 = 0,
              (CASE WHEN g % 10 < 6 THEN 'daily' WHEN g % 10 < 9 THEN 'weekly' ELSE 'monthly' END)::"ReportCadence",
              (CASE WHEN g % 20 = 0 THEN 'completed' WHEN g % 50 = 7 THEN 'suspended' ELSE 'in_progress' END)::"TaskStatus",
              (d.deadline - (130 + (g * 13) % 300))::timestamp AT TIME ZONE '${this.timezone}', now()
       FROM generate_series(${first}, ${last}) g,
            LATERAL (SELECT ${this.dayDate} + ((g * 37) % 360 - 20) AS deadline) d`,
    );
    await this.exec(
      `INSERT INTO "Milestone" ("taskId", date, "plannedPercent")
       SELECT t.id, t."startDate" + ((t.deadline - t."startDate") * k / 4), (ARRAY[20, 50, 80])[k]
       FROM "Task" t CROSS JOIN generate_series(1, 3) k
       WHERE t.id BETWEEN ${first} AND ${last}`,
    );
    // The latest report: roughly on plan (straight line start→deadline), from 25 behind to 10 ahead.
    await this.exec(
      `INSERT INTO "ProgressReport" ("taskId", "reporterId", "reportedAt", percent, "progressPercent", "quantityValue", "quantityUnit",
                                     "quantityCumulative", "quantityTotal", text, "sourceChatId", "sourceMessageId")
       SELECT t.id, t."ownerId",
              CASE WHEN t.id % 10 < 7 THEN ${this.midnight} + interval '1 minute' * (1 + t.id % 300)
                   ELSE ${this.midnight} - interval '1 day' * (1 + t.id % 15) + interval '10 hours' END,
              p.pct, p.pct,
              CASE WHEN t."targetValue" IS NOT NULL THEN round(t."targetValue" * p.pct / 100) END,
              t."targetUnit",
              CASE WHEN t."targetValue" IS NOT NULL THEN true END,
              CASE WHEN t."targetValue" IS NOT NULL THEN round(t."targetValue" * p.pct / 100) END,
              t.code || ' 进度' || p.pct || '%', ${unitChatSql('t."unitId"')}, t.id
       FROM "Task" t,
            LATERAL (SELECT CASE WHEN t.status = 'completed' THEN 100
                                 ELSE greatest(0, least(99, round(100.0 * greatest(0, ${this.dayDate} - t."startDate") / (t.deadline - t."startDate"))
                                                           + 10 - (t.id * 31) % 36)) END AS pct) p
       WHERE t.id BETWEEN ${first} AND ${last}`,
    );
    await this.exec(
      `UPDATE "Task" t SET "progressPercent" = r."progressPercent", "quantityTotal" = r."quantityTotal", "lastReportAt" = r."reportedAt"
       FROM "ProgressReport" r
       WHERE r."taskId" = t.id AND r."sourceChatId" = ${unitChatSql('t."unitId"')} AND r."sourceMessageId" = t.id
         AND t.id BETWEEN ${first} AND ${last}`,
    );
    await this.setSequences();
  }

  /**
   * `count` older reports spread round-robin over tasks first..last, each between an hour and 360
   * days before its task's latest report. `messageBase` keeps source message ids unique per call.
   */
  async seedOldReports(count: number, first: number, last: number, messageBase: number): Promise<void> {
    const span = last - first + 1;
    await this.exec(
      `INSERT INTO "ProgressReport" ("taskId", "reporterId", "reportedAt", percent, "progressPercent", text, "sourceChatId", "sourceMessageId")
       SELECT t.id, t."ownerId",
              t."lastReportAt" - interval '1 hour' - interval '1 second' * ((g::bigint * 7919) % 31104000),
              q.pct, q.pct,
              t.code || ' 进度' || q.pct || '%，本周完成' || (100 + g % 900) || '方，问题：无',
              ${unitChatSql('t."unitId"')}, ${messageBase} + g
       FROM generate_series(1, ${count}) g
            JOIN "Task" t ON t.id = ${first} + (g - 1) % ${span},
            LATERAL (SELECT greatest(0, coalesce(t."progressPercent", 0) - 1 - g % 40) AS pct) q`,
    );
  }

  /**
   * Every task's forecast series, as recording its reports would have kept them (the seeder
   * writes reports alone): all tasks read from their reports and written, in one statement.
   */
  async keepForecastSeries(sql: Sql): Promise<void> {
    const ids = await sql.query<{ id: number }>(`SELECT id FROM "Task"`);
    await keepForecastSeries(sql, ids.map((r) => r.id), this.timezone, this.day);
  }

  /** Open blockers over tasks first..last across the five categories, plus some already resolved. */
  async seedBlockers(open: number, resolved: number, first: number, last: number): Promise<void> {
    const span = last - first + 1;
    await this.exec(
      `INSERT INTO "Blocker" ("taskId", category, text, "openedAt", "resolvedAt")
       SELECT ${first} + (g * 7) % ${span},
              (ARRAY['funding', 'land', 'demolition', 'approval', 'other'])[1 + g % 5]::"BlockerCategory",
              (ARRAY['资金未到位，等待区财政拨付', '征地未完成', '拆迁户不配合', '规划许可未批复', '雨天影响施工'])[1 + g % 5] || '（第' || g || '项）',
              ${this.midnight} - interval '1 day' * (1 + g % 90),
              CASE WHEN g > ${open} THEN ${this.midnight} - interval '1 hour' * (1 + g % 24) END
       FROM generate_series(1, ${open + resolved}) g`,
    );
  }

  async analyze(): Promise<void> {
    await this.exec(`ANALYZE`);
  }

  async reportCount(): Promise<number> {
    const rows = await this.db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "ProgressReport"`);
    return Number(rows[0]?.n ?? 0);
  }

  private async setSequences(): Promise<void> {
    for (const table of ["Unit", "Person", "Task"]) {
      await this.db.$queryRawUnsafe(
        `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), greatest(1, (SELECT coalesce(max(id), 0) FROM "${table}")))`,
      );
    }
  }
}
