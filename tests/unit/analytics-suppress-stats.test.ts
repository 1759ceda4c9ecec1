// suppress() on hand-made cells (primary, complementary in one and two dimensions, repeated until stable; hidden
// cells that hold fewer than the minimum together; sibling sets along the unit tree) and the statistics behind
// intervals and significance marks against published or hand-computed values. Pure: no database.
import { describe, expect, it } from "vitest";
import type { Cell } from "../../analytics/execute";
import type { CellParts } from "../../analytics/registry";
import {
  logGamma,
  regularizedIncompleteBeta,
  studentTTwoSidedP,
  twoProportionSignificant,
  welchSignificant,
  wilson,
} from "../../analytics/stats";
import { type Suppression, suppress, type UnitTree } from "../../analytics/suppress";

const parts = (n: number): CellParts => ({
  n,
  waves: 1,
  scaleAnswers: n,
  sumValue: 0,
  sumSquares: 0,
  sumIndex: 0,
  favourable: 0,
  unfavourable: 0,
  enpsAnswers: 0,
  promoters: 0,
  detractors: 0,
});

/** "A/X:7" is the cell with key ["A", "X"] and n = 7. */
const cells = (...specs: string[]): Cell[] =>
  specs.map((s) => {
    const [key, n] = s.split(":") as [string, string];
    return { key: key === "" ? [] : key.split("/"), parts: parts(Number(n)) };
  });

const B: Suppression = "below_min_group_size";
const C: Suppression = "complementary";

describe("suppress", () => {
  const cases: { name: string; cells: Cell[]; min?: number; reasons: (Suppression | null)[] }[] = [
    { name: "no dimensions, small total: primary only", cells: cells(":3"), reasons: [B] },
    { name: "no dimensions, total at the minimum", cells: cells(":5"), reasons: [null] },
    { name: "no rows at all", cells: [], reasons: [] },
    {
      name: "one dimension, nothing small",
      cells: cells("A:5", "B:9", "C:20"),
      reasons: [null, null, null],
    },
    {
      name: "one dimension, one small cell: the next smallest hides too",
      cells: cells("A:12", "B:3", "C:10"),
      reasons: [null, B, C],
    },
    {
      name: "one dimension, two small cells: nothing more to hide",
      cells: cells("A:3", "B:4", "C:10"),
      reasons: [B, B, null],
    },
    {
      name: "one dimension, a tie for the next smallest: the first in result order",
      cells: cells("A:2", "B:6", "C:6"),
      reasons: [B, C, null],
    },
    {
      name: "one dimension, only two cells: both hidden",
      cells: cells("A:4", "B:40"),
      reasons: [B, C],
    },
    {
      name: "a raised minimum counts as the minimum",
      cells: cells("A:7", "B:8", "C:9"),
      min: 8,
      reasons: [B, C, null],
    },
    {
      name: "a lone cell in its sibling sets stays the only hidden one (no visible sibling)",
      cells: cells("A/X:2", "B/Y:10"),
      reasons: [B, null],
    },
    {
      name: "two dimensions: a small cell hides one sibling along each dimension, then their siblings",
      // rows A/B × columns X/Y/Z; AX is small. Column X hides BX, row A hides AY (10), row B then has BX alone
      // hidden and hides BY (9): every row and column ends with two hidden or none.
      cells: cells("A/X:2", "A/Y:10", "A/Z:20", "B/X:8", "B/Y:9", "B/Z:30"),
      reasons: [B, C, null, C, C, null],
    },
    {
      name: "two dimensions: repeated until stable, here until everything is hidden",
      // Pass 1 hides BX (column X), AY (row A) and BZ (row B); that leaves columns Y and Z with one hidden
      // each, so pass 2 hides BY and AZ; pass 3 changes nothing.
      cells: cells("A/X:2", "A/Y:10", "A/Z:20", "B/X:8", "B/Y:30", "B/Z:9"),
      reasons: [B, C, C, C, C, C],
    },
    {
      name: "two dimensions: three small cells of four; the fourth hides too",
      cells: cells("A/X:2", "A/Y:3", "B/X:1", "B/Y:40"),
      reasons: [B, B, B, C],
    },
    {
      name: "three dimensions: siblings differ in exactly one dimension",
      // A/X/p is small: its siblings are B/X/p (dimension 1), A/Y/p (dimension 2) and A/X/q (dimension 3).
      cells: cells("A/X/p:1", "B/X/p:6", "A/Y/p:7", "A/X/q:8", "B/Y/q:5"),
      reasons: [B, C, C, C, null],
    },
  ];
  it.each(cases)("$name", ({ cells: input, min, reasons }) => {
    expect(suppress(input, min ?? 5)).toEqual(reasons);
  });

  it("does not change the cells it is given", () => {
    const input = cells("A:2", "B:6");
    const copy = structuredClone(input);
    suppress(input, 5);
    expect(input).toEqual(copy);
  });
});

