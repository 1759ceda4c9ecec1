// The one way benchmarks time a query: a warm-up run, then the median of `runs` more (BENCH_RUNS, or each bench's
// own default). Prints nothing and records nothing; bench/record.ts does that.

export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Median milliseconds of `runs` calls of `fn`, after one call not counted (plans, cold caches). */
export async function medianMs(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}
