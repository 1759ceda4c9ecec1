// The roll-up and unit-tree paths made for a million staff give exactly what they gave before: unit:level_N keys
// from the ancestor's path segment (a hash join) against the prefix join they replace, on a tree with prefix-alike
// ids, a moved and a merged unit, at every depth and scope; "one wave or more" as response_rate reads it; and the
// unit tree read once per change, not per query.
// First: the fixture loads the app, whose routes call .openapi() on zod schemas; zod-openapi extends zod first.
import "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSnapshot, readUnits } from "../../analytics/catalogue";
import { compile } from "../../analytics/compile";
import { parse } from "../../analytics/parse";
import { validate } from "../../analytics/validate";
import { mergeUnit, moveUnit, renameUnit } from "../../server/org/reorganise";
import { replaceOrganisation, type UnitInput } from "../../server/org/units";
import { queryRows } from "../../server/storage/database";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-10-15T00:00:00Z");
const unit = (id: string, parentId: string | null, kind: UnitInput["kind"], headcount = 10): UnitInput => ({
  id,
  parentId,
  nameZh: id,
  nameEn: id,
  kind,
  headcount,
});
// Five levels; pa-a1 and pa-a1x share a prefix, as do pa-a1-s1 and pa-a1-s10.
const tree: UnitInput[] = [
  unit("g", null, "plant"),
  unit("pa", "g", "plant"),
  unit("pb", "g", "plant"),
  unit("g-d", "g", "department"),
  unit("pa-a1", "pa", "area"),
  unit("pa-a1x", "pa", "area"),
  unit("pa-a2", "pa", "area"),
  unit("pa-d", "pa", "department"),
  unit("pb-a1", "pb", "area"),
  unit("pa-a1-s1", "pa-a1", "station"),
  unit("pa-a1-s10", "pa-a1", "station"),
  unit("pa-a1-s2", "pa-a1", "station"),
  unit("pa-a1x-s1", "pa-a1x", "station"),
  unit("pb-a1-s1", "pb-a1", "station"),
  unit("pa-a1-s1-t1", "pa-a1-s1", "team", 30),
  unit("pa-a1-s1-t2", "pa-a1-s1", "team", 30),
  unit("pa-a1-s2-t1", "pa-a1-s2", "team", 30),
  unit("pb-a1-s1-t1", "pb-a1-s1", "team", 30),
];

let fixture: Fixture;

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  await fixture.db.write.run("DELETE FROM units");
  await replaceOrganisation(fixture.db, tree);
  const rows: SeedResponse[] = [];
  let no = 0;
  // Every unit answers, a different number of times each, with values that differ by unit.
  for (const [i, u] of tree.entries())
    for (let k = 0; k < 3 + (i % 4); k++) {
      no++;
      rows.push({
        no,
        wave: k % 2 === 0 ? "wave-open" : "wave-closed",
        unit: u.id,
        group: k % 3 === 0 ? "team_leader" : "staff",
        channel: "online",
        at: k % 2 === 0 ? "2026-10-20T02:00:00Z" : "2026-08-20T02:00:00Z",
        answers: { safety_responsibility: 1 + ((no + i) % 5), pay_income: 1 + ((no * 3) % 5), enps: no % 11 },
      });
    }
  await insertResponses(fixture.db, rows);
  // After a reorganisation paths change and a merged unit's responses count for another.
  const ctx = { actor: "test", now };
  await moveUnit(fixture.db, "pb-a1-s1", "pa-a2", ctx);
  await mergeUnit(fixture.db, "pa-a1-s2", "pa-a1-s10", ctx);
});

afterAll(() => fixture?.db.close());

/** The unit map as compile wrote it before: a prefix join of every unit with every unit at depth N. */
function withPrefixJoin(sql: string): string {
  return sql.replace(
    /m(\d) AS \(SELECT d\.id AS unit_id,\s+coalesce\(CASE WHEN starts_with\(d\.path, anc\.path\) THEN anc\.id END, d\.id\) AS key\s+FROM u d LEFT JOIN \(SELECT id, path FROM u WHERE level = (\$\d+)\) anc\s+ON anc\.id = split_part\(d\.path, '\/', CAST\(\$\d+ AS INTEGER\) \+ 2\)\)/g,
    (_, i: string, level: string) =>
      `m${i} AS (SELECT d.id AS unit_id, coalesce(anc.id, d.id) AS key FROM u d
             LEFT JOIN u anc ON anc.level = ${level} AND starts_with(d.path, anc.path))`,
  );
}

