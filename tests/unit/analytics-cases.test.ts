// Case figures end to end on a real DuckDB: a fixed set of cases made through the real lifecycle steps on fixed
// clocks (tests/helpers/caseFigureData.ts lists where each ends), read on a fixed day: exact values per cell by
// period, department, unit level and topic, scope, suppression of small cells and of a sibling, the satisfaction
// rate hidden over too few ratings, a merged duplicate judged once against the deadline, filters, bad input.
// zod-openapi has to extend zod before the engine's schemas are built (the fixture loads the app).
import "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileCases } from "../../analytics/cases/compile";
import { runCaseFigures } from "../../analytics/cases/figures";
import { type CaseRow, caseMeasureNames } from "../../analytics/cases/query";
import { QueryError } from "../../analytics/errors";
import { answerCase, approveCase, logMeetingCase, mergeCase, routeCase } from "../../server/cases/lifecycle";
import { addCaseUnits, figuresDay, seedCaseFigures } from "../helpers/caseFigureData";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

let fixture: Fixture;
const plant = { scopeUnitId: "plant" };
const area1 = { scopeUnitId: "area-1" };
const all = [...caseMeasureNames];

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", new Date("2026-08-01T00:00:00Z"));
  await addCaseUnits(fixture.db);
  await seedCaseFigures(fixture.db);
});
afterAll(() => fixture.db.close());

const run = (body: object, viewer = plant, now = figuresDay) =>
  runCaseFigures(fixture.db.analytics, { measures: all, ...body }, viewer, now);

/** received, answered, on_time, overdue, on_time_rate, rated, satisfaction_rate, adopted */
const m = (...v: (number | null)[]) => Object.fromEntries(all.map((name, i) => [name, v[i] ?? null]));
const hiddenMeasures = m();
const cells = (rows: CaseRow[]) =>
  rows.map((r) => [
    Object.values(r.dimensions).join("|"),
    r.n,
    r.suppressed ? (r.reason ?? "?") : r.measures,
  ]);

const q3 = ["2026-07-01", "2026-09-30"] as [string, string];
const q4 = ["2026-10-01", "2026-12-31"] as [string, string];
const fewRatings =
  "satisfaction_rate is hidden in cells with fewer than 5 ratings (or to protect such a cell).";

