import { promptText } from "#src/views/jobs.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * Each bound group gets one message per task due a report (daily tasks every workday, others on
 * their period's first workday); the officer replies to it with just "65%".
 */
export const promptJob: JobDefinition = {
  name: "prompt",
  async compose({ board, t }) {
    const out: Outgoing[] = [];
    for (const chat of board.unitChats) {
      for (const task of board.tasks) {
        if (task.unit.id !== chat.unitId || !task.promptDue || task.ownerOnLeave) continue;
        out.push({ chatId: chat.id, text: promptText(task, t), taskId: task.task.id, forceReply: true });
      }
    }
    return out;
  },
};
