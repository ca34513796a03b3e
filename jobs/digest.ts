import { digestFigures } from "#src/services/digest.js";
import { digestText } from "#src/views/digest.js";
import type { JobDefinition, Outgoing } from "./types.js";

/** The leaders' morning read, to every leaders' chat; its figures are kept to say what changed next time. */
export const digestJob: JobDefinition = {
  name: "digest",
  async compose(ctx) {
    if (ctx.board.leaderChats.length === 0) return [];
    const figures = digestFigures(ctx.board, await ctx.snapshots.previous(ctx.period));
    await ctx.snapshots.save(ctx.period, figures.snapshot);
    const text = digestText(figures, ctx.t);
    return ctx.board.leaderChats.map((chat): Outgoing => ({ chatId: chat.id, text }));
  },
};
