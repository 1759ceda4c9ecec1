// runBreakdown end to end on a small fixed dataset written straight into DuckDB: exact measures by every dimension,
// filters, suppression (primary and complementary), comparisons with the previous period and the parent unit,
// scope, labels. Expected values are worked out by hand from the rows below (and, in a few tests, responses added to
// them in a database of the test's own).
// First: the fixture loads the app, whose analytics route calls .openapi() on the engine's zod schema; zod-openapi
// has to extend zod before analytics/query.ts builds it.
import "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBreakdown } from "../../analytics/breakdown";
import { QueryError } from "../../analytics/errors";
import type { Comparison, MeasureName, Measures, ResultRow } from "../../analytics/query";
import { wilson } from "../../analytics/stats";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-10-15T00:00:00Z");
const W3 = "wave-closed"; // 2026年第三季度
const W4 = "wave-open"; // 2026年第四季度
const S = "safety_responsibility"; // safety, 1–5
const P = "pay_income"; // pay, 1–5
const M = "office_attitude.hr_dept"; // a matrix row: inherits the matrix's topic office_style, 1–5
const E = "enps"; // 0–10, no topic

let no = 0;
const r = (
  wave: string,
  unit: string,
  group: string,
  channel: SeedResponse["channel"],
  at: string,
  answers: Record<string, number | null>,
  texts?: Record<string, string>,
): SeedResponse => ({ no: ++no, wave, unit, group, channel, at, answers, ...(texts ? { texts } : {}) });

// Headcounts: plant 20, area-1 10, st-1 5, team-1 30, dept-hr 12 (77 in all; area-1's subtree 45).
const rows: SeedResponse[] = [
  // W4, team-1: S 5,4,3,2,5,1 (sum 20) and P 4,2,1,5,3 (sum 15): 11 answers, sum 35; favourable 5, unfavourable 4;
  // eNPS 10,9,7,3,8: 2 promoters, 1 detractor of 5.
  r(W4, "team-1", "staff", "online", "2026-10-20T02:00:00Z", { [S]: 5, [P]: 4, [E]: 10 }),
  r(W4, "team-1", "staff", "online", "2026-10-20T03:00:00Z", { [S]: 4, [P]: 2, [E]: 9 }),
  r(W4, "team-1", "staff", "online", "2026-10-20T04:00:00Z", { [S]: 3, [P]: 1, [E]: 7 }),
  r(W4, "team-1", "staff", "onsite", "2026-10-20T05:00:00Z", { [S]: 2, [P]: 5, [E]: 3 }),
  // A skipped item (a row without a value) is not an answer.
  r(W4, "team-1", "team_leader", "onsite", "2026-10-20T06:00:00Z", { [S]: 5, [P]: null, [E]: 8 }),
  r(W4, "team-1", "team_leader", "onsite", "2026-10-20T07:00:00Z", { [S]: 1, [P]: 3 }),
  // Only a demand: not a response of any cell.
  r(
    W4,
    "team-1",
    "staff",
    "online",
    "2026-10-20T08:00:00Z",
    {},
    { demands: "More buses on the night shift" },
  ),
  // W4, st-1: S 4,4,3,5,2 and M 5,1: 7 answers, sum 24; favourable 4, unfavourable 2; eNPS 10,10,6,9: 3 and 1 of 4.
  r(W4, "st-1", "staff", "onsite", "2026-11-05T02:00:00Z", { [S]: 4, [E]: 10 }),
  r(W4, "st-1", "staff", "onsite", "2026-11-05T03:00:00Z", { [S]: 4, [E]: 10 }),
  r(W4, "st-1", "staff", "online", "2026-11-05T04:00:00Z", { [S]: 3, [E]: 6 }),
  r(W4, "st-1", "staff", "online", "2026-11-05T05:00:00Z", { [S]: 5, [M]: 5 }),
  r(W4, "st-1", "staff", "online", "2026-11-05T06:00:00Z", { [S]: 2, [M]: 1, [E]: 9 }),
  // W4, one response each recorded on area-1 and on the plant itself.
  r(W4, "area-1", "area_head", "online", "2026-10-21T02:00:00Z", { [S]: 4 }),
  r(W4, "plant", "area_head", "online", "2026-11-10T02:00:00Z", { [S]: 3, [E]: 8 }),
  // W4, dept-hr: S 5,5,4,3,1 and M 4,4,4: 8 answers, sum 30; favourable 6, unfavourable 1; eNPS 10,0,5,9,9: 3 and 2.
  r(W4, "dept-hr", "office_staff", "paper", "2026-10-25T02:00:00Z", { [S]: 5, [M]: 4, [E]: 10 }),
  r(W4, "dept-hr", "office_staff", "paper", "2026-10-25T03:00:00Z", { [S]: 5, [M]: 4, [E]: 0 }),
  r(W4, "dept-hr", "office_staff", "paper", "2026-10-25T04:00:00Z", { [S]: 4, [M]: 4, [E]: 5 }),
  r(W4, "dept-hr", "office_staff", "paper", "2026-10-25T05:00:00Z", { [S]: 3, [E]: 9 }),
  r(W4, "dept-hr", "office_staff", "paper", "2026-10-25T06:00:00Z", { [S]: 1, [E]: 9 }),
  // W3, team-1: S 3,3,4,2,5 (sum 17, favourable 2); eNPS 9,9,9,6,6.
  r(W3, "team-1", "staff", "online", "2026-08-10T02:00:00Z", { [S]: 3, [E]: 9 }),
  r(W3, "team-1", "staff", "online", "2026-08-10T03:00:00Z", { [S]: 3, [E]: 9 }),
  r(W3, "team-1", "staff", "online", "2026-08-10T04:00:00Z", { [S]: 4, [E]: 9 }),
  r(W3, "team-1", "staff", "online", "2026-08-10T05:00:00Z", { [S]: 2, [E]: 6 }),
  r(W3, "team-1", "staff", "online", "2026-08-10T06:00:00Z", { [S]: 5, [E]: 6 }),
  // W3, dept-hr: S 4 five times; the last at 17:30 UTC on 30 September, 01:30 on 1 October local time (UTC+8).
  r(W3, "dept-hr", "office_staff", "online", "2026-08-12T02:00:00Z", { [S]: 4 }),
  r(W3, "dept-hr", "office_staff", "online", "2026-08-12T03:00:00Z", { [S]: 4 }),
  r(W3, "dept-hr", "office_staff", "online", "2026-08-12T04:00:00Z", { [S]: 4 }),
  r(W3, "dept-hr", "office_staff", "online", "2026-08-12T05:00:00Z", { [S]: 4 }),
  r(W3, "dept-hr", "office_staff", "online", "2026-09-30T17:30:00Z", { [S]: 4 }),
];

