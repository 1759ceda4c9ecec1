// Property: for random small organisations and random valid queries, every visible measure equals a plain
// TypeScript computation from the inserted rows (DESIGN.md's definitions), small cells are hidden, and no set of
// sibling rows has exactly one hidden row. One in-memory DuckDB for the file, its data tables emptied at the start
// of every run: each run sees only its own organisation (one fresh database per run would triple the runtime).
// First: the fixture loads the app, whose analytics route calls .openapi() on the engine's zod schema; zod-openapi
// has to extend zod before analytics/query.ts builds it.
import "@hono/zod-openapi";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBreakdown } from "../../analytics/breakdown";
import type { BreakdownQuery, Dimension, MeasureName } from "../../analytics/query";
import { queryRows } from "../../server/storage/database";
import { createWave } from "../../server/waves/waves";
import { insertResponses, responseId, type SeedResponse } from "../helpers/breakdownData";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-10-15T00:00:00Z");
const tzOffsetMinutes = 480;

/** The fixture tree, written out here so the oracle does not read the engine's catalogue. */
const units: Record<string, { level: number; path: string; headcount: number }> = {
  plant: { level: 0, path: "/plant/", headcount: 20 },
  "area-1": { level: 1, path: "/plant/area-1/", headcount: 10 },
  "st-1": { level: 2, path: "/plant/area-1/st-1/", headcount: 5 },
  "team-1": { level: 3, path: "/plant/area-1/st-1/team-1/", headcount: 30 },
  "dept-hr": { level: 1, path: "/plant/dept-hr/", headcount: 12 },
};
const unitIds = Object.keys(units);

/** The items used, with their survey_items rows (checked against the database by the first test). */
const items = {
  safety_responsibility: { kind: "scale", topic: "safety", lo: 1, hi: 5, fav: 4, unfav: 2 },
  safety_hazards: { kind: "scale", topic: "safety", lo: 1, hi: 5, fav: 4, unfav: 2 },
  pay_income: { kind: "scale", topic: "pay", lo: 1, hi: 5, fav: 4, unfav: 2 },
  "office_attitude.hr_dept": { kind: "scale", topic: "office_style", lo: 1, hi: 5, fav: 4, unfav: 2 },
  enps: { kind: "enps", topic: null, lo: 0, hi: 10, fav: 9, unfav: 6 },
} as const;
type ItemId = keyof typeof items;
const itemIds = Object.keys(items) as ItemId[];

const waves = [
  { id: "wave-q2", start: Date.UTC(2026, 3, 1), end: Date.UTC(2026, 5, 30) },
  { id: "wave-closed", start: Date.UTC(2026, 6, 1), end: Date.UTC(2026, 8, 30) },
  { id: "wave-open", start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 11, 31) },
];
const groups = ["staff", "team_leader", "office_staff"];
const channels = ["online", "onsite", "paper"] as const;
const topics = ["safety", "pay", "office_style"];
const dimensionPool: Dimension[] = [
  "unit",
  "unit:level_1",
  "unit:level_2",
  "topic",
  "group",
  "channel",
  "wave",
  "period:quarter",
];
const measurePool: MeasureName[] = [
  "responses",
  "mean",
  "index",
  "favourable",
  "unfavourable",
  "enps",
  "response_rate",
];

interface Organisation {
  waveCount: 2 | 3;
  /** The organisation's minimum group size (settings); queries may only raise it. */
  orgMin: 3 | 5;
  responses: SeedResponse[];
}

// Answers lean on a few units and groups so that some cells reach the minimum group size.
const answerArb = fc.record(
  Object.fromEntries(
    itemIds.map((id) => [
      id,
      fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: items[id].lo, max: items[id].hi }) },
        { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
      ),
    ]),
  ) as Record<ItemId, fc.Arbitrary<number | null | undefined>>,
);

