// The residual check's pure stages on hand-made counts: the attacker's repeated subtraction (givesAway), a member
// restriction's cut of each cell (memberCut, flat and nested), which restrictions a plan has (restrictionsOf),
// nesting paths and the widening of date ranges to whole months. No database.
import { describe, expect, it } from "vitest";
import type { CatalogueUnit, Snapshot } from "../../analytics/catalogue";
import type { CompilePlan } from "../../analytics/compile";
import { periodPath } from "../../analytics/nesting";
import { givesAway, memberCut } from "../../analytics/residual";
import { restrictionsOf } from "../../analytics/restrictions";
import { wholeMonths } from "../../analytics/validate";

describe("givesAway: subtraction repeated until nothing more is learnt", () => {
  const cases: {
    name: string;
    n: number[];
    hidden: boolean[];
    sets: number[][];
    itemLevel?: boolean;
    gives: boolean;
  }[] = [
    {
      name: "a set with one small hidden value gives it",
      n: [2, 9],
      hidden: [true, false],
      sets: [[0, 1]],
      gives: true,
    },
    {
      name: "two hidden values of 5 together stay a block",
      n: [2, 3, 9],
      hidden: [true, true, false],
      sets: [[0, 1, 2]],
      gives: false,
    },
    {
      name: "hidden values of fewer than 5 together give their sum",
      n: [1, 3, 9],
      hidden: [true, true, false],
      sets: [[0, 1, 2]],
      gives: true,
    },
    {
      // {1, 2} learns 1 (a complementary 6): then {0, 1} holds one hidden value, the small one.
      name: "a complementary value learnt in one set gives a small one in the next",
      n: [2, 6, 9],
      hidden: [true, true, false],
      sets: [
        [0, 1],
        [1, 2],
      ],
      gives: true,
    },
    {
      name: "a complementary value learnt where no small one depends on it gives nothing",
      n: [2, 6, 9, 4],
      hidden: [true, true, false, true],
      sets: [
        [0, 1, 3],
        [1, 2],
      ],
      gives: false,
    },
    {
      // Per answer, one respondent may be under both values: together they may be as few as the larger.
      name: "per answer, hidden values count as their largest, not their sum",
      n: [3, 4, 9],
      hidden: [true, true, false],
      sets: [[0, 1, 2]],
      itemLevel: true,
      gives: true,
    },
  ];
  it.each(cases)("$name", ({ n, hidden, sets, itemLevel, gives }) => {
    expect(givesAway(n, hidden, sets, 5, itemLevel ?? false)).toBe(gives);
  });
});

describe("memberCut: what a restriction leaves out of each cell", () => {
  const atom = (cell: string, value: string, n: number) => ({ key: [cell, value], parts: { n } });
  // Cell x: groups a 20, b 2 (small), c 10. Cell y: groups a 20, c 10.
  const atoms = [
    atom("x", "a", 20),
    atom("x", "b", 2),
    atom("x", "c", 10),
    atom("y", "a", 20),
    atom("y", "c", 10),
  ];
  const cells = [{ key: ["x"] }, { key: ["y"] }];
  const cases: { name: string; passes: (v: string) => boolean; cut: boolean[] }[] = [
    // The whole less a and c would give b: b's sibling c (the smallest) hides with it, and a shown alone is safe.
    { name: "is a: the hidden pair b and c stays outside", passes: (v) => v === "a", cut: [false, false] },
    {
      name: "is c: c is b's complementary, shown alone it gives b",
      passes: (v) => v === "c",
      cut: [true, false],
    },
    { name: "is_not b: the whole less this is b", passes: (v) => v !== "b", cut: [true, false] },
    { name: "is a or c: the same", passes: (v) => v === "a" || v === "c", cut: [true, false] },
    {
      name: "is b or c: the pair together holds 12",
      passes: (v) => v === "b" || v === "c",
      cut: [false, false],
    },
  ];
  it.each(cases)("$name", ({ passes, cut }) => {
    expect(memberCut(cells, atoms, { passes, itemLevel: false }, 5)).toEqual(cut);
  });

  // Units: plant (own 10) → area (own 2, small) → team (20); plant → other (9). A subtree's total is public.
  const paths: Record<string, string> = {
    plant: "/plant/",
    area: "/plant/area/",
    team: "/plant/area/team/",
    other: "/plant/other/",
  };
  const units = [atom("", "plant", 10), atom("", "area", 2), atom("", "team", 20), atom("", "other", 9)].map(
    (a) => ({ key: [a.key[1] as string], parts: a.parts }),
  );
  const unitCases: { name: string; selected: string[]; cut: boolean }[] = [
    { name: "within area (area and team): the block of both", selected: ["area", "team"], cut: false },
    { name: "within team: area's subtree less it is area's own two", selected: ["team"], cut: true },
    { name: "within other: the whole less it still hides area with team", selected: ["other"], cut: false },
    { name: "is_not area: the whole less it is area's two", selected: ["plant", "team", "other"], cut: true },
  ];
  it.each(unitCases)("$name", ({ selected, cut }) => {
    expect(
      memberCut(
        [{ key: [] }],
        units,
        { passes: (v) => selected.includes(v), pathOf: (v) => paths[v], itemLevel: false },
        5,
      ),
    ).toEqual([cut]);
  });
});