const cases = [
  ...[0, 1, 2, 3, 4].map((level) => ({ scope: "g", level })),
  ...[1, 2, 3, 4].map((level) => ({ scope: "pa", level })),
  ...[2, 3, 4].map((level) => ({ scope: "pa-a1", level })),
];

describe("unit:level_N by path segment", () => {
  it.each(cases)(
    "gives the prefix join's cells exactly: scope $scope, level $level",
    async ({ scope, level }) => {
      const snap = await readSnapshot(fixture.db.read, "plant-satisfaction", scope);
      const query = parse({
        surveyId: "plant-satisfaction",
        measures: ["responses", "mean", "index", "favourable", "unfavourable", "enps"],
        dimensions: [`unit:level_${level}`, "topic"],
      });
      const compiled = compile(validate(query, snap as NonNullable<typeof snap>).compile);
      const before = withPrefixJoin(compiled.sql);
      expect(before).not.toBe(compiled.sql);
      const now = await queryRows(fixture.db.analytics, compiled.sql, compiled.params);
      const then = await queryRows(fixture.db.analytics, before, compiled.params);
      expect(now.length).toBeGreaterThan(0);
      expect(now).toEqual(then);
    },
  );

  it("rolls a merged unit's responses and a moved station up where they belong now", async () => {
    const snap = await readSnapshot(fixture.db.read, "plant-satisfaction", "g");
    const plan = validate(
      parse({ surveyId: "plant-satisfaction", measures: ["responses"], dimensions: ["unit:level_2"] }),
      snap as NonNullable<typeof snap>,
    );
    const compiled = compile(plan.compile);
    const rows = await queryRows<{ d0: string; n: number }>(
      fixture.db.analytics,
      compiled.sql,
      compiled.params,
    );
    const keys = rows.map((r) => r.d0);
    // pb-a1-s1 (and its team) moved under pa-a2; pb-a1 keeps only itself. g, pa, pb and g-d lie above depth 2.
    expect(keys).toEqual(["g", "g-d", "pa", "pa-a1", "pa-a1x", "pa-a2", "pa-d", "pb", "pb-a1"]);
    expect(keys).not.toContain("pa-a1-s2");
  });
});

describe("one wave or more", () => {
  it.each([[["unit:level_2"]], [["wave", "unit:level_2"]], [["group"]]])(
    "tells response_rate what count(DISTINCT wave_id) told it, by %j",
    async (dimensions) => {
      const snap = await readSnapshot(fixture.db.read, "plant-satisfaction", "g");
      const compiled = compile(
        validate(
          parse({ surveyId: "plant-satisfaction", measures: ["responses", "response_rate"], dimensions }),
          snap as NonNullable<typeof snap>,
        ).compile,
      );
      const before = compiled.sql.replace(
        "CASE WHEN min(wave_id) = max(wave_id) THEN 1 ELSE 2 END",
        "count(DISTINCT wave_id)",
      );
      expect(before).not.toBe(compiled.sql);
      const oneWave = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, waves: r.waves === 1 }));
      const now = await queryRows(fixture.db.analytics, compiled.sql, compiled.params);
      const then = await queryRows(fixture.db.analytics, before, compiled.params);
      expect(oneWave(now)).toEqual(oneWave(then));
      // Both kinds of cell occur: one wave (by wave) and two (the others).
      expect(new Set(then.map((r) => r.waves))).toEqual(new Set(dimensions.includes("wave") ? [1] : [2]));
    },
  );
});

describe("the unit tree is read again only when it changed", () => {
  it("hands out the same tree until a unit changes, then the changed one", async () => {
    const first = await readUnits(fixture.db.read);
    expect(await readUnits(fixture.db.read)).toBe(first);
    await renameUnit(fixture.db, "pa-a2", { nameZh: "新二区", nameEn: "New area 2" }, { actor: "test", now });
    const renamed = await readUnits(fixture.db.read);
    expect(renamed).not.toBe(first);
    expect(renamed.get("pa-a2")?.label).toEqual({ default: "New area 2", "zh-cn": "新二区" });
    await fixture.db.write.run("UPDATE units SET headcount = 99 WHERE id = 'pa-d'");
    expect((await readUnits(fixture.db.read)).get("pa-d")?.headcount).toBe(99);
    await fixture.db.write.run("UPDATE units SET sort = -1 WHERE id = 'pb'");
    expect([...(await readUnits(fixture.db.read)).keys()][0]).toBe("pb");
  });

  it("shares frozen units, so no caller can change another's tree", async () => {
    const units = await readUnits(fixture.db.read);
    expect(Object.isFrozen(units.get("g"))).toBe(true);
  });
});
