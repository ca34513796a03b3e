import { escalationText } from "#src/views/jobs.js";
import type { JobDefinition, Outgoing } from "./types.js";

/** After N missed periods in a row, the leaders' chats hear which task and owner. */
export const escalateJob: JobDefinition = {
  name: "escalate",
  async compose({ board, t, escalateAfter }) {
    const late = board.tasks
      .filter((task) => task.reporting && !task.ownerOnLeave && task.missedInARow >= escalateAfter)
      .sort((a, b) => b.missedInARow - a.missedInARow || a.task.code.localeCompare(b.task.code));
    if (late.length === 0) return [];
    const text = escalationText(escalateAfter, late, t);
    return board.leaderChats.map((chat): Outgoing => ({ chatId: chat.id, text }));
  },
};
