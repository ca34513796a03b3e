import { DEFAULT_LANGUAGE } from "#src/locales/index.js";
import { orderDelivery } from "#src/domain/supervision.js";
import { escalationText } from "#src/views/jobs.js";
import { renderOrderClosed, supervisionOrderText } from "#src/views/supervision-order.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * After the digest: the 督办单 ladder (each order once per level, each 办结 once) to the unit's
 * group and, for red, the leaders' chats; then, as before, the tasks whose owner missed
 * DUBAN_ESCALATE_AFTER periods in a row, to the leaders' chats.
 */
export const escalateJob: JobDefinition = {
  name: "escalate",
  async compose({ board, t, escalateAfter, period, supervision }) {
    const outgoing: Outgoing[] = [];
    const run = await supervision.escalate(board, period);
    const groupsOf = (unitId: number) => board.unitChats.filter((c) => c.unitId === unitId);

    for (const order of run.issued) {
      const { chats } = orderDelivery(order.request.level);
      for (const where of chats) {
        const targets = where === "leaders" ? board.leaderChats : groupsOf(order.unitId);
        const text = supervisionOrderText(order, where, DEFAULT_LANGUAGE);
        for (const chat of targets) outgoing.push({ chatId: chat.id, text, taskId: order.taskId });
      }
    }
    for (const closed of run.closed) {
      const text = renderOrderClosed(closed, DEFAULT_LANGUAGE);
      const targets = [...groupsOf(closed.unitId), ...(closed.levels.includes("red") ? board.leaderChats : [])];
      for (const chat of targets) outgoing.push({ chatId: chat.id, text });
    }

    const late = board.tasks
      .filter((task) => task.reporting && !task.ownerOnLeave && task.missedInARow >= escalateAfter)
      .sort((a, b) => b.missedInARow - a.missedInARow || a.task.code.localeCompare(b.task.code));
    if (late.length) {
      const text = escalationText(escalateAfter, late, t);
      for (const chat of board.leaderChats) outgoing.push({ chatId: chat.id, text });
    }
    return outgoing;
  },
};
