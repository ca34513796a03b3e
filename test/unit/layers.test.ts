import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { cruise, type IConfiguration, type IReporterOutput } from "dependency-cruiser";

// The same rules `npm run lint` applies to src/ and jobs/.
const config = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as IConfiguration;

async function violations(paths: string[]): Promise<{ rule: string; from: string; to: string }[]> {
  const result: IReporterOutput = await cruise(paths, { ruleSet: config, ...config.options, validate: true });
  if (typeof result.output === "string") throw new Error("expected a cruise result, not a report");
  return result.output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe("the layer rules", () => {
  it("hold for the code as it is", async () => {
    expect(await violations(["src", "jobs"])).toEqual([]);
  }, 60_000);

  it("report a handler that reaches the database, a view that calls a service, a page that calls one, and an import circle", async () => {
    const found = await violations(["test/fixtures/layers/src"]);
    const rules = found.map((v) => `${v.rule}: ${v.from} → ${v.to}`);
    expect(rules).toContain("bot-never-touches-the-database: test/fixtures/layers/src/bot/handler.ts → test/fixtures/layers/src/db/client.ts");
    expect(rules).toContain("views-are-handed-figures: test/fixtures/layers/src/views/chart.ts → test/fixtures/layers/src/services/figures.ts");
    expect(found.some((v) => v.rule === "no-circular" && v.from.endsWith("domain/a.ts"))).toBe(true);
    expect(rules).toContain("the-page-imports-no-server-code: test/fixtures/layers/src/web/app/page.ts → test/fixtures/layers/src/services/figures.ts");
  }, 60_000);
});
