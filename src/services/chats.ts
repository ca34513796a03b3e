import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import type { Chat, Person, Unit } from "#src/generated/prisma/client.js";

export interface ChatRef {
  id: bigint;
  title: string | null;
}

export type BindResult =
  | { kind: "bound"; unit: Unit }
  | { kind: "from-leaders"; unit: Unit }
  | { kind: "rebound"; unit: Unit; previous: string; orphaned: number }
  | { kind: "already"; unit: Unit };

/** Binds a group to a unit (created on first mention) at `at`; a rebind moves the group and is audited. */
export async function bindChat(db: Db, actor: Person, chat: ChatRef, unitName: string, at: Date): Promise<BindResult> {
  return db.$transaction(async (tx) => {
    const unit = await tx.unit.upsert({ where: { name: unitName }, create: { name: unitName }, update: {} });
    const existing = await tx.chat.findUnique({ where: { id: chat.id }, include: { unit: true } });
    if (existing?.unitId === unit.id && existing.kind === "unit_group" && existing.active) return { kind: "already", unit };
    const saved = await tx.chat.upsert({
      where: { id: chat.id },
      create: { id: chat.id, title: chat.title, kind: "unit_group", unitId: unit.id, boundById: actor.id, boundAt: at },
      update: { title: chat.title, kind: "unit_group", unitId: unit.id, boundById: actor.id, boundAt: at, active: true },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "chat.bind",
      entity: "chat",
      entityId: saved.id,
      before: existing ? { kind: existing.kind, unit: existing.unit?.name ?? null } : null,
      after: { kind: "unit_group", unit: unit.name },
    });
    if (existing?.kind === "leaders" && existing.active) return { kind: "from-leaders", unit };
    if (existing?.unit && existing.unit.id !== unit.id) {
      // The old unit's tasks lose their group unless another group is bound to it.
      const stillBound = await tx.chat.count({ where: { unitId: existing.unit.id, active: true } });
      const orphaned = stillBound ? 0 : await tx.task.count({ where: { unitId: existing.unit.id } });
      return { kind: "rebound", unit, previous: existing.unit.name, orphaned };
    }
    return { kind: "bound", unit };
  });
}

/** A group became a supergroup: the binding follows it to the new id. */
export async function migrateChat(db: Db, fromId: bigint, toId: bigint): Promise<void> {
  await db.$transaction(async (tx) => {
    const old = await tx.chat.findUnique({ where: { id: fromId } });
    if (!old) return;
    await tx.chat.upsert({
      where: { id: toId },
      create: { id: toId, title: old.title, kind: old.kind, unitId: old.unitId, boundById: old.boundById, boundAt: old.boundAt },
      update: { kind: old.kind, unitId: old.unitId, active: true },
    });
    await tx.chat.update({ where: { id: fromId }, data: { active: false, migratedTo: toId } });
    await audit(tx, { actorId: null, action: "chat.migrate", entity: "chat", entityId: fromId, after: { to: toId } });
  });
}

async function setChatActive(db: Db, chatId: bigint, active: boolean): Promise<void> {
  await db.chat.updateMany({ where: { id: chatId }, data: { active } });
}

/**
 * The bot was added to a chat or left it: a known chat is marked active or not (its binding
 * kept for when the bot returns). "new": a chat the bot has never known, just joined.
 */
export async function botMembershipChanged(db: Db, chatId: bigint, present: boolean): Promise<"known" | "new" | "left"> {
  const known = await db.chat.findUnique({ where: { id: chatId }, select: { active: true } });
  if (known && known.active !== present) await setChatActive(db, chatId, present);
  if (!present) return "left";
  return known ? "known" : "new";
}

export type LeadersResult = { kind: "already" } | { kind: "set"; formerUnit: string | null };

/** Makes a group a leaders' chat: it gets the digest and alerts, and loses any unit it had. */
export async function makeLeadersChat(db: Db, actor: Person, chat: ChatRef): Promise<LeadersResult> {
  const existing = await db.chat.findUnique({ where: { id: chat.id }, include: { unit: true } });
  if (existing?.kind === "leaders" && existing.active) return { kind: "already" };
  await db.$transaction(async (tx) => {
    await tx.chat.upsert({
      where: { id: chat.id },
      create: { id: chat.id, title: chat.title, kind: "leaders", boundById: actor.id },
      update: { kind: "leaders", unitId: null, active: true, title: chat.title },
    });
    await audit(tx, {
      actorId: actor.id,
      action: "chat.leaders",
      entity: "chat",
      entityId: chat.id,
      before: existing ? { kind: existing.kind, unitId: existing.unitId } : null,
      after: { kind: "leaders" },
    });
  });
  // A unit's group turned into a leaders' chat is said out loud: its unit loses its group.
  const formerUnit = existing?.kind === "unit_group" && existing.active && existing.unit ? existing.unit.name : null;
  return { kind: "set", formerUnit };
}

/** A group's binding as the bot needs it: null for a chat nobody bound or the bot left. */
export async function activeChat(db: Db, chatId: bigint): Promise<(Chat & { unit: Unit | null }) | null> {
  const chat = await db.chat.findUnique({ where: { id: chatId }, include: { unit: true } });
  return chat?.active ? chat : null;
}
