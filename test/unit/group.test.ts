import { describe, expect, it } from "vitest";
import { groupBy } from "#src/domain/group.js";

describe("groupBy", () => {
  it("groups by key, keys in the order first seen, each group in the items' order", () => {
    const rows = [
      { taskId: 2, day: "2026-07-01" },
      { taskId: 1, day: "2026-07-02" },
      { taskId: 2, day: "2026-07-03" },
    ];
    const grouped = groupBy(rows, (r) => r.taskId);
    expect([...grouped.keys()]).toEqual([2, 1]);
    expect(grouped.get(2)?.map((r) => r.day)).toEqual(["2026-07-01", "2026-07-03"]);
    expect(grouped.get(3)).toBeUndefined();
    expect(groupBy([], (r: { taskId: number }) => r.taskId).size).toBe(0);
  });
});
