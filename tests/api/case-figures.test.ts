// POST /api/analytics/cases over the real HTTP stack and a real DuckDB: the fixed set of cases (made through the
// lifecycle steps) plus one demand written in the questionnaire, read on a fixed day — exact cells by channel and
// period, the leader's scope, refusals in the error shape with their path, roles, the audit entry, the OpenAPI entry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../server/storage/database";
import { addCaseUnits, figuresDay, seedCaseFigures } from "../helpers/caseFigureData";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

// Answers are checked field by field with exact values; a loose type keeps those checks readable.
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API under test
type Json = any;

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;

async function figures(body: unknown, as: string) {
  const res = await app.request("/api/analytics/cases", {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies[as] as string },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

beforeAll(async () => {
  // The open round runs from 19 Nov to 19 Dec: the questionnaire's demand is written on the figures' day.
  fixture = await prepareDatabase(":memory:", new Date("2026-11-20T00:00:00Z"));
  await addCaseUnits(fixture.db);
  await seedCaseFigures(fixture.db);
  app = appFor(fixture, () => figuresDay).app;
  cookies = await signedIn(fixture, app, figuresDay, [
    ["ana", "analyst", "plant"],
    ["lea", "leader", "area-1"],
    ["han", "handler", "dept-hr"],
  ]);
  const data: Record<string, unknown> = { ...validAnswers(fixture.definition, 1) };
  delete data.suggestions;
  data.demands = "希望增加夜班通勤车。";
  const res = await app.request("/api/responses", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: "00000000-0000-4000-8000-000000000001",
      waveId: fixture.openWaveId,
      unitId: "st-1",
      groupId: "staff",
      channel: "online",
      data,
    }),
  });
  expect(res.status).toBe(201);
});
afterAll(() => fixture.db.close());

describe("POST /api/analytics/cases", () => {
  it("answers the breakdown's shape: cells by channel and quarter, with labels and the query", async () => {
    const query = {
      measures: ["received", "answered", "overdue"],
      dimensions: ["channel", "period:quarter"],
    };
    const res = await figures(query, "ana");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [
        // The questionnaire's one demand hides; Q4's meeting cell with it (same quarter), then Q3's (same channel).
        {
          dimensions: { channel: "meeting", "period:quarter": "2026-Q3" },
          measures: { received: null, answered: null, overdue: null },
          n: 5,
          suppressed: true,
          reason: "complementary",
        },
        {
          dimensions: { channel: "meeting", "period:quarter": "2026-Q4" },
          measures: { received: null, answered: null, overdue: null },
          n: 15,
          suppressed: true,
          reason: "complementary",
        },
        {
          dimensions: { channel: "online", "period:quarter": "2026-Q4" },
          measures: { received: null, answered: null, overdue: null },
          n: 1,
          suppressed: true,
          reason: "below_min_group_size",
        },
      ],
      meta: {
        minGroupSize: 5,
        suppressedRows: 3,
        labels: {
          channel: {
            meeting: { default: "Meeting", "zh-cn": "座谈会" },
            online: { default: "Online", "zh-cn": "网上" },
          },
          "period:quarter": { "2026-Q3": "2026-Q3", "2026-Q4": "2026-Q4" },
        },
        warnings: [],
      },
      query,
    });
  });

  it("counts the round a demand was written in", async () => {
    const res = await figures({ measures: ["received"], dimensions: ["wave"], minGroupSize: 20 }, "ana");
    expect(res.body.results.map((r: Json) => [r.dimensions.wave, r.n])).toEqual([
      ["none", 20],
      ["wave-open", 1],
    ]);
    expect(res.body.meta.labels.wave).toEqual({
      none: { default: "No round (logged by staff)", "zh-cn": "无批次（工作人员登记）" },
      "wave-open": "2026年第四季度",
    });
  });

  it("gives a leader the figures of its own area only", async () => {
    const res = await figures({ measures: ["received", "on_time_rate", "satisfaction_rate"] }, "lea");
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      {
        dimensions: {},
        // The plant's satisfaction over 10 ratings less area-1's over 9 would be area-2's one rating: it hides.
        measures: { received: 16, on_time_rate: 10 / 13, satisfaction_rate: null },
        n: 16,
        suppressed: false,
      },
    ]);
  });

  it("answers a unit outside the leader's scope as one that does not exist, and changes nothing", async () => {
    const before = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM case_events");
    const outside = await figures(
      { measures: ["received"], filters: [{ member: "unit", operator: "is", values: ["area-2"] }] },
      "lea",
    );
    const missing = await figures(
      { measures: ["received"], filters: [{ member: "unit", operator: "is", values: ["area-9"] }] },
      "lea",
    );
    expect(outside).toEqual({
      status: 400,
      body: {
        error: { code: "unknown_value", message: 'There is no unit "area-2".', path: "filters/0/values/0" },
      },
    });
    expect(missing.body.error.message).toBe('There is no unit "area-9".');
    const after = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM case_events");
    expect(after).toEqual(before);
  });

  it.each([
    [{ measures: ["text"] }, "invalid_request", "measures/0"],
    [{ measures: ["received"], dimensions: ["question"] }, "invalid_request", "dimensions/0"],
    [{ measures: ["received"], minGroupSize: 2 }, "min_group_size_too_small", "minGroupSize"],
  ])("refuses %j with %s at its path", async (body, code, path) => {
    const res = await figures(body, "ana");
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code, path });
    expect(res.body.error.message.length).toBeGreaterThan(10);
  });

  it("is not for department handlers, who see their cases instead", async () => {
    expect((await figures({ measures: ["received"] }, "han")).status).toBe(403);
  });

  it("audits the query, not its results", async () => {
    await figures({ measures: ["adopted"] }, "ana");
    const [entry] = await queryRows<{ detail: string }>(
      fixture.db.read,
      "SELECT detail::VARCHAR AS detail FROM audit_log WHERE action = 'case_figures_query' AND actor = 'ana' ORDER BY seq DESC LIMIT 1",
    );
    expect(JSON.parse(entry?.detail ?? "null")).toEqual({ measures: ["adopted"] });
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as Json;
    expect(Object.keys(doc.paths["/api/analytics/cases"])).toEqual(["post"]);
    expect(doc.components.schemas.CaseFiguresResult).toBeDefined();
  });
});

