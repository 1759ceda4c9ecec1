// compile: pure (same plan, same SQL; the plan untouched), SQL names only from the registry, every value only as
// a bound parameter — hostile strings included, which then still run and select nothing they should not.
// First: the fixture loads the app, whose analytics route calls .openapi() on the engine's zod schema; zod-openapi
// has to extend zod before analytics/query.ts builds it.
import "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompilePlan, compile, type PlannedDimension } from "../../analytics/compile";
import { dimensionRegistry, partsSql } from "../../analytics/registry";
import { queryRows } from "../../server/storage/database";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-10-15T00:00:00Z");

const base: CompilePlan = {
  surveyId: "plant-satisfaction",
  scopePath: "/plant/",
  waveIds: null,
  dateRange: null,
  tzOffsetMinutes: 480,
  dimensions: [],
  filters: [],
};
const plan = (over: Partial<CompilePlan>): CompilePlan => ({ ...base, ...over });

const hostile = {
  survey: "plant-satisfaction' OR '1'='1",
  scope: "/plant/' OR starts_with(path, '/",
  wave: "wave-open'); DROP TABLE answers; --",
  unit: "team-1' OR 1=1 --",
  path: "/plant/%'; DELETE FROM responses; --",
  topic: 'safety" OR topic IS NULL --',
  question: "enps' UNION SELECT * FROM users --",
  group: "staff' OR '1'='1",
  channel: "online\\'; SELECT 1; --",
  parent: "area-1'))) OR ((('1'='1",
  name: "d0 FROM facts; DROP TABLE units; --",
};

/** A plan using every kind of value compile takes, each one hostile. */
const everything = (v: typeof hostile): CompilePlan => ({
  surveyId: v.survey,
  scopePath: v.scope,
  waveIds: [v.wave, "wave-closed"],
  dateRange: ["2026-07-01", "2026-12-31"],
  tzOffsetMinutes: 480,
  dimensions: [
    { name: v.name, registryKey: "topic" },
    { name: "unit:level_1", registryKey: "unit:level", unit: { mode: "level", level: 1 } },
    { name: "unit", registryKey: "unit", unit: { mode: "subtree", unitIds: [v.parent, "st-1"] } },
  ],
  filters: [
    { member: "unit", operator: "is_not", unitIds: [v.unit] },
    { member: "unit", operator: "within", paths: [v.path, "/plant/"] },
    { member: "topic", operator: "is_not", values: [v.topic] },
    { member: "question", operator: "is_not", values: [v.question] },
    { member: "group", operator: "is_not", values: [v.group] },
    { member: "channel", operator: "is_not", values: [v.channel] },
  ],
});

describe("compile is pure", () => {
  it("gives the same SQL and parameters for the same plan, and leaves the plan as it was", () => {
    const p = everything(hostile);
    const before = structuredClone(p);
    const first = compile(p);
    expect(compile(p)).toEqual(first);
    expect(p).toEqual(before);
  });

  it("writes SQL that does not depend on the values, only on how many there are", () => {
    const other = Object.fromEntries(
      Object.entries(hostile).map(([k, v]) => [k, `${k}-${v.length}`]),
    ) as typeof hostile;
    const a = compile(everything(hostile));
    const b = compile(everything(other));
    expect(b.sql).toBe(a.sql);
    expect(b.params).not.toEqual(a.params);
    expect(b.params.length).toBe(a.params.length);
  });
});

describe("every value is a bound parameter", () => {
  const compiled = compile(everything(hostile));
  it.each(Object.entries(hostile))("%s never appears in the SQL text", (_, value) => {
    expect(compiled.sql).not.toContain(value);
  });
  it.each(Object.entries(hostile).filter(([k]) => k !== "name"))("%s is a parameter", (_, value) => {
    expect(compiled.params).toContain(value);
  });
  it("binds the dates, the level and the time zone too", () => {
    expect(compiled.params).toEqual(expect.arrayContaining(["2026-07-01", "2026-12-31", 1, 480, "st-1"]));
    expect(compiled.sql).not.toContain("2026-07-01");
    expect(compiled.sql).not.toContain("480");
  });
  it("names result columns d0, d1, … whatever the dimension is called", () => {
    expect(compiled.dimensionColumns).toEqual(["d0", "d1", "d2"]);
    expect(compiled.partColumns).toContain("n");
  });
});

describe("SQL names come from the registry", () => {
  // Mark each registry entry and look for the mark in the SQL: the text can only have come from the entry.
  const plain = (Object.keys(dimensionRegistry) as (keyof typeof dimensionRegistry)[]).filter(
    (k) => !k.startsWith("unit"),
  );
  it.each(plain)("dimension %s", (key) => {
    const entry = dimensionRegistry[key];
    const original = entry.sql;
    entry.sql = `${original} /* registry ${key} */`;
    try {
      const { sql } = compile(plan({ dimensions: [{ name: key, registryKey: key }] }));
      expect(sql).toContain(`/* registry ${key} */`);
    } finally {
      entry.sql = original;
    }
  });

  it.each(Object.keys(partsSql) as (keyof typeof partsSql)[])("part %s", (key) => {
    const original = partsSql[key];
    partsSql[key] = `${original} /* registry ${key} */`;
    try {
      const compiled = compile(plan({ dimensions: [{ name: "group", registryKey: "group" }] }));
      if (compiled.partColumns.includes(key)) expect(compiled.sql).toContain(`/* registry ${key} */`);
      else expect(compiled.sql).not.toContain(`/* registry ${key} */`);
    } finally {
      partsSql[key] = original;
    }
  });
});

