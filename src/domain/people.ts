/** The parts of a person that say who they are. */
export interface PersonName {
  username: string | null;
  displayName: string | null;
  telegramId: bigint | null;
}

// Telegram usernames: 5 to 32 letters, digits and underscores.
const USERNAME = /^@[A-Za-z][A-Za-z0-9_]{3,31}$/;

export function isUsername(word: string): boolean {
  return USERNAME.test(word);
}

export function normaliseUsername(username: string): string {
  return username.replace(/^@+/, "").toLowerCase();
}

/** As a group sees a person: @username where known, so they are notified. */
export function personHandle(person: PersonName): string {
  if (person.username) return `@${person.username}`;
  return person.displayName ?? `#${person.telegramId ?? "?"}`;
}

/** As leaders read a person: the name, never a bare @handle. */
export function personName(person: PersonName): string {
  return person.displayName ?? person.username ?? `#${person.telegramId ?? "?"}`;
}
