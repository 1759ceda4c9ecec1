// Fuzzes POST /api/analytics/query and /export (signed in as an analyst, or a leader scoped to one area) with valid
// breakdown queries that carry at least one defect: unknown names, SQL in every string, huge arrays, bad dates,
// odd operators, a group size below the minimum, prototype keys. Every one must be refused; nothing is audited.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedDimensions, measureNames } from "../../analytics/names";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";
import {
  anyJson,
  type DatabaseDigest,
  databaseDigest,
  edgeNumber,
  expectErrorShape,
  expectUnchanged,
  fuzzParams,
  fuzzTimeout,
  nastyString,
  prototypeKeys,
  reportTried,
  withKey,
} from "../helpers/fuzz";

const now = new Date();
let dir: string;
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;
let before: DatabaseDigest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "minyi-fuzz-analytics-"));
  fixture = await prepareDatabase(join(dir, "fuzz.duckdb"), now);
  app = appFor(fixture, () => now).app;
  cookies = await signedIn(fixture, app, now, [
    ["analyst", "analyst", "plant"],
    ["leader", "leader", "area-1"],
  ]);
  before = await databaseDigest(fixture.db);
});

afterAll(() => {
  fixture.db.close();
  rmSync(dir, { recursive: true, force: true });
});

type Query = Record<string, unknown>;
type Who = "analyst" | "leader";
type Defect = { name: string; apply: (q: Query, who: Who) => void; [fc.toStringMethod]?: () => string };

const defect = (name: string, apply: Defect["apply"]): Defect => ({
  name,
  apply,
  [fc.toStringMethod]: () => name,
});

const preview = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
};

const topics = ["safety", "production", "welfare", "pay", "canteen", "commute"];
const questions = ["safety_ppe", "pay_income", "enps", "office_attitude.hr_dept"];
const unitsInScope: Record<Who, string[]> = {
  analyst: ["plant", "area-1", "st-1", "team-1", "dept-hr"],
  leader: ["area-1", "st-1", "team-1"],
};
const periods = ["period:month", "period:quarter", "period:year"];
const validDimensions = fixedDimensions.filter((d) => !periods.includes(d));

/** A query the engine answers (200) for either user. */
const validQuery = fc.record(
  {
    surveyId: fc.constant("plant-satisfaction"),
    measures: fc.subarray([...measureNames], { minLength: 1 }),
    dimensions: fc
      .tuple(
        fc.subarray([...validDimensions, "unit:level_1", "unit:level_2"], { maxLength: 2 }),
        fc.option(fc.constantFrom(...periods)),
      )
      .map(([dims, period]) => [...dims, ...(period ? [period] : [])]),
    filters: fc.array(
      fc.oneof(
        fc.record({
          member: fc.constant("unit"),
          operator: fc.constantFrom("is", "is_not", "within"),
          values: fc.subarray(unitsInScope.leader, { minLength: 1 }),
        }),
        fc.record({
          member: fc.constant("topic"),
          operator: fc.constantFrom("is", "is_not"),
          values: fc.subarray(topics, { minLength: 1 }),
        }),
        fc.record({
          member: fc.constant("channel"),
          operator: fc.constantFrom("is", "is_not"),
          values: fc.subarray(["online", "onsite", "paper"], { minLength: 1 }),
        }),
      ),
      { maxLength: 2 },
    ),
    waveIds: fc.subarray(["wave-open", "wave-closed"], { minLength: 1 }),
    dateRange: fc.constant(["2026-01-01", "2026-12-31"]),
    minGroupSize: fc.integer({ min: 5, max: 50 }),
  },
  { requiredKeys: ["surveyId", "measures"] },
) as fc.Arbitrary<Query>;

const notAString = anyJson.filter((v) => typeof v !== "string");
const notAnArray = anyJson.filter((v) => !Array.isArray(v));
const oddOperators = ["=", "LIKE", "in", "IS", "between", "~", "is not", "within; DROP TABLE units"];
const badDates = [
  "2026-02-30",
  "2026-13-01",
  "2026-1-1",
  "20260101",
  "0000-00-00",
  "2026-01-01T00:00:00Z",
  "yesterday",
];

