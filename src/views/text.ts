/** Long texts leave in Telegram-sized parts, split at line breaks. */
export { splitText as splitMessage, TELEGRAM_TEXT_LIMIT } from "#src/domain/text.js";

/** The first `shown` lines, and how many more there are: a list cut to fit a chat answer. */
export function firstLines(lines: readonly string[], shown: number): string {
  return [...lines.slice(0, shown), ...(lines.length > shown ? [`… +${lines.length - shown}`] : [])].join("\n");
}
