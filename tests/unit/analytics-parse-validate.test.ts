// parse and validate: every refusal with its exact code, message and path, and the plans validate makes (level
// roll-ups clamped to the scope, response-rate warnings, group sizes, populations). Real catalogue in DuckDB.
// First: the fixture loads the app, whose analytics route calls .openapi() on the engine's zod schema; zod-openapi
// has to extend zod before analytics/query.ts builds it.
import "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSnapshot, type Snapshot } from "../../analytics/catalogue";
import { QueryError } from "../../analytics/errors";
import { parse } from "../../analytics/parse";
import { validate } from "../../analytics/validate";
import { registerSurvey } from "../../server/catalogue/registerSurvey";
import { createWave } from "../../server/waves/waves";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-10-15T00:00:00Z");
const survey = "plant-satisfaction";

interface Refusal {
  code: string;
  message: string;
  path?: string;
}

function refusal(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    return {
      code: error.code,
      message: error.message,
      ...(error.path === undefined ? {} : { path: error.path }),
    };
  }
  throw new Error("expected a refusal");
}

async function withSettings<T>(
  settings: Record<string, number>,
  body: (f: Fixture) => Promise<T>,
): Promise<T> {
  const f = await prepareDatabase(":memory:", now);
  try {
    for (const [key, value] of Object.entries(settings)) {
      await f.db.write.run("INSERT INTO settings VALUES ($1, $2::JSON)", [key, JSON.stringify(value)]);
    }
    return await body(f);
  } finally {
    f.db.close();
  }
}

let fixture: Fixture;
const snapshots = new Map<string, Snapshot>();
async function snapshot(scope: string, surveyId = survey): Promise<Snapshot> {
  const key = `${scope}|${surveyId}`;
  let snap = snapshots.get(key);
  if (!snap) {
    snap = (await readSnapshot(fixture.db.read, surveyId, scope)) as Snapshot;
    snapshots.set(key, snap);
  }
  return snap;
}

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  // A second survey with a wave of its own: its wave is not a wave of the plant survey.
  await registerSurvey(fixture.db, "canteen-pulse", {
    title: { default: "Canteen pulse", "zh-cn": "食堂快评" },
    elements: [
      { type: "rating", name: "food", topic: "canteen", title: { default: "Food", "zh-cn": "饭菜" } },
    ],
  });
  await createWave(
    fixture.db,
    {
      id: "wave-canteen",
      surveyId: "canteen-pulse",
      title: "食堂 2026-10",
      periodStart: "2026-10-01",
      periodEnd: "2026-10-31",
      opensAt: "2026-10-01T00:00:00Z",
      closesAt: "2026-11-01T00:00:00Z",
      channels: ["online"],
    },
    now,
  );
});
afterAll(() => fixture.db.close());

const dimensionHelp =
  "is not a dimension: use unit, unit:level_N, topic, question, group, channel, wave or period:month|quarter|year";