const survey = "plant-satisfaction";
let fixture: Fixture;
beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  await insertResponses(fixture.db, rows);
});
afterAll(() => fixture.db.close());

const query = (body: Record<string, unknown>, scopeUnitId = "plant") =>
  runBreakdown(fixture.db.read, { surveyId: survey, ...body }, { scopeUnitId });

/** The query over the rows above and `extra`, in a database of its own: for a test that needs a few more responses. */
async function queryWith(
  extra: readonly SeedResponse[],
  body: Record<string, unknown>,
  scopeUnitId = "plant",
) {
  const own = await prepareDatabase(":memory:", now);
  try {
    await insertResponses(own.db, [...rows, ...extra]);
    return await runBreakdown(own.db.read, { surveyId: survey, ...body }, { scopeUnitId });
  } finally {
    own.db.close();
  }
}

// area-1's single own response is hidden, and area-1's subtree total is public (unit:level_1 shows it), so every
// unit inside area-1's subtree hides with it. Tests that need visible units there add five W4 responses recorded on
// area-1 itself: S 5,4,3,2,1 and eNPS 10,9,8,7,6. With its one response above, area-1 then has 6 responses, S 19
// over 6 answers, favourable 3 (4,5,4), unfavourable 2 (2,1); eNPS 2 promoters and 1 detractor of 5.
const areaOwn: SeedResponse[] = [5, 4, 3, 2, 1].map((v, i) =>
  r(W4, "area-1", "staff", "online", `2026-10-22T0${i + 2}:00:00Z`, { [S]: v, [E]: 5 + v }),
);
// And four W4 responses recorded on the plant itself (S 3 each): with areaOwn, every unit holds 5 or more in W4.
const plantOwn: SeedResponse[] = [2, 3, 4, 5].map((h) =>
  r(W4, "plant", "area_head", "online", `2026-11-10T0${h}:00:00Z`, { [S]: 3 }),
);

const nulls = (names: readonly MeasureName[]): Measures => Object.fromEntries(names.map((m) => [m, null]));

/** A visible row; `favourable` [k, answers] adds the Wilson interval the engine reports with that measure. */
function shown(
  dimensions: Record<string, string>,
  n: number,
  measures: Measures,
  favourable?: [number, number],
): ResultRow {
  return {
    dimensions,
    measures,
    n,
    suppressed: false,
    ...(favourable ? { intervals: { favourable: wilson(...favourable) } } : {}),
  };
}

function hidden(
  dimensions: Record<string, string>,
  n: number,
  names: readonly MeasureName[],
  reason: ResultRow["reason"],
): ResultRow {
  return {
    dimensions,
    measures: nulls(names),
    n,
    suppressed: true,
    reason,
    ...(names.includes("favourable") ? { intervals: { favourable: null } } : {}),
  };
}

const label = (en: string, zh: string) => ({ default: en, "zh-cn": zh });
const unitLabels = {
  plant: label("No. 3 Plant", "第三采油厂"),
  "area-1": label("Area 1", "第一作业区"),
  "st-1": label("Station 1", "中心站1"),
  "team-1": label("Production team", "采油班"),
  "dept-hr": label("HR", "人力资源科"),
};