describe("suppress: hidden cells that hold fewer than the minimum together", () => {
  // A set with exactly one hidden cell, or with hidden cells of fewer than the minimum responses in total, hides
  // its smallest visible cell too (ties: the first in result order), until neither holds.
  const cases: {
    name: string;
    cells: Cell[];
    min?: number;
    already?: (Suppression | null)[];
    reasons: (Suppression | null)[];
  }[] = [
    {
      name: "two small cells of 4 together: the next smallest hides too",
      cells: cells("A:1", "B:3", "C:10", "D:7"),
      reasons: [B, B, null, C],
    },
    {
      name: "two small cells of 5 together: nothing more to hide",
      cells: cells("A:2", "B:3", "C:10"),
      reasons: [B, B, null],
    },
    {
      name: "three small cells of 4 together: one more",
      cells: cells("A:1", "B:1", "C:2", "D:8", "E:6"),
      reasons: [B, B, B, null, C],
    },
    {
      name: "a tie for the next smallest beside them: the first in result order",
      cells: cells("A:1", "B:2", "C:6", "D:6"),
      reasons: [B, B, C, null],
    },
    {
      name: "a raised minimum: 3 + 4 is fewer than 8, one more hides",
      cells: cells("A:3", "B:4", "C:9", "D:12"),
      min: 8,
      reasons: [B, B, C, null],
    },
    {
      name: "a raised minimum: 3 + 4 holds a minimum of 7",
      cells: cells("A:3", "B:4", "C:9", "D:12"),
      min: 7,
      reasons: [B, B, null, null],
    },
    {
      name: "one cell hidden beforehand, though of the minimum or more, still takes the next smallest",
      cells: cells("A:9", "B:7", "C:8"),
      already: [C, null, null],
      reasons: [C, C, null],
    },
    {
      name: "a small cell beside one hidden beforehand: 2 + 7 together, nothing more",
      cells: cells("A:2", "B:7", "C:8"),
      already: [null, C, null],
      reasons: [B, C, null],
    },
    {
      name: "two dimensions: a column of two small cells short of the minimum, then every row",
      // Column X holds 1 + 2 hidden: C/X (9) hides too. Each row then has one hidden cell, so its Y cell hides.
      // (Two hidden cells used to be enough: only A/Y and B/Y hid.)
      cells: cells("A/X:1", "B/X:2", "C/X:9", "A/Y:9", "B/Y:9", "C/Y:9"),
      reasons: [B, B, C, C, C, C],
    },
  ];
  it.each(cases)("$name", ({ cells: input, min, already, reasons }) => {
    expect(suppress(input, min ?? 5, already)).toEqual(reasons);
  });
});

