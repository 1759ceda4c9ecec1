// GET/POST /api/settings over the real app and a real DuckDB: defaults, every refusal (exact code, message and path,
// nothing changed), partial updates with their audit line, and their effect: a raised minimum hides a cell the
// analytics showed before, the fill form states the minimum and the languages, a holiday moves a new deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../server/storage/database";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";
import { type Json, jsonCall } from "../helpers/jsonCall";

// Monday 2 November 2026, 16:00 at the plant (UTC+8).
const now = new Date("2026-11-02T08:00:00.000Z");
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;

const call = (path: string, init: { body?: unknown; as?: string } = {}) => jsonCall(app, cookies, path, init);

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const auditOf = (action: string) =>
  queryRows<{ actor: string; detail: string }>(
    fixture.db.read,
    "SELECT actor, detail::VARCHAR AS detail FROM audit_log WHERE action = $1 ORDER BY seq",
    [action],
  );

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture, () => now).app;
  cookies = await signedIn(fixture, app, now, [
    ["admin", "admin", "plant"],
    ["areaadmin", "admin", "area-1"],
    ["analyst", "analyst", "plant"],
    ["handler", "handler", "dept-hr"],
  ]);
});
afterAll(() => fixture.db.close());

const defaults = {
  minGroupSize: 5,
  commentMinGroupSize: 10,
  languages: ["zh-cn", "en"],
  calendar: { holidays: [], workdays: [], notes: {} },
  calendarYears: [
    { year: 2025, builtIn: true },
    { year: 2026, builtIn: true },
    { year: 2027, builtIn: false },
  ],
};

describe("GET /api/settings", () => {
  it("answers the defaults to anyone signed in, and 401 without a session", async () => {
    for (const as of ["admin", "analyst", "handler"]) {
      expect(await call("/api/settings", { as })).toEqual({ status: 200, body: defaults });
    }
    expect((await call("/api/settings")).status).toBe(401);
  });
});

describe("POST /api/settings refusals", () => {
  const refusals: [string, unknown, number, { code: string; message: string; path?: string }][] = [
    [
      "a minimum of 2",
      { minGroupSize: 2 },
      400,
      {
        code: "min_group_size_too_small",
        message: "The minimum group size cannot be below 3 (DESIGN.md anonymity rule).",
        path: "minGroupSize",
      },
    ],
    [
      "a fractional minimum",
      { minGroupSize: 5.5 },
      400,
      {
        code: "invalid_request",
        message: 'Field "minGroupSize": Invalid input: expected int, received number.',
        path: "minGroupSize",
      },
    ],
    [
      "a comment minimum of 9",
      { commentMinGroupSize: 9 },
      400,
      {
        code: "comment_min_group_size_too_small",
        message:
          "The minimum group size for free-text answers cannot be below 10 (DESIGN.md anonymity rule).",
        path: "commentMinGroupSize",
      },
    ],
    [
      "a comment minimum below the minimum group size",
      { minGroupSize: 12 },
      400,
      {
        code: "comment_min_group_size_too_small",
        message:
          "The minimum group size for free-text answers (10) cannot be below the minimum group size (12); raise it too.",
        path: "commentMinGroupSize",
      },
    ],
    [
      "no language",
      { languages: [] },
      400,
      {
        code: "invalid_languages",
        message: "Offer at least one language (zh-cn, en or both).",
        path: "languages",
      },
    ],
    [
      "a language twice",
      { languages: ["en", "en"] },
      400,
      { code: "invalid_languages", message: "The language en is listed twice.", path: "languages" },
    ],
    [
      "an unknown language",
      { languages: ["fr"] },
      400,
      {
        code: "invalid_request",
        message: 'Field "languages/0": Invalid option: expected one of "zh-cn"|"en".',
        path: "languages/0",
      },
    ],
    [
      "a date that does not exist",
      { calendar: { holidays: ["2027-02-30"], workdays: [] } },
      400,
      {
        code: "invalid_date",
        message: "2027-02-30 is not a date; write it as YYYY-MM-DD, e.g. 2027-02-10.",
        path: "calendar/holidays/0",
      },
    ],
    [
      "a day both off and worked",
      { calendar: { holidays: ["2027-02-10"], workdays: ["2027-02-06", "2027-02-10"] } },
      400,
      {
        code: "invalid_calendar",
        message: "2027-02-10 is both a holiday and a working day; keep it in one list only.",
        path: "calendar/workdays/1",
      },
    ],
    [
      "a holiday twice",
      { calendar: { holidays: ["2027-02-10", "2027-02-10"], workdays: [] } },
      400,
      {
        code: "invalid_calendar",
        message: "2027-02-10 is listed twice in holidays.",
        path: "calendar/holidays/1",
      },
    ],
    [
      "a note without its date",
      { calendar: { holidays: [], workdays: [], notes: { "2027-05-01": "厂庆" } } },
      400,
      {
        code: "invalid_calendar",
        message:
          "The note for 2027-05-01 belongs to no holiday or working day; add the date or drop the note.",
        path: "calendar/notes/2027-05-01",
      },
    ],
    [
      "an unknown field",
      { minGroupSize: 6, tzOffsetMinutes: 0 },
      400,
      {
        code: "invalid_request",
        message: "The request body has fields this endpoint does not take: tzOffsetMinutes.",
      },
    ],
  ];
  it.each(refusals)("refuses %s and changes nothing", async (_name, body, status, error) => {
    const before = await queryRows(fixture.db.read, "SELECT count(*) AS n FROM audit_log");
    const res = await call("/api/settings", { as: "admin", body });
    expect(res).toEqual({ status, body: { error } });
    expect((await call("/api/settings", { as: "admin" })).body).toEqual(defaults);
    expect(await queryRows(fixture.db.read, "SELECT count(*) AS n FROM audit_log")).toEqual(before);
  });

  it("is for admins of the whole organisation only", async () => {
    expect((await call("/api/settings", { as: "analyst", body: { minGroupSize: 6 } })).status).toBe(403);
    const area = await call("/api/settings", { as: "areaadmin", body: { minGroupSize: 6 } });
    expect(area.status).toBe(403);
    expect(area.body.error.code).toBe("whole_organisation_only");
    expect((await call("/api/settings", { body: { minGroupSize: 6 } })).status).toBe(401);
    expect((await call("/api/settings", { as: "admin" })).body).toEqual(defaults);
  });
});