describe("measures by unit", () => {
  const all: MeasureName[] = [
    "responses",
    "mean",
    "index",
    "favourable",
    "unfavourable",
    "enps",
    "response_rate",
  ];

  it("gives every measure per unit for one wave; hides the unit with one response and the smallest beside it", async () => {
    const result = await queryWith(areaOwn, { measures: all, dimensions: ["unit"], waveIds: [W4] });
    // The plant's lone response is the one hidden cell of the set of units: dept-hr (5, before st-1's 5) hides
    // too. area-1's subtree {area-1, st-1, team-1} has nothing hidden.
    expect(result.results).toEqual([
      shown(
        { unit: "area-1" },
        6,
        {
          responses: 6,
          mean: 19 / 6,
          index: (25 * (19 - 6)) / 6,
          favourable: 3 / 6,
          unfavourable: 2 / 6,
          enps: (100 * (2 - 1)) / 5,
          response_rate: 6 / 10,
        },
        [3, 6],
      ),
      hidden({ unit: "dept-hr" }, 5, all, "complementary"),
      hidden({ unit: "plant" }, 1, all, "below_min_group_size"),
      shown(
        { unit: "st-1" },
        5,
        {
          responses: 5,
          mean: 24 / 7,
          index: (25 * (24 - 7)) / 7,
          favourable: 4 / 7,
          unfavourable: 2 / 7,
          enps: (100 * (3 - 1)) / 4,
          response_rate: 5 / 5,
        },
        [4, 7],
      ),
      shown(
        { unit: "team-1" },
        6,
        {
          responses: 6,
          mean: 35 / 11,
          index: (25 * (35 - 11)) / 11,
          favourable: 5 / 11,
          unfavourable: 4 / 11,
          enps: (100 * (2 - 1)) / 5,
          response_rate: 6 / 30,
        },
        [5, 11],
      ),
    ]);
    expect(result.meta).toEqual({
      minGroupSize: 5,
      suppressedRows: 2,
      labels: { unit: unitLabels },
      warnings: [],
    });
    expect(result.query).toEqual({ surveyId: survey, measures: all, dimensions: ["unit"], waveIds: [W4] });
  });

  it("rolls up to level 1; the response recorded on the plant (level 0) stays on the plant", async () => {
    const result = await query({
      measures: ["responses", "mean", "response_rate"],
      dimensions: ["unit:level_1"],
      waveIds: [W4],
    });
    // area-1 holds team-1, st-1 and its own response: 63 over 19 answers; its staff is its subtree (45).
    // The plant's lone response is hidden, and so, as its only sibling-set partner to protect it, is dept-hr.
    expect(result.results).toEqual([
      shown({ "unit:level_1": "area-1" }, 12, { responses: 12, mean: 63 / 19, response_rate: 12 / 45 }),
      hidden({ "unit:level_1": "dept-hr" }, 5, ["responses", "mean", "response_rate"], "complementary"),
      hidden({ "unit:level_1": "plant" }, 1, ["responses", "mean", "response_rate"], "below_min_group_size"),
    ]);
    expect(result.meta.labels).toEqual({
      "unit:level_1": {
        "area-1": unitLabels["area-1"],
        "dept-hr": unitLabels["dept-hr"],
        plant: unitLabels.plant,
      },
    });
    expect(result.meta.suppressedRows).toBe(2);
  });

  it("rolls up to level 2; area-1 and the plant keep their own responses", async () => {
    // With area-1's single response, area-1 (1) and the plant (1) would hide dept-hr, and area-1's subtree set
    // {area-1, st-1} then st-1: nothing left to see. With areaOwn, only the plant's lone response takes the smallest
    // cell, dept-hr, with it; st-1's cell is its subtree (st-1 and team-1, headcount 35).
    const h: MeasureName[] = ["responses", "mean", "response_rate"];
    const result = await queryWith(areaOwn, { measures: h, dimensions: ["unit:level_2"], waveIds: [W4] });
    expect(result.results).toEqual([
      shown({ "unit:level_2": "area-1" }, 6, { responses: 6, mean: 19 / 6, response_rate: 6 / 10 }),
      hidden({ "unit:level_2": "dept-hr" }, 5, h, "complementary"),
      hidden({ "unit:level_2": "plant" }, 1, h, "below_min_group_size"),
      shown({ "unit:level_2": "st-1" }, 11, { responses: 11, mean: 59 / 18, response_rate: 11 / 35 }),
    ]);
  });

  it("gives response_rate only for a cell of one wave, with a warning", async () => {
    // On the rows alone, area-1's and the plant's lone responses would hide every unit but dept-hr. With areaOwn
    // and plantOwn nothing is hidden: area-1, the plant and st-1 answered only in W4, team-1 and dept-hr in both.
    const result = await queryWith([...areaOwn, ...plantOwn], {
      measures: ["responses", "response_rate"],
      dimensions: ["unit"],
    });
    expect(
      result.results.map((r) => [r.dimensions.unit, r.suppressed, r.measures.response_rate ?? null]),
    ).toEqual([
      ["area-1", false, 6 / 10],
      ["dept-hr", false, null],
      ["plant", false, 5 / 20],
      ["st-1", false, 1],
      ["team-1", false, null],
    ]);
    expect(result.meta.warnings).toEqual([
      "response_rate needs the wave dimension or a single wave; it is null where a cell spans several waves.",
    ]);
  });

  const rateCases: {
    name: string;
    body: Record<string, unknown>;
    scope?: string;
    rate: (number | null | "hidden")[];
  }[] = [
    { name: "the whole tree, one wave", body: { waveIds: [W4] }, rate: [18 / 77] },
    // The plant's total less area-1's and dept-hr's (both public) is the plant's one own response: area-1's hides.
    { name: "a viewer's subtree", body: { waveIds: [W4] }, scope: "area-1", rate: ["hidden"] },
    { name: "by wave", body: { dimensions: ["wave"] }, rate: [10 / 77, 18 / 77] },
    {
      // area-1's subtree less st-1's is area-1's one own response: st-1's subtree hides.
      name: "a unit filter (within)",
      body: { waveIds: [W4], filters: [{ member: "unit", operator: "within", values: ["st-1"] }] },
      rate: ["hidden"],
    },
    {
      name: "a unit filter (is_not): area-1, st-1 and dept-hr remain",
      body: { waveIds: [W4], filters: [{ member: "unit", operator: "is_not", values: ["team-1", "plant"] }] },
      rate: [11 / 27],
    },
    {
      // area_head (2) and team_leader (2) hold 4 together, fewer than 5: office_staff (5) hides too.
      name: "by group: no headcount per group",
      body: { waveIds: [W4], dimensions: ["group"] },
      rate: ["hidden", "hidden", null, "hidden"],
    },
  ];
  it.each(rateCases)("response_rate divides by the headcount of the units read: $name", async (c) => {
    const result = await query({ measures: ["response_rate"], ...c.body }, c.scope);
    expect(result.results.map((r) => (r.suppressed ? "hidden" : r.measures.response_rate))).toEqual(c.rate);
  });
});

