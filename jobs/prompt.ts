import { personLabel } from "#src/db/people.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * Each bound group gets one message per task due a report (daily tasks every workday, others on
 * their period's first workday); the officer replies with just "65%".
 */
export const promptJob: JobDefinition = {
  name: "prompt",
  defaultTime: "09:00",
  workdaysOnly: true,
  async compose({ board, t }) {
    const out: Outgoing[] = [];
    for (const chat of board.unitChats) {
      for (const task of board.tasks) {
        if (task.unit.id !== chat.unitId || !task.promptDue || task.ownerOnLeave) continue;
        out.push({
          chatId: chat.id,
          text: t.promptTask(task.task.code, task.task.name, personLabel(task.owner), "65%"),
          taskId: task.task.id,
          forceReply: true,
        });
      }
    }
    return out;
  },
};
