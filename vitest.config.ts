import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The fault suite runs on its own: npm run test:faults (vitest.faults.config.ts).
    exclude: ["test/faults/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and end-to-end files each get their own database and queue names,
    // so files may run in parallel; two cores is the machine's size.
    maxWorkers: 2,
    pool: "forks",
  },
});