describe("measures by topic, question, group, channel, wave and period", () => {
  it("by topic: the eNPS item has no topic and stays out", async () => {
    const result = await query({
      measures: ["responses", "mean", "favourable", "enps"],
      dimensions: ["topic"],
    });
    // safety: every response with an S answer, 28, sum 100; favourable 3+3+1+0+3+2+5.
    expect(result.results).toEqual([
      shown(
        { topic: "office_style" },
        5,
        { responses: 5, mean: 18 / 5, favourable: 4 / 5, enps: null },
        [4, 5],
      ),
      shown({ topic: "pay" }, 5, { responses: 5, mean: 15 / 5, favourable: 2 / 5, enps: null }, [2, 5]),
      shown(
        { topic: "safety" },
        28,
        { responses: 28, mean: 100 / 28, favourable: 17 / 28, enps: null },
        [17, 28],
      ),
    ]);
    expect(result.meta.labels).toEqual({
      topic: {
        office_style: label("Office departments' conduct", "机关作风"),
        pay: label("Pay and benefits", "薪酬待遇"),
        safety: label("Safety and environment", "安全环保"),
      },
    });
  });

  it("by question: a matrix row is its own question and carries the matrix's topic", async () => {
    const result = await query({
      measures: ["responses", "mean"],
      dimensions: ["question"],
      filters: [{ member: "topic", operator: "is", values: ["office_style"] }],
    });
    expect(result.results).toEqual([shown({ question: M }, 5, { responses: 5, mean: 18 / 5 })]);
    expect(result.meta.labels).toEqual({
      question: {
        [M]: label(
          "Service attitude: rate each department — Human Resources Department",
          "服务态度:请对各科室进行评价 — 人力资源科",
        ),
      },
    });
  });

  it("by question: the eNPS item feeds enps and responses only", async () => {
    const result = await query({
      measures: ["responses", "mean", "enps"],
      dimensions: ["question"],
      filters: [{ member: "question", operator: "is", values: [E, S] }],
    });
    // eNPS answers: 20, promoters 2+3+0+3+3, detractors 1+1+0+2+2.
    expect(result.results).toEqual([
      shown({ question: E }, 20, { responses: 20, mean: null, enps: (100 * (11 - 6)) / 20 }),
      shown({ question: S }, 28, { responses: 28, mean: 100 / 28, enps: null }),
    ]);
  });

  it("by group", async () => {
    const result = await query({ measures: ["responses", "mean"], dimensions: ["group"], waveIds: [W4] });
    // staff: team-1's first four (S 14, P 12) and st-1 (24 over 7): 50 over 15. area_head and team_leader hold
    // 2 + 2 together, fewer than 5, so office_staff, the smallest visible group, hides too.
    expect(result.results).toEqual([
      hidden({ group: "area_head" }, 2, ["responses", "mean"], "below_min_group_size"),
      hidden({ group: "office_staff" }, 5, ["responses", "mean"], "complementary"),
      shown({ group: "staff" }, 9, { responses: 9, mean: 50 / 15 }),
      hidden({ group: "team_leader" }, 2, ["responses", "mean"], "below_min_group_size"),
    ]);
    expect(result.meta.labels.group).toEqual({
      area_head: label("Area heads and party secretaries", "区长书记"),
      office_staff: label("Office department staff", "生产职能科室"),
      staff: label("Staff", "职工"),
      team_leader: label("Team leaders", "班组长"),
    });
  });

  it("by channel", async () => {
    const result = await query({ measures: ["responses", "mean"], dimensions: ["channel"], waveIds: [W4] });
    expect(result.results).toEqual([
      shown({ channel: "online" }, 8, { responses: 8, mean: 42 / 13 }),
      shown({ channel: "onsite" }, 5, { responses: 5, mean: 24 / 7 }),
      shown({ channel: "paper" }, 5, { responses: 5, mean: 30 / 8 }),
    ]);
    expect(result.meta.labels.channel).toEqual({
      online: label("Online", "网上"),
      onsite: label("On site", "现场"),
      paper: label("Paper", "纸质"),
    });
  });

  it("by wave", async () => {
    const result = await query({ measures: ["responses", "mean", "enps"], dimensions: ["wave"] });
    expect(result.results).toEqual([
      shown({ wave: W3 }, 10, { responses: 10, mean: 37 / 10, enps: (100 * (3 - 2)) / 5 }),
      shown({ wave: W4 }, 18, { responses: 18, mean: 96 / 28, enps: (100 * (8 - 4)) / 15 }),
    ]);
    expect(result.meta.labels.wave).toEqual({ [W3]: "2026年第三季度", [W4]: "2026年第四季度" });
  });

  it("by month, quarter and year in local time: 17:30 UTC on 30 September is October", async () => {
    const month = await query({ measures: ["responses", "mean"], dimensions: ["period:month"] });
    expect(month.results).toEqual([
      shown({ "period:month": "2026-08" }, 9, { responses: 9, mean: 33 / 9 }),
      shown({ "period:month": "2026-10" }, 13, { responses: 13, mean: 73 / 21 }),
      shown({ "period:month": "2026-11" }, 6, { responses: 6, mean: 27 / 8 }),
    ]);
    expect(month.meta.labels).toEqual({
      "period:month": { "2026-08": "2026-08", "2026-10": "2026-10", "2026-11": "2026-11" },
    });
    const quarter = await query({ measures: ["responses", "mean"], dimensions: ["period:quarter"] });
    expect(quarter.results).toEqual([
      shown({ "period:quarter": "2026-Q3" }, 9, { responses: 9, mean: 33 / 9 }),
      shown({ "period:quarter": "2026-Q4" }, 19, { responses: 19, mean: 100 / 29 }),
    ]);
    expect(quarter.meta.labels).toEqual({ "period:quarter": { "2026-Q3": "2026-Q3", "2026-Q4": "2026-Q4" } });
    const year = await query({ measures: ["responses", "mean"], dimensions: ["period:year"] });
    expect(year.results).toEqual([shown({ "period:year": "2026" }, 28, { responses: 28, mean: 133 / 38 })]);
    // Within the third-quarter wave alone, the one October response is a cell of its own (and hidden).
    const closed = await query({ measures: ["responses"], dimensions: ["period:month"], waveIds: [W3] });
    expect(closed.results).toEqual([
      hidden({ "period:month": "2026-08" }, 9, ["responses"], "complementary"),
      hidden({ "period:month": "2026-10" }, 1, ["responses"], "below_min_group_size"),
    ]);
  });

  it("takes the offset from the settings: at UTC+0 the same response is September", async () => {
    const own = await prepareDatabase(":memory:", now);
    try {
      await own.db.write.run("INSERT INTO settings VALUES ('tz_offset_minutes', '0'::JSON)");
      await insertResponses(own.db, rows);
      const result = await runBreakdown(
        own.db.read,
        { surveyId: survey, measures: ["responses"], dimensions: ["period:month"] },
        { scopeUnitId: "plant" },
      );
      // Each quarter's total is public (period:quarter): September hidden alone in Q3 would be Q3 less August, so
      // August hides; November, hidden beside it, takes October with it in Q4.
      expect(result.results).toEqual([
        hidden({ "period:month": "2026-08" }, 9, ["responses"], "complementary"),
        hidden({ "period:month": "2026-09" }, 1, ["responses"], "below_min_group_size"),
        hidden({ "period:month": "2026-10" }, 12, ["responses"], "complementary"),
        hidden({ "period:month": "2026-11" }, 6, ["responses"], "complementary"),
      ]);
    } finally {
      own.db.close();
    }
  });

  it("by two dimensions at once", async () => {
    const result = await query({
      measures: ["responses", "mean"],
      dimensions: ["topic", "channel"],
      waveIds: [W4],
    });
    // office_style: st-1's two online M answers and dept-hr's three on paper; pay: team-1 online 3, onsite 2 (one
    // skipped). Paper and on-site then each have one small cell beside safety, which hides with it; online has two.
    const h = ["responses", "mean"] as MeasureName[];
    expect(result.results).toEqual([
      hidden({ topic: "office_style", channel: "online" }, 2, h, "below_min_group_size"),
      hidden({ topic: "office_style", channel: "paper" }, 3, h, "below_min_group_size"),
      hidden({ topic: "pay", channel: "online" }, 3, h, "below_min_group_size"),
      hidden({ topic: "pay", channel: "onsite" }, 2, h, "below_min_group_size"),
      shown({ topic: "safety", channel: "online" }, 8, { responses: 8, mean: 29 / 8 }),
      hidden({ topic: "safety", channel: "onsite" }, 5, h, "complementary"),
      hidden({ topic: "safety", channel: "paper" }, 5, h, "complementary"),
    ]);
  });
});

