import { configDefaults, defineConfig } from "vitest/config";

// The resilience suite (kill -9, full disk, backups; minutes long, mounts a tmpfs as root) runs on its own with
// `npm run test:resilience`, i.e. only when tests/resilience is named on the command line, never in `npm test`.
const resilienceAsked = process.argv.some((arg) => arg.includes("tests/resilience"));

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    exclude: resilienceAsked ? configDefaults.exclude : [...configDefaults.exclude, "tests/resilience/**"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser tests poll for what a page shows after a request; on a busy two-core CI machine an answer can take
    // over vitest's default second without anything being wrong. A wait, not a speed claim (those live in bench/).
    expect: { poll: { timeout: 10_000 } },
    pool: "forks",
    // Two cores: browser and crash tests start servers of their own, so keep the parallelism modest.
    maxWorkers: 2,
    // Sums the inputs the fuzz suite (tests/fuzz) tried and prints the total at the end of the run.
    globalSetup: ["tests/fuzz/tally.ts"],
  },
});