describe("figures per cell", () => {
  it("counts the whole plant's cases with where each stands today", async () => {
    const res = await run({});
    // c10, merged into c1, is answered but neither on time nor overdue: c1's answer is judged once.
    expect(cells(res.results)).toEqual([["", 20, m(20, 14, 12, 6, 12 / 18, 10, 7 / 10, 1)]]);
    expect(res.meta).toEqual({ minGroupSize: 5, suppressedRows: 0, labels: {}, warnings: [] });
  });

  it("buckets cases by the plant-local quarter they were received in", async () => {
    const res = await run({ dimensions: ["period:quarter"] });
    expect(cells(res.results)).toEqual([
      ["2026-Q3", 5, m(5, 5, 5, 0, 1, 5, 3 / 5, 0)],
      ["2026-Q4", 15, m(15, 9, 7, 6, 7 / 13, 5, 4 / 5, 1)],
    ]);
    expect(res.meta.labels).toEqual({ "period:quarter": { "2026-Q3": "2026-Q3", "2026-Q4": "2026-Q4" } });
  });

  it("judges an unanswered case against the day it is asked; a late answer stays late", async () => {
    const res = await run({ dimensions: ["period:quarter"] }, plant, new Date("2026-11-12T02:00:00Z"));
    // On 12 Nov c5, c6 (due 23 Nov) and c13–c15 (due 16 Nov) are not late yet; c4's answer of 30 Nov is.
    expect(res.results[1]?.measures).toEqual(m(15, 9, 7, 1, 7 / 8, 5, 4 / 5, 1));
  });

  it("groups by the current department; a lone small cell hides the next smallest beside it", async () => {
    const res = await run({ dimensions: ["department"], dateRange: q4 });
    // dept-hr's 7 cases show, but its satisfaction rate rests on 4 ratings (c1–c3, c10) and hides.
    expect(cells(res.results)).toEqual([
      ["dept-hr", 7, m(7, 5, 3, 3, 3 / 6, 4, null, 0)],
      ["dept-safety", 6, "complementary"],
      ["none", 2, "below_min_group_size"],
    ]);
    expect(res.results[1]?.measures).toEqual(hiddenMeasures);
    expect(res.meta.suppressedRows).toBe(2);
    expect(res.meta.warnings).toEqual([fewRatings]);
    expect(res.meta.labels.department).toEqual({
      "dept-hr": { default: "HR", "zh-cn": "人力资源科" },
      "dept-safety": { default: "Safety Department", "zh-cn": "质量安全环保科" },
      none: { default: "Not routed", "zh-cn": "未交办" },
    });
  });

  it("rolls the writer's unit up a level, and hides more when a higher minimum group size is asked", async () => {
    const res = await run({ dimensions: ["unit:level_1"] });
    // area-2's one rating (c12) hides its satisfaction rate, and area-1's hides with it: the plant's 7 / 10 minus
    // area-1's 6 / 9 would give c12's rating away.
    expect(cells(res.results)).toEqual([
      ["area-1", 15, m(15, 12, 10, 3, 10 / 13, 9, null, 1)],
      ["area-2", 5, m(5, 2, 2, 3, 2 / 5, 1, null, 0)],
    ]);
    expect(res.meta.warnings).toEqual([fewRatings]);
    const stricter = await run({ dimensions: ["unit:level_1"], minGroupSize: 6 });
    expect(cells(stricter.results)).toEqual([
      ["area-1", 15, "complementary"],
      ["area-2", 5, "below_min_group_size"],
    ]);
  });

  it("labels cases without a topic and breaks ties by result order when hiding a sibling", async () => {
    const res = await run({ dimensions: ["topic"], dateRange: q4, measures: ["received", "answered"] });
    expect(cells(res.results)).toEqual([
      ["none", 3, "below_min_group_size"],
      ["pay", 6, "complementary"],
      ["safety", 6, { received: 6, answered: 3 }],
    ]);
    expect(res.meta.labels.topic?.none).toEqual({ default: "No topic", "zh-cn": "未定主题" });
  });

  it("filters by category, channel, department and the cases logged without a round", async () => {
    const measures = ["received", "overdue"];
    // The five complaints' figures hide: the plant's total less them and less the demands (both public) would
    // give the one suggestion's.
    expect(
      (await run({ measures, filters: [{ member: "category", operator: "is", values: ["complaint"] }] }))
        .results[0],
    ).toMatchObject({ n: 5, suppressed: true, measures: { received: null, overdue: null } });
    expect(
      (await run({ measures, filters: [{ member: "channel", operator: "is", values: ["meeting"] }] }))
        .results[0]?.n,
    ).toBe(20);
    expect(
      (await run({ measures, filters: [{ member: "wave", operator: "is", values: ["none"] }] })).results[0]
        ?.n,
    ).toBe(20);
    // dept-safety's six hide: the total less them and less dept-hr's (public) would give the two not routed.
    expect(
      (
        await run({
          measures,
          filters: [{ member: "department", operator: "is_not", values: ["dept-hr", "none"] }],
        })
      ).results[0],
    ).toMatchObject({ n: 6, suppressed: true, measures: { received: null, overdue: null } });
    expect(
      (await run({ measures, filters: [{ member: "unit", operator: "within", values: ["area-2"] }] }))
        .results[0]?.n,
    ).toBe(5);
  });
});

describe("satisfaction over few ratings", () => {
  const team1 = [{ member: "unit", operator: "within", values: ["team-1"] }];
  // Q3's cases are q1–q5, all rated; team-1's in Q4 are c1–c10, of which c1–c3 and c10 are rated.
  const rows: [string, object, number, Record<string, number | null>, string[]][] = [
    ["shows it over 5 ratings", { dateRange: q3 }, 5, m(5, 5, 5, 0, 1, 5, 3 / 5, 0), []],
    [
      "hides it over 4 ratings of 10 cases, showing the rest, and says why",
      { filters: team1, dateRange: q4 },
      10,
      m(10, 7, 5, 3, 5 / 8, 4, null, 1),
      [fewRatings],
    ],
    [
      "does not warn when it is not asked for",
      { filters: team1, dateRange: q4, measures: ["received", "rated"] },
      10,
      { received: 10, rated: 4 },
      [],
    ],
  ];
  it.each(rows)("%s", async (_name, body, n, measures, warnings) => {
    const res = await run(body);
    expect(cells(res.results)).toEqual([["", n, measures]]);
    expect(res.meta.warnings).toEqual(warnings);
  });
});

