// Where each benchmark leaves its figures for `npm run bench` (bench/all.ts), which joins them into bench/results.md.
// A benchmark still prints its own figures when run alone; this only adds a JSON file per benchmark under bench/results/.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface BenchSection {
  /** Heading in results.md, e.g. "Ingest". */
  title: string;
  /** The section's body: a sentence on what was measured, then a markdown table or list of figures. */
  markdown: string;
  /** The headline numbers, machine-readable (budgets are checked against these by whoever reads them). */
  figures: Record<string, number | string | boolean | null>;
}

export const resultsDir = join(import.meta.dirname, "results");

/** Writes bench/results/<name>.json (git-ignored); bench/all.ts collects them in a fixed order. */
export function recordSection(name: string, section: BenchSection): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(section, null, 2)}\n`);
}

/** Peak resident memory of another process (a spawned server) in MiB, from Linux's VmHWM; null elsewhere. */
export function peakRssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident memory of this process in MiB (for benchmarks that run the engine in-process). */
export function ownPeakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