describe("restrictionsOf: the restrictions that can cut a cell", () => {
  const unit = (id: string, parentId: string | null, path: string, level: number): CatalogueUnit => ({
    id,
    parentId,
    level,
    path,
    headcount: 1,
    label: id,
  });
  const snap = {
    units: new Map(
      [
        unit("plant", null, "/plant/", 0),
        unit("area-1", "plant", "/plant/area-1/", 1),
        unit("st-1", "area-1", "/plant/area-1/st-1/", 2),
      ].map((u) => [u.id, u]),
    ),
    items: new Map(),
    waves: [{ id: "w1" }, { id: "w2" }],
  } as unknown as Snapshot;
  const base: CompilePlan = {
    surveyId: "s",
    scopePath: "/plant/",
    waveIds: null,
    dateRange: null,
    tzOffsetMinutes: 480,
    dimensions: [],
    filters: [],
  };
  const lifted = (plan: Partial<CompilePlan>) =>
    restrictionsOf({ ...base, ...plan }, snap).map((r) => r.lifted.dimensions.at(-1)?.name);
  const cases: { name: string; plan: Partial<CompilePlan>; lifted: (string | undefined)[] }[] = [
    { name: "the root's scope and no filter: none", plan: {}, lifted: [] },
    { name: "a scope below the root: the unit", plan: { scopePath: "/plant/area-1/" }, lifted: ["unit"] },
    {
      name: "a scope under a unit dimension: none (each unit is in or out)",
      plan: {
        scopePath: "/plant/area-1/",
        dimensions: [{ name: "unit", registryKey: "unit", unit: { mode: "own" } }],
      },
      lifted: [],
    },
    {
      name: "within area-1 under unit:level_1: none (each area is in or out)",
      plan: {
        filters: [{ member: "unit", operator: "within", paths: ["/plant/area-1/"] }],
        dimensions: [{ name: "unit:level_1", registryKey: "unit:level", unit: { mode: "level", level: 1 } }],
      },
      lifted: [],
    },
    {
      name: "within st-1 under unit:level_1: the unit (area-1 is cut)",
      plan: {
        filters: [{ member: "unit", operator: "within", paths: ["/plant/area-1/st-1/"] }],
        dimensions: [{ name: "unit:level_1", registryKey: "unit:level", unit: { mode: "level", level: 1 } }],
      },
      lifted: ["unit"],
    },
    { name: "a wave list: the wave", plan: { waveIds: ["w1"] }, lifted: ["wave"] },
    { name: "a wave list of every wave: none", plan: { waveIds: ["w1", "w2"] }, lifted: [] },
    {
      name: "within the root: none (it keeps every unit)",
      plan: { filters: [{ member: "unit", operator: "within", paths: ["/plant/"] }] },
      lifted: [],
    },
    {
      name: "a wave list under the wave dimension: none",
      plan: { waveIds: ["w1"], dimensions: [{ name: "wave", registryKey: "wave" }] },
      lifted: [],
    },
    {
      name: "group and topic filters: each",
      plan: {
        filters: [
          { member: "group", operator: "is", values: ["staff"] },
          { member: "topic", operator: "is_not", values: ["pay"] },
        ],
      },
      lifted: ["group", "topic"],
    },
    {
      name: "a topic filter under the question dimension: none (a question lies in one topic)",
      plan: {
        filters: [{ member: "topic", operator: "is", values: ["pay"] }],
        dimensions: [{ name: "question", registryKey: "question" }],
      },
      lifted: [],
    },
    {
      name: "a date range: its months",
      plan: { dateRange: ["2026-10-01", "2026-11-30"] },
      lifted: ["period:month"],
    },
    {
      name: "whole quarters under period:quarter: none",
      plan: {
        dateRange: ["2026-07-01", "2026-12-31"],
        dimensions: [{ name: "period:quarter", registryKey: "period:quarter" }],
      },
      lifted: [],
    },
  ];
  it.each(cases)("$name", ({ plan, lifted: expected }) => {
    expect(lifted(plan)).toEqual(expected);
  });
});

