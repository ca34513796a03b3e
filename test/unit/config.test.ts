import { DEFAULT_SUPERVISION } from "#src/domain/supervision.js";
import { describe, expect, it } from "vitest";
import { createConfig } from "#src/config.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("settings", () => {
  it("defaults to the embedded database, Shanghai time and ./data", () => {
    const config = createConfig({ BOT_TOKEN: TOKEN });
    expect(config).toMatchObject({
      databaseUrl: undefined,
      redisUrl: undefined,
      timezone: "Asia/Shanghai",
      dataDir: "./data",
      apiRoot: "https://api.telegram.org",
      adminIds: [],
    });
  });

  it("takes the light thresholds as settings", () => {
    expect(createConfig({ BOT_TOKEN: TOKEN }).thresholds).toEqual({ yellowLag: 5, redLag: 15, nearDueDays: 7, nearDuePercent: 90 });
    expect(createConfig({ BOT_TOKEN: TOKEN, DUBAN_YELLOW_LAG: "8", DUBAN_RED_LAG: "20" }).thresholds).toMatchObject({ yellowLag: 8, redLag: 20 });
  });

  it("takes the 督办单 thresholds as settings, the domain's by default", () => {
    expect(createConfig({ BOT_TOKEN: TOKEN }).supervision).toEqual(DEFAULT_SUPERVISION);
    expect(createConfig({ BOT_TOKEN: TOKEN, DUBAN_ORDER_RED_PROBLEM_DAYS: "45", DUBAN_ORDER_BLUE_DUE_WORKDAYS: "2" }).supervision).toMatchObject({
      redProblemDays: 45,
      blueDueWorkdays: 2,
    });
  });

  it("reads admin ids and a local Bot API root", () => {
    const config = createConfig({ BOT_TOKEN: TOKEN, ADMIN_IDS: " 12, 34 ", TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" });
    expect(config.adminIds).toEqual([12n, 34n]);
    expect(config.apiRoot).toBe("http://127.0.0.1:8081");
  });

  it.each([
    [{}, /^BOT_TOKEN is required.*e\.g\. BOT_TOKEN=/],
    [{ BOT_TOKEN: "nope" }, /^BOT_TOKEN should look like/],
    [{ BOT_TOKEN: TOKEN, ADMIN_IDS: "12,abc" }, /^ADMIN_IDS .*e\.g\. ADMIN_IDS=/],
    [{ BOT_TOKEN: TOKEN, DUBAN_TIMEZONE: "Mars/Olympus" }, /^DUBAN_TIMEZONE .*Asia\/Shanghai/],
    [{ BOT_TOKEN: TOKEN, DATABASE_URL: "mysql://u:p@h/db" }, /^DATABASE_URL should be a PostgreSQL URL/],
    [{ BOT_TOKEN: TOKEN, REDIS_URL: "localhost:6379" }, /^REDIS_URL should be a Redis URL/],
    [{ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "ftp://x" }, /^TELEGRAM_API_ROOT should be an http/],
    [{ BOT_TOKEN: TOKEN, LOG_LEVEL: "loud" }, /^LOG_LEVEL should be one of/],
    [{ BOT_TOKEN: TOKEN, DUBAN_RED_LAG: "-3" }, /^DUBAN_RED_LAG should be a whole number from 0 to 100/],
    [{ BOT_TOKEN: TOKEN, DUBAN_YELLOW_LAG: "20", DUBAN_RED_LAG: "10" }, /^DUBAN_RED_LAG should be at least DUBAN_YELLOW_LAG/],
    [{ BOT_TOKEN: TOKEN, DUBAN_ORDER_BLUE_PROBLEM_DAYS: "0" }, /^DUBAN_ORDER_BLUE_PROBLEM_DAYS should be a whole number from 1 to 366, e.g. DUBAN_ORDER_BLUE_PROBLEM_DAYS=7/],
    [{ BOT_TOKEN: TOKEN, DUBAN_ORDER_YELLOW_PROBLEM_DAYS: "5" }, /^DUBAN_ORDER_YELLOW_PROBLEM_DAYS should be more than DUBAN_ORDER_BLUE_PROBLEM_DAYS \(7\)/],
    [{ BOT_TOKEN: TOKEN, DUBAN_ESCALATE_AFTER: "0" }, /^DUBAN_ESCALATE_AFTER /],
  ])("stops on %o with one line naming the variable", (env, message) => {
    expect(() => createConfig(env)).toThrow(message);
  });

  it("never echoes a secret", () => {
    expect(() => createConfig({ BOT_TOKEN: "secret-token" })).toThrow(expect.objectContaining({ message: expect.not.stringContaining("secret-token") }));
    expect(() => createConfig({ BOT_TOKEN: TOKEN, DATABASE_URL: "mysql://u:hunter2@h/db" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2") }),
    );
  });
});
