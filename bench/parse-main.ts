import { benchParse } from "./parse.js";

/** `npx tsx bench/parse-main.ts`: the parser benchmark on its own. */
await benchParse();
