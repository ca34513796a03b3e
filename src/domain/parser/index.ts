/** The progress-message parser: pure functions, no I/O (MESSAGES.md is the contract). */
export { parseReport } from "./parse.js";
export { detectLanguage } from "./language.js";
export { MAX_INPUT_CHARS } from "./normalize.js";
export { normalizeUnit } from "./units.js";
