import { digestFigures } from "#src/services/digest.js";
import { digestChart, digestChartFileName, digestText } from "#src/views/digest.js";
import type { JobDefinition, Outgoing } from "./types.js";

/**
 * The leaders' morning read, to every leaders' chat: one screen of text, then the units' lag chart
 * (every unit, coloured by light). Its figures are kept to say what changed next time.
 */
export const digestJob: JobDefinition = {
  name: "digest",
  async compose(ctx) {
    if (ctx.board.leaderChats.length === 0) return [];
    const figures = digestFigures(ctx.board, await ctx.snapshots.previous(ctx.period));
    await ctx.snapshots.save(ctx.period, figures.snapshot);
    const text = digestText(figures, ctx.t, backupWarning(ctx.backupAgeDays));
    const file = { kind: "photo" as const, bytes: await digestChart(figures, ctx.t), fileName: digestChartFileName(figures.day) };
    return ctx.board.leaderChats.flatMap((chat): Outgoing[] => [
      { chatId: chat.id, text },
      { chatId: chat.id, text: "", file },
    ]);
  },
};

/** Two days without a backup of the embedded database is worth a line. */
function backupWarning(ageDays: number | undefined): { staleDays: number } | undefined {
  return ageDays !== undefined && ageDays >= 2 ? { staleDays: ageDays } : undefined;
}
