import type { Db } from "#src/db/database.js";
import { audit } from "#src/db/audit.js";
import { personByUsername } from "#src/db/people.js";
import type { Person } from "#src/generated/prisma/client.js";

/** Roles beyond reporting: district leaders (who read the digest) and unit heads (whom a 督办单 names). */

export type LeaderChange = { kind: "set" | "unset" | "already" | "not_leader"; person: Person };

/** Gives or takes a person's leader role (admins stay admins); audited. */
export async function setLeader(db: Db, actor: Person, username: string, leader: boolean): Promise<LeaderChange> {
  const person = await personByUsername(db, username);
  if (leader && person.role === "leader") return { kind: "already", person };
  if (!leader && person.role !== "leader") return { kind: "not_leader", person };
  if (leader && person.role === "admin") return { kind: "already", person };
  const role = leader ? "leader" : "officer";
  const updated = await db.$transaction(async (tx) => {
    const saved = await tx.person.update({ where: { id: person.id }, data: { role } });
    await audit(tx, { actorId: actor.id, action: "person.role", entity: "person", entityId: String(person.id), before: { role: person.role }, after: { role } });
    return saved;
  });
  return { kind: leader ? "set" : "unset", person: updated };
}

/** `/head @x 单位`: the unit head a yellow 督办单 names; audited. */
export async function setUnitHead(db: Db, actor: Person, username: string, unitName: string) {
  const unit = await db.unit.findUnique({ where: { name: unitName } });
  if (!unit) return { kind: "unknown_unit", name: unitName } as const;
  return db.$transaction(async (tx) => {
    const person = await personByUsername(tx, username);
    await tx.unit.update({ where: { id: unit.id }, data: { headId: person.id } });
    await audit(tx, { actorId: actor.id, action: "unit.head", entity: "unit", entityId: unit.id, before: { headId: unit.headId }, after: { headId: person.id } });
    return { kind: "set", person, unit: unit.name } as const;
  });
}