describe("POST /api/settings", () => {
  it("changes only the fields given, audits the change, and the fill form follows", async () => {
    const res = await call("/api/settings", { as: "admin", body: { languages: ["en"] } });
    expect(res).toEqual({ status: 200, body: { ...defaults, languages: ["en"] } });
    expect(await auditOf("settings_changed")).toEqual([
      { actor: "admin", detail: JSON.stringify({ languages: { from: ["zh-cn", "en"], to: ["en"] } }) },
    ]);
    const form = await call(`/api/waves/${fixture.openWaveId}/form`);
    expect([form.body.minGroupSize, form.body.languages]).toEqual([5, ["en"]]);
    await call("/api/settings", { as: "admin", body: { languages: ["zh-cn", "en"] } });
  });

  it("judges two updates sent at once one after the other, so together they cannot break the rule", async () => {
    await call("/api/settings", { as: "admin", body: { commentMinGroupSize: 30 } });
    const both = await Promise.all([
      call("/api/settings", { as: "admin", body: { minGroupSize: 25 } }),
      call("/api/settings", { as: "admin", body: { commentMinGroupSize: 10 } }),
    ]);
    // Whichever the lock takes first passes; the other is then judged against it and refused.
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    const refused = both.find((r) => r.status === 400);
    expect(refused?.body.error.code).toBe("comment_min_group_size_too_small");
    expect(refused?.body.error.path).toBe("commentMinGroupSize");
    const after = await call("/api/settings", { as: "admin" });
    const kept = [after.body.minGroupSize, after.body.commentMinGroupSize];
    expect(both[0]?.status === 200 ? [25, 30] : [5, 10]).toEqual(kept);
    await call("/api/settings", { as: "admin", body: { minGroupSize: 5 } });
    await call("/api/settings", { as: "admin", body: { commentMinGroupSize: 10 } });
  });

  it("raising the minimum group size hides a cell the analytics showed before", async () => {
    for (let n = 1; n <= 6; n++) {
      const posted = await call("/api/responses", {
        body: {
          id: uuid(n),
          waveId: fixture.openWaveId,
          unitId: "team-1",
          groupId: "staff",
          channel: "online",
          data: validAnswers(fixture.definition, n),
        },
      });
      expect(posted.status).toBe(201);
    }
    const query = { surveyId: "plant-satisfaction", waveIds: [fixture.openWaveId], measures: ["responses"] };
    const before = await call("/api/analytics/query", { as: "analyst", body: query });
    expect(before.body.results).toEqual([
      { dimensions: {}, measures: { responses: 6 }, n: 6, suppressed: false },
    ]);

    // The dashboard's topic cells, from the same six responses.
    const topicCells = async () =>
      ((await call("/api/dashboard", { as: "analyst", body: {} })).body.topics.results as Json[]).map((r) => [
        r.dimensions.topic,
        r.n,
        r.suppressed,
      ]);
    const shown = await topicCells();
    // Some topics' cells show (n = 6); a few hide already (fewer answers, or to protect those).
    const visible = shown.filter(([, , suppressed]) => suppressed === false).map(([topic]) => topic);
    expect(visible).toContain("safety");
    expect(shown.find(([topic]) => topic === "safety")).toEqual(["safety", 6, false]);

    const raised = await call("/api/settings", { as: "admin", body: { minGroupSize: 7 } });
    expect(raised.body.minGroupSize).toBe(7);
    const after = await call("/api/analytics/query", { as: "analyst", body: query });
    expect(after.body.results).toEqual([
      {
        dimensions: {},
        measures: { responses: null },
        n: 6,
        suppressed: true,
        reason: "below_min_group_size",
      },
    ]);
    expect(after.body.meta.minGroupSize).toBe(7);
    expect(await topicCells()).toEqual(shown.map(([topic, n]) => [topic, n, true]));
    expect(visible.length).toBeGreaterThan(5);
    // The old minimum may no longer be asked for: a query may only raise the organisation's.
    const lower = await call("/api/analytics/query", { as: "analyst", body: { ...query, minGroupSize: 5 } });
    expect(lower).toEqual({
      status: 400,
      body: {
        error: {
          code: "min_group_size_too_small",
          message: "minGroupSize 5 is below the organisation's minimum of 7; it may only be raised.",
          path: "minGroupSize",
        },
      },
    });
    const form = await call(`/api/waves/${fixture.openWaveId}/form`);
    expect(form.body.minGroupSize).toBe(7);
    await call("/api/settings", { as: "admin", body: { minGroupSize: 5 } });
  });

  it("an extra holiday moves a new case's deadline; an extra working day moves it back", async () => {
    const route = async (n: number) => {
      const data = { ...validAnswers(fixture.definition, n), demands: `请求 ${n}：希望增加夜班班车。` };
      const posted = await call("/api/responses", {
        body: {
          id: uuid(n),
          waveId: fixture.openWaveId,
          unitId: "team-1",
          groupId: "staff",
          channel: "online",
          data,
        },
      });
      expect(posted.status).toBe(201);
      const [row] = await queryRows<{ id: string }>(
        fixture.db.read,
        "SELECT id::VARCHAR AS id FROM cases WHERE text = $1",
        [data.demands],
      );
      const routed = await call(`/api/cases/${row?.id}/route`, {
        as: "analyst",
        body: { departmentId: "dept-hr" },
      });
      expect(routed.status).toBe(200);
      return routed.body.case.deadline as string;
    };
    // 15 working days from Monday 2 November 2026.
    expect(await route(101)).toBe("2026-11-23");
    const holiday = {
      calendar: { holidays: ["2026-11-10"], workdays: [], notes: { "2026-11-10": "厂庆" } },
    };
    const saved = await call("/api/settings", { as: "admin", body: holiday });
    expect(saved.body.calendar).toEqual(holiday.calendar);
    expect(await route(102)).toBe("2026-11-24");
    const meta = await call("/api/cases/meta", { as: "analyst" });
    expect(meta.body.categories[0]).toMatchObject({ id: "demand", defaultDeadline: "2026-11-24" });
    await call("/api/settings", {
      as: "admin",
      body: { calendar: { holidays: ["2026-11-10"], workdays: ["2026-11-07"] } },
    });
    expect(await route(103)).toBe("2026-11-23");
    // Cases routed earlier keep the deadline they were given.
    const deadlines = await queryRows<{ deadline: string }>(
      fixture.db.read,
      "SELECT strftime(deadline, '%Y-%m-%d') AS deadline FROM cases WHERE deadline IS NOT NULL ORDER BY number",
    );
    expect(deadlines.map((d) => d.deadline)).toEqual(["2026-11-23", "2026-11-24", "2026-11-23"]);
    const listed = await call("/api/settings", { as: "handler" });
    expect(listed.body.calendar).toEqual({ holidays: ["2026-11-10"], workdays: ["2026-11-07"], notes: {} });
  });

  it("lists every override year with whether the built-in calendar covers it", async () => {
    const res = await call("/api/settings", {
      as: "admin",
      body: { calendar: { holidays: ["2029-01-02"], workdays: [] } },
    });
    expect(res.body.calendarYears).toEqual([
      { year: 2025, builtIn: true },
      { year: 2026, builtIn: true },
      { year: 2027, builtIn: false },
      { year: 2029, builtIn: false },
    ]);
  });
});
