import pino from "pino";

export type Logger = pino.Logger;

/** The one logger. Anything that could carry the bot token is redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "duban" },
      redact: { paths: ["botToken", "config.botToken", "token", "*.token", "*.botToken"], censor: "[redacted]" },
    },
    destination,
  );
}
