import pg from "pg";
import type { PGlite, Transaction as PGliteTransaction } from "@electric-sql/pglite";
import { errorCode } from "./errors.js";

/**
 * Plain SQL for the paths every update takes (the inbox, a report, its answer). A Prisma model
 * query costs about 1.2 ms of CPU here against 0.07 ms for the same prepared statement through
 * pg (`npm run bench -- intake` shows what that makes of a report); the rest of the program
 * keeps Prisma. Rows come back typed as Prisma types them: BIGINT as bigint, DATE as a Date at
 * UTC midnight, timestamps as Dates, JSON parsed, enums as their names.
 */
export interface Sql {
  /** The rows of one statement; its text is prepared once per connection. */
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs `work` in one transaction on one connection, committed when it returns and rolled back
   * when it throws. Inside, use only the `tx` given: on the embedded database anything else waits
   * for the transaction to end.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
}

const INT8 = 20;
const DATE = 1082;

const parseBigInt = (value: string): bigint => BigInt(value);
/** A DATE is a calendar day: midnight UTC, as Prisma gives it, whatever the process's zone. */
const parseDay = (value: string): Date => new Date(`${value}T00:00:00Z`);

const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8) return parseBigInt;
    if (oid === DATE) return parseDay;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Each distinct statement text gets one name, so each connection parses and plans it once. */
const statementNames = new Map<string, string>();
// Bumped when the schema changed under prepared statements: every text is prepared afresh.
let generation = 0;
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `duban_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return `${name}_${generation}`;
}

/**
 * A migration (from another process, in a rolling deploy) changed a table a prepared `SELECT *`
 * reads: PostgreSQL refuses the old plan (0A000). Prepared again under a new name, it works.
 */
function isStalePlan(error: unknown): boolean {
  return errorCode(error) === "0A000" && error instanceof Error && error.message.includes("cached plan must not change result type");
}

function onClient(run: (config: pg.QueryConfig) => Promise<pg.QueryResult>, retryStalePlan: boolean): Sql["query"] {
  return async <Row>(text: string, values: readonly unknown[] = []) => {
    const config = () => ({ name: statementName(text), text, values: [...values], types: pgTypes });
    try {
      return (await run(config())).rows as Row[];
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      generation++;
      // Inside a transaction the statement failed it: the caller's retry prepares afresh.
      if (!retryStalePlan) throw error;
      return (await run(config())).rows as Row[];
    }
  };
}

const noNesting = (): Promise<never> => Promise.reject(new Error("a transaction inside a transaction: use the one you are in"));

/** Plain SQL over the project's pg.Pool (the one Prisma's adapter uses too). */
export function poolSql(pool: pg.Pool): Sql {
  return {
    query: onClient((config) => pool.query(config), true),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        const tx = onClient((config) => client.query(config), false);
        await client.query("BEGIN");
        try {
          const result = await work({ query: tx, transaction: noNesting });
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch((rollbackFailed: unknown) => {
            // The connection itself failed: it must not go back to the pool.
            broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
          });
          throw error;
        }
      } finally {
        client.release(broken);
      }
    },
  };
}

const pgliteParsers = { [INT8]: parseBigInt, [DATE]: parseDay };

/** Plain SQL on the embedded database. */
export function pgliteSql(db: PGlite): Sql {
  const over = (target: PGlite | PGliteTransaction): Sql["query"] =>
    async <Row>(text: string, values: readonly unknown[] = []) => (await target.query<Row>(text, [...values], { parsers: pgliteParsers })).rows;
  return {
    query: over(db),
    transaction: (work) =>
      db.transaction(async (tx) => {
        const query = over(tx);
        return work({ query, transaction: noNesting });
      }),
  };
}