describe("filters", () => {
  // `hidden`: the filter leaves out of the total a group that subtraction would single out (residual.ts).
  const cases: { name: string; filters: unknown[]; responses: number; mean?: number; hidden?: true }[] = [
    {
      name: "unit is: that unit only",
      filters: [{ member: "unit", operator: "is", values: ["st-1"] }],
      responses: 5,
    },
    {
      // area-1's subtree less this one is area-1's one own response.
      name: "unit within: it and its subtree",
      filters: [{ member: "unit", operator: "within", values: ["st-1"] }],
      responses: 16,
      hidden: true,
    },
    {
      // The plant's total less this one is the two responses of area-1 and the plant themselves.
      name: "unit within two subtrees",
      filters: [{ member: "unit", operator: "within", values: ["st-1", "dept-hr"] }],
      responses: 26,
      hidden: true,
    },
    {
      name: "unit is_not",
      filters: [{ member: "unit", operator: "is_not", values: ["team-1"] }],
      responses: 17,
    },
    {
      name: "topic is",
      filters: [{ member: "topic", operator: "is", values: ["pay"] }],
      responses: 5,
      mean: 15 / 5,
    },
    {
      name: "topic is_not keeps the eNPS item, which has no topic",
      filters: [{ member: "topic", operator: "is_not", values: ["safety"] }],
      responses: 22,
      mean: 33 / 10,
    },
    {
      name: "question is_not",
      filters: [{ member: "question", operator: "is_not", values: [E, P, M] }],
      responses: 28,
      mean: 100 / 28,
    },
    {
      name: "group is_not",
      filters: [{ member: "group", operator: "is_not", values: ["staff"] }],
      responses: 14,
    },
    { name: "channel is", filters: [{ member: "channel", operator: "is", values: ["paper"] }], responses: 5 },
    {
      name: "wave is",
      filters: [{ member: "wave", operator: "is", values: [W3] }],
      responses: 10,
      mean: 3.7,
    },
    {
      name: "several filters together",
      filters: [
        { member: "group", operator: "is", values: ["staff", "team_leader"] },
        { member: "channel", operator: "is", values: ["onsite"] },
      ],
      responses: 5,
      mean: 24 / 7,
    },
  ];
  it.each(cases)("$name", async ({ filters, responses, mean, hidden: cut }) => {
    const result = await query({ measures: ["responses", "mean"], filters });
    expect(result.results).toHaveLength(1);
    const [total] = result.results as [ResultRow];
    expect(total.n).toBe(responses);
    expect(total.suppressed).toBe(cut === true);
    expect(total.measures.responses).toBe(cut ? null : responses);
    if (mean !== undefined) expect(total.measures.mean).toBe(mean);
  });

  it("over nothing: one total row with n = 0, hidden", async () => {
    const result = await query({
      measures: ["responses", "mean"],
      filters: [
        { member: "channel", operator: "is", values: ["paper"] },
        { member: "wave", operator: "is", values: [W3] },
      ],
    });
    expect(result.results).toEqual([
      {
        dimensions: {},
        measures: nulls(["responses", "mean"]),
        n: 0,
        suppressed: true,
        reason: "below_min_group_size",
      },
    ]);
  });
});

describe("suppression", () => {
  it("hides a cell under the minimum: measures null, n kept, with its reason", async () => {
    const result = await query({
      measures: ["responses", "mean"],
      dimensions: ["unit"],
      waveIds: [W4],
      minGroupSize: 6,
    });
    expect(result.results).toEqual([
      hidden({ unit: "area-1" }, 1, ["responses", "mean"], "below_min_group_size"),
      hidden({ unit: "dept-hr" }, 5, ["responses", "mean"], "below_min_group_size"),
      hidden({ unit: "plant" }, 1, ["responses", "mean"], "below_min_group_size"),
      hidden({ unit: "st-1" }, 5, ["responses", "mean"], "below_min_group_size"),
      // st-1's subtree {st-1, team-1} (its total is public through unit:level_2) has one hidden cell, st-1.
      hidden({ unit: "team-1" }, 6, ["responses", "mean"], "complementary"),
    ]);
    expect(result.meta).toMatchObject({ minGroupSize: 6, suppressedRows: 5 });
  });

  it("hides the next smallest sibling of a lone hidden cell, along every dimension until stable", async () => {
    const result = await query({ measures: ["responses"], dimensions: ["unit:level_1", "wave"] });
    // (plant, W4) has 1: in W4 dept-hr (5) hides with it; then dept-hr W3 hides beside dept-hr W4; then area-1 W3
    // beside dept-hr W3; then area-1 W4 beside area-1 W3. Nothing is left to subtract from.
    expect(result.results).toEqual([
      hidden({ "unit:level_1": "area-1", wave: W3 }, 5, ["responses"], "complementary"),
      hidden({ "unit:level_1": "area-1", wave: W4 }, 12, ["responses"], "complementary"),
      hidden({ "unit:level_1": "dept-hr", wave: W3 }, 5, ["responses"], "complementary"),
      hidden({ "unit:level_1": "dept-hr", wave: W4 }, 5, ["responses"], "complementary"),
      hidden({ "unit:level_1": "plant", wave: W4 }, 1, ["responses"], "below_min_group_size"),
    ]);
    expect(result.meta.suppressedRows).toBe(5);
  });

  it("leaves a set whose hidden cells hold the minimum together as it is", async () => {
    // By unit, no added responses can show this: a hidden area-1 takes st-1 and team-1 with it (area-1's subtree),
    // and every other unit but the plant has 5 or more in each wave. By group in W4, area_head (2) and team_leader
    // (2) hold 4, which would hide office_staff and then everything; one more team leader makes 2 + 3 = 5.
    const leader = r(W4, "team-1", "team_leader", "onsite", "2026-10-20T09:00:00Z", { [S]: 3 });
    const result = await queryWith([leader], { measures: ["responses"], dimensions: ["group", "wave"] });
    expect(result.results.map((r) => [r.dimensions.group, r.dimensions.wave, r.n, r.reason ?? null])).toEqual(
      [
        ["area_head", W4, 2, "below_min_group_size"],
        ["office_staff", W3, 5, null],
        ["office_staff", W4, 5, null],
        ["staff", W3, 5, null],
        ["staff", W4, 9, null],
        ["team_leader", W4, 3, "below_min_group_size"],
      ],
    );
  });
});