const organisationArb: fc.Arbitrary<Organisation> = fc
  .constantFrom<2 | 3>(2, 3)
  .chain((waveCount) =>
    fc.record({
      waveCount: fc.constant(waveCount),
      orgMin: fc.constantFrom<3 | 5>(3, 5),
      responses: fc.array(
        fc.record({
          wave: fc.integer({ min: 3 - waveCount, max: 2 }),
          unit: fc.constantFrom("team-1", "team-1", "st-1", "st-1", "area-1", "dept-hr", "dept-hr", "plant"),
          group: fc.constantFrom("staff", "staff", "staff", "team_leader", "office_staff"),
          channel: fc.constantFrom(...channels),
          dayFraction: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
          answers: answerArb,
        }),
        { minLength: 10, maxLength: 90 },
      ),
    }),
  )
  .map(({ waveCount, orgMin, responses }) => ({
    waveCount,
    orgMin,
    responses: responses.map((r, i): SeedResponse => {
      const wave = waves[r.wave] as (typeof waves)[number];
      // Any minute of the wave's period in UTC: some land in the next local day, month or quarter.
      const at =
        wave.start + Math.floor((r.dayFraction * (wave.end - wave.start + 86_400_000)) / 60_000) * 60_000;
      const answers: Record<string, number | null> = {};
      for (const id of itemIds) {
        const v = r.answers[id];
        if (v !== undefined) answers[id] = v;
      }
      return {
        no: i + 1,
        wave: wave.id,
        unit: r.unit,
        group: r.group,
        channel: r.channel,
        at: new Date(at).toISOString(),
        answers,
      };
    }),
  }));

function filterArb(scopeUnits: string[], waveIds: string[]) {
  const values = (domain: readonly string[]) => fc.subarray([...domain], { minLength: 1 });
  return fc.oneof(
    fc.record({
      member: fc.constant("unit" as const),
      operator: fc.constantFrom("is" as const, "is_not" as const, "within" as const),
      values: values(scopeUnits),
    }),
    fc.record({
      member: fc.constantFrom("topic" as const),
      operator: fc.constantFrom("is" as const, "is_not" as const),
      values: values(topics),
    }),
    fc.record({
      member: fc.constantFrom("question" as const),
      operator: fc.constantFrom("is" as const, "is_not" as const),
      values: values(itemIds),
    }),
    fc.record({
      member: fc.constant("group" as const),
      operator: fc.constantFrom("is" as const, "is_not" as const),
      values: values([...groups, "area_head"]),
    }),
    fc.record({
      member: fc.constant("channel" as const),
      operator: fc.constantFrom("is" as const, "is_not" as const),
      values: values(channels),
    }),
    fc.record({
      member: fc.constant("wave" as const),
      operator: fc.constantFrom("is" as const, "is_not" as const),
      values: values(waveIds),
    }),
  );
}

interface Case {
  scope: string;
  query: BreakdownQuery;
}

function caseArb(waveIds: string[], orgMin: number): fc.Arbitrary<Case> {
  return fc.constantFrom("plant", "plant", "area-1").chain((scope) => {
    const scopeUnits = unitIds.filter((u) => (units[u]?.path ?? "").startsWith(units[scope]?.path ?? ""));
    return fc.record({
      scope: fc.constant(scope),
      query: fc.record(
        {
          surveyId: fc.constant("plant-satisfaction"),
          measures: fc.subarray(measurePool, { minLength: 1 }),
          dimensions: fc.shuffledSubarray(dimensionPool, { maxLength: 3 }),
          filters: fc.array(filterArb(scopeUnits, waveIds), { maxLength: 2 }),
          waveIds: fc.subarray(waveIds, { minLength: 1 }),
          minGroupSize: fc.constantFrom(orgMin, orgMin + 1, 7),
        },
        { requiredKeys: ["surveyId", "measures"] },
      ),
    });
  });
}

// ---- the oracle: DESIGN.md's measure definitions over the inserted rows, in plain TypeScript ----

interface Fact {
  rid: string;
  unit: string;
  group: string;
  channel: string;
  wave: string;
  localAt: Date;
  item: ItemId;
  v: number;
}

