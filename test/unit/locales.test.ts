import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TARGET, zhTwFromZhCn } from "../../scripts/locale-zh-tw.js";
import { en } from "#src/locales/en.js";
import { zhCN } from "#src/locales/zh-CN.js";
import { zhTW } from "#src/locales/zh-TW.js";
import { languageFromTelegram } from "#src/locales/index.js";

describe("locales", () => {
  it("keeps zh-TW generated from zh-CN (run `npm run locales` after editing zh-CN.ts)", () => {
    expect(readFileSync(TARGET, "utf8")).toBe(zhTwFromZhCn());
  });

  it("has every message in every language", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    expect(Object.keys(zhTW).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it("shows the same commands in /help as the bot handles", () => {
    const commands = (text: string) => [...new Set(text.match(/\/[a-z]+/g))].sort();
    const handled = ["/addtask", "/assess", "/assign", "/bind", "/bulletin", "/close", "/dashboard", "/deputy", "/digest", "/dm", "/escalate", "/export", "/head", "/help", "/holidays", "/import", "/lang", "/leader", "/leaders", "/leave", "/my", "/plan", "/problems", "/prompt", "/remind", "/schedule", "/screen", "/status", "/tasks", "/unleader", "/whoami"];
    expect(commands(zhCN.help(false, true))).toEqual(["/assess", "/bulletin", "/dashboard", "/digest", "/dm", "/help", "/lang", "/my", "/problems", "/status", "/tasks", "/whoami"]);
    expect(commands(zhCN.help(true, true))).toEqual(handled);
    expect(commands(en.help(true, true))).toEqual(handled);
    expect(commands(zhCN.help(false, false))).toEqual(["/dashboard", "/dm", "/help", "/lang", "/my", "/problems", "/status", "/tasks", "/whoami"]);
    // The menu beside the text box: commands anyone may use, the same in every language.
    for (const menu of [zhCN.commandMenu, zhTW.commandMenu, en.commandMenu]) {
      expect(menu.map((c) => `/${c.command}`)).toEqual(["/status", "/tasks", "/my", "/whoami", "/dashboard", "/help"]);
      for (const c of menu) expect(commands(zhCN.help(false, false))).toContain(`/${c.command}`);
    }
  });

  it("quotes names the way each language does", () => {
    expect(en.bindWhich("Beiyuan", ["Beiyuan St", "Beiyuan Rd"])).toContain('Did you mean "Beiyuan St" or "Beiyuan Rd"?');
    expect(zhCN.bindWhich("北园", ["北园大街指挥部", "北园路"])).toContain("是不是：「北园大街指挥部」、「北园路」？");
    expect(en.bindWhich("x", ["y"])).not.toMatch(/[「」]/);
  });

  it("reads a Telegram client's language", () => {
    expect(languageFromTelegram("zh-hant")).toBe("zh-TW");
    expect(languageFromTelegram("zh-HK")).toBe("zh-TW");
    expect(languageFromTelegram("zh-hans")).toBe("zh-CN");
    expect(languageFromTelegram("en-US")).toBe("en");
    expect(languageFromTelegram(undefined)).toBe("zh-CN");
    expect(languageFromTelegram("ru")).toBe("zh-CN");
  });
});