describe("compare previous_period", () => {
  const measures: MeasureName[] = ["responses", "mean", "favourable"];
  const missing = (dimensions: Record<string, string>, names = measures): Comparison => ({
    dimensions,
    n: 0,
    suppressed: true,
    measures: nulls(names),
    change: nulls(names),
    significant: {
      ...(names.includes("favourable") ? { favourable: null } : {}),
      ...(names.includes("mean") ? { mean: null } : {}),
    },
  });

  it("with the wave dimension: each wave against the one before it", async () => {
    // On the rows alone everything is hidden (see the next test). With areaOwn and plantOwn every cell holds 5 or
    // more and nothing is hidden.
    const result = await queryWith([...areaOwn, ...plantOwn], {
      measures,
      dimensions: ["unit", "wave"],
      compare: "previous_period",
    });
    const byKey = Object.fromEntries(
      result.results.map((r) => [`${r.dimensions.unit}/${r.dimensions.wave}`, r]),
    );
    expect(byKey[`team-1/${W4}`]?.comparison).toEqual({
      dimensions: { unit: "team-1", wave: W3 },
      n: 5,
      suppressed: false,
      measures: { responses: 5, mean: 17 / 5, favourable: 2 / 5 },
      change: { responses: 1, mean: 35 / 11 - 17 / 5, favourable: 5 / 11 - 2 / 5 },
      significant: { favourable: false, mean: false },
    });
    expect(byKey[`dept-hr/${W4}`]?.comparison).toEqual({
      dimensions: { unit: "dept-hr", wave: W3 },
      n: 5,
      suppressed: false,
      measures: { responses: 5, mean: 4, favourable: 1 },
      change: { responses: 0, mean: 30 / 8 - 4, favourable: 6 / 8 - 1 },
      significant: { favourable: false, mean: false },
    });
    // st-1 and area-1 did not answer in W3.
    expect(byKey[`st-1/${W4}`]?.comparison).toEqual(missing({ unit: "st-1", wave: W3 }));
    expect(byKey[`area-1/${W4}`]?.comparison).toEqual(missing({ unit: "area-1", wave: W3 }));
    // The first wave has nothing before it.
    expect(byKey[`team-1/${W3}`]?.comparison).toBeUndefined();
    expect(result.meta.suppressedRows).toBe(0);
    expect(result.meta.warnings).toEqual([]);
    expect(result.meta.labels.wave).toEqual({ [W3]: "2026年第三季度", [W4]: "2026年第四季度" });
  });

  it("with the wave dimension: never shows a previous wave's cell that the main result hides", async () => {
    // On its own, W3 hides nothing: dept-hr and team-1 hold 5 each.
    const w3 = await query({ measures: ["responses"], dimensions: ["unit", "wave"], waveIds: [W3] });
    expect(w3.results.map((r) => [r.dimensions.unit, r.suppressed])).toEqual([
      ["dept-hr", false],
      ["team-1", false],
    ]);
    // Both waves are one table. W4's lone responses at area-1 and the plant hold 2 together: dept-hr W4 (5, before
    // st-1's 5) hides, then dept-hr W3 (dept-hr's two waves) and team-1 W3 (W3's units); in W4, area-1's subtree
    // hides st-1, and st-1's subtree team-1. Every cell is hidden, and so are the W3 cells compared with.
    const names: MeasureName[] = ["responses", "mean"];
    const result = await query({ measures: names, dimensions: ["unit", "wave"], compare: "previous_period" });
    expect(result.results.map((r) => [r.dimensions.unit, r.dimensions.wave, r.reason ?? null])).toEqual([
      ["area-1", W4, "below_min_group_size"],
      ["dept-hr", W3, "complementary"],
      ["dept-hr", W4, "complementary"],
      ["plant", W4, "below_min_group_size"],
      ["st-1", W4, "complementary"],
      ["team-1", W3, "complementary"],
      ["team-1", W4, "complementary"],
    ]);
    const byKey = Object.fromEntries(result.results.map((r) => [JSON.stringify(r.dimensions), r]));
    const compared = result.results.flatMap((r) => (r.comparison ? [r.comparison] : []));
    expect(compared).toHaveLength(5);
    for (const c of compared) {
      const main = byKey[JSON.stringify(c.dimensions)];
      if (main?.suppressed) expect(c, JSON.stringify(c.dimensions)).toMatchObject({ suppressed: true });
      if (c.suppressed) expect(c.measures).toEqual(nulls(names));
    }
    expect(byKey[JSON.stringify({ unit: "team-1", wave: W4 })]?.comparison).toEqual({
      dimensions: { unit: "team-1", wave: W3 },
      n: 5,
      suppressed: true,
      measures: nulls(names),
      change: nulls(names),
      significant: { mean: null },
    });
    expect(byKey[JSON.stringify({ unit: "dept-hr", wave: W4 })]?.comparison).toMatchObject({
      n: 5,
      suppressed: true,
      measures: nulls(names),
    });
  });

  it("with the wave dimension and a wave filter: the filter does not hide the wave before", async () => {
    const result = await query({
      measures: ["responses"],
      dimensions: ["wave"],
      filters: [{ member: "wave", operator: "is", values: [W4] }],
      compare: "previous_period",
    });
    expect(result.results).toEqual([
      {
        ...shown({ wave: W4 }, 18, { responses: 18 }),
        comparison: {
          dimensions: { wave: W3 },
          n: 10,
          suppressed: false,
          measures: { responses: 10 },
          change: { responses: 8 },
          significant: {},
        },
      },
    ]);
  });

  it("with a period dimension: each bucket against the one before it, by local time across waves", async () => {
    const quarter = await query({
      measures: ["responses", "mean"],
      dimensions: ["period:quarter"],
      compare: "previous_period",
    });
    expect(quarter.results).toEqual([
      {
        ...shown({ "period:quarter": "2026-Q3" }, 9, { responses: 9, mean: 33 / 9 }),
        comparison: missing({ "period:quarter": "2026-Q2" }, ["responses", "mean"]),
      },
      {
        ...shown({ "period:quarter": "2026-Q4" }, 19, { responses: 19, mean: 100 / 29 }),
        comparison: {
          dimensions: { "period:quarter": "2026-Q3" },
          n: 9,
          suppressed: false,
          measures: { responses: 9, mean: 33 / 9 },
          change: { responses: 10, mean: 100 / 29 - 33 / 9 },
          significant: { mean: false },
        },
      },
    ]);
    expect(quarter.meta.labels).toEqual({
      "period:quarter": { "2026-Q2": "2026-Q2", "2026-Q3": "2026-Q3", "2026-Q4": "2026-Q4" },
    });
    const month = await query({
      measures: ["responses"],
      dimensions: ["period:month"],
      compare: "previous_period",
    });
    expect(
      month.results.map((r) => [
        r.dimensions["period:month"],
        r.comparison?.dimensions["period:month"],
        r.comparison?.n,
      ]),
    ).toEqual([
      ["2026-08", "2026-07", 0],
      // The 1 October (local) response is October's: September has none.
      ["2026-10", "2026-09", 0],
      ["2026-11", "2026-10", 13],
    ]);
  });

  it("with waveIds: against as many waves just before", async () => {
    const result = await query({
      measures: ["responses", "mean"],
      waveIds: [W4],
      compare: "previous_period",
    });
    expect(result.results).toEqual([
      {
        ...shown({}, 18, { responses: 18, mean: 96 / 28 }),
        comparison: {
          dimensions: {},
          n: 10,
          suppressed: false,
          measures: { responses: 10, mean: 37 / 10 },
          change: { responses: 8, mean: 96 / 28 - 37 / 10 },
          significant: { mean: false },
        },
      },
    ]);
    const byUnit = await query({
      measures: ["responses"],
      dimensions: ["unit"],
      waveIds: [W4],
      compare: "previous_period",
    });
    expect(byUnit.results.map((r) => [r.dimensions.unit, r.comparison?.n, r.comparison?.suppressed])).toEqual(
      [
        ["area-1", 0, true],
        ["dept-hr", 5, false],
        ["plant", 0, true],
        ["st-1", 0, true],
        ["team-1", 5, false],
      ],
    );
  });

  it("with a date range: against the same span just before", async () => {
    const result = await query({
      measures: ["responses"],
      dateRange: ["2026-10-01", "2026-12-31"],
      compare: "previous_period",
    });
    expect(result.results).toEqual([
      {
        ...shown({}, 19, { responses: 19 }),
        comparison: {
          dimensions: {},
          n: 9,
          suppressed: false,
          measures: { responses: 9 },
          change: { responses: 10 },
          significant: {},
        },
      },
    ]);
  });

  it("warns when there is nothing to compare with", async () => {
    const first = await query({ measures: ["responses"], waveIds: [W3], compare: "previous_period" });
    expect(first.results).toEqual([shown({}, 10, { responses: 10 })]);
    expect(first.meta.warnings).toEqual([
      "compare previous_period: there is no earlier wave to compare with.",
    ]);
    const unbounded = await query({ measures: ["responses"], compare: "previous_period" });
    expect(unbounded.meta.warnings).toEqual([
      "compare previous_period needs waveIds, a dateRange, or a wave or period dimension.",
    ]);
    expect(unbounded.results[0]?.comparison).toBeUndefined();
  });
});

