import { describeNpmStart } from "../support/npm-start-scenario.js";

// `npm start` as a user runs it on PostgreSQL (DATABASE_URL).
describeNpmStart("postgres");
