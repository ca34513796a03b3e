import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { HttpError } from "grammy";
import { createLogger } from "#src/logger.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

describe("the logger", () => {
  it("never writes the bot token, even inside a network error's cause", () => {
    let written = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = createLogger("info", sink);
    const cause = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: ECONNRESET`);
    logger.error({ err: new HttpError("Network request for 'sendMessage' failed!", cause) }, "send failed");
    logger.info({ config: { botToken: TOKEN } }, "starting");
    expect(written).toContain("ECONNRESET");
    expect(written).toContain("bot<redacted>");
    expect(written).not.toContain(TOKEN.split(":")[1]);
  });
});
