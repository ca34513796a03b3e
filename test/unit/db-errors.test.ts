/**
 * isTransientDbError on the shapes Prisma 6.19 + @prisma/adapter-pg + pg 8 threw when each fault
 * was provoked for real (test/integration/db-errors.test.ts provokes them again against a
 * PostgreSQL of its own); here they are rebuilt so the table runs without a server.
 */
import { describe, expect, it } from "vitest";
import { Prisma } from "#src/generated/prisma/client.js";
import { isTransientDbError, transientDbErrorReason } from "#src/db/errors.js";

const clientVersion = "6.19.3";

function known(code: string, cause: object, message = "\nInvalid `prisma.unit.count()` invocation:\n\n\n..."): Error {
  return new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion, meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
}

/** What @prisma/driver-adapter-utils' DriverAdapterError looks like from outside. */
function driverAdapterError(cause: { kind: string; code?: string; message?: string }): Error {
  const error = new Error(cause.message ?? cause.kind, { cause });
  error.name = "DriverAdapterError";
  return Object.assign(error, { clientVersion });
}

function plain(message: string, fields: object = {}): Error {
  return Object.assign(new Error(message), fields);
}

const pgFatal = (code: string, message: string) => ({ originalCode: code, originalMessage: message, kind: "postgres", code, severity: "FATAL", message });

const transient: [string, unknown, string][] = [
  ["backend terminated mid-query (raw)", known("P2010", pgFatal("57P01", "terminating connection due to administrator command")), "admin shutdown (57P01)"],
  ["server shut down (fast) mid-query", known("P2010", pgFatal("57P01", "terminating connection due to administrator command")), "admin shutdown (57P01)"],
  ["crash shutdown", known("P2010", pgFatal("57P02", "terminating connection because of crash of another server process")), "crash shutdown (57P02)"],
  ["server starting up", known("P2010", pgFatal("57P03", "the database system is starting up")), "cannot connect now (57P03)"],
  ["server down, model query", known("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }), "database server unreachable (P1001)"],
  ["server down, raw query", known("P2010", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }, "Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`"), "database server unreachable (DatabaseNotReachable)"],
  ["server closed the connection", known("P1017", { kind: "ConnectionClosed" }), "server closed the connection (P1017)"],
  ["socket timeout", known("P1008", { kind: "SocketTimeout" }), "operation timed out (P1008)"],
  ["write conflict on a model write", known("P2034", { originalCode: "40001", kind: "TransactionWriteConflict" }), "write conflict or deadlock (P2034)"],
  ["write conflict in raw SQL", known("P2010", { originalCode: "40001", kind: "TransactionWriteConflict" }), "serialization failure (40001)"],
  ["write conflict at COMMIT", driverAdapterError({ kind: "TransactionWriteConflict" }), "serialization failure (TransactionWriteConflict)"],
  ["deadlock in a transaction", driverAdapterError({ kind: "postgres", code: "40P01", message: "deadlock detected" }), "deadlock (40P01)"],
  ["lock timeout in a transaction", driverAdapterError({ kind: "postgres", code: "55P03", message: "canceling statement due to lock timeout" }), "lock timeout (55P03)"],
  ["statement timeout in raw SQL", known("P2010", { originalCode: "57014", kind: "postgres", code: "57014", severity: "ERROR", message: "canceling statement due to statement timeout" }), "statement timeout or cancel (57014)"],
  ["interactive transaction expired", new Prisma.PrismaClientKnownRequestError("Transaction API error: A query cannot be executed on an expired transaction.", { code: "P2028", clientVersion }), "transaction expired (P2028)"],
  ["pool timeout (P2024)", new Prisma.PrismaClientKnownRequestError("Timed out fetching a new connection from the connection pool.", { code: "P2024", clientVersion }), "connection pool timeout (P2024)"],
  ["first connect failed", new Prisma.PrismaClientInitializationError("Can't reach database server at `127.0.0.1:5432`", clientVersion, "P1001"), "database server unreachable (P1001)"],
  ["crash mid-query (pg, unwrapped)", plain("Connection terminated unexpectedly", { clientVersion }), "connection terminated"],
  ["connection timeout (pg)", plain("Connection terminated due to connection timeout"), "connection terminated"],
  ["terminated while a transaction was idle (pg)", plain("Client has encountered a connection error and is not queryable", { clientVersion }), "connection lost"],
  ["no free connection (pg-pool)", plain("timeout exceeded when trying to connect"), "connection pool timeout"],
  ["refused (pg)", plain("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED", errno: -111, syscall: "connect" }), "socket ECONNREFUSED"],
  ["reset (pg)", plain("read ECONNRESET", { code: "ECONNRESET", errno: -104, syscall: "read" }), "socket ECONNRESET"],
  ["broken pipe (pg)", plain("write EPIPE", { code: "EPIPE" }), "socket EPIPE"],
  ["timed out (pg)", plain("connect ETIMEDOUT", { code: "ETIMEDOUT" }), "socket ETIMEDOUT"],
  ["localhost refused on ::1 and 127.0.0.1", new AggregateError([plain("connect ECONNREFUSED ::1:5432", { code: "ECONNREFUSED" })], ""), "socket ECONNREFUSED"],
  ["admin shutdown (pg DatabaseError)", plain("terminating connection due to administrator command", { code: "57P01", severity: "FATAL" }), "admin shutdown (57P01)"],
  ["connection failure (08006)", plain("connection failure", { code: "08006", severity: "FATAL" }), "connection exception (08006)"],
  ["wrapped by our own code", new Error("recording the report failed", { cause: plain("Connection terminated unexpectedly") }), "connection terminated"],
];