describe("suppress: sibling sets along the unit tree", () => {
  // p has the children a and d; a the children s and u; s the child t. A unit's subtree total is public (a roll-up
  // or a unit filter shows it), so the cells inside each unit's subtree (equal in the other dimensions) are a set.
  const paths: Record<string, string> = {
    p: "/p/",
    a: "/p/a/",
    d: "/p/d/",
    s: "/p/a/s/",
    u: "/p/a/u/",
    t: "/p/a/s/t/",
  };
  const tree = (dimension: number): UnitTree => ({ dimension, pathOf: (id) => paths[id] });
  const cases: { name: string; cells: Cell[]; trees: UnitTree[]; reasons: (Suppression | null)[] }[] = [
    {
      name: "a lone small unit: the smallest beside it, then down the subtree",
      // The unit set hides s (6, the smallest). a's subtree {a, s, t} then holds 7 hidden, but s's subtree {s, t}
      // holds one hidden cell, s: t hides too (s's total less t would give s).
      cells: cells("a:1", "d:20", "p:9", "s:6", "t:7"),
      trees: [tree(0)],
      reasons: [B, null, null, C, C],
    },
    {
      name: "the same cells without the tree: only the unit set",
      cells: cells("a:1", "d:20", "p:9", "s:6", "t:7"),
      trees: [],
      reasons: [B, null, null, C, null],
    },
    {
      name: "a subtree whose hidden cells hold fewer than the minimum hides one more inside it",
      // The unit set holds 3 + 1 + 2 hidden: enough. a's subtree {a, s, u} holds 1 + 2: a, its one visible cell,
      // hides (a's total less a would give s and u together).
      cells: cells("a:9", "d:3", "p:8", "s:1", "u:2"),
      trees: [tree(0)],
      reasons: [C, B, null, B, B],
    },
    {
      name: "the same cells without the tree: the unit set holds 6, nothing more",
      cells: cells("a:9", "d:3", "p:8", "s:1", "u:2"),
      trees: [],
      reasons: [null, B, null, B, B],
    },
    {
      name: "a subtree whose hidden cells hold the minimum together is left as it is",
      // s and u hold 2 + 3 in the unit set and in a's subtree {a, s, u}; their own subtrees are single cells.
      cells: cells("a:9", "d:7", "p:8", "s:2", "u:3"),
      trees: [tree(0)],
      reasons: [null, null, null, B, B],
    },
    {
      name: "a subtree set holds only cells equal in the other dimensions (here the unit is the second)",
      // a's subtree in x is x/a alone: y's s and t are another set and hide nothing.
      cells: cells("x/a:1", "y/s:6", "y/t:7"),
      trees: [tree(1)],
      reasons: [B, null, null],
    },
  ];
  it.each(cases)("$name", ({ cells: input, trees, reasons }) => {
    expect(suppress(input, 5, undefined, trees)).toEqual(reasons);
  });
});