describe("merged duplicates and the deadline", () => {
  let own: Fixture;
  const analyst = { username: "deadline-analyst", role: "analyst", scopeUnitId: "plant" } as const;
  const hr = { username: "deadline-hr", role: "handler", scopeUnitId: "dept-hr" } as const;
  const at = (day: string) => ({ db: own.db, now: new Date(`${day}T02:00:00.000Z`) });

  // Received Mon 2 Nov, due 23 Nov: d1 answered late (30 Nov) and published; d2 unanswered (overdue); d3 merged
  // into d1 and d4 into d2; d5 answered in time (10 Nov) and published.
  beforeAll(async () => {
    own = await prepareDatabase(":memory:", new Date("2026-08-01T00:00:00Z"));
    const made: Record<string, { id: string; number: number }> = {};
    for (const name of ["d1", "d2", "d3", "d4", "d5"]) {
      const { case: c } = await logMeetingCase(at("2026-11-02"), analyst, {
        unitId: "team-1",
        text: `${name} 的诉求`,
        category: "demand",
        topic: "pay",
      });
      made[name] = { id: c.id, number: c.number };
    }
    const id = (name: string) => (made[name] as { id: string }).id;
    const number = (name: string) => (made[name] as { number: number }).number;
    for (const name of ["d1", "d2", "d5"])
      await routeCase(at("2026-11-02"), analyst, id(name), { departmentId: "dept-hr" });
    await mergeCase(at("2026-11-02"), analyst, id("d3"), { into: number("d1") });
    await mergeCase(at("2026-11-02"), analyst, id("d4"), { into: number("d2") });
    await answerCase(at("2026-11-10"), hr, id("d5"), { answer: "答复" });
    await approveCase(at("2026-11-11"), analyst, id("d5"), {});
    await answerCase(at("2026-11-30"), hr, id("d1"), { answer: "答复" });
    await approveCase(at("2026-11-30"), analyst, id("d1"), {});
  });
  afterAll(() => own.db.close());

  it("counts a late case's duplicates as received and answered, but late once", async () => {
    const measures = ["received", "answered", "on_time", "overdue", "on_time_rate"];
    const res = await runCaseFigures(own.db.analytics, { measures }, plant, figuresDay);
    // Overdue: d1 (answered late) and d2 (unanswered), not d3 and d4 with them; on time: d5.
    expect(cells(res.results)).toEqual([
      ["", 5, { received: 5, answered: 3, on_time: 1, overdue: 2, on_time_rate: 1 / 3 }],
    ]);
  });
});

describe("scope", () => {
  it("counts only cases whose writer is in the caller's subtree, whatever department answers them", async () => {
    const total = await run({}, area1);
    // The satisfaction rate hides: the plant's over 10 ratings less area-1's over 9 would be area-2's one rating.
    expect(cells(total.results)).toEqual([["", 15, m(15, 12, 10, 3, 10 / 13, 9, null, 1)]]);
    // Two small departments hide 3 cases together, fewer than 5: the area's total minus dept-hr would show them,
    // so dept-hr hides too.
    const res = await run({ dimensions: ["department"] }, area1);
    expect(cells(res.results)).toEqual([
      ["dept-hr", 12, "complementary"],
      ["dept-safety", 1, "below_min_group_size"],
      ["none", 2, "below_min_group_size"],
    ]);
  });

  it("never rolls up above the scope unit", async () => {
    const res = await run({ dimensions: ["unit:level_0"], measures: ["received"] }, area1);
    expect(cells(res.results)).toEqual([["area-1", 15, { received: 15 }]]);
    expect(res.meta.warnings).toEqual([
      "unit:level_0 is above your scope; rolled up to your scope unit (level 1) instead.",
    ]);
  });

  it("never returns a case's text", async () => {
    const res = await run({ dimensions: ["unit", "topic", "department"] });
    expect(JSON.stringify(res)).not.toContain("诉求");
    expect(JSON.stringify(res)).not.toContain("答复");
  });
});