interface OracleCell {
  key: string[];
  rids: Set<string>;
  waves: Set<string>;
  scale: { v: number; lo: number; hi: number; fav: number; unfav: number }[];
  enps: number[];
}

const within = (unit: string, ancestor: string) =>
  (units[unit]?.path ?? "").startsWith(units[ancestor]?.path ?? "\0");

/** The unit a response of `unit` counts under for `unit:level_N`: its ancestor at depth N, or itself above N. */
function levelKey(unit: string, level: number): string {
  const u = units[unit] as { level: number; path: string };
  if (u.level < level) return unit;
  return u.path.split("/").filter(Boolean)[level] as string;
}

function dimensionKey(dim: string, f: Fact, scopeLevel: number): string | null {
  const topic = items[f.item].topic;
  if (dim === "unit") return f.unit;
  if (dim.startsWith("unit:level_")) return levelKey(f.unit, Math.max(Number(dim.slice(11)), scopeLevel));
  if (dim === "topic") return topic;
  if (dim === "group") return f.group;
  if (dim === "channel") return f.channel;
  if (dim === "wave") return f.wave;
  // period:quarter, in local time
  const month = f.localAt.getUTCMonth();
  return `${f.localAt.getUTCFullYear()}-Q${Math.floor(month / 3) + 1}`;
}

function passes(filter: NonNullable<BreakdownQuery["filters"]>[number], f: Fact): boolean {
  const value =
    filter.member === "unit"
      ? f.unit
      : filter.member === "topic"
        ? items[f.item].topic
        : filter.member === "question"
          ? f.item
          : filter.member === "group"
            ? f.group
            : filter.member === "channel"
              ? f.channel
              : f.wave;
  if (filter.operator === "within") return filter.values.some((v) => within(f.unit, v));
  const listed = value !== null && filter.values.includes(value);
  return filter.operator === "is" ? listed : !listed;
}

function oracle(org: Organisation, c: Case): Map<string, OracleCell> {
  const scopeLevel = units[c.scope]?.level ?? 0;
  const dims = c.query.dimensions ?? [];
  const facts: Fact[] = [];
  for (const r of org.responses) {
    for (const [item, v] of Object.entries(r.answers)) {
      if (v === null) continue;
      facts.push({
        rid: responseId(r.no),
        unit: r.unit,
        group: r.group,
        channel: r.channel,
        wave: r.wave,
        localAt: new Date(Date.parse(r.at) + tzOffsetMinutes * 60_000),
        item: item as ItemId,
        v,
      });
    }
  }
  const cells = new Map<string, OracleCell>();
  for (const f of facts) {
    if (!within(f.unit, c.scope)) continue;
    if (c.query.waveIds && !c.query.waveIds.includes(f.wave)) continue;
    if (!(c.query.filters ?? []).every((filter) => passes(filter, f))) continue;
    const key = dims.map((d) => dimensionKey(d, f, scopeLevel));
    if (key.some((k) => k === null)) continue;
    const id = JSON.stringify(key);
    let cell = cells.get(id);
    if (!cell) {
      cell = { key: key as string[], rids: new Set(), waves: new Set(), scale: [], enps: [] };
      cells.set(id, cell);
    }
    cell.rids.add(f.rid);
    cell.waves.add(f.wave);
    const meta = items[f.item];
    if (meta.kind === "scale") cell.scale.push({ v: f.v, ...meta });
    else cell.enps.push(f.v);
  }
  // Without dimensions there is always one (total) row, even over no answers.
  if (dims.length === 0 && cells.size === 0) {
    cells.set("[]", { key: [], rids: new Set(), waves: new Set(), scale: [], enps: [] });
  }
  return cells;
}

