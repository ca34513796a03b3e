/** Calendar days as ISO strings ("2026-11-27"): plans are dates, not instants, and compare as text. */
export type Day = string;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** A valid calendar day written YYYY-MM-DD, or null. */
export function parseDay(text: string): Day | null {
  const m = DAY_RE.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return text.trim();
}

// A formatter is costly to build and holds native memory: one per time zone, kept.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day an instant falls on in a time zone. */
export function dayInZone(instant: Date, timeZone: string): Day {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(timeZone, format);
  }
  return format.format(instant);
}

// Boards convert the same few hundred days tens of thousands of times: both ways are memoised
// (bounded, so a long-running process does not grow).
const MEMO_LIMIT = 20_000;
const utcByDay = new Map<Day, number>();
const dayByUtc = new Map<number, Day>();

function toUtc(day: Day): number {
  let ms = utcByDay.get(day);
  if (ms === undefined) {
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    ms = Date.UTC(y, m - 1, d);
    if (utcByDay.size >= MEMO_LIMIT) utcByDay.clear();
    utcByDay.set(day, ms);
  }
  return ms;
}

export function fromUtcMs(ms: number): Day {
  let day = dayByUtc.get(ms);
  if (day === undefined) {
    day = new Date(ms).toISOString().slice(0, 10);
    if (dayByUtc.size >= MEMO_LIMIT) dayByUtc.clear();
    dayByUtc.set(ms, day);
  }
  return day;
}

export function addDays(day: Day, days: number): Day {
  return fromUtcMs(toUtc(day) + days * MS_PER_DAY);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((toUtc(b) - toUtc(a)) / MS_PER_DAY);
}

/** A Date at UTC midnight of the day: how Prisma reads and writes @db.Date columns. */
export function dayToDate(day: Day): Date {
  return new Date(toUtc(day));
}

export function dateToDay(date: Date): Day {
  return fromUtcMs(date.getTime());
}