describe("wilson", () => {
  const round4 = (x: [number, number] | null) =>
    x === null ? null : x.map((v) => Math.round(v * 10_000) / 10_000);
  const cases: { k: number; n: number; interval: [number, number] | null }[] = [
    { k: 8, n: 10, interval: [0.4902, 0.9433] },
    { k: 5, n: 10, interval: [0.2366, 0.7634] },
    { k: 0, n: 10, interval: [0, 0.2775] },
    { k: 10, n: 10, interval: [0.7225, 1] },
    { k: 1, n: 1, interval: [0.2065, 1] },
    { k: 50, n: 100, interval: [0.4038, 0.5962] },
    { k: 81, n: 263, interval: [0.2553, 0.3662] },
    { k: 0, n: 0, interval: null },
  ];
  it.each(cases)("$k of $n", ({ k, n, interval }) => {
    expect(round4(wilson(k, n))).toEqual(interval);
  });

  it("stays inside [0, 1] and around the share", () => {
    for (let n = 1; n <= 40; n++) {
      for (let k = 0; k <= n; k++) {
        const [lo, hi] = wilson(k, n) as [number, number];
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        // Rounding leaves the lower end of 0 of n a few 1e-17 above 0.
        expect(lo).toBeLessThanOrEqual(k / n + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(k / n - 1e-12);
      }
    }
  });
});

describe("twoProportionSignificant (pooled z, two-sided, 95 %)", () => {
  // z = |p1 − p2| / sqrt(p(1−p)(1/n1 + 1/n2)) with the pooled p, against 1.96.
  const cases: { name: string; args: [number, number, number, number]; significant: boolean | null }[] = [
    // p = 0.375, se = 0.068465, z = 0.15 / 0.068465 = 2.191
    { name: "45/100 vs 30/100: z = 2.19", args: [45, 100, 30, 100], significant: true },
    // p = 0.35, se = 0.067454, z = 0.10 / 0.067454 = 1.482
    { name: "40/100 vs 30/100: z = 1.48", args: [40, 100, 30, 100], significant: false },
    // Either side of 1.96: p = 0.5, se = sqrt(0.25 · 0.004) = 0.031623; z = 0.064 / se = 2.024, 0.06 / se = 1.897
    { name: "266/500 vs 234/500: z = 2.02", args: [266, 500, 234, 500], significant: true },
    { name: "265/500 vs 235/500: z = 1.90", args: [265, 500, 235, 500], significant: false },
    { name: "equal shares", args: [3, 10, 30, 100], significant: false },
    { name: "all favourable on both sides: nothing to test", args: [10, 10, 20, 20], significant: false },
    { name: "none favourable on both sides", args: [0, 10, 0, 20], significant: false },
    { name: "one side without answers", args: [0, 0, 5, 10], significant: null },
  ];
  it.each(cases)("$name", ({ args, significant }) => {
    expect(twoProportionSignificant(...args)).toBe(significant);
  });
});

describe("welchSignificant (two-sided, 95 %)", () => {
  const moments = (values: number[]) => ({
    n: values.length,
    sum: values.reduce((s, v) => s + v, 0),
    sumSquares: values.reduce((s, v) => s + v * v, 0),
  });
  const cases: { name: string; a: number[]; b: number[]; significant: boolean | null }[] = [
    // means 3 and 6, variances 2.5 and 2.5: t = −3 / sqrt(0.5 + 0.5) = −3, df = 8, p = 0.0171
    { name: "1..5 vs 4..8: t = −3, df = 8", a: [1, 2, 3, 4, 5], b: [4, 5, 6, 7, 8], significant: true },
    // means 3 and 4: t = −1, df = 8, p = 0.347
    { name: "1..5 vs 2..6: t = −1, df = 8", a: [1, 2, 3, 4, 5], b: [2, 3, 4, 5, 6], significant: false },
    // means 2 and 5, variances 1 and 4, n 3 and 3: t = −3 / sqrt(1/3 + 4/3) = −2.324, df = 2.94: p = 0.104
    { name: "unequal variances: t = −2.32, df = 2.94", a: [1, 2, 3], b: [3, 5, 7], significant: false },
    { name: "no spread, equal means", a: [4, 4, 4], b: [4, 4], significant: false },
    { name: "no spread, different means", a: [4, 4, 4], b: [5, 5], significant: true },
    { name: "one side with a single answer", a: [4], b: [1, 2, 3], significant: null },
  ];
  it.each(cases)("$name", ({ a, b, significant }) => {
    expect(welchSignificant(moments(a), moments(b))).toBe(significant);
  });
});

describe("Student's t and the incomplete beta", () => {
  // Two-sided critical values from the t table: P(|T| > t) for df degrees of freedom.
  const tTable: { t: number; df: number; p: number }[] = [
    { t: 2.086, df: 20, p: 0.05 },
    { t: 2.228, df: 10, p: 0.05 },
    { t: 12.706, df: 1, p: 0.05 },
    { t: 3.169, df: 10, p: 0.01 },
    { t: 1.725, df: 20, p: 0.1 },
    { t: 2.704, df: 40, p: 0.01 },
    { t: 1.96, df: 1e6, p: 0.05 },
    { t: 3, df: 8, p: 0.01707 },
    { t: 1, df: 8, p: 0.3466 },
  ];
  it.each(tTable)("t = $t, df = $df → p ≈ $p", ({ t, df, p }) => {
    expect(studentTTwoSidedP(t, df)).toBeCloseTo(p, 3);
    expect(studentTTwoSidedP(-t, df)).toBeCloseTo(p, 3);
  });

  it("t = 0 gives p = 1", () => {
    expect(studentTTwoSidedP(0, 7)).toBe(1);
  });

  const betaCases: { x: number; a: number; b: number; value: number }[] = [
    { x: 0, a: 2, b: 3, value: 0 },
    { x: 1, a: 2, b: 3, value: 1 },
    { x: 0.3, a: 1, b: 1, value: 0.3 },
    // I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b
    { x: 0.6, a: 3, b: 1, value: 0.216 },
    { x: 0.2, a: 1, b: 4, value: 1 - 0.8 ** 4 },
    // I_0.4(2, 3) = Σ_{j=2..4} C(4, j) 0.4^j 0.6^(4−j) = 0.3456 + 0.1536 + 0.0256
    { x: 0.4, a: 2, b: 3, value: 0.5248 },
    // Symmetry: I_0.5(a, a) = 1/2
    { x: 0.5, a: 7.5, b: 7.5, value: 0.5 },
    // The other branch of the continued fraction (x above (a + 1) / (a + b + 2)); value from SciPy's betainc.
    { x: 0.9, a: 10, b: 0.5, value: 0.15164090963471 },
    { x: 0.1, a: 0.5, b: 10, value: 1 - 0.15164090963471 },
  ];
  it.each(betaCases)("I_$x($a, $b) = $value", ({ x, a, b, value }) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(value, 10);
  });

  const gammaCases: { x: number; value: number }[] = [
    { x: 1, value: 0 },
    { x: 2, value: 0 },
    { x: 5, value: Math.log(24) },
    { x: 0.5, value: Math.log(Math.sqrt(Math.PI)) },
    { x: 10.5, value: 13.940625219403763 },
    { x: 0.1, value: 2.2527126517342055 },
  ];
  it.each(gammaCases)("ln Γ($x) = $value", ({ x, value }) => {
    expect(logGamma(x)).toBeCloseTo(value, 12);
  });
});
