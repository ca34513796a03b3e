import { personLabel } from "#src/db/people.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * One message per group naming only the owners still missing, never one per person: daily tasks
 * every workday, weekly, 旬 and monthly ones on their period's last workday.
 */
export const remindJob: JobDefinition = {
  name: "remind",
  defaultTime: "16:00",
  workdaysOnly: true,
  async compose({ board, t, day }) {
    const out: Outgoing[] = [];
    for (const chat of board.unitChats) {
      const byOwner = new Map<number, { label: string; codes: string[] }>();
      for (const task of board.tasks) {
        if (task.unit.id !== chat.unitId || !task.remindDue || task.ownerOnLeave) continue;
        const entry = byOwner.get(task.owner.id) ?? { label: personLabel(task.owner), codes: [] };
        entry.codes.push(task.task.code);
        byOwner.set(task.owner.id, entry);
      }
      if (byOwner.size === 0) continue;
      const lines = [...byOwner.values()].map((o) => t.remindLine(o.label, o.codes.join(t.listSeparator)));
      out.push({ chatId: chat.id, text: [t.remindHeader(day), ...lines].join("\n") });
    }
    return out;
  },
};
