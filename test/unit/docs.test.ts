import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { messages, type Messages } from "#src/locales/index.js";
import { ROOT } from "../support/process.js";

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** Every command a user can be told about: the menu beside the text box, and /help for everyone, leaders and admins. */
function commandsShown(t: Messages): Set<string> {
  const shown = new Set(t.commandMenu.map((c) => `/${c.command}`));
  for (const [admin, leader] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    for (const command of t.help(admin, leader).match(/\/[a-z]+/g) ?? []) shown.add(command);
  }
  return shown;
}

describe("the documentation an operator and a user find their way in", () => {
  it("documents every command the bot's menu and /help show, in docs/commands.md", () => {
    const documented = read("docs/commands.md");
    const missing = [...commandsShown(messages("zh-CN")), ...commandsShown(messages("en"))].filter((command) => !new RegExp(`\`${command}[\` \\]]`).test(documented));
    expect([...new Set(missing)]).toEqual([]);
  });

  it("keeps the README a front page under 8 KB, linking each document, every one of which exists", () => {
    expect(statSync(path.join(ROOT, "README.md")).size).toBeLessThan(8 * 1024);
    const readme = read("README.md");
    for (const doc of ["commands", "reporting", "ledger", "operations", "architecture"]) {
      expect(readme).toContain(`(docs/${doc}.md)`);
      expect(statSync(path.join(ROOT, "docs", `${doc}.md`)).size).toBeGreaterThan(1000);
    }
  });

  it("documents every setting the configuration reads", () => {
    const operations = read("docs/operations.md");
    const settings = [...read("src/config.ts").matchAll(/^ {2}([A-Z][A-Z_]+): /gm)].map((m) => m[1]);
    expect(settings.length).toBeGreaterThan(20);
    expect(settings.filter((name) => !operations.includes(`\`${name}\``))).toEqual([]);
  });

  it("deploys the compiled program with healthchecks on /readyz", () => {
    const compose = read("docker-compose.yml");
    expect(compose.match(/readyz/g)?.length).toBeGreaterThanOrEqual(2);
    expect(compose).toContain('command: ["node", "dist/src/worker.js"]');
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/FROM node:20\S* AS build/);
    expect(dockerfile).toContain("--omit=dev");
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
  });
});