describe("the dashboard's demands panel", () => {
  it("gives the round's quarter against the last, the trend, and the quarter by department and topic", async () => {
    const res = await app.request("/api/dashboard", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookies.lea as string },
      body: JSON.stringify({ waveId: "wave-open" }),
    });
    expect(res.status).toBe(200);
    const { cases } = (await res.json()) as Json;
    expect([cases.quarter, cases.quarters]).toEqual([
      "2026-Q4",
      ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
    ]);
    // area-1's staff: q1–q5 in Q3; c1–c10 and the questionnaire's demand (st-1, in triage) in Q4. c10, merged into
    // c1, is judged with it once, not again. Q4's 4 ratings (c1–c3, c10) hide its satisfaction rate, and Q3's
    // hides with it: the range's total minus Q3 would give Q4's away.
    const m = (...v: (number | null)[]) =>
      Object.fromEntries(
        [
          "received",
          "answered",
          "on_time",
          "overdue",
          "on_time_rate",
          "rated",
          "satisfaction_rate",
          "adopted",
        ].map((name, i) => [name, v[i]]),
      );
    expect(cases.trend.results.map((r: Json) => [r.dimensions["period:quarter"], r.n, r.measures])).toEqual([
      ["2026-Q3", 5, m(5, 5, 5, 0, 1, 5, null, 0)],
      ["2026-Q4", 11, m(11, 7, 5, 3, 5 / 8, 4, null, 1)],
    ]);
    expect(cases.trend.meta.warnings).toEqual([
      "satisfaction_rate is hidden in cells with fewer than 5 ratings (or to protect such a cell).",
    ]);
    // dept-safety (1) and not routed (3) hide 4 cases together, fewer than 5: dept-hr hides with them.
    expect(cases.departments.results.map((r: Json) => [r.dimensions.department, r.n, r.reason])).toEqual([
      ["dept-hr", 7, "complementary"],
      ["dept-safety", 1, "below_min_group_size"],
      ["none", 3, "below_min_group_size"],
    ]);
    // No topic (4) and safety (1) hide 5 together, as many as a visible cell: pay stays visible.
    expect(cases.topics.results.map((r: Json) => [r.dimensions.topic, r.n, r.suppressed])).toEqual([
      ["none", 4, true],
      ["pay", 6, false],
      ["safety", 1, true],
    ]);
  });
});
