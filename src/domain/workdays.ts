import { isWeekend } from "./periods.js";
import { addDays, parseDay, type Day } from "./calendar.js";

/** A day the holiday table overrides: a statutory holiday, or a 调休 make-up workday. */
export interface CalendarOverride {
  day: Day;
  workday: boolean;
  name: string | null;
}

/** Workdays: Monday to Friday, except where the holiday table says otherwise. */
export function workdayTest(overrides: Iterable<CalendarOverride>): (day: Day) => boolean {
  const byDay = new Map<Day, boolean>();
  for (const o of overrides) byDay.set(o.day, o.workday);
  return (day) => byDay.get(day) ?? !isWeekend(day);
}

export interface HolidayCsvError {
  line: number;
  text: string;
}

const WORKDAY_WORDS = /^(workday|work|班|上班|补班|補班|调休上班|調休上班|1|true)$/i;
const HOLIDAY_WORDS = /^(holiday|off|休|休息|假|放假|节假日|節假日|0|false)$/i;

/**
 * Reads a holiday table: one day per line, `date,kind[,name]`, kind `holiday` or `workday`
 * (also 休/班). A header line and blank lines are skipped; every other line must parse.
 */
export function parseHolidayCsv(text: string): { overrides: CalendarOverride[]; errors: HolidayCsvError[] } {
  const overrides: CalendarOverride[] = [];
  const errors: HolidayCsvError[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const [date = "", kind = "", ...rest] = line.split(/[,，\t]/).map((s) => s.trim());
    if (index === 0 && !parseDay(date) && /date|日期/i.test(date)) return;
    const day = parseDay(date);
    const workday = WORKDAY_WORDS.test(kind) ? true : HOLIDAY_WORDS.test(kind) ? false : null;
    if (!day || workday === null) {
      errors.push({ line: index + 1, text: line });
      return;
    }
    overrides.push({ day, workday, name: rest.join(",").trim() || null });
  });
  return { overrides, errors };
}

/** Workdays after `from` up to and including `to` (0 when `to` is not later): Friday → Monday is 1. */
export function workdaysAfter(from: Day, to: Day, isWorkday: (day: Day) => boolean): number {
  let count = 0;
  // A span longer than ten years is a bad date, not a backlog: stop counting there.
  for (let d = addDays(from, 1), n = 0; d <= to && n < 3660; d = addDays(d, 1), n++) if (isWorkday(d)) count++;
  return count;
}

/** The `n`th workday after `day` (n ≥ 1): three workdays after a Friday is the Wednesday. */
export function addWorkdays(day: Day, n: number, isWorkday: (day: Day) => boolean): Day {
  let d = day;
  // Bounded like workdaysAfter: a holiday table that marks every day off must not hang the job.
  for (let left = Math.max(0, n), guard = 0; left > 0 && guard < 3660; guard++) {
    d = addDays(d, 1);
    if (isWorkday(d)) left--;
  }
  return d;
}
