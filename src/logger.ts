import pino from "pino";

export type Logger = pino.Logger;

// Bot API URLs carry the token (https://api.telegram.org/bot<token>/sendMessage); errors from
// the HTTP client quote them.
const TOKEN_IN_URL = /bot\d+:[\w-]+/g;

/** An error as pino would log it, with any bot token in it blanked out. */
export function scrubError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  return JSON.parse(JSON.stringify(serialized).replace(TOKEN_IN_URL, "bot<redacted>")) as unknown;
}

/** The one logger. Anything that could carry the bot token is redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "duban" },
      redact: { paths: ["botToken", "config.botToken", "token", "*.token", "*.botToken"], censor: "[redacted]" },
      serializers: { err: scrubError },
    },
    destination,
  );
}
