import type { HolidayCsvError } from "#src/domain/workdays.js";
import { firstLines } from "./text.js";

/** A refused holiday table's lines, each with its number and (cut to 80 characters) its text. */
export function holidayErrorLines(errors: readonly HolidayCsvError[], shown: number): string {
  return firstLines(
    errors.map((e) => `${e.line}: ${e.text.slice(0, 80)}`),
    shown,
  );
}
