/**
 * Which database errors are worth trying again: the connection was lost, the server is
 * restarting, a transaction lost a race (serialization failure, deadlock), a lock or statement
 * timed out. Everything else (a constraint violation, a syntax error, a missing table) fails the
 * same way every time.
 *
 * The shapes are the ones Prisma 6.19 with @prisma/adapter-pg and pg 8 really throws (provoked
 * against PostgreSQL 15 in test/integration/db-errors.test.ts):
 *  - PrismaClientKnownRequestError with `code` P1001 (server unreachable), P2034 (write conflict),
 *    P2028 (interactive transaction expired), P2010 (raw query failed), P2002 (unique) ..., the
 *    driver's error under `meta.driverAdapterError.cause` ({ kind, code?, originalCode? });
 *  - a bare DriverAdapterError (name "DriverAdapterError", the same `{ kind, code? }` as its
 *    `cause`) when a model query or COMMIT inside an interactive transaction fails with an error
 *    Prisma has no P-code for (deadlock, lock timeout, a serialization failure at COMMIT);
 *  - a plain Error from pg itself ("Connection terminated unexpectedly", "Client has encountered
 *    a connection error and is not queryable", "timeout exceeded when trying to connect"), which
 *    the adapter passes through unwrapped;
 *  - PrismaClientInitializationError with `errorCode` P1001 when the first connect fails.
 */

/** SQLSTATEs of a failure that may pass on its own. */
const TRANSIENT_SQLSTATES = new Map<string, string>([
  ["57P01", "admin shutdown"],
  ["57P02", "crash shutdown"],
  ["57P03", "cannot connect now"],
  ["57P05", "idle session timeout"],
  ["57014", "statement timeout or cancel"],
  ["55P03", "lock timeout"],
  ["40001", "serialization failure"],
  ["40P01", "deadlock"],
  ["25P03", "idle in transaction timeout"],
  ["53300", "too many connections"],
]);

/** Prisma error codes of a failure that may pass on its own. */
const TRANSIENT_PRISMA_CODES = new Map<string, string>([
  ["P1001", "database server unreachable"],
  ["P1002", "database server timed out"],
  ["P1008", "operation timed out"],
  ["P1017", "server closed the connection"],
  ["P2024", "connection pool timeout"],
  ["P2028", "transaction expired"],
  ["P2034", "write conflict or deadlock"],
]);

/** @prisma/adapter-pg's error kinds (DriverAdapterError.cause.kind) of a passing failure. */
const TRANSIENT_ADAPTER_KINDS = new Map<string, string>([
  ["DatabaseNotReachable", "database server unreachable"],
  ["ConnectionClosed", "connection closed"],
  ["SocketTimeout", "socket timeout"],
  ["TooManyConnections", "too many connections"],
  ["TransactionWriteConflict", "serialization failure"],
]);

/** Node socket error codes. ENOTFOUND too: a database container's name vanishes from DNS while it restarts. */
const TRANSIENT_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);

/** Messages of pg and pg-pool errors that carry no code. */
const TRANSIENT_MESSAGES: [RegExp, string][] = [
  [/^Connection terminated/, "connection terminated"],
  [/connection error and is not queryable/, "connection lost"],
  [/timeout exceeded when trying to connect/, "connection pool timeout"],
  [/^Query read timeout$/, "query read timeout"],
  [/^terminating connection due to administrator command/, "admin shutdown"],
  [/^the database system is (starting up|shutting down|in recovery mode)/, "cannot connect now"],
  [/^canceling statement due to (statement|lock) timeout/, "statement or lock timeout"],
  [/^Can't reach database server/, "database server unreachable"],
  [/^cached plan must not change result type/, "schema changed under a prepared statement"],
];

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === "string" ? found : undefined;
}

function reasonFromCodes(error: unknown): string | null {
  for (const key of ["code", "errorCode", "originalCode"]) {
    const code = text(error, key);
    if (code === undefined) continue;
    const reason = TRANSIENT_SQLSTATES.get(code) ?? TRANSIENT_PRISMA_CODES.get(code);
    if (reason) return `${reason} (${code})`;
    if (code.startsWith("08")) return `connection exception (${code})`;
    if (TRANSIENT_SOCKET_CODES.has(code)) return `socket ${code}`;
  }
  const kind = text(error, "kind");
  if (kind !== undefined) {
    const reason = TRANSIENT_ADAPTER_KINDS.get(kind);
    if (reason) return `${reason} (${kind})`;
  }
  return null;
}

function reasonFromMessage(error: unknown): string | null {
  const message = text(error, "message");
  if (message === undefined) return null;
  for (const [pattern, reason] of TRANSIENT_MESSAGES) if (pattern.test(message)) return reason;
  return null;
}

/** The error and everything it wraps: `cause`, Prisma's `meta.driverAdapterError`, AggregateError's `errors`. */
function* chain(error: unknown, depth = 0): Generator<unknown> {
  if (error === null || error === undefined || depth > 6) return;
  yield error;
  if (typeof error !== "object") return;
  yield* chain(field(error, "cause"), depth + 1);
  yield* chain(field(field(error, "meta"), "driverAdapterError"), depth + 1);
  const errors = field(error, "errors");
  if (Array.isArray(errors)) for (const inner of errors) yield* chain(inner, depth + 1);
}

/**
 * Why this database error may pass if the same work is tried again (a short phrase for a log
 * line), or null when it is permanent.
 */
export function transientDbErrorReason(error: unknown): string | null {
  // Codes anywhere in the chain first: they are more precise than any message.
  const links = [...chain(error)];
  for (const link of links) {
    const reason = reasonFromCodes(link);
    if (reason) return reason;
  }
  for (const link of links) {
    const reason = reasonFromMessage(link);
    if (reason) return reason;
  }
  return null;
}

/**
 * Whether trying the same database work again may succeed: the connection was lost or refused,
 * the server is restarting, a transaction lost a race (serialization failure, deadlock), a lock
 * or statement timed out. False for constraint violations and every other error.
 */
export function isTransientDbError(error: unknown): boolean {
  return transientDbErrorReason(error) !== null;
}

/** The error's own code: a SQLSTATE from pg or PGlite, a Prisma code (P2002), a socket code. */
export function errorCode(error: unknown): string | undefined {
  return text(error, "code");
}

/** A unique constraint refused the write: pg and PGlite say 23505, Prisma P2002. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === "23505" || code === "P2002";
}
