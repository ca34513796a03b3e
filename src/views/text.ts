/** Long texts leave in Telegram-sized parts, split at line breaks. */
export { splitText as splitMessage, TELEGRAM_TEXT_LIMIT } from "#src/domain/text.js";
