import { describe, expect, it } from "vitest";
import { resolveStanding } from "#src/domain/progress.js";
import type { ParsedReport } from "#src/domain/types.js";
import { parsedReport } from "../support/reports.js";

const report = (fields: Partial<ParsedReport>): ParsedReport => parsedReport("BY-01", fields);
const demolition = { targetValue: 180_000, targetUnit: "m2" };
const fresh = { progressPercent: null, quantityTotal: null, quantityUnit: null };

describe("what a report establishes", () => {
  it("takes a written percent over anything else", () => {
    const r = report({ percent: 65, quantity: { value: 20_000, unit: "m2", cumulative: true } });
    expect(resolveStanding(r, demolition, fresh)).toEqual({ progressPercent: 65, quantityTotal: 20_000, quantityUnit: "m2", status: "in_progress" });
  });

  it("adds a rise to the last percent, never past 100", () => {
    expect(resolveStanding(report({ percentDelta: 5 }), demolition, { progressPercent: 60, quantityTotal: null, quantityUnit: null }).progressPercent).toBe(65);
    expect(resolveStanding(report({ percentDelta: 50 }), demolition, { progressPercent: 60, quantityTotal: null, quantityUnit: null }).progressPercent).toBe(100);
  });

  it("derives the percent from a cumulative quantity against the target", () => {
    const r = report({ quantity: { value: 90_000, unit: "m2", cumulative: true } });
    expect(resolveStanding(r, demolition, fresh)).toMatchObject({ progressPercent: 50, quantityTotal: 90_000, quantityUnit: "m2" });
  });

  it("adds this period's quantity to the running total", () => {
    const r = report({ quantity: { value: 18_000, unit: "m2", cumulative: false } });
    expect(resolveStanding(r, demolition, { progressPercent: 50, quantityTotal: 90_000, quantityUnit: "m2" })).toMatchObject({
      progressPercent: 60,
      quantityTotal: 108_000,
    });
  });

  it("ignores a quantity in another unit than the target's for the percent", () => {
    const r = report({ quantity: { value: 36, unit: "count", cumulative: true } });
    expect(resolveStanding(r, demolition, { progressPercent: 40, quantityTotal: 72_000, quantityUnit: "m2" })).toMatchObject({
      progressPercent: 40,
      quantityTotal: 72_000,
    });
  });

  it("reads completed as 100% and keeps the percent through a bare status", () => {
    expect(resolveStanding(report({ status: "completed" }), demolition, { progressPercent: 80, quantityTotal: null, quantityUnit: null }).progressPercent).toBe(100);
    expect(resolveStanding(report({ status: "suspended" }), demolition, { progressPercent: 80, quantityTotal: null, quantityUnit: null })).toMatchObject({
      progressPercent: 80,
      status: "suspended",
    });
  });

  it("without a target, counts quantities in the first unit reported and never adds other units in", () => {
    const noTarget = { targetValue: null, targetUnit: null };
    const first = resolveStanding(report({ quantity: { value: 5_000, unit: "m3", cumulative: true } }), noTarget, fresh);
    expect(first).toMatchObject({ quantityTotal: 5_000, quantityUnit: "m3" });
    const money = resolveStanding(report({ quantity: { value: 20_000_000, unit: "cny", cumulative: false } }), noTarget, first);
    expect(money).toMatchObject({ quantityTotal: 5_000, quantityUnit: "m3" });
    const more = resolveStanding(report({ quantity: { value: 800, unit: "m3", cumulative: false } }), noTarget, first);
    expect(more).toMatchObject({ quantityTotal: 5_800, quantityUnit: "m3" });
  });
});

describe("a part finished is not the task finished", () => {
  it("keeps the task in progress when a percent below 100 comes with a completion word", () => {
    const r = parsedReport("BY-01", { percent: 40, status: "completed" });
    expect(resolveStanding(r, { targetValue: null, targetUnit: null }, { progressPercent: 30, quantityTotal: null, quantityUnit: null })).toMatchObject({
      progressPercent: 40,
      status: "in_progress",
    });
  });
});
