import type { Db } from "./database.js";
import type { Sql } from "./sql.js";
import { isUniqueViolation } from "./errors.js";
import type { Person, Prisma } from "#src/generated/prisma/client.js";
import { normaliseUsername } from "#src/domain/people.js";

export interface TelegramUser {
  id: number;
  username?: string | undefined;
  first_name: string;
  last_name?: string | undefined;
  language_code?: string | undefined;
}


function displayName(user: TelegramUser): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ");
}

/**
 * The person behind a Telegram user, created on first sight. An admin may have named them
 * by @username before the bot ever saw them (a placeholder with no Telegram id): that
 * placeholder becomes them, and tasks given to it are theirs.
 */
export async function identifyPerson(db: Db, user: TelegramUser, sql?: Sql): Promise<Person> {
  if (sql) {
    // Nearly always: someone the bot knows, as they were. One prepared statement.
    const [known] = await sql.query<Person>(`SELECT * FROM "Person" WHERE "telegramId" = $1`, [BigInt(user.id)]);
    if (known && unchanged(known, user)) return known;
  }
  try {
    return await identifyOnce(db, user);
  } catch (error) {
    // The same person seen in two chats at the same moment: the other insert won; read it.
    if (isUniqueViolation(error)) return identifyOnce(db, user);
    throw error;
  }
}

/** The person as Telegram shows them now: same @username (so nobody else holds it), name and language. */
function unchanged(person: Person, user: TelegramUser): boolean {
  const username = user.username ? normaliseUsername(user.username) : null;
  return person.username === username && person.displayName === displayName(user) && person.languageCode === (user.language_code ?? null);
}

async function identifyOnce(db: Db, user: TelegramUser): Promise<Person> {
  const telegramId = BigInt(user.id);
  const username = user.username ? normaliseUsername(user.username) : null;
  const name = displayName(user);
  return db.$transaction(async (tx) => {
    const byId = await tx.person.findUnique({ where: { telegramId } });
    const byName = username ? await tx.person.findUnique({ where: { username } }) : null;

    if (byName && byName.id !== byId?.id) {
      if (byName.telegramId === null && !byId) {
        return tx.person.update({
          where: { id: byName.id },
          data: { telegramId, displayName: name, languageCode: user.language_code ?? null },
        });
      }
      if (byName.telegramId === null && byId) {
        // Seen before under another name, and also named by an admin: fold the placeholder in.
        await tx.task.updateMany({ where: { ownerId: byName.id }, data: { ownerId: byId.id } });
        const deputies = await tx.taskDeputy.findMany({ where: { personId: byName.id } });
        for (const d of deputies) {
          await tx.taskDeputy.upsert({
            where: { taskId_personId: { taskId: d.taskId, personId: byId.id } },
            create: { taskId: d.taskId, personId: byId.id },
            update: {},
          });
        }
        await tx.taskDeputy.deleteMany({ where: { personId: byName.id } });
        await tx.auditEntry.updateMany({ where: { actorId: byName.id }, data: { actorId: byId.id } });
        await tx.person.delete({ where: { id: byName.id } });
      } else {
        // The username now belongs to this Telegram account; the old holder gave it up.
        await tx.person.update({ where: { id: byName.id }, data: { username: null } });
      }
    }

    if (byId) {
      if (unchanged(byId, user)) return byId;
      return tx.person.update({
        where: { id: byId.id },
        data: { username, displayName: name, languageCode: user.language_code ?? null },
      });
    }
    return tx.person.create({
      data: { telegramId, username, displayName: name, languageCode: user.language_code ?? null },
    });
  });
}

/**
 * A person named by @username, created as a placeholder when the bot has not seen them yet.
 * One statement (INSERT … ON CONFLICT), so two commands naming the same new person at once
 * both get the one row.
 */
export async function personByUsername(db: Db | Prisma.TransactionClient, username: string): Promise<Person> {
  const name = normaliseUsername(username);
  const rows = await db.$queryRaw<Person[]>`
    INSERT INTO "Person" ("username") VALUES (${name})
    ON CONFLICT ("username") DO UPDATE SET "username" = EXCLUDED."username"
    RETURNING *`;
  const person = rows[0];
  if (!person) throw new Error(`could not find or create @${name}`);
  return person;
}
