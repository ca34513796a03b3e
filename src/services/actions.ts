import { randomBytes } from "node:crypto";
import type { Clock } from "#src/clock.js";
import type { Db } from "#src/db/database.js";
import type { Prisma } from "#src/generated/prisma/client.js";

/** One button of a choice: what it says and what tapping it means. */
export interface ChoiceOption {
  label: string;
  payload: Prisma.InputJsonValue;
}

export interface OfferedButton {
  label: string;
  /** The callback data to put on the button: only a token, looked up when tapped. */
  data: string;
}

export type TakenAction =
  | { ok: true; kind: string; payload: Prisma.JsonValue; chatId: bigint }
  | { ok: false; reason: "unknown" | "expired" | "not_yours" | "already" };

const PREFIX = "a:";

/** Whether a callback's data is one of ours. */
export function isActionData(data: string): boolean {
  return data.startsWith(PREFIX);
}

/**
 * Buttons whose meaning lives in the database: Telegram carries a random token, never the
 * payload, so a forged callback matches nothing; the first tap settles the whole choice.
 */
export function actionsService(db: Db, clock: Clock) {
  return {
    /** Offers a choice to one person in one chat; the buttons expire after ttlMs. */
    async offer(input: { kind: string; chatId: bigint; personId: number; ttlMs: number; options: ChoiceOption[] }): Promise<OfferedButton[]> {
      const groupId = randomBytes(9).toString("base64url");
      const now = clock.now();
      const rows = input.options.map((option) => ({
        token: randomBytes(16).toString("base64url"),
        groupId,
        kind: input.kind,
        chatId: input.chatId,
        personId: input.personId,
        payload: option.payload,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.ttlMs),
      }));
      await db.pendingAction.createMany({ data: rows });
      return rows.map((row, i) => ({ label: input.options[i]?.label ?? "", data: PREFIX + row.token }));
    },

    /** A tap: settles the choice once, for the person it was offered to, before it expires. */
    async take(data: string, personId: number): Promise<TakenAction> {
      if (!isActionData(data)) return { ok: false, reason: "unknown" };
      const action = await db.pendingAction.findUnique({ where: { token: data.slice(PREFIX.length) } });
      if (!action) return { ok: false, reason: "unknown" };
      if (action.personId !== personId) return { ok: false, reason: "not_yours" };
      const now = clock.now();
      if (action.expiresAt <= now) return { ok: false, reason: "expired" };
      // One statement settles the group, so two taps at once settle it once.
      const settled = await db.pendingAction.updateMany({ where: { groupId: action.groupId, takenAt: null }, data: { takenAt: now } });
      if (settled.count === 0) return { ok: false, reason: "already" };
      return { ok: true, kind: action.kind, payload: action.payload, chatId: action.chatId };
    },
  };
}

export type ActionsService = ReturnType<typeof actionsService>;
