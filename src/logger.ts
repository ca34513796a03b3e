import pino from "pino";
import pretty from "pino-pretty";

export type Logger = pino.Logger;

// Bot API URLs carry the token (https://api.telegram.org/bot<token>/sendMessage); errors from
// the HTTP client quote them.
const TOKEN_IN_URL = /bot\d+:[\w-]+/g;

/** An error as pino would log it, with any bot token in it blanked out. */
export function scrubError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  return JSON.parse(JSON.stringify(serialized).replace(TOKEN_IN_URL, "bot<redacted>")) as unknown;
}

export interface LoggerOptions {
  /** Human-readable lines (for `npm start` in a terminal); JSON lines otherwise. */
  pretty?: boolean;
}

/** The one logger. Anything that could carry the bot token is redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  const stream = destination ?? (options.pretty ? pretty({ colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,service" }) : undefined);
  return pino(
    {
      level,
      base: { service: "duban" },
      redact: { paths: ["botToken", "config.botToken", "token", "*.token", "*.botToken"], censor: "[redacted]" },
      serializers: { err: scrubError },
    },
    stream,
  );
}

/** Pretty when a person is watching the terminal, JSON lines when a machine collects them. */
export function loggerForProcess(level: string): Logger {
  return createLogger(level, undefined, { pretty: process.stdout.isTTY === true });
}
