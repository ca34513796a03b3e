import { describe, expect, it } from "vitest";
import { cronPattern, parseTime, timeOfPattern } from "#src/domain/jobs.js";

describe("job times", () => {
  it("reads HH:MM as admins type it, and refuses what is not a time", () => {
    expect(parseTime("7:05")).toBe("07:05");
    expect(parseTime("16：30")).toBe("16:30");
    for (const bad of ["24:00", "12:60", "noon", "1230", ""]) expect(parseTime(bad)).toBeNull();
  });

  it("turns a time into a daily pattern and back, and reads no other pattern as a time", () => {
    for (const time of ["00:00", "07:05", "08:30", "23:59"]) expect(timeOfPattern(cronPattern(time))).toBe(time);
    expect(cronPattern("07:05")).toBe("5 7 * * *");
    expect(timeOfPattern("*/5 * * * *")).toBeNull();
    expect(timeOfPattern("0 9 * * 1-5")).toBeNull();
  });
});
