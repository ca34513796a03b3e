import { describeNpmStart } from "../support/npm-start-scenario.js";

// `npm start` as a user runs it on the embedded default: no DATABASE_URL, PGlite under DATA_DIR.
describeNpmStart("embedded");
