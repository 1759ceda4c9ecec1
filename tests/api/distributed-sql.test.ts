// The README's "When one machine is not enough" SQL, run as written with DuckDB over a real Parquet export
// (POST /api/analytics/raw's zip, read with hive_partitioning): every measure must equal the engine's on the same data.
// First: the fixture loads the app, whose routes call .openapi() on zod schemas; zod-openapi extends zod first.
import "@hono/zod-openapi";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBreakdown } from "../../analytics/breakdown";
import type { ResultRow } from "../../analytics/query";
import { exportRawAnswers } from "../../analytics/rawExport";
import { deriveSurveyItems } from "../../server/catalogue/surveyItems";
import { listUnitsWithin } from "../../server/org/units";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { type Fixture, plantSurvey, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-10-15T00:00:00Z");
const S = "safety_responsibility"; // safety, 1–5
const P = "pay_income"; // pay, 1–5
const M = "office_attitude.hr_dept"; // a matrix row of topic office_style, 1–5
const E = "enps";

/** The SQL block the README marks for this test, verbatim. */
function readmeSql(): string {
  const readme = readFileSync("README.md", "utf8");
  const marker = readme.indexOf("<!-- distributed-sql:");
  const block = /```sql\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (marker < 0 || !block?.[1]) throw new Error("README.md has no distributed-sql block");
  return block[1];
}

// Every wave × unit × group pool holds 6 responses, so the export releases every unit and group as it is and the
// two sides see the same rows. Values vary by response, with skipped items and an answer off the scale.
function seed(): SeedResponse[] {
  const rows: SeedResponse[] = [];
  let no = 0;
  for (const [w, wave] of ["wave-closed", "wave-open"].entries())
    for (const [u, unit] of ["plant", "area-1", "st-1", "team-1", "dept-hr"].entries())
      for (const [g, group] of ["staff", "team_leader"].entries())
        for (let k = 0; k < 6; k++) {
          no++;
          const v = (salt: number) => 1 + ((no * 7 + salt * 3 + w + u * 2 + g) % 5);
          rows.push({
            no,
            wave,
            unit,
            group,
            channel: k % 3 === 0 ? "onsite" : "online",
            at: `2026-${wave === "wave-open" ? "10" : "08"}-${String(10 + k).padStart(2, "0")}T02:00:00Z`,
            answers: {
              [S]: v(1),
              [P]: k === 2 ? null : v(2),
              ...(k % 2 === 0 ? { [M]: v(3) } : {}),
              ...(k === 5 ? {} : { [E]: (no * 3 + u) % 11 }),
              // 9 on a 1–5 scale is not an answer on either side.
              ...(no === 7 ? { [P]: 9 } : {}),
            },
          });
        }
  return rows;
}

let fixture: Fixture;
let dir: string;
let conn: Awaited<ReturnType<DuckDBInstance["connect"]>>;
let instance: DuckDBInstance;
let exported: { rows: number; withheldResponses: number };

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  await insertResponses(fixture.db, seed());
  const file = await exportRawAnswers(
    fixture.db.read,
    { surveyId: "plant-satisfaction", format: "parquet" },
    { scopeUnitId: "plant" },
  );
  exported = file;
  dir = mkdtempSync(join(tmpdir(), "minyi-distributed-"));
  for (const [path, bytes] of Object.entries(unzipSync(file.body))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
  // The README's two small tables, from what GET /api/units and the survey definition give.
  await conn.run("CREATE TABLE units (id VARCHAR, parent_id VARCHAR, level INTEGER, headcount INTEGER)");
  for (const u of await listUnitsWithin(fixture.db, "plant")) {
    await conn.run("INSERT INTO units VALUES ($1, $2, $3, $4)", [u.id, u.parentId, u.level, u.headcount]);
  }
  await conn.run(
    "CREATE TABLE items (item VARCHAR, scale_min DOUBLE, scale_max DOUBLE, favourable_min DOUBLE, unfavourable_max DOUBLE)",
  );
  for (const i of deriveSurveyItems(plantSurvey).filter((i) => i.kind !== "demand")) {
    await conn.run("INSERT INTO items VALUES ($1, $2, $3, $4, $5)", [
      i.itemId,
      i.scaleMin,
      i.scaleMax,
      i.favourableMin,
      i.unfavourableMax,
    ]);
  }
  const glob = join(dir, "**", "*.parquet").replace(/'/g, "''");
  await conn.run(`CREATE VIEW answers AS SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`);
  await conn.run(readmeSql());
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  fixture?.db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function sqlRows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader
    .getRowObjectsJS()
    .map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])),
    );
}

/** Engine rows keyed like the SQL rows, measures side by side. */
const byKey = (rows: readonly ResultRow[], dims: readonly string[]) =>
  new Map(rows.map((r) => [dims.map((d) => r.dimensions[d]).join("|"), r]));

describe("the README's distributed SQL over a Parquet export", () => {
  it("reads every answer of the seed back from the Hive-partitioned files", async () => {
    expect(exported.withheldResponses).toBe(0);
    const [counts] = await sqlRows(
      "SELECT count(*) AS n, count(DISTINCT wave) AS waves, count(DISTINCT respondent) AS respondents FROM answers",
    );
    expect(counts).toEqual({ n: exported.rows, waves: 2, respondents: 120 });
  });

  it("gives the engine's responses, mean, index, favourable and unfavourable by unit:level_2 × topic", async () => {
    const engine = await runBreakdown(
      fixture.db.analytics,
      {
        surveyId: "plant-satisfaction",
        measures: ["responses", "mean", "index", "favourable", "unfavourable"],
        dimensions: ["unit:level_2", "topic"],
      },
      { scopeUnitId: "plant" },
    );
    expect(engine.meta.suppressedRows).toBe(0);
    const sql = await sqlRows("SELECT * FROM unit_level_2_by_topic ORDER BY unit, topic");
    const rows = byKey(engine.results, ["unit:level_2", "topic"]);
    expect(sql.map((r) => `${r.unit}|${r.topic}`).sort()).toEqual([...rows.keys()].sort());
    // st-1 holds team-1's answers (depth 3 rolls up to 2); plant, area-1 and dept-hr lie above depth 2 and stay.
    expect(new Set(sql.map((r) => r.unit))).toEqual(new Set(["plant", "area-1", "st-1", "dept-hr"]));
    for (const r of sql) {
      const e = rows.get(`${r.unit}|${r.topic}`) as ResultRow;
      expect(r.responses).toBe(e.n);
      expect(r.responses).toBe(e.measures.responses);
      for (const m of ["mean", "index", "favourable", "unfavourable"] as const) {
        expect(r[m]).toBeCloseTo(e.measures[m] as number, 12);
      }
    }
  });

  it("gives the engine's responses, eNPS and response rate by wave × unit:level_1", async () => {
    const engine = await runBreakdown(
      fixture.db.analytics,
      {
        surveyId: "plant-satisfaction",
        measures: ["responses", "enps", "response_rate"],
        dimensions: ["wave", "unit:level_1"],
      },
      { scopeUnitId: "plant" },
    );
    expect(engine.meta.suppressedRows).toBe(0);
    const sql = await sqlRows("SELECT * FROM wave_by_unit_level_1 ORDER BY wave, unit");
    const rows = byKey(engine.results, ["wave", "unit:level_1"]);
    expect(sql.map((r) => `${r.wave}|${r.unit}`).sort()).toEqual([...rows.keys()].sort());
    // area-1's subtree (area-1 10, st-1 5, team-1 30) is one cell of 36 responses a wave over 45 staff.
    expect(sql.find((r) => r.wave === "wave-open" && r.unit === "area-1")).toMatchObject({
      responses: 36,
      response_rate: 36 / 45,
    });
    for (const r of sql) {
      const e = rows.get(`${r.wave}|${r.unit}`) as ResultRow;
      expect(r.responses).toBe(e.measures.responses);
      expect(r.enps).toBeCloseTo(e.measures.enps as number, 12);
      expect(r.response_rate).toBeCloseTo(e.measures.response_rate as number, 12);
    }
  });
});
