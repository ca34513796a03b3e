import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Files that start real processes take longest; started first, they run beside everything else
// instead of last on one worker (a fresh clone has no timings cached to order by).
const LONGEST_FIRST = [
  "test/e2e/npm-start-embedded.test.ts",
  "test/e2e/npm-start-postgres.test.ts",
  "test/e2e/demo.test.ts",
  "test/integration/prisma-cli.test.ts",
  "test/integration/database.test.ts",
  "test/e2e/npm-start-settings.test.ts",
  "test/integration/worker-fault.test.ts",
  "test/integration/jobs.test.ts",
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((name) => file.moduleId.endsWith(name));
      return index < 0 ? LONGEST_FIRST.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    // What users run is dist/: built again first when a source changed since (test/support/build.ts).
    globalSetup: ["test/support/build.ts"],
    include: ["test/**/*.test.ts"],
    // The fault suite runs on its own: npm run test:faults (vitest.faults.config.ts).
    exclude: ["test/faults/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and end-to-end files each get their own database and queue names, so files
    // may run in parallel. Three workers on two cores: much of the suite waits on processes it
    // started, on Telegram's pacing and on the databases (measured on a quiet machine here:
    // 2 → 81 s, 3 → 62 s, 4 → 58 s; with both cores kept busy, 3 → 95 s).
    maxWorkers: 3,
    pool: "forks",
    // A worker keeps the modules it loaded from one file to the next (no test file relies on a
    // fresh module state: each opens its own database, queues and fake Bot API): imports took
    // 38 s of the run with isolation, 10 s without.
    isolate: false,
    sequence: { sequencer: LongestFirst },
  },
});
