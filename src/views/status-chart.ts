import type { Day } from "#src/domain/calendar.js";
import type { Messages } from "#src/locales/index.js";
import type { TaskCurve } from "#src/services/leaders.js";
import { renderSCurve } from "./charts/index.js";
import { chartWords } from "./charts/words.js";
import { personName } from "./format.js";

/** /status's picture: the plan line, the reported points, today marked, in the task's light. */
export function sCurveChart(curve: Pick<TaskCurve, "standing" | "plan" | "reported"> & Partial<Pick<TaskCurve, "forecast">>, today: Day, t: Messages): Promise<Buffer> {
  const s = curve.standing;
  const light = s.overdue ? "red" : s.light;
  const lag = s.overdue ? t.dgOverdue : s.lag === null ? t.dgNoPlan : t.dgLag(s.lag);
  return renderSCurve({
    title: `${s.task.code} ${s.task.name}`,
    subtitle: t.chartTaskSubtitle(s.unit.name, personName(s.owner), lag),
    plan: curve.plan,
    reported: curve.reported,
    today,
    light,
    ...forecastOf(curve),
    labels: chartWords(t).sCurve,
  });
}

/** The forecast's line from the latest report, when there is a date. */
function forecastOf(curve: Pick<TaskCurve, "reported"> & Partial<Pick<TaskCurve, "forecast">>) {
  const f = curve.forecast;
  const from = curve.reported.at(-1);
  return f?.kind === "forecast" && from ? { forecast: { from, finish: f.finish, earliest: f.earliest, latest: f.latest } } : {};
}

export const sCurveFileName = (curve: Pick<TaskCurve, "standing">) => `${curve.standing.task.code}-s-curve.png`;
