// The statistics behind intervals and significance marks: Wilson's interval for a proportion, the two-proportion
// z-test and Welch's t-test, at 95 %. Plain functions of counts and sums; they know nothing of cells or SQL.

const z95 = 1.959963984540054;

/** Wilson score interval of k successes in n trials; null for n = 0. */
export function wilson(k: number, n: number, z = z95): [number, number] | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Two-sided two-proportion z-test (pooled) at 95 %; null when a side has no answers or the pooled share is 0 or 1. */
export function twoProportionSignificant(k1: number, n1: number, k2: number, n2: number): boolean | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (k1 + k2) / (n1 + n2);
  if (pooled <= 0 || pooled >= 1) return false;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return Math.abs(k1 / n1 - k2 / n2) / se > z95;
}

export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

/** Two-sided Welch's t-test at 95 %; null when a side has fewer than two answers. */
export function welchSignificant(a: Moments, b: Moments): boolean | null {
  if (a.n < 2 || b.n < 2) return null;
  const mean = (m: Moments) => m.sum / m.n;
  const variance = (m: Moments) => Math.max(0, (m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1));
  const va = variance(a) / a.n;
  const vb = variance(b) / b.n;
  const diff = mean(a) - mean(b);
  if (va + vb === 0) return diff !== 0;
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return studentTTwoSidedP(t, df) < 0.05;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2). */
export function studentTTwoSidedP(t: number, df: number): number {
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}

/** ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0. */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < g + 2; i++) sum += (c[i] as number) / (xx + i);
  const t = xx + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(sum);
}