/** Each of these makes a query invalid on its own: the engine must refuse it, whatever else the query asks. */
const defects: fc.Arbitrary<Defect> = fc.oneof(
  fc
    .oneof(nastyString, notAString)
    .map((v) => defect(`surveyId=${preview(v)}`, (q) => withKey(q, "surveyId", v))),
  fc
    .oneof(
      fc.constant<unknown>([]),
      notAnArray,
      fc.array(fc.constantFrom(...measureNames), { minLength: measureNames.length + 1, maxLength: 40 }),
      fc.tuple(fc.subarray([...measureNames]), nastyString).map(([ok, bad]) => [...ok, bad]),
      fc.array(notAString, { minLength: 1, maxLength: 3 }),
    )
    .map((v) => defect(`measures=${preview(v)}`, (q) => withKey(q, "measures", v))),
  fc
    .oneof(
      notAnArray.filter((v) => v !== undefined),
      fc.array(fc.constantFrom(...validDimensions), { minLength: 4, maxLength: 50 }),
      fc.tuple(fc.subarray(validDimensions, { maxLength: 2 }), nastyString).map(([ok, bad]) => [...ok, bad]),
      fc.constantFrom(
        ["period:month", "period:year"],
        ["topic", "topic"],
        ["unit:level_1", "unit:level_01"],
        ["unit:level_123"],
        ["unit:level_-1"],
        ["UNIT"],
        ["unit "],
      ),
    )
    .map((v) => defect(`dimensions=${preview(v)}`, (q) => withKey(q, "dimensions", v))),
  fc
    .oneof(
      fc.record({ member: nastyString, operator: fc.constant("is"), values: fc.constant(["x"]) }),
      fc.record({
        member: fc.constantFrom("unit", "topic"),
        operator: fc.oneof(fc.constantFrom(...oddOperators), nastyString),
        values: fc.constant(["team-1"]),
      }),
      fc.record({
        member: fc.constantFrom("topic", "question", "group", "channel", "wave"),
        operator: fc.constant("within"),
        values: fc.constant(["x"]),
      }),
      fc.record({
        member: fc.constantFrom("unit", "topic", "question", "group", "channel", "wave"),
        operator: fc.constantFrom("is", "is_not"),
        values: fc.oneof(
          fc.constant([]),
          fc.array(nastyString, { minLength: 1, maxLength: 3 }),
          fc.array(fc.constant("team-1"), { minLength: 1001, maxLength: 3000 }),
          notAnArray,
        ),
      }),
      fc.constantFrom(null, "unit", 7, [], [["unit", "is", "x"]]),
      fc
        .tuple(fc.constantFrom(...prototypeKeys), anyJson)
        .map(([key, v]) => withKey({ member: "unit", operator: "is", values: ["team-1"] }, key, v)),
    )
    .map((f) =>
      defect(`filter ${preview(f)}`, (q) => {
        const filters = Array.isArray(q.filters) ? [...q.filters] : [];
        q.filters = [...filters, f];
      }),
    ),
  fc.integer({ min: 21, max: 200 }).map((n) =>
    defect(`${n} filters`, (q) =>
      withKey(
        q,
        "filters",
        Array.from({ length: n }, () => ({ member: "channel", operator: "is", values: ["online"] })),
      ),
    ),
  ),
  fc
    .oneof(
      fc.tuple(fc.constantFrom(...badDates), fc.constant("2026-12-31")),
      fc.tuple(fc.constant("2026-01-01"), fc.constantFrom(...badDates)),
      fc.constant(["2026-12-31", "2026-01-01"]),
      fc.constant(["2026-01-01"]),
      fc.constant(["2026-01-01", "2026-06-01", "2026-12-31"]),
      fc.tuple(nastyString, nastyString),
      notAnArray,
    )
    .map((v) => defect(`dateRange=${preview(v)}`, (q) => withKey(q, "dateRange", v))),
  fc
    .oneof(
      fc.integer({ min: -1000, max: 4 }),
      fc.double({ min: 5, max: 100, noNaN: true }).filter((n) => !Number.isInteger(n)),
      fc.integer({ min: 10_001 }),
      edgeNumber.filter((n) => typeof n !== "number" || !Number.isInteger(n) || n < 5 || n > 10_000),
      fc.constant(null),
      nastyString,
    )
    .map((v) => defect(`minGroupSize=${preview(v)}`, (q) => withKey(q, "minGroupSize", v))),
  fc
    .oneof(nastyString, notAString)
    .map((v) => defect(`compare=${preview(v)}`, (q) => withKey(q, "compare", v))),
  fc.constant(
    defect("compare parent_unit without a unit dimension", (q) => {
      q.compare = "parent_unit";
      q.dimensions = ["topic"];
    }),
  ),
  fc
    .oneof(
      fc.constant([]),
      fc.array(fc.constant("wave-open"), { minLength: 101, maxLength: 500 }),
      fc.array(nastyString, { minLength: 1, maxLength: 3 }),
      notAnArray,
    )
    .map((v) => defect(`waveIds=${preview(v)}`, (q) => withKey(q, "waveIds", v))),
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...prototypeKeys), nastyString).filter((k) => !(k in queryKeys)),
      anyJson,
    )
    .map(([key, v]) => defect(`extra field ${preview(key)}`, (q) => withKey(q, key, v))),
  fc.constant(
    defect("a unit outside the leader's scope", (q, who) => {
      q.filters = [
        { member: "unit", operator: "within", values: [who === "leader" ? "dept-hr" : "no-such-unit"] },
      ];
    }),
  ),
);

