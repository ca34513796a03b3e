import { promptGroupText } from "#src/views/jobs.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * One message per bound group listing every task due a report there, each with its owner's
 * @handle (daily tasks every workday, others on their period's first workday). Officers reply to
 * it: with a code, or with just "65%" when they own one of the tasks listed (asked which, with
 * buttons, when they own several).
 */
export const promptJob: JobDefinition = {
  name: "prompt",
  async compose({ board, t, day }) {
    const out: Outgoing[] = [];
    for (const chat of board.unitChats) {
      const due = board.tasks.filter((task) => task.unit.id === chat.unitId && task.promptDue && !task.ownerOnLeave);
      if (due.length === 0) continue;
      const only = due.length === 1 ? due[0] : undefined;
      out.push({ chatId: chat.id, text: promptGroupText(day, due, t), forceReply: true, ...(only ? { taskId: only.task.id } : {}) });
    }
    return out;
  },
};