describe("bad input", () => {
  const refusals: [string, object, { scopeUnitId: string }, string, string, string][] = [
    [
      "no measure",
      { measures: [] },
      plant,
      "invalid_query",
      "measures",
      'Field "measures": Too small: expected array to have >=1 items.',
    ],
    [
      "a survey's dimension",
      { dimensions: ["group"] },
      plant,
      "invalid_query",
      "dimensions/0",
      'Field "dimensions/0": is not a dimension: use unit, unit:level_N, topic, department, category, channel, wave or period:month|quarter|year.',
    ],
    [
      "a breakdown field",
      { surveyId: "plant-satisfaction" },
      plant,
      "invalid_query",
      "",
      "The query has fields a query does not take: surveyId.",
    ],
    [
      "a unit outside the scope",
      { filters: [{ member: "unit", operator: "within", values: ["area-2"] }] },
      area1,
      "unknown_value",
      "filters/0/values/0",
      'There is no unit "area-2".',
    ],
    [
      "a unit that does not exist",
      { filters: [{ member: "unit", operator: "is", values: ["area-9"] }] },
      area1,
      "unknown_value",
      "filters/0/values/0",
      'There is no unit "area-9".',
    ],
    [
      "a unit as a department",
      { filters: [{ member: "department", operator: "is", values: ["team-1"] }] },
      plant,
      "unknown_value",
      "filters/0/values/0",
      'There is no department "team-1"; use an office department, or "none" for cases not routed.',
    ],
    [
      "within on a topic",
      { filters: [{ member: "topic", operator: "within", values: ["pay"] }] },
      plant,
      "bad_operator",
      "filters/0/operator",
      '"within" applies to units only; use "is" or "is_not" for topic.',
    ],
    [
      "an unknown round",
      { waveIds: ["wave-open", "nope"] },
      plant,
      "unknown_wave",
      "waveIds/1",
      'There is no survey round "nope".',
    ],
    [
      "two periods",
      { dimensions: ["period:month", "period:year"] },
      plant,
      "duplicate_dimension",
      "dimensions",
      "Use one period dimension at a time (month, quarter or year).",
    ],
    [
      "a dimension twice",
      { dimensions: ["unit:level_1", "unit:level_01"] },
      plant,
      "duplicate_dimension",
      "dimensions/1",
      'Dimension "unit:level_1" is asked twice.',
    ],
    [
      "a smaller group",
      { minGroupSize: 3 },
      plant,
      "min_group_size_too_small",
      "minGroupSize",
      "minGroupSize 3 is below the organisation's minimum of 5; it may only be raised.",
    ],
    [
      "a backwards range",
      { dateRange: ["2026-12-31", "2026-10-01"] },
      plant,
      "bad_date_range",
      "dateRange/1",
      "The date range must end on or after the day it starts.",
    ],
  ];
  it.each(refusals)("refuses %s", async (_name, body, viewer, code, path, message) => {
    const error = await run(body, viewer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect({
      code: (error as QueryError).code,
      path: (error as QueryError).path ?? "",
      message: (error as Error).message,
    }).toEqual({ code, path, message });
  });

  it("binds every value the caller gave, never splicing it into the SQL", () => {
    const evil = "x') OR 1=1; DROP TABLE cases; --";
    const compiled = compileCases({
      scopePath: "/plant/",
      waveIds: [evil],
      dateRange: null,
      tzOffsetMinutes: 480,
      today: "2026-12-01",
      dimensions: [{ name: "topic", registryKey: "topic" }],
      filters: [{ member: "topic", operator: "is", values: [evil] }],
    });
    expect(compiled.sql).not.toContain("DROP");
    expect(compiled.params.filter((p) => p === evil)).toHaveLength(2);
  });
});