const queryKeys = {
  surveyId: 1,
  waveIds: 1,
  dateRange: 1,
  measures: 1,
  dimensions: 1,
  filters: 1,
  compare: 1,
  minGroupSize: 1,
};

function send(who: Who, endpoint: "query" | "export", query: Query) {
  const body = endpoint === "query" ? query : { query, format: "csv", lang: "en" };
  return app.request(`/api/analytics/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies[who] ?? "" },
    body: JSON.stringify(body),
  });
}

describe("POST /api/analytics/query refuses every invalid breakdown in the error shape", () => {
  it("a valid query answers 200, so the defects below are what the refusals are about", async () => {
    const res = await send("leader", "query", {
      surveyId: "plant-satisfaction",
      measures: ["mean"],
      dimensions: ["unit:level_1", "period:quarter"],
      filters: [{ member: "unit", operator: "within", values: ["area-1"] }],
    });
    expect(res.status).toBe(200);
  });

  it(
    "unknown names, SQL fragments, huge arrays, bad dates, odd operators, small groups, prototype keys",
    async () => {
      const start = await databaseDigest(fixture.db);
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(
          validQuery,
          fc.array(defects, { minLength: 1, maxLength: 3 }),
          fc.constantFrom<Who>("analyst", "leader"),
          fc.constantFrom<"query" | "export">("query", "query", "export"),
          async (valid, broken, who, endpoint) => {
            tried++;
            const query = structuredClone(valid);
            for (const d of broken) d.apply(query, who);
            const res = await send(who, endpoint, query);
            expectErrorShape(
              res.status,
              await res.text(),
              `${who} ${endpoint}: ${broken.map((d) => d.name).join(" + ")}`,
            );
            expect((await app.request("/api/health")).status).toBe(200);
          },
        ),
        fuzzParams(700),
      );
      reportTried("POST /api/analytics/query and /export", tried);
      // A refused query is not audited (only answered ones are), and changes nothing.
      await expectUnchanged(fixture.db, start);
    },
    fuzzTimeout(60_000),
  );

  it("left the database as the fixture made it, sign-ins apart", async () => {
    await expectUnchanged(fixture.db, before, (entry) => entry.action === "analytics_query");
  });
});
