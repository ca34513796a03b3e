import { defineConfig } from "vitest/config";

// The fault suite (test/faults): the real bot as a process on a PostgreSQL cluster of its own,
// restarted, stopped and killed under it. `npm run test:faults`; .ci/run runs it after `npm test`.
export default defineConfig({
  test: {
    // What users run is dist/: built again first when a source changed since (test/support/build.ts).
    globalSetup: ["test/support/build.ts"],
    include: ["test/faults/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    pool: "forks",
  },
});
