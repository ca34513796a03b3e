import type { UnitJson } from "#src/views/board/types.js";
import { card, lightCounts, list, taskItem, topBar, type ViewContext } from "./components.js";
import { h } from "./h.js";
import { lagText, lightBadge } from "./text.js";

/** One unit: its tasks, most behind first; each opens the task. */
export function unitView(ctx: ViewContext, data: UnitJson, back: () => void): HTMLElement {
  const { t } = ctx;
  const { unit } = data;
  return h(
    "div",
    { class: "view unit-view", "data-testid": "unit-view" },
    topBar(unit.name, t.pageAsOf(data.day), back, t),
    h(
      "div",
      { class: "summary" },
      lightBadge(unit.light, lagText(unit.lag, t)),
      h("span", null, t.pageUnitTasks(unit.tasks)),
      lightCounts(unit, t),
    ),
    card(null, list(data.tasks.map((row) => taskItem(ctx, row, "task-row")), data.tasks.length, t)),
  );
}
