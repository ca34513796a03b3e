import type { Day } from "#src/domain/calendar.js";

export const DAY_MS = 86_400_000;

/** Milliseconds for a YYYY-MM-DD day at local midnight, as ECharts' time axis reads dates. */
export function dayMs(day: Day): number {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTime();
}

export const pad2 = (n: number): string => String(n).padStart(2, "0");
