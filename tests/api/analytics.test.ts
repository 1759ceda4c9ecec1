// The analytics endpoints over HTTP on a small fixed dataset: scope (a leader of one area never sees the plant),
// the contract's refusals, the audit entry, and that exports, raw answers and comments obey scope and suppression.
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { queryRows } from "../../server/storage/database";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-11-02T08:00:00.000Z");
const password = "correct horse battery";
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
const cookies: Record<string, string> = {};

// 12 responses in team-1 (area-1), 6 in dept-hr, 3 at st-1: one scale item (safety_training, 1–5) and eNPS.
function seed(): SeedResponse[] {
  const rows: SeedResponse[] = [];
  let no = 1;
  const add = (unit: string, count: number, value: number, text?: string) => {
    for (let i = 0; i < count; i++) {
      rows.push({
        no: no++,
        wave: "wave-open",
        unit,
        group: "staff",
        channel: "online",
        at: "2026-10-15T02:00:00Z",
        answers: { safety_training: value, enps: 9 },
        ...(text ? { texts: { canteen_improve: `${text} ${i}` } } : {}),
        // Demands are cases, read with their exact unit: comments must never release them under a group's pool.
        ...(unit === "team-1"
          ? { texts: { canteen_improve: `${text} ${i}`, demands: `希望增开夜班车 ${i}` } }
          : {}),
      });
    }
  };
  add("team-1", 12, 4, "班车太挤");
  add("dept-hr", 6, 2, "食堂太咸");
  add("st-1", 3, 5);
  return rows;
}

async function login(username: string): Promise<string> {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return res.headers.get("set-cookie")?.split(";")[0] ?? "";
}

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture, () => now).app;
  await insertResponses(fixture.db, seed());
  const ctx = { actor: "test", now };
  await createUser(fixture.db, { username: "ana", password, role: "analyst", scopeUnitId: "plant" }, ctx);
  await createUser(fixture.db, { username: "lea", password, role: "leader", scopeUnitId: "area-1" }, ctx);
  cookies.ana = await login("ana");
  cookies.lea = await login("lea");
});
afterAll(() => fixture.db.close());

const post = (path: string, who: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies[who] ?? "" },
    body: JSON.stringify(body),
  });

const query = (who: string, body: Record<string, unknown>) =>
  post("/api/analytics/query", who, { surveyId: "plant-satisfaction", ...body });