describe("compiled queries on DuckDB", () => {
  let fixture: Fixture;
  const rows: SeedResponse[] = [
    ...[5, 4, 3, 2, 1, 4].map(
      (v, i): SeedResponse => ({
        no: i + 1,
        wave: "wave-open",
        unit: i < 3 ? "team-1" : "dept-hr",
        group: i % 2 === 0 ? "staff" : "office_staff",
        channel: "online",
        at: `2026-10-2${i}T03:00:00Z`,
        answers: { safety_responsibility: v, pay_income: 6 - v, enps: 2 * v },
      }),
    ),
    {
      no: 7,
      wave: "wave-closed",
      unit: "st-1",
      group: "staff",
      channel: "paper",
      // 23:30 local time on 30 September: still the third quarter.
      at: "2026-09-30T15:30:00Z",
      answers: { safety_responsibility: 4 },
    },
  ];
  beforeAll(async () => {
    fixture = await prepareDatabase(":memory:", now);
    await insertResponses(fixture.db, rows);
  });
  afterAll(() => fixture.db.close());

  const run = async (p: CompilePlan) => {
    const c = compile(p);
    return queryRows<Record<string, unknown>>(fixture.db.read, c.sql, c.params);
  };
  const total = async (p: CompilePlan) => ((await run(p))[0] as { n: number }).n;

  it("selects nothing for hostile values with is, everything for them with is_not, and drops nothing", async () => {
    const all = await total(base);
    expect(all).toBe(7);
    const filters: CompilePlan["filters"] = [
      { member: "unit", operator: "is", unitIds: [hostile.unit] },
      { member: "unit", operator: "within", paths: [hostile.path] },
      { member: "topic", operator: "is", values: [hostile.topic] },
      { member: "question", operator: "is", values: [hostile.question] },
      { member: "group", operator: "is", values: [hostile.group] },
      { member: "channel", operator: "is", values: [hostile.channel] },
      { member: "wave", operator: "is", values: [hostile.wave] },
    ];
    for (const f of filters) {
      expect(await total(plan({ filters: [f] })), JSON.stringify(f)).toBe(0);
      const negated = f.operator === "is" && "values" in f ? { ...f, operator: "is_not" as const } : null;
      if (negated) expect(await total(plan({ filters: [negated] })), JSON.stringify(negated)).toBe(all);
    }
    expect(
      await total(plan({ filters: [{ member: "unit", operator: "is_not", unitIds: [hostile.unit] }] })),
    ).toBe(all);
    expect(await total(plan({ surveyId: hostile.survey }))).toBe(0);
    expect(await total(plan({ scopePath: hostile.scope }))).toBe(0);
    expect(await total(plan({ waveIds: [hostile.wave] }))).toBe(0);
    expect(await run(everything(hostile))).toEqual([]);
    const [counts] = await queryRows(
      fixture.db.read,
      "SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM answers) AS answers, (SELECT count(*) FROM units) AS units",
    );
    expect(counts).toEqual({ responses: 7, answers: 19, units: 5 });
  });

  it("returns one column per dimension, named as compile says, keyed by the registry's expressions", async () => {
    const dimensions: PlannedDimension[] = [
      { name: "topic", registryKey: "topic" },
      { name: "unit:level_1", registryKey: "unit:level", unit: { mode: "level", level: 1 } },
      { name: "period:quarter", registryKey: "period:quarter" },
    ];
    const c = compile(plan({ dimensions }));
    const result = await queryRows<Record<string, unknown>>(fixture.db.read, c.sql, c.params);
    expect(c.dimensionColumns).toEqual(["d0", "d1", "d2"]);
    // The period key's form is compile's business (format makes the label): two quarters, the lone response apart.
    const cells = result.map((r) => `${r.d0}|${r.d1}|${r.n}`).sort();
    const quarters = new Set(result.map((r) => String(r.d2)));
    expect(quarters.size).toBe(2);
    const lone = result.find((r) => r.n === 1);
    expect(result.filter((r) => r.d2 === lone?.d2)).toHaveLength(1);
    expect(cells).toEqual([
      "pay|area-1|3",
      "pay|dept-hr|3",
      "safety|area-1|1",
      "safety|area-1|3",
      "safety|dept-hr|3",
    ]);
  });

  it("selects nothing for an empty wave list: a literal false, no wave parameter", async () => {
    const empty = compile(plan({ waveIds: [] }));
    const every = compile(plan({ waveIds: null }));
    expect(empty.sql).toMatch(/\bfalse\b/);
    expect(every.sql).not.toMatch(/\bfalse\b/);
    expect(empty.params).toEqual(every.params);
    expect(empty.params).not.toContain("wave-open");
    expect(await total(plan({ waveIds: [] }))).toBe(0);
    expect(await total(plan({ waveIds: null }))).toBe(7);
    expect(await total(plan({ waveIds: ["wave-closed"] }))).toBe(1);
    expect(await run(plan({ waveIds: [], dimensions: [{ name: "wave", registryKey: "wave" }] }))).toEqual([]);
  });

  it("keeps the eNPS item (no topic) out of topic cells and in is_not topic filters", async () => {
    const byTopic = await run(plan({ dimensions: [{ name: "topic", registryKey: "topic" }] }));
    expect(byTopic.map((r) => [r.d0, r.n, r.enpsAnswers])).toEqual([
      ["pay", 6, 0],
      ["safety", 7, 0],
    ]);
    const notPay = await run(plan({ filters: [{ member: "topic", operator: "is_not", values: ["pay"] }] }));
    expect(notPay.map((r) => [r.n, r.scaleAnswers, r.enpsAnswers])).toEqual([[7, 7, 6]]);
  });
});
