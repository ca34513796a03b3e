import type { PersonName } from "#src/domain/people.js";
import { reminderText } from "#src/views/jobs.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * One message per group naming only the owners still missing, never one per person: daily tasks
 * every workday, weekly, 旬 and monthly ones on their period's last workday.
 */
export const remindJob: JobDefinition = {
  name: "remind",
  async compose({ board, t, day }) {
    const out: Outgoing[] = [];
    for (const chat of board.unitChats) {
      const byOwner = new Map<number, { owner: PersonName; codes: string[] }>();
      for (const task of board.tasks) {
        if (task.unit.id !== chat.unitId || !task.remindDue || task.ownerOnLeave) continue;
        const entry = byOwner.get(task.owner.id) ?? { owner: task.owner, codes: [] };
        entry.codes.push(task.task.code);
        byOwner.set(task.owner.id, entry);
      }
      if (byOwner.size > 0) out.push({ chatId: chat.id, text: reminderText(day, [...byOwner.values()], t) });
    }
    return out;
  },
};