const permanent: [string, unknown][] = [
  ["unique violation on a model", known("P2002", { originalCode: "23505", kind: "UniqueConstraintViolation", constraint: { fields: ["name"] } })],
  ["unique violation in raw SQL", known("P2010", { originalCode: "23505", kind: "UniqueConstraintViolation" }, "Raw query failed. Code: `23505`. Message: `duplicate key value violates unique constraint \"Unit_name_key\"`")],
  ["foreign key", known("P2003", { originalCode: "23503", kind: "ForeignKeyConstraintViolation" })],
  ["not null", known("P2011", { originalCode: "23502", kind: "NullConstraintViolation" })],
  ["syntax error", known("P2010", { originalCode: "42601", kind: "postgres", code: "42601", severity: "ERROR", message: "syntax error at or near \"SELEC\"" })],
  ["missing table", known("P2021", { originalCode: "42P01", kind: "TableDoesNotExist" })],
  ["record not found", new Prisma.PrismaClientKnownRequestError("No record was found for an update.", { code: "P2025", clientVersion })],
  ["validation", new Prisma.PrismaClientValidationError("Argument `name` is missing.", { clientVersion })],
  ["authentication failed", known("P1000", { originalCode: "28P01", kind: "AuthenticationFailed" })],
  ["database does not exist", known("P1003", { originalCode: "3D000", kind: "DatabaseDoesNotExist" })],
  ["a pool used after end", plain("Cannot use a pool after calling end on the pool")],
  ["a bug of ours", new TypeError("Cannot read properties of undefined (reading 'id')")],
  ["not an error", "boom"],
  ["nothing", undefined],
];

describe("isTransientDbError", () => {
  it.each(transient)("transient: %s", (_name, error, reason) => {
    expect(transientDbErrorReason(error)).toBe(reason);
    expect(isTransientDbError(error)).toBe(true);
  });

  it.each(permanent)("permanent: %s", (_name, error) => {
    expect(transientDbErrorReason(error)).toBeNull();
    expect(isTransientDbError(error)).toBe(false);
  });

  it("survives a cause cycle", () => {
    const a: Error & { cause?: unknown } = new Error("a");
    const b = new Error("b", { cause: a });
    a.cause = b;
    expect(isTransientDbError(a)).toBe(false);
  });
});
