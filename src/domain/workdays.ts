import { isWeekend } from "./periods.js";
import { parseDay, type Day } from "./calendar.js";

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