describe("compare parent_unit", () => {
  it("compares each unit with its parent's subtree; hides a parent whose hidden remainder is 1..4", async () => {
    const result = await query({
      measures: ["responses", "mean"],
      dimensions: ["unit"],
      waveIds: [W4],
      compare: "parent_unit",
    });
    const hiddenParent = (unit: string, n: number): Comparison => ({
      dimensions: { unit },
      n,
      suppressed: true,
      measures: nulls(["responses", "mean"]),
      change: nulls(["responses", "mean"]),
      significant: { mean: null },
    });
    // The units: area-1's and the plant's lone responses hold 2 together and hide dept-hr (5, before st-1's 5);
    // area-1's subtree {area-1, st-1, team-1} then hides st-1, and st-1's subtree {st-1, team-1} team-1.
    // The parents: area-1's subtree (12) less st-1's subtree (11) leaves area-1's own lone response, so area-1's
    // subtree is hidden; the compared cells are a result of their own, and st-1's subtree (11, the smallest) hides
    // beside it. The plant's subtree (18) less area-1's (12) leaves 6 (the plant's 1, dept-hr's 5), then, with
    // area-1's hidden, less st-1's (11) 7, then 18: never fewer than 5, so the plant's subtree shows. No cell is
    // visible, so no change is computed. (No added responses can keep a change beside a parent hidden for its
    // remainder: a hidden plant subtree takes the other two with it; area-1's hides only for a hidden area-1, which
    // takes st-1 and team-1 with it, and then dept-hr hides too or the plant's subtree gives area-1 away.)
    const plant: Comparison = {
      dimensions: { unit: "plant" },
      n: 18,
      suppressed: false,
      measures: { responses: 18, mean: 96 / 28 },
      change: nulls(["responses", "mean"]),
      significant: { mean: null },
    };
    const h: MeasureName[] = ["responses", "mean"];
    expect(result.results).toEqual([
      { ...hidden({ unit: "area-1" }, 1, h, "below_min_group_size"), comparison: plant },
      { ...hidden({ unit: "dept-hr" }, 5, h, "complementary"), comparison: plant },
      // The scope unit has no parent the viewer may see.
      hidden({ unit: "plant" }, 1, h, "below_min_group_size"),
      { ...hidden({ unit: "st-1" }, 5, h, "complementary"), comparison: hiddenParent("area-1", 12) },
      { ...hidden({ unit: "team-1" }, 6, h, "complementary"), comparison: hiddenParent("st-1", 11) },
    ]);
    expect(result.meta.labels.unit).toEqual(unitLabels);
  });

  it("keeps a parent whose hidden remainder reaches the minimum", async () => {
    const result = await query({
      measures: ["responses"],
      dimensions: ["unit:level_1"],
      waveIds: [W4],
      compare: "parent_unit",
    });
    // The plant subtree (18) less area-1 (12) leaves dept-hr's 5 (hidden as complementary) and the plant's own 1:
    // six responses, not one group of fewer than five.
    expect(
      result.results.map((r) => [
        r.dimensions["unit:level_1"],
        r.suppressed,
        r.comparison?.dimensions["unit:level_1"],
        r.comparison?.n,
        r.comparison?.suppressed,
      ]),
    ).toEqual([
      ["area-1", false, "plant", 18, false],
      ["dept-hr", true, "plant", 18, false],
      ["plant", true, undefined, undefined, undefined],
    ]);
    expect(result.results[0]?.comparison?.change).toEqual({ responses: 12 - 18 });
  });

  it("treats a parent total less a nested parent total as a subtraction too", async () => {
    // Viewer at area-1, one question: area-1's own single answer is hidden; st-1's own five are hidden beside it,
    // and team-1's eleven beside st-1 in st-1's subtree {st-1, team-1}. team-1's row would show st-1's subtree
    // (16), st-1's row area-1's subtree (17): 17 − 16 is area-1's lone answer, so area-1's subtree must be hidden
    // though the cells hidden below it number 17. The compared cells are a result of their own, so the sibling
    // rule then hides st-1's subtree beside it.
    const result = await query(
      {
        measures: ["responses", "mean"],
        dimensions: ["unit"],
        filters: [{ member: "question", operator: "is", values: [S] }],
        compare: "parent_unit",
      },
      "area-1",
    );
    expect(
      result.results.map((r) => [
        r.dimensions.unit,
        r.reason ?? null,
        r.comparison?.dimensions.unit,
        r.comparison?.n,
        r.comparison?.suppressed,
        r.comparison?.measures.mean,
      ]),
    ).toEqual([
      ["area-1", "below_min_group_size", undefined, undefined, undefined, undefined],
      ["st-1", "complementary", "area-1", 17, true, null],
      ["team-1", "complementary", "st-1", 16, true, null],
    ]);
  });
});