/** Units whose staff the query covers: in scope and through every unit filter. */
function population(c: Case): string[] {
  return unitIds.filter(
    (u) =>
      within(u, c.scope) &&
      (c.query.filters ?? [])
        .filter((f) => f.member === "unit")
        .every((f) =>
          f.operator === "within"
            ? f.values.some((v) => within(u, v))
            : f.operator === "is"
              ? f.values.includes(u)
              : !f.values.includes(u),
        ),
  );
}

function expectedMeasure(m: MeasureName, cell: OracleCell, c: Case): number | null {
  const share = (count: number, of: number) => (of === 0 ? null : count / of);
  const scale = cell.scale;
  const dims = c.query.dimensions ?? [];
  switch (m) {
    case "responses":
      return cell.rids.size;
    case "mean":
      return share(
        scale.reduce((s, a) => s + a.v, 0),
        scale.length,
      );
    case "index":
      return share(
        scale.reduce((s, a) => s + (100 * (a.v - a.lo)) / (a.hi - a.lo), 0),
        scale.length,
      );
    case "favourable":
      return share(scale.filter((a) => a.v >= a.fav).length, scale.length);
    case "unfavourable":
      return share(scale.filter((a) => a.v <= a.unfav).length, scale.length);
    case "enps": {
      const n = cell.enps.length;
      if (n === 0) return null;
      return 100 * (cell.enps.filter((v) => v >= 9).length / n - cell.enps.filter((v) => v <= 6).length / n);
    }
    case "response_rate": {
      // Headcount is per unit, not per group; a rate is for one wave.
      if (dims.includes("group") || cell.waves.size !== 1) return null;
      const scopeLevel = units[c.scope]?.level ?? 0;
      const staff = population(c)
        .filter((u) =>
          dims.every((d, i) => {
            if (d === "unit") return u === cell.key[i];
            if (d.startsWith("unit:level_"))
              return levelKey(u, Math.max(Number(d.slice(11)), scopeLevel)) === cell.key[i];
            return true;
          }),
        )
        .reduce((s, u) => s + (units[u]?.headcount ?? 0), 0);
      return staff > 0 ? cell.rids.size / staff : null;
    }
  }
}

/** Empties the data tables and writes one run's organisation: every run starts from the same catalogue. */
async function load(fixture: Fixture, org: Organisation): Promise<void> {
  const db = fixture.db;
  await db.write.run("DELETE FROM answers; DELETE FROM responses; DELETE FROM settings");
  await db.write.run(
    "DELETE FROM waves WHERE id = 'wave-q2'; DELETE FROM wave_units WHERE wave_id = 'wave-q2'",
  );
  if (org.waveCount === 3) {
    await createWave(
      db,
      {
        id: "wave-q2",
        surveyId: "plant-satisfaction",
        title: "2026年第二季度",
        periodStart: "2026-04-01",
        periodEnd: "2026-06-30",
        opensAt: "2026-04-01T00:00:00Z",
        closesAt: "2026-06-30T00:00:00Z",
        channels: ["online", "onsite", "paper"],
      },
      now,
    );
  }
  if (org.orgMin !== 5) {
    await db.write.run("INSERT INTO settings VALUES ('min_group_size', $1::JSON)", [String(org.orgMin)]);
  }
  await insertResponses(db, org.responses);
}

/** How many visible, hidden and complementary rows the runs met: the property means little if all were hidden. */
const seen = { visible: 0, hidden: 0, complementary: 0, measured: 0 };