describe("parse refuses what is not a query", () => {
  const base = { surveyId: survey, measures: ["mean"] };
  const cases: { name: string; body: unknown; refusal: Refusal }[] = [
    {
      name: "an unknown key",
      body: { ...base, unit: "plant" },
      refusal: { code: "invalid_query", message: "The query has fields a query does not take: unit." },
    },
    {
      name: "unknown keys in a filter",
      body: { ...base, filters: [{ member: "unit", operator: "is", values: ["plant"], mode: 1, x: 2 }] },
      refusal: {
        code: "invalid_query",
        message: 'Field "filters/0" has fields a query does not take: mode, x.',
        path: "filters/0",
      },
    },
    {
      name: "more than 3 dimensions",
      body: { ...base, dimensions: ["unit", "topic", "group", "channel"] },
      refusal: {
        code: "invalid_query",
        message: 'Field "dimensions": at most 3 dimensions.',
        path: "dimensions",
      },
    },
    {
      name: "a dimension that does not exist",
      body: { ...base, dimensions: ["unit", "units"] },
      refusal: {
        code: "invalid_query",
        message: `Field "dimensions/1": ${dimensionHelp}.`,
        path: "dimensions/1",
      },
    },
    {
      name: "a level that is not a number",
      body: { ...base, dimensions: ["unit:level_x"] },
      refusal: {
        code: "invalid_query",
        message: `Field "dimensions/0": ${dimensionHelp}.`,
        path: "dimensions/0",
      },
    },
    {
      name: "a period that does not exist",
      body: { ...base, dimensions: ["period:week"] },
      refusal: {
        code: "invalid_query",
        message: `Field "dimensions/0": ${dimensionHelp}.`,
        path: "dimensions/0",
      },
    },
    {
      name: "no measure",
      body: { ...base, measures: [] },
      refusal: {
        code: "invalid_query",
        message: 'Field "measures": Too small: expected array to have >=1 items.',
        path: "measures",
      },
    },
    {
      name: "an unknown measure",
      body: { ...base, measures: ["mean", "median"] },
      refusal: {
        code: "invalid_query",
        message:
          'Field "measures/1": Invalid option: expected one of "responses"|"mean"|"index"|"favourable"|"unfavourable"|"enps"|"response_rate".',
        path: "measures/1",
      },
    },
    {
      name: "a date that is not an ISO date",
      body: { ...base, dateRange: ["2026-07-01", "2026-13-01"] },
      refusal: {
        code: "invalid_query",
        message: 'Field "dateRange/1": Invalid ISO date.',
        path: "dateRange/1",
      },
    },
    {
      name: "an operator that does not exist",
      body: { ...base, filters: [{ member: "unit", operator: "below", values: ["plant"] }] },
      refusal: {
        code: "invalid_query",
        message: 'Field "filters/0/operator": Invalid option: expected one of "is"|"is_not"|"within".',
        path: "filters/0/operator",
      },
    },
    {
      name: "a group size that is not a whole number",
      body: { ...base, minGroupSize: 5.5 },
      refusal: {
        code: "invalid_query",
        message: 'Field "minGroupSize": Invalid input: expected int, received number.',
        path: "minGroupSize",
      },
    },
    {
      name: "no survey",
      body: { measures: ["mean"] },
      refusal: {
        code: "invalid_query",
        message: 'Field "surveyId": Invalid input: expected string, received undefined.',
        path: "surveyId",
      },
    },
    {
      name: "not an object",
      body: ["mean"],
      refusal: {
        code: "invalid_query",
        message: "The query: Invalid input: expected object, received array.",
      },
    },
  ];
  it.each(cases)("$name", ({ body, refusal: expected }) => {
    expect(refusal(() => parse(body))).toEqual(expected);
  });

  it("takes every dimension of the contract", () => {
    const dimensions = ["unit", "unit:level_2", "topic"];
    expect(parse({ ...base, dimensions }).dimensions).toEqual(dimensions);
    for (const d of [
      "question",
      "group",
      "channel",
      "wave",
      "period:month",
      "period:quarter",
      "period:year",
    ]) {
      expect(parse({ ...base, dimensions: [d] }).dimensions).toEqual([d]);
    }
  });
});

