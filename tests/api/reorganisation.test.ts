// Reorganising between rounds over HTTP: a merged unit's trend continues in the unit that carries it on, a moved
// unit's responses roll up under its new parent, closed rounds keep their organisation, the dashboard marks the
// change, and bad moves change nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../server/storage/database";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
const day = 86_400_000;
let fixture: Fixture;
let now: Date;
let app: ReturnType<typeof appFor>["app"];
const cookies: Record<string, string> = {};

// Before (wave-closed, 2026-Q3): six answers of 4 at team-1. After (wave-open): six answers of 2 at st-1.
function seed(): SeedResponse[] {
  const rows: SeedResponse[] = [];
  for (let i = 0; i < 6; i++) {
    rows.push({
      no: i + 1,
      wave: "wave-closed",
      unit: "team-1",
      group: "staff",
      channel: "online",
      at: "2026-08-20T02:00:00Z",
      answers: { safety_training: 4 },
    });
    rows.push({
      no: i + 101,
      wave: "wave-open",
      unit: "st-1",
      group: "staff",
      channel: "online",
      at: "2026-11-01T02:00:00Z",
      answers: { safety_training: 2 },
    });
  }
  return rows;
}

beforeEach(async () => {
  now = start;
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => now).app;
  await insertResponses(fixture.db, seed());
  Object.assign(
    cookies,
    await signedIn(fixture, app, now, [
      ["adm", "admin", "plant"],
      ["lea", "leader", "area-1"],
    ]),
  );
});

const post = (who: string, path: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies[who] ?? "" },
    body: JSON.stringify(body),
  });

async function query(who: string, body: Record<string, unknown>) {
  const res = await post(who, "/api/analytics/query", {
    surveyId: "plant-satisfaction",
    measures: ["mean"],
    ...body,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    results: { dimensions: Record<string, string>; n: number; measures: { mean: number | null } }[];
  };
}

describe("merging a unit", () => {
  it("carries its trend on in the unit it was merged into, and retires it", async () => {
    expect((await post("adm", "/api/units/team-1/merge", { intoUnitId: "st-1" })).status).toBe(204);
    const trend = await query("adm", {
      dimensions: ["wave"],
      filters: [{ member: "unit", operator: "is", values: ["st-1"] }],
    });
    expect(trend.results.map((r) => [r.dimensions.wave, r.n, r.measures.mean])).toEqual([
      ["wave-closed", 6, 4],
      ["wave-open", 6, 2],
    ]);
    const byUnit = await query("adm", { dimensions: ["unit"] });
    expect(byUnit.results.map((r) => r.dimensions.unit)).toEqual(["st-1"]);

    // team-1 is gone from the organisation: not listed, no longer a unit to answer for; its staff are st-1's now.
    const units = (await (
      await app.request("/api/units", { headers: { cookie: cookies.adm ?? "" } })
    ).json()) as { id: string; headcount: number }[];
    expect(units.map((u) => u.id)).not.toContain("team-1");
    expect(units.find((u) => u.id === "st-1")?.headcount).toBe(5 + 30);
    const answer = await post("adm", "/api/responses", {
      id: "00000000-0000-4000-8000-00000000beef",
      waveId: "wave-open",
      unitId: "team-1",
      groupId: "staff",
      channel: "online",
      data: validAnswers(fixture.definition, 1),
    });
    expect(answer.status).toBe(400);
  });

  it("keeps the closed round's organisation as it was, and updates the open one", async () => {
    await post("adm", "/api/units/team-1/merge", { intoUnitId: "st-1" });
    const has = async (wave: string) =>
      (
        await queryRows(
          fixture.db.read,
          "SELECT 1 FROM wave_units WHERE wave_id = $1 AND unit_id = 'team-1'",
          [wave],
        )
      ).length > 0;
    expect([await has("wave-closed"), await has("wave-open")]).toEqual([true, false]);
  });

  it("marks the change on the dashboard's trend, at the first round after it", async () => {
    now = new Date(start.getTime() - 30 * day); // between the two rounds
    await post("adm", "/api/units/team-1/merge", { intoUnitId: "st-1" });
    now = start;
    const res = await post("adm", "/api/dashboard", { unitId: "area-1" });
    const board = (await res.json()) as {
      orgChanges: { waveId: string; kind: string; unitId: string; intoUnitId: string }[];
    };
    expect(board.orgChanges.map((c) => [c.waveId, c.kind, c.unitId, c.intoUnitId])).toEqual([
      ["wave-open", "merge", "team-1", "st-1"],
    ]);
  });
});

describe("moving and renaming", () => {
  it("rolls a moved unit's responses up under its new parent, and out of the old parent's scope", async () => {
    expect((await post("adm", "/api/units/st-1/move", { parentId: "dept-hr" })).status).toBe(204);
    const areas = await query("adm", { dimensions: ["unit:level_1"] });
    expect(areas.results.map((r) => [r.dimensions["unit:level_1"], r.n])).toEqual([["dept-hr", 12]]);
    // The leader of area-1 no longer sees st-1 or its team.
    const leader = await query("lea", {});
    expect(leader.results.map((r) => r.n)).toEqual([0]);
  });

  it("renames a unit everywhere it is labelled", async () => {
    expect(
      (await post("adm", "/api/units/st-1/rename", { nameZh: "第一中心站", nameEn: "Central Station 1" }))
        .status,
    ).toBe(204);
    const res = await post("adm", "/api/analytics/query", {
      surveyId: "plant-satisfaction",
      measures: ["mean"],
      dimensions: ["unit"],
    });
    const body = (await res.json()) as { meta: { labels: { unit: Record<string, unknown> } } };
    expect(body.meta.labels.unit["st-1"]).toEqual({ default: "Central Station 1", "zh-cn": "第一中心站" });
  });

  it.each([
    ["a move under its own subtree", "/api/units/area-1/move", { parentId: "team-1" }, 400, "bad_unit_tree"],
    ["a merge into its own subtree", "/api/units/area-1/merge", { intoUnitId: "st-1" }, 400, "bad_unit_tree"],
    ["moving the root", "/api/units/plant/move", { parentId: "dept-hr" }, 400, "bad_unit_tree"],
    ["an unknown unit", "/api/units/nowhere/merge", { intoUnitId: "st-1" }, 404, "unit_not_found"],
    ["an unknown target", "/api/units/team-1/merge", { intoUnitId: "nowhere" }, 404, "unit_not_found"],
  ])("refuses %s and changes nothing", async (_name, path, body, status, code) => {
    const before = await queryRows(
      fixture.db.read,
      "SELECT id, parent_id, path, headcount, retired_at FROM units ORDER BY id",
    );
    const res = await post("adm", path, body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(
      await queryRows(
        fixture.db.read,
        "SELECT id, parent_id, path, headcount, retired_at FROM units ORDER BY id",
      ),
    ).toEqual(before);
  });
});