describe("POST /api/analytics/query", () => {
  it("gives the plant analyst every unit and the plant total", async () => {
    const res = await query("ana", { measures: ["responses", "mean", "enps"], dimensions: ["unit"] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: {
        dimensions: { unit: string };
        n: number;
        measures: Record<string, number | null>;
        suppressed: boolean;
      }[];
    };
    expect(body.results.map((r) => [r.dimensions.unit, r.n, r.suppressed, r.measures.mean])).toEqual([
      // st-1 has 3 responses: hidden; dept-hr, the next smallest, hides with it so st-1 cannot be worked out
      // by subtracting the others from a total. area-1's subtree total (15, what a leader of area-1 sees) less
      // team-1 would give st-1 too: in area-1's subtree {st-1, team-1}, team-1 hides as well.
      ["dept-hr", 6, true, null],
      ["st-1", 3, true, null],
      ["team-1", 12, true, null],
    ]);
    const total = (await (await query("ana", { measures: ["responses", "mean"] })).json()) as {
      results: { n: number; measures: { mean: number } }[];
    };
    expect(total.results).toEqual([
      {
        dimensions: {},
        measures: { responses: 21, mean: (12 * 4 + 6 * 2 + 3 * 5) / 21 },
        n: 21,
        suppressed: false,
      },
    ]);
  });

  it("gives a leader of area-1 only area-1: its total leaves out dept-hr", async () => {
    const res = await query("lea", { measures: ["responses", "mean"] });
    const body = (await res.json()) as { results: { n: number; measures: { mean: number } }[] };
    expect(body.results).toEqual([
      { dimensions: {}, measures: { responses: 15, mean: (12 * 4 + 3 * 5) / 15 }, n: 15, suppressed: false },
    ]);
    const byArea = (await (
      await query("lea", { measures: ["responses"], dimensions: ["unit:level_1"] })
    ).json()) as {
      results: { dimensions: Record<string, string> }[];
      meta: { warnings: string[] };
    };
    expect(byArea.results.map((r) => r.dimensions["unit:level_1"])).toEqual(["area-1"]);
  });

  it.each([
    [
      "a unit outside the scope, as if it did not exist",
      "lea",
      { measures: ["mean"], filters: [{ member: "unit", operator: "is", values: ["dept-hr"] }] },
      { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "filters/0/values/0" },
    ],
    [
      "a minimum group size below the organisation's",
      "ana",
      { measures: ["mean"], minGroupSize: 3 },
      {
        code: "min_group_size_too_small",
        message: "minGroupSize 3 is below the organisation's minimum of 5; it may only be raised.",
        path: "minGroupSize",
      },
    ],
    [
      "an unknown survey",
      "ana",
      { surveyId: "nope", measures: ["mean"] },
      { code: "unknown_survey", message: 'There is no survey "nope".', path: "surveyId" },
    ],
  ])("refuses %s with 400", async (_name, who, body, error) => {
    const res = await query(who, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
  });

  it("records the query, not its results, in the audit log", async () => {
    await query("ana", { measures: ["responses"], dimensions: ["group"] });
    const [entry] = await queryRows<{ actor: string; action: string; target: string; detail: string }>(
      fixture.db.read,
      "SELECT actor, action, target, detail::VARCHAR AS detail FROM audit_log WHERE action = 'analytics_query' ORDER BY seq DESC LIMIT 1",
    );
    expect(entry?.actor).toBe("ana");
    expect(entry?.target).toBe("plant-satisfaction");
    expect(JSON.parse(entry?.detail ?? "{}")).toEqual({
      surveyId: "plant-satisfaction",
      measures: ["responses"],
      dimensions: ["group"],
    });
  });
});

describe("exports", () => {
  it("exports the table as CSV with the same suppression as the query", async () => {
    const res = await post("/api/analytics/export", "ana", {
      format: "csv",
      lang: "en",
      query: { surveyId: "plant-satisfaction", measures: ["mean"], dimensions: ["unit"] },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await res.text()).replace(/^\uFEFF/, "")).toBe(
      [
        "unit,unit (label),n,suppressed,mean",
        // As in the query: st-1 (3) hides dept-hr beside it, and team-1 beside it in area-1's subtree.
        "dept-hr,HR,6,true,",
        "st-1,Station 1,3,true,",
        "team-1,Production team,12,true,",
        "",
      ].join("\r\n"),
    );
  });

  it("exports raw answers coarsened to groups of at least 5, without free text", async () => {
    const res = await post("/api/analytics/raw", "ana", { surveyId: "plant-satisfaction", format: "csv" });
    expect(res.status).toBe(200);
    const [header, ...lines] = (await res.text()).trim().split("\n");
    expect(header).toBe("respondent,wave,unit,group,item,topic,kind,value,choice,position");
    const units = lines.map((l) => l.split(",")[2]);
    // st-1's 3 responses climb to area-1, where they make a group of 3 still: they climb on to the plant, with
    // nothing else there, so they are withheld; team-1 (12) and dept-hr (6) stay as they are.
    expect(new Set(units)).toEqual(new Set(["team-1", "dept-hr"]));
    expect(lines).toHaveLength((12 + 6) * 2);
    expect(lines.every((l) => !l.includes("班车") && !l.includes("食堂"))).toBe(true);
  });

  it("exports raw answers as Parquet files partitioned by wave", async () => {
    const res = await post("/api/analytics/raw", "ana", {
      surveyId: "plant-satisfaction",
      format: "parquet",
    });
    expect(res.status).toBe(200);
    const files = Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer())));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(
      /^plant-satisfaction-answers-\d{4}-\d{2}-\d{2}\/wave=wave-open\/data_0\.parquet$/,
    );
  });

  it("is refused to a leader for raw answers, and the table export is audited", async () => {
    expect(
      (await post("/api/analytics/raw", "lea", { surveyId: "plant-satisfaction", format: "csv" })).status,
    ).toBe(403);
    const res = await post("/api/analytics/export", "lea", {
      format: "xlsx",
      query: { surveyId: "plant-satisfaction", measures: ["responses"] },
    });
    expect(res.status).toBe(200);
    // An XLSX file is a zip whose first sheet holds the table.
    const sheet = strFromU8(
      unzipSync(new Uint8Array(await res.arrayBuffer()))["xl/worksheets/sheet1.xml"] as Uint8Array,
    );
    expect(sheet).toContain("<v>15</v>");
    const [entry] = await queryRows<{ detail: string }>(
      fixture.db.read,
      "SELECT detail::VARCHAR AS detail FROM audit_log WHERE action = 'export' AND actor = 'lea'",
    );
    expect(JSON.parse(entry?.detail ?? "{}").kind).toBe("table_xlsx");
  });
});