describe("validate refuses what the catalogue, the tree or the scope do not hold", () => {
  const cases: { name: string; scope?: string; body: Record<string, unknown>; refusal: Refusal }[] = [
    {
      name: "an unknown survey",
      body: { surveyId: "exit-interview", measures: ["mean"], waveIds: ["wave-open"] },
      refusal: { code: "unknown_survey", message: 'There is no survey "exit-interview".', path: "surveyId" },
    },
    {
      name: "a wave that does not exist",
      body: { waveIds: ["wave-2019"] },
      refusal: {
        code: "unknown_wave",
        message: 'There is no wave "wave-2019" of survey "plant-satisfaction".',
        path: "waveIds/0",
      },
    },
    {
      name: "a wave of another survey",
      body: { waveIds: ["wave-open", "wave-canteen"] },
      refusal: {
        code: "unknown_wave",
        message: 'There is no wave "wave-canteen" of survey "plant-satisfaction".',
        path: "waveIds/1",
      },
    },
    {
      name: "a date range that ends before it starts",
      body: { dateRange: ["2026-10-01", "2026-09-30"] },
      refusal: {
        code: "bad_date_range",
        message: "The date range must end on or after the day it starts.",
        path: "dateRange/1",
      },
    },
    {
      name: "a dimension asked twice",
      body: { dimensions: ["topic", "unit", "topic"] },
      refusal: {
        code: "duplicate_dimension",
        message: 'Dimension "topic" is asked twice.',
        path: "dimensions/2",
      },
    },
    {
      name: "a level asked twice",
      body: { dimensions: ["unit:level_1", "unit:level_1"] },
      refusal: {
        code: "duplicate_dimension",
        message: 'Dimension "unit:level_1" is asked twice.',
        path: "dimensions/1",
      },
    },
    {
      name: "two period dimensions",
      body: { dimensions: ["period:month", "unit", "period:year"] },
      refusal: {
        code: "duplicate_dimension",
        message: "Use one period dimension at a time (month, quarter or year).",
        path: "dimensions",
      },
    },
    {
      name: '"within" on a topic',
      body: {
        filters: [
          { member: "unit", operator: "within", values: ["area-1"] },
          { member: "topic", operator: "within", values: ["safety"] },
        ],
      },
      refusal: {
        code: "bad_operator",
        message: '"within" applies to units only; use "is" or "is_not" for topic.',
        path: "filters/1/operator",
      },
    },
    {
      name: '"within" on a group',
      body: { filters: [{ member: "group", operator: "within", values: ["staff"] }] },
      refusal: {
        code: "bad_operator",
        message: '"within" applies to units only; use "is" or "is_not" for group.',
        path: "filters/0/operator",
      },
    },
    {
      name: "an unknown unit",
      body: { filters: [{ member: "unit", operator: "is", values: ["st-1", "st-9"] }] },
      refusal: { code: "unknown_value", message: 'There is no unit "st-9".', path: "filters/0/values/1" },
    },
    {
      name: "an unknown topic",
      body: {
        filters: [
          { member: "group", operator: "is", values: ["staff"] },
          { member: "topic", operator: "is_not", values: ["safety", "canteen", "parking"] },
        ],
      },
      refusal: { code: "unknown_value", message: 'There is no topic "parking".', path: "filters/1/values/2" },
    },
    {
      name: "an unknown question",
      body: { filters: [{ member: "question", operator: "is", values: ["office_attitude.zoo"] }] },
      refusal: {
        code: "unknown_value",
        message: 'Survey "plant-satisfaction" has no question "office_attitude.zoo".',
        path: "filters/0/values/0",
      },
    },
    {
      name: "a question of another survey",
      body: { filters: [{ member: "question", operator: "is", values: ["enps", "food"] }] },
      refusal: {
        code: "unknown_value",
        message: 'Survey "plant-satisfaction" has no question "food".',
        path: "filters/0/values/1",
      },
    },
    {
      name: "an unknown group",
      body: { filters: [{ member: "group", operator: "is_not", values: ["interns"] }] },
      refusal: {
        code: "unknown_value",
        message: 'There is no respondent group "interns".',
        path: "filters/0/values/0",
      },
    },
    {
      name: "an unknown channel",
      body: { filters: [{ member: "channel", operator: "is", values: ["online", "email"] }] },
      refusal: {
        code: "unknown_value",
        message: 'There is no channel "email"; use online, onsite, paper.',
        path: "filters/0/values/1",
      },
    },
    {
      name: "a wave filter with another survey's wave",
      body: { filters: [{ member: "wave", operator: "is", values: ["wave-canteen"] }] },
      refusal: {
        code: "unknown_value",
        message: 'There is no wave "wave-canteen" of survey "plant-satisfaction".',
        path: "filters/0/values/0",
      },
    },
    {
      name: "a unit outside the viewer's scope",
      scope: "area-1",
      body: { filters: [{ member: "unit", operator: "within", values: ["st-1", "dept-hr"] }] },
      refusal: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "filters/0/values/1" },
    },
    {
      name: "the unit above the viewer's scope",
      scope: "area-1",
      body: { filters: [{ member: "unit", operator: "is_not", values: ["plant"] }] },
      refusal: { code: "unknown_value", message: 'There is no unit "plant".', path: "filters/0/values/0" },
    },
    {
      name: "a unit that does not exist, for the same viewer",
      scope: "area-1",
      body: { filters: [{ member: "unit", operator: "is_not", values: ["nowhere"] }] },
      refusal: { code: "unknown_value", message: 'There is no unit "nowhere".', path: "filters/0/values/0" },
    },
    {
      name: "a group size below the organisation's minimum",
      body: { minGroupSize: 4 },
      refusal: {
        code: "min_group_size_too_small",
        message: "minGroupSize 4 is below the organisation's minimum of 5; it may only be raised.",
        path: "minGroupSize",
      },
    },
    {
      name: "compare parent_unit without a unit dimension",
      body: { dimensions: ["topic", "wave"], compare: "parent_unit" },
      refusal: {
        code: "compare_needs_unit",
        message: "compare parent_unit needs a unit or unit:level_N dimension.",
        path: "compare",
      },
    },
    {
      name: "compare previous_period with both a wave and a period dimension",
      body: { dimensions: ["wave", "period:quarter"], compare: "previous_period" },
      refusal: {
        code: "compare_ambiguous",
        message: "compare previous_period needs either a wave or a period dimension, not both.",
        path: "compare",
      },
    },
  ];
  it.each(cases)("$name", async ({ scope, body, refusal: expected }) => {
    const query = parse({ surveyId: survey, measures: ["mean"], ...body });
    const snap = await snapshot(scope ?? "plant", query.surveyId);
    expect(refusal(() => validate(query, snap))).toEqual(expected);
  });

  it("answers a unit outside the scope exactly like one that does not exist", async () => {
    const snap = await snapshot("area-1");
    const asked = (unit: string) =>
      refusal(() =>
        validate(
          parse({
            surveyId: survey,
            measures: ["mean"],
            filters: [{ member: "unit", operator: "is", values: [unit] }],
          }),
          snap,
        ),
      );
    const outside = asked("dept-hr");
    const missing = asked("dept-xx");
    expect({ ...outside, message: outside.message.replace("dept-hr", "?") }).toEqual({
      ...missing,
      message: missing.message.replace("dept-xx", "?"),
    });
  });
});

