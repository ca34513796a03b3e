import type { Database } from "#src/db/database.js";
import type { Day } from "#src/domain/calendar.js";
import type { LightThresholds } from "#src/domain/plan.js";
import type { Messages } from "#src/locales/index.js";

/** What the leaders' commands (digest, bulletin, assess) need from the tool around them. */
export interface LeadersCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  openDatabase(): Promise<Database>;
  today: () => Day;
  timezone: string;
  thresholds: LightThresholds;
  t: Messages;
}

export class LeadersUsageError extends Error {}

export async function withDatabase<T>(io: LeadersCommandIo, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await io.openDatabase();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