describe("POST /api/analytics/comments", () => {
  type Comments = {
    cells: {
      key: Record<string, string>;
      n: number;
      count: number;
      texts: { text: string; wave: string }[];
      keywords: { word: string; count: number }[];
    }[];
    meta: { withheld: number; minGroupSize: number };
  };
  const comments = async (body: Record<string, unknown>) => {
    const res = await post("/api/analytics/comments", "ana", { surveyId: "plant-satisfaction", ...body });
    expect(res.status).toBe(200);
    return (await res.json()) as Comments;
  };

  it("shows a text only under a pool of 10 or more responses, and withholds the rest", async () => {
    // team-1's 12 writers form a pool of their own. dept-hr's 6 climb to the plant, where st-1's 3 join them:
    // 9 is still fewer than 10, so dept-hr's texts are withheld.
    const body = await comments({ groupBy: "unit:level_1" });
    expect(body.cells.map((c) => [c.key["unit:level_1"], c.n, c.count])).toEqual([["area-1", 12, 12]]);
    expect(body.cells[0]?.keywords).toEqual([{ word: "班车", count: 12 }]);
    expect(body.cells[0]?.texts[0]?.wave).toBe("wave-open");
    expect(body.meta).toMatchObject({ withheld: 6, minGroupSize: 10 });
  });

  it("says nothing of withheld texts, whatever the search or the units asked for", async () => {
    for (const body of [
      { search: "食堂" },
      { unitsWithin: ["dept-hr"] },
      { unitsWithin: ["dept-hr"], search: "咸" },
    ]) {
      const answer = await comments(body);
      expect(answer.cells).toEqual([]);
      expect(answer.meta.withheld).toBe(6);
    }
  });

  it("takes no filter that could single out part of a pool", async () => {
    const res = await post("/api/analytics/comments", "ana", {
      surveyId: "plant-satisfaction",
      filters: [{ member: "unit", operator: "is", values: ["team-1"] }],
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("leaves demands out: they are cases, read in 诉求承办", async () => {
    const answer = await comments({ search: "夜班车" });
    expect(answer.cells).toEqual([]);
    expect(answer.meta.withheld).toBe(6);
  });

  it("searches the texts", async () => {
    const res = await post("/api/analytics/comments", "ana", {
      surveyId: "plant-satisfaction",
      search: "班车太挤 1",
    });
    const body = (await res.json()) as { cells: { texts: { text: string }[] }[] };
    expect(body.cells.flatMap((c) => c.texts.map((t) => t.text)).sort()).toEqual([
      "班车太挤 1",
      "班车太挤 10",
      "班车太挤 11",
    ]);
  });
});