describe("validate's plans", () => {
  const plan = async (body: Record<string, unknown>, scope = "plant") =>
    validate(parse({ surveyId: survey, ...body }), await snapshot(scope));

  it("clamps a roll-up above the viewer's scope to the scope level, with a warning", async () => {
    const p = await plan(
      { measures: ["mean"], dimensions: ["unit:level_0", "unit:level_2", "unit"] },
      "area-1",
    );
    expect(p.compile.dimensions).toEqual([
      { name: "unit:level_0", registryKey: "unit:level", unit: { mode: "level", level: 1 } },
      { name: "unit:level_2", registryKey: "unit:level", unit: { mode: "level", level: 2 } },
      { name: "unit", registryKey: "unit", unit: { mode: "own" } },
    ]);
    expect(p.dimensions).toEqual(["unit:level_0", "unit:level_2", "unit"]);
    expect(p.warnings).toEqual([
      "unit:level_0 is above your scope; rolled up to your scope unit (level 1) instead.",
    ]);
    expect(p.compile.scopePath).toBe("/plant/area-1/");
  });

  it("keeps a roll-up at or below the scope level as asked", async () => {
    const p = await plan({ measures: ["mean"], dimensions: ["unit:level_1", "topic"] }, "area-1");
    expect(p.compile.dimensions).toEqual([
      { name: "unit:level_1", registryKey: "unit:level", unit: { mode: "level", level: 1 } },
      { name: "topic", registryKey: "topic" },
    ]);
    expect(p.warnings).toEqual([]);
  });

  const rateCases: { name: string; body: Record<string, unknown>; warnings: string[] }[] = [
    {
      name: "across all waves without the wave dimension",
      body: { dimensions: ["unit"] },
      warnings: [
        "response_rate needs the wave dimension or a single wave; it is null where a cell spans several waves.",
      ],
    },
    {
      name: "over two waves",
      body: { waveIds: ["wave-open", "wave-closed"] },
      warnings: [
        "response_rate needs the wave dimension or a single wave; it is null where a cell spans several waves.",
      ],
    },
    { name: "over one wave", body: { waveIds: ["wave-open"], dimensions: ["unit"] }, warnings: [] },
    { name: "by wave", body: { dimensions: ["unit:level_1", "wave"] }, warnings: [] },
    {
      name: "by group",
      body: { dimensions: ["group"], waveIds: ["wave-open"] },
      warnings: ["response_rate is null by group: headcount is not known per respondent group."],
    },
  ];
  it.each(rateCases)("response_rate $name", async ({ body, warnings }) => {
    expect((await plan({ measures: ["responses", "response_rate"], ...body })).warnings).toEqual(warnings);
  });

  it("warns about nothing when response_rate is not asked", async () => {
    expect((await plan({ measures: ["mean"], dimensions: ["group"] })).warnings).toEqual([]);
  });

  it("plans filters with values only, and the population response rates divide by", async () => {
    const p = await plan({
      measures: ["mean", "mean", "favourable"],
      filters: [
        { member: "unit", operator: "within", values: ["area-1"] },
        { member: "unit", operator: "is_not", values: ["team-1"] },
        { member: "topic", operator: "is", values: ["safety", "pay"] },
        { member: "channel", operator: "is_not", values: ["paper"] },
      ],
    });
    expect(p.compile.filters).toEqual([
      { member: "unit", operator: "within", paths: ["/plant/area-1/"] },
      { member: "unit", operator: "is_not", unitIds: ["team-1"] },
      { member: "topic", operator: "is", values: ["safety", "pay"] },
      { member: "channel", operator: "is_not", values: ["paper"] },
    ]);
    expect(p.measures).toEqual(["mean", "favourable"]);
    expect(p.population.map((u) => u.id)).toEqual(["area-1", "st-1"]);
    expect(p.minGroupSize).toBe(5);
    expect(p.compile.tzOffsetMinutes).toBe(480);
    expect(p.compile.waveIds).toBeNull();
    expect(p.compile.dateRange).toBeNull();
  });

  it("keeps the population inside the scope", async () => {
    const p = await plan({ measures: ["response_rate"] }, "area-1");
    expect(p.population.map((u) => u.id)).toEqual(["area-1", "st-1", "team-1"]);
  });

  it("lets a query raise the group size", async () => {
    expect((await plan({ measures: ["mean"], minGroupSize: 8 })).minGroupSize).toBe(8);
    expect((await plan({ measures: ["mean"], minGroupSize: 5 })).minGroupSize).toBe(5);
  });

  it("follows the organisation's minimum and time zone from the settings", async () => {
    await withSettings({ min_group_size: 3, tz_offset_minutes: 0 }, async (f) => {
      const snap = (await readSnapshot(f.db.read, survey, "plant")) as Snapshot;
      const p = validate(parse({ surveyId: survey, measures: ["mean"], minGroupSize: 3 }), snap);
      expect([p.minGroupSize, p.compile.tzOffsetMinutes]).toEqual([3, 0]);
      expect(validate(parse({ surveyId: survey, measures: ["mean"] }), snap).minGroupSize).toBe(3);
      expect(
        refusal(() => validate(parse({ surveyId: survey, measures: ["mean"], minGroupSize: 2 }), snap)),
      ).toEqual({
        code: "min_group_size_too_small",
        message: "minGroupSize 2 is below the organisation's minimum of 3; it may only be raised.",
        path: "minGroupSize",
      });
    });
  });

  it("never lets the organisation's minimum go below 3", async () => {
    await withSettings({ min_group_size: 1 }, async (f) => {
      const snap = (await readSnapshot(f.db.read, survey, "plant")) as Snapshot;
      expect(snap.settings.minGroupSize).toBe(3);
      expect(
        refusal(() => validate(parse({ surveyId: survey, measures: ["mean"], minGroupSize: 2 }), snap)),
      ).toEqual({
        code: "min_group_size_too_small",
        message: "minGroupSize 2 is below the organisation's minimum of 3; it may only be raised.",
        path: "minGroupSize",
      });
    });
  });
});
