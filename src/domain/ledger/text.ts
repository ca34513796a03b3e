/** Full-width forms read as ASCII (ＢＹ－０１ → BY-01, ６５％ → 65%, ： → :), then trimmed. */
export function normalizeWidth(text: string): string {
  return text.normalize("NFKC").replace(/\u3000/g, " ").trim();
}

/** A header as matched: widths normalised, every space and line break gone, lower case, required marks dropped. */
export function normalizeHeader(text: string): string {
  return normalizeWidth(text)
    .replace(/\s+/g, "")
    .replace(/[(（]必填[)）]/g, "")
    .replace(/[*]/g, "")
    .toLowerCase();
}