describe("nesting and date ranges", () => {
  it.each([
    ["2026-07", "/2026/2026-Q3/2026-07/"],
    ["2026-12", "/2026/2026-Q4/2026-12/"],
    ["2026-Q1", "/2026/2026-Q1/"],
    ["2026", undefined],
  ])("period %s nests as %s", (key, path) => {
    expect(periodPath(key)).toBe(path);
  });

  it.each([
    [["2026-10-01", "2026-12-31"], ["2026-10-01", "2026-12-31"], 0],
    [["2026-10-15", "2026-10-20"], ["2026-10-01", "2026-10-31"], 1],
    [["2026-02-03", "2028-02-03"], ["2026-02-01", "2028-02-29"], 1],
  ] as [[string, string], [string, string], number][])("widens %j to %j", (range, widened, warned) => {
    const warnings: string[] = [];
    expect(wholeMonths(range, warnings)).toEqual(widened);
    expect(warnings).toHaveLength(warned);
  });
});

describe("memberCut, strict: parts of a coarse count (more units than the engine counts one by one)", () => {
  // R (own 2) → A (9: A1 6 and A2 3 inside, counted as one part) and B (B1 12, B2 3); the query is `unit is B1`.
  // A level_1 breakdown shows B (15) and `is B1` shows 12: B less B1 is B2's three. Judging the parts by how
  // they would hide among themselves shows A (9) and so took B's total for hidden; strictly, B's total is public.
  const paths: Record<string, string> = { R: "/R/", A: "/R/A/", B1: "/R/B/B1/", B2: "/R/B/B2/" };
  const atoms = [
    { key: ["safety", "R"], parts: { n: 2 } },
    { key: ["safety", "A"], parts: { n: 9 } },
    { key: ["safety", "B1"], parts: { n: 12 } },
    { key: ["safety", "B2"], parts: { n: 3 } },
  ];
  const r = { passes: (id: string) => id === "B1", pathOf: (id: string) => paths[id], itemLevel: false };
  const cells = [{ key: ["safety"] }];

  it("hides the cell a subtree total less it would give away", () => {
    expect(memberCut(cells, atoms, r, 5, true)).toEqual([true]);
  });

  it("leaves a cell alone when every part left out holds the minimum", () => {
    const big = atoms.map((a) => ({ ...a, parts: { n: Math.max(a.parts.n, 5) } }));
    expect(memberCut(cells, big, r, 5, true)).toEqual([false]);
  });
});
