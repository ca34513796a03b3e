import type { Clock } from "#src/clock.js";
import type { Sql } from "#src/db/sql.js";
import { isEarlierLife, thisLife } from "#src/process-life.js";
import { updatesReceived } from "#src/metrics.js";

/** An update as Telegram sent it: only its id and chat are read here. */
export interface RawUpdate {
  update_id: number;
  [field: string]: unknown;
}

export interface ClaimedUpdate {
  updateId: bigint;
  payload: RawUpdate;
  attempts: number;
}

/** The chat an update belongs to, for keeping each chat's updates in order (0 when none). */
export function chatOfUpdate(update: RawUpdate): bigint {
  for (const field of ["message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member", "chat_member"]) {
    const chat = (update[field] as { chat?: { id?: number } } | undefined)?.chat;
    if (typeof chat?.id === "number") return BigInt(chat.id);
  }
  const callback = update.callback_query as { message?: { chat?: { id?: number } }; from?: { id?: number } } | undefined;
  const id = callback?.message?.chat?.id ?? callback?.from?.id;
  return typeof id === "number" ? BigInt(id) : 0n;
}

/**
 * The inbox: every update is written here before Telegram is told it arrived, and handled from
 * here — each chat's updates one at a time in update order, different chats side by side, by
 * whichever process claims them. A redelivered update is stored once and handled once.
 */
export function inboxService(sql: Sql, clock: Clock, holder: string = thisLife.name) {
  return {
    /** Stores updates; ones already stored are left as they are. Throws when the database is away. */
    async store(updates: RawUpdate[]): Promise<number> {
      if (updates.length === 0) return 0;
      // Due from now by this process's real clock, the one claim() compares with: the column's
      // default (the database server's now(), rounded to the millisecond) could be a moment
      // later, or on another host's clock, and leave the update unclaimed until a later poll.
      const rows = await sql.query(
        `INSERT INTO "InboxUpdate" ("updateId", "chatId", payload, "receivedAt", "notBefore")
         SELECT u.id, u.chat, u.payload, $4, $5 FROM unnest($1::bigint[], $2::bigint[], $3::jsonb[]) AS u(id, chat, payload)
         ON CONFLICT ("updateId") DO NOTHING
         RETURNING "updateId"`,
        [updates.map((u) => BigInt(u.update_id)), updates.map(chatOfUpdate), updates.map((u) => JSON.stringify(u)), clock.now(), new Date()],
      );
      updatesReceived.inc(rows.length);
      return rows.length;
    },

    /**
     * Marks `handled` updates handled, and claims the oldest unhandled update of each chat that
     * is due, for leaseMs: nobody else handles that chat meanwhile. A lease that ran out (a
     * process that died) is claimed again. `inHand`: updates this process is still handling (a
     * transient error it is waiting out), never claimed a second time by it. One statement: a
     * chat's next update is claimable in the same round trip that its previous one is marked
     * handled.
     *
     * Leases and retry delays run on real time, as the send lease and Telegram's limits do: they
     * coordinate processes, which live in real seconds whatever day the injected clock says (the
     * demo's clock runs a week in seconds). What is recorded (handledAt) takes the clock.
     */
    async claim(limit: number, leaseMs: number, handled: readonly bigint[] = [], inHand: readonly bigint[] = []): Promise<ClaimedUpdate[]> {
      const now = new Date();
      return sql.query<ClaimedUpdate>(
        `WITH done AS (
          UPDATE "InboxUpdate" SET status = 'handled', "handledAt" = $5, "leaseUntil" = NULL, "lastError" = NULL
          WHERE "updateId" = ANY($4::bigint[]) AND status = 'handling'
        )
        UPDATE "InboxUpdate" AS u
        SET status = 'handling', "leaseUntil" = $2, "claimedBy" = $6, attempts = u.attempts + 1
        WHERE u."updateId" IN (
          SELECT head."updateId" FROM (
            SELECT DISTINCT ON ("chatId") "updateId", status, "notBefore", "leaseUntil" FROM "InboxUpdate"
            WHERE status IN ('pending', 'handling') AND "updateId" <> ALL($4::bigint[])
            ORDER BY "chatId", "updateId"
          ) AS head
          WHERE head."updateId" <> ALL($7::bigint[]) AND (
            (head.status = 'pending' AND head."notBefore" <= $1)
             OR (head.status = 'handling' AND head."leaseUntil" < $1))
          ORDER BY head."updateId"
          LIMIT $3
        )
        AND ((u.status = 'pending' AND u."notBefore" <= $1) OR (u.status = 'handling' AND u."leaseUntil" < $1))
        RETURNING u."updateId", u.payload, u.attempts`,
        [now, new Date(now.getTime() + leaseMs), limit, handled, clock.now(), holder, inHand],
      );
    },

    /**
     * Updates an earlier life of a process on this host was handling when it died (killed, then
     * started again): due again now, not when their lease runs out. Says how many.
     */
    async takeBackFromEarlierLives(): Promise<number> {
      const claimants = await sql.query<{ claimedBy: string }>(
        `SELECT DISTINCT "claimedBy" FROM "InboxUpdate" WHERE status = 'handling' AND "claimedBy" IS NOT NULL`,
      );
      const gone = claimants.map((c) => c.claimedBy).filter((name) => isEarlierLife(name, holder));
      if (gone.length === 0) return 0;
      const rows = await sql.query(
        `UPDATE "InboxUpdate" SET status = 'pending', "leaseUntil" = NULL, "notBefore" = $2
         WHERE status = 'handling' AND "claimedBy" = ANY($1::text[]) RETURNING "updateId"`,
        [gone, new Date()],
      );
      return rows.length;
    },

    /** Updates this process is still handling keep their lease: another process takes none of them over. */
    async renew(updateIds: readonly bigint[], leaseMs: number): Promise<void> {
      if (updateIds.length === 0) return;
      await sql.query(`UPDATE "InboxUpdate" SET "leaseUntil" = $2 WHERE "updateId" = ANY($1::bigint[]) AND status = 'handling' AND "claimedBy" = $3`, [
        updateIds,
        new Date(Date.now() + leaseMs),
        holder,
      ]);
    },

    /** Seconds the oldest update not yet handled has waited since it arrived (0 when none; a retried one keeps its age). */
    async lagSeconds(): Promise<number> {
      const [row] = await sql.query<{ oldest: Date | null }>(`SELECT min("receivedAt") AS oldest FROM "InboxUpdate" WHERE status IN ('pending', 'handling')`);
      return row?.oldest ? Math.max(0, (clock.now().getTime() - new Date(row.oldest).getTime()) / 1000) : 0;
    },

    /** A transient error: the update waits and is handled again, in its place in its chat. */
    async retryLater(updateId: bigint, error: string, delayMs: number): Promise<void> {
      await sql.query(`UPDATE "InboxUpdate" SET status = 'pending', "leaseUntil" = NULL, "notBefore" = $2, "lastError" = $3 WHERE "updateId" = $1`, [
        updateId,
        new Date(Date.now() + delayMs),
        error.slice(0, 500),
      ]);
    },

    /** A permanent error: the update is set aside, so its chat goes on. */
    async failed(updateId: bigint, error: string): Promise<void> {
      await sql.query(`UPDATE "InboxUpdate" SET status = 'failed', "leaseUntil" = NULL, "handledAt" = $2, "lastError" = $3 WHERE "updateId" = $1`, [
        updateId,
        clock.now(),
        error.slice(0, 500),
      ]);
    },
  };
}

export type InboxService = ReturnType<typeof inboxService>;
