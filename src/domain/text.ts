export const TELEGRAM_TEXT_LIMIT = 4096;

/** Splits text into Telegram-sized parts at line breaks, so nothing is cut off. */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    // A single line longer than the limit is cut at the limit.
    for (let piece = line; ; ) {
      const candidate = current ? `${current}\n${piece}` : piece;
      if (candidate.length <= limit) {
        current = candidate;
        break;
      }
      if (current) {
        parts.push(current);
        current = "";
        continue;
      }
      parts.push(piece.slice(0, limit));
      piece = piece.slice(limit);
      if (!piece) break;
    }
  }
  if (current) parts.push(current);
  return parts;
}
