import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores: browser and crash tests start servers of their own, so keep the parallelism modest.
    maxWorkers: 2,
    // Sums the inputs the fuzz suite (tests/fuzz) tried and prints the total at the end of the run.
    globalSetup: ["tests/fuzz/tally.ts"],
  },
});
