/**
 * A process holding one idle PostgreSQL connection, for the restart test: with `listened` the
 * pool comes from createPgPool; with `bare` it is a pg.Pool with no error listener, the way a
 * database restart used to crash the bot.
 *   node --import tsx test/support/pool-child.ts listened|bare <url>
 */
import pg from "pg";
import { createPgPool } from "#src/db/connection.js";

const [mode, url] = process.argv.slice(2);
if (!url || (mode !== "listened" && mode !== "bare")) throw new Error("usage: pool-child.ts listened|bare <url>");

const pool =
  mode === "listened"
    ? createPgPool(url, {
        onError: (error, source) => {
          process.stdout.write(`heard ${source} ${(error as { code?: string }).code ?? error.message}\n`);
          // The pool is still usable once the server is back; the parent checks that separately.
          process.exit(0);
        },
      })
    : new pg.Pool({ connectionString: url });

await pool.query("SELECT 1");
process.stdout.write("ready\n");
// Stay alive until the server goes away.
setInterval(() => undefined, 60_000);
