import { describe, expect, it } from "vitest";
import { splitMessage } from "#src/views/text.js";

describe("splitting long messages", () => {
  it("keeps a short text whole", () => {
    expect(splitMessage("BY-01 65%")).toEqual(["BY-01 65%"]);
  });

  it("splits at line breaks and loses nothing", () => {
    const lines = Array.from({ length: 300 }, (_, i) => `🔴 BY-${String(i).padStart(3, "0")} 北园大街拆迁｜@zhangwei｜40%／计划 60%`);
    const parts = splitMessage(lines.join("\n"));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join("\n")).toBe(lines.join("\n"));
  });

  it("cuts a single over-long line at the limit", () => {
    const parts = splitMessage("x".repeat(9000));
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 808]);
  });
});