async function check(fixture: Fixture, org: Organisation, cases: Case[]): Promise<void> {
  await load(fixture, org);
  for (const c of cases) {
    const result = await runBreakdown(fixture.db.read, c.query, { scopeUnitId: c.scope });
    const expected = oracle(org, c);
    const dims = c.query.dimensions ?? [];
    const minGroupSize = c.query.minGroupSize ?? org.orgMin;
    const measures = [...new Set(c.query.measures)];
    const label = JSON.stringify(c);
    expect(result.meta.minGroupSize, label).toBe(minGroupSize);

    // The same cells, each with n = its distinct responses.
    expect(result.results.map((r) => JSON.stringify(dims.map((d) => r.dimensions[d]))).sort(), label).toEqual(
      [...expected.keys()].sort(),
    );
    for (const row of result.results) {
      const cell = expected.get(JSON.stringify(dims.map((d) => row.dimensions[d]))) as OracleCell;
      expect(row.n, label).toBe(cell.rids.size);
      // (b) small cells are hidden, all their measures null.
      if (row.n < minGroupSize) expect(row.suppressed, label).toBe(true);
      if (row.suppressed) {
        seen.hidden++;
        if (row.reason === "complementary") seen.complementary++;
        expect(row.measures, label).toEqual(Object.fromEntries(measures.map((m) => [m, null])));
        continue;
      }
      seen.visible++;
      // (a) visible measures are DESIGN.md's definitions.
      for (const m of measures) {
        const want = expectedMeasure(m, cell, c);
        const got = row.measures[m];
        if (want === null) expect(got, `${label} ${m}`).toBeNull();
        else {
          seen.measured++;
          expect(Math.abs((got as number) - want), `${label} ${m}: ${got} vs ${want}`).toBeLessThan(1e-9);
        }
      }
    }

    // (c) no set of siblings (equal in all dimensions but one) with a visible row has exactly one hidden row,
    // or hidden rows of fewer than the minimum responses together: no small group by subtraction.
    for (let d = 0; d < dims.length; d++) {
      const sets = new Map<string, { hidden: number; hiddenN: number; visible: number }>();
      for (const row of result.results) {
        const rest = JSON.stringify(dims.filter((_, j) => j !== d).map((x) => row.dimensions[x]));
        const s = sets.get(rest) ?? { hidden: 0, hiddenN: 0, visible: 0 };
        if (row.suppressed) {
          s.hidden++;
          s.hiddenN += row.n;
        } else s.visible++;
        sets.set(rest, s);
      }
      for (const s of sets.values()) {
        if (s.visible === 0 || s.hidden === 0) continue;
        expect(s.hidden, `${label} siblings along ${dims[d]}`).not.toBe(1);
        expect(s.hiddenN, `${label} hidden responses along ${dims[d]}`).toBeGreaterThanOrEqual(minGroupSize);
      }
    }
  }
}

describe("runBreakdown against a plain computation of DESIGN.md's measures", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await prepareDatabase(":memory:", now);
  });
  afterAll(() => fixture.db.close());

  it("the oracle's catalogue is the survey's", async () => {
    const rows = await queryRows<Record<string, unknown>>(
      fixture.db.read,
      `SELECT item_id, kind, topic, scale_min AS lo, scale_max AS hi, favourable_min AS fav,
              unfavourable_max AS unfav FROM survey_items
       WHERE survey_id = 'plant-satisfaction' AND survey_version = 1 AND list_contains(string_split($1, ','), item_id)
       ORDER BY item_id`,
      [itemIds.join(",")],
    );
    expect(rows).toEqual([...itemIds].sort().map((id) => ({ item_id: id, ...items[id] })));
    const tree = await queryRows(fixture.db.read, "SELECT id, level, path, headcount FROM units ORDER BY id");
    expect(tree).toEqual(
      Object.entries(units)
        .map(([id, u]) => ({ id, ...u }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it("measures, n, suppression and sibling sets hold for random data and queries", async () => {
    await fc.assert(
      fc.asyncProperty(
        organisationArb.chain((org) =>
          fc.tuple(
            fc.constant(org),
            fc.array(
              caseArb(
                waves.slice(3 - org.waveCount).map((w) => w.id),
                org.orgMin,
              ),
              {
                minLength: 4,
                maxLength: 8,
              },
            ),
          ),
        ),
        async ([org, cases]) => check(fixture, org, cases),
      ),
      { numRuns: 60 },
    );
    expect(seen.visible).toBeGreaterThan(20);
    expect(seen.measured).toBeGreaterThan(50);
    expect(seen.complementary).toBeGreaterThan(0);
  }, 60_000);
});
