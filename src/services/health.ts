import type { Db } from "#src/db/database.js";
import type { Sql } from "#src/db/sql.js";
import { senderLeaseHolder } from "./outbox.js";

/** What a readiness probe asks of the database: that it answers, and who is sending. */
export function healthService(db: Db, sql: Sql) {
  return {
    async databaseAnswers(): Promise<void> {
      await sql.query("SELECT 1");
    },
    /** The process holding the send lease, while it holds it; null when nobody does. */
    async sender(): Promise<string | null> {
      const lease = await senderLeaseHolder(db);
      return lease && lease.until.getTime() > Date.now() ? lease.holder : null;
    },
  };
}

export type HealthService = ReturnType<typeof healthService>;