describe("scope", () => {
  it("shows a viewer at area-1 only its subtree", async () => {
    const result = await query({ measures: ["responses", "mean"], dimensions: ["unit"] }, "area-1");
    // area-1's lone response hides st-1 (5, the smallest); st-1's subtree {st-1, team-1} then hides team-1.
    expect(result.results).toEqual([
      hidden({ unit: "area-1" }, 1, ["responses", "mean"], "below_min_group_size"),
      hidden({ unit: "st-1" }, 5, ["responses", "mean"], "complementary"),
      hidden({ unit: "team-1" }, 11, ["responses", "mean"], "complementary"),
    ]);
    expect(result.meta.labels).toEqual({
      unit: { "area-1": unitLabels["area-1"], "st-1": unitLabels["st-1"], "team-1": unitLabels["team-1"] },
    });
  });

  it("counts only the subtree in a total without dimensions", async () => {
    // plantOwn gives the plant five responses of its own: outside area-1 no group is then small.
    const result = await queryWith(plantOwn, { measures: ["responses", "mean", "enps"] }, "area-1");
    // team-1 35 + 17 over 16, st-1 24 over 7, area-1 4: 80 over 24. eNPS: 5 + 4 + 5 answers; 2+3+3, 1+1+2.
    expect(result.results).toEqual([
      shown({}, 17, { responses: 17, mean: 80 / 24, enps: (100 * (8 - 4)) / 14 }),
    ]);
    // With its one own response only, the plant's total less area-1's and dept-hr's (both public) would give that
    // response: area-1's total hides.
    const thin = await query({ measures: ["responses", "mean"] }, "area-1");
    expect(thin.results).toEqual([hidden({}, 17, ["responses", "mean"], "complementary")]);
    const everything = await query({ measures: ["responses"] });
    expect(everything.results).toEqual([shown({}, 28, { responses: 28 })]);
  });

  it("never rolls up above the scope, and says so", async () => {
    const result = await query({ measures: ["responses"], dimensions: ["unit:level_0", "topic"] }, "area-1");
    expect(result.results.map((r) => [r.dimensions["unit:level_0"], r.dimensions.topic, r.n])).toEqual([
      ["area-1", "office_style", 2],
      ["area-1", "pay", 5],
      ["area-1", "safety", 17],
    ]);
    expect(result.meta.warnings).toEqual([
      "unit:level_0 is above your scope; rolled up to your scope unit (level 1) instead.",
    ]);
    expect(result.meta.labels["unit:level_0"]).toEqual({ "area-1": unitLabels["area-1"] });
  });

  it("shows nothing of other subtrees in any dimension", async () => {
    for (const dimensions of [["group"], ["channel"], ["wave"], ["topic"], ["period:month"]]) {
      const inside = await query({ measures: ["responses"], dimensions }, "area-1");
      const n = inside.results.reduce((s, r) => s + r.n, 0);
      const filtered = await query({
        measures: ["responses"],
        dimensions,
        filters: [{ member: "unit", operator: "within", values: ["area-1"] }],
      });
      expect(inside.results, dimensions[0]).toEqual(filtered.results);
      expect(n).toBeGreaterThan(0);
    }
  });

  it("refuses a unit outside the scope like one that does not exist, and an account whose scope is gone", async () => {
    const refusal = async (body: Record<string, unknown>, scope: string) => {
      try {
        await query(body, scope);
      } catch (error) {
        if (error instanceof QueryError)
          return { code: error.code, message: error.message, path: error.path };
        throw error;
      }
      throw new Error("expected a refusal");
    };
    const unit = (id: string) => ({
      measures: ["responses"],
      filters: [{ member: "unit", operator: "is", values: [id] }],
    });
    expect(await refusal(unit("dept-hr"), "area-1")).toEqual({
      code: "unknown_value",
      message: 'There is no unit "dept-hr".',
      path: "filters/0/values/0",
    });
    expect(await refusal(unit("plant"), "area-1")).toEqual({
      code: "unknown_value",
      message: 'There is no unit "plant".',
      path: "filters/0/values/0",
    });
    expect(await refusal({ measures: ["responses"] }, "dissolved-unit")).toEqual({
      code: "scope_gone",
      message: "Your account's scope unit no longer exists; ask an administrator.",
      path: undefined,
    });
  });
});
