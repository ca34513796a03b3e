import type { Prisma } from "#src/generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/** Records one change: who, what, before, after. Runs inside the change's own transaction. */
export async function audit(
  tx: Tx,
  entry: { actorId: number | null; action: string; entity: string; entityId: string | number | bigint; before?: unknown; after?: unknown },
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: String(entry.entityId),
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

/** Records many changes in one statement (a ledger import may add a thousand tasks at once). */
export async function auditMany(
  tx: Tx,
  entries: { actorId: number | null; action: string; entity: string; entityId: string | number | bigint; before?: unknown; after?: unknown }[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditEntry.createMany({
    data: entries.map((entry) => ({
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: String(entry.entityId),
      before: toJson(entry.before),
      after: toJson(entry.after),
    })),
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  // BigInt and Date have no JSON form of their own.
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}
