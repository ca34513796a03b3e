import type { PersonName } from "#src/domain/people.js";
import { reminderText, privateReminderText } from "#src/views/jobs.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * One message per group naming only the owners still missing, never one per person: daily tasks
 * every workday, weekly, 旬 and monthly ones on their period's last workday. Owners who agreed
 * (/dm on, in a private chat with the bot) get their reminder in private instead.
 */
export const remindJob: JobDefinition = {
  name: "remind",
  async compose({ board, t, day }) {
    const out: Outgoing[] = [];
    const inPrivate = new Map<bigint, string[]>();
    for (const chat of board.unitChats) {
      const byOwner = new Map<number, { owner: PersonName; codes: string[] }>();
      for (const task of board.tasks) {
        if (task.unit.id !== chat.unitId || !task.remindDue || task.ownerOnLeave) continue;
        const privateId = task.owner.dmReminders && task.owner.telegramId !== null ? task.owner.telegramId : null;
        if (privateId !== null) {
          inPrivate.set(privateId, [...(inPrivate.get(privateId) ?? []), task.task.code]);
          continue;
        }
        const entry = byOwner.get(task.owner.id) ?? { owner: task.owner, codes: [] };
        entry.codes.push(task.task.code);
        byOwner.set(task.owner.id, entry);
      }
      if (byOwner.size > 0) out.push({ chatId: chat.id, text: reminderText(day, [...byOwner.values()], t) });
    }
    for (const [chatId, codes] of inPrivate) out.push({ chatId, text: privateReminderText(day, codes, t) });
    return out;
  },
};
