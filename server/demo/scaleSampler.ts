// Draws answers on a numeric scale (1–5, 0–10 …) whose expected value is a chosen target mean: a normal
// around a location, snapped to the nearest scale point. It knows no topics or stories (responses.ts does).
import type { Rng } from "./prng";

export interface ScaleSampler {
  /** A scale point whose expectation over many draws is `target` (clamped to what the scale can reach). */
  draw(rng: Rng, target: number): number;
  /** The expected value of draw() for `target`, for tests and for checking the calibration. */
  expected(target: number): number;
}

/**
 * Snapping and clipping pull the mean towards the middle (a location of 4.6 on 1–5 averages well below 4.6),
 * so the location is solved for by bisection until the snapped distribution's mean is the target itself.
 * Results are memoised at 0.001 resolution: a demo asks for a few thousand distinct targets at most.
 */
export function scaleSampler(points: readonly number[], sigma: number): ScaleSampler {
  const sorted = [...points].sort((x, y) => x - y);
  if (sorted.length < 2) throw new Error("a scale needs at least two points");
  const first = sorted[0] as number;
  const last = sorted[sorted.length - 1] as number;
  // Boundaries halfway between neighbouring points: a draw between two boundaries snaps to the point inside.
  const cuts = sorted.slice(1).map((p, i) => (p + (sorted[i] as number)) / 2);
  const meanAt = (location: number): number => {
    let mean = 0;
    let below = 0;
    for (const [i, cut] of cuts.entries()) {
      const upTo = phi((cut - location) / sigma);
      mean += (upTo - below) * (sorted[i] as number);
      below = upTo;
    }
    return mean + (1 - below) * last;
  };
  const span = last - first;
  // Keep targets a little inside the ends: hitting the very end would need an infinite location.
  const lowest = first + span * 0.03;
  const highest = last - span * 0.03;
  const memo = new Map<number, number>();
  const locationFor = (target: number): number => {
    const key = Math.round(Math.min(highest, Math.max(lowest, target)) * 1000);
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const wanted = key / 1000;
    let lo = first - 3 * span;
    let hi = last + 3 * span;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (meanAt(mid) < wanted) lo = mid;
      else hi = mid;
    }
    const location = (lo + hi) / 2;
    memo.set(key, location);
    return location;
  };
  return {
    draw(rng, target) {
      const x = locationFor(target) + sigma * rng.normal();
      for (const [i, cut] of cuts.entries()) if (x < cut) return sorted[i] as number;
      return last;
    },
    expected: (target) => meanAt(locationFor(target)),
  };
}

/** Standard normal CDF via erf (Abramowitz & Stegun 7.1.26: error below 1.5e-7, far finer than needed). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
