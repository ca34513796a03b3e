import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and end-to-end files each get their own database and queue names,
    // so files may run in parallel; two cores is the machine's size.
    maxWorkers: 2,
    pool: "forks",
  },
});
