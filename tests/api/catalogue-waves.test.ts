// POST/GET /api/surveys and POST /api/waves through app.request against a real DuckDB: versions, the checks that
// refuse a definition, wave creation as GET /api/waves lists it, their audit rows, and whole-organisation-only access.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { readAudit } from "../../server/auth/audit";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, plantSurvey, prepareDatabase } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
const password = "correct horse battery";

let fixture: Fixture;
let now: Date;
let app: ReturnType<typeof appFor>["app"];
const cookies: Record<"admin" | "adminA1" | "analyst", string> = { admin: "", adminA1: "", analyst: "" };

beforeEach(async () => {
  now = start;
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => now).app;
  const users = [
    ["admin", "admin", "plant", "admin"],
    ["admin-a1", "admin", "area-1", "adminA1"],
    ["analyst", "analyst", "plant", "analyst"],
  ] as const;
  for (const [username, role, scopeUnitId, key] of users) {
    await createUser(fixture.db, { username, role, scopeUnitId, password }, { actor: "test", now: start });
    const res = await send("POST", "/api/auth/login", { username, password });
    expect(res.status).toBe(200);
    cookies[key] = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  }
});
afterEach(() => fixture.db.close());

function send(method: string, url: string, body?: unknown, cookie = "") {
  return app.request(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const iso = (minutesFromNow: number) => new Date(now.getTime() + minutesFromNow * 60_000).toISOString();

/** Audit entries after `seq` as [at, actor, action, target, detail]. */
async function auditSince(seq: number) {
  return (await readAudit(fixture.db.read))
    .filter((e) => e.seq > seq)
    .map((e) => [
      e.at.toISOString(),
      e.actor,
      e.action,
      e.target,
      e.detail === null ? null : JSON.parse(e.detail),
    ]);
}
const lastSeq = async () => (await readAudit(fixture.db.read)).at(-1)?.seq ?? 0;

const canteenElements = [
  {
    type: "rating",
    name: "food",
    title: { default: "The food is good", "zh-cn": "饭菜好" },
    topic: "canteen",
    rateMin: 1,
    rateMax: 5,
  },
  { type: "comment", name: "remarks", title: "Remarks" },
];
const canteen = {
  title: { default: "Canteen check", "zh-cn": "食堂检查" },
  pages: [{ name: "p1", elements: canteenElements }],
};

/** The same JSON value with every object's keys in reverse order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  }
  return value;
}

/** `canteen` with extra elements on its page. */
const canteenWith = (...elements: Record<string, unknown>[]) => ({
  ...canteen,
  pages: [{ name: "p1", elements: [...canteenElements, ...elements] }],
});

const upload = (id: string, definition: unknown, cookie = cookies.admin) =>
  send("POST", "/api/surveys", { id, definition }, cookie);

const wholeOrganisationOnly = {
  error: {
    code: "whole_organisation_only",
    message:
      "Only an administrator of the whole organisation may change questionnaires, survey rounds and the organisation’s units.",
  },
};
const forbidden = { error: { code: "forbidden", message: "Your account's role may not do this." } };

describe("POST /api/surveys and GET /api/surveys/:id", () => {
  it("stores a new survey as version 1, which GET answers as the latest", async () => {
    const res = await upload("canteen-check", canteen);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "canteen-check", version: 1 });
    const got = await send("GET", "/api/surveys/canteen-check", undefined, cookies.analyst);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ id: "canteen-check", version: 1, definition: canteen });
  });

  it("answers the same definition with its keys reordered with 200 and the same version, writing nothing", async () => {
    await upload("canteen-check", canteen);
    const seq = await lastSeq();
    const res = await upload("canteen-check", reordered(canteen));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "canteen-check", version: 1 });
    expect(await auditSince(seq)).toEqual([]);
  });

  it("makes version 2 of a changed definition; GET answers the latest", async () => {
    await upload("canteen-check", canteen);
    const changed = { ...canteen, title: { default: "Canteen survey", "zh-cn": "食堂调查" } };
    const res = await upload("canteen-check", changed);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "canteen-check", version: 2 });
    const got = await send("GET", "/api/surveys/canteen-check", undefined, cookies.admin);
    expect(await got.json()).toEqual({ id: "canteen-check", version: 2, definition: changed });
    const again = await upload("canteen-check", reordered(changed));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: "canteen-check", version: 2 });
  });

  it("makes version 2 of a catalogue survey", async () => {
    const res = await upload("plant-satisfaction", { ...plantSurvey, title: "Changed title" });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "plant-satisfaction", version: 2 });
  });

  it("audits survey_version_created with the admin as actor", async () => {
    const seq = await lastSeq();
    await upload("canteen-check", canteen);
    await upload("canteen-check", { ...canteen, title: "v2" });
    const entries = (await auditSince(seq)).map(([, ...rest]) => rest);
    expect(entries).toEqual([
      ["admin", "survey_version_created", "canteen-check", { version: 1 }],
      ["admin", "survey_version_created", "canteen-check", { version: 2 }],
    ]);
  });

  // Every other audit row is stamped with the app's clock (deps.now); registerSurvey uses new Date().
  it("stamps survey_version_created with the app's clock", async () => {
    now = new Date("2026-11-02T08:20:00.000Z");
    const seq = await lastSeq();
    expect((await upload("canteen-check", canteen)).status).toBe(201);
    expect((await auditSince(seq)).map(([time]) => time)).toEqual(["2026-11-02T08:20:00.000Z"]);
  });

  it("answers 404 survey_not_found for an unknown survey", async () => {
    const res = await send("GET", "/api/surveys/no-such-survey", undefined, cookies.analyst);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "survey_not_found", message: 'There is no survey "no-such-survey".' },
    });
  });

  it.each([
    [
      "a topic not in the catalogue on a rating question",
      canteenWith({ type: "rating", name: "taste", topic: "no-such-topic" }),
      'taste: topic "no-such-topic" is not in the topic catalogue (topics.json)',
      "taste",
    ],
    [
      "an element type survey-core does not know",
      canteenWith({ type: "nonsense", name: "weird" }),
      'weird: survey-core does not know the element type "nonsense"',
      "weird",
    ],
    [
      "a topic on a comment question",
      canteenWith({ type: "comment", name: "ideas", topic: "canteen" }),
      "ideas: topic needs a numeric scale question (rating, matrix, radiogroup, dropdown); this one is a comment",
      "ideas",
    ],
    [
      "enps on a 1–5 rating",
      canteenWith({ type: "rating", name: "recommend", enps: true }),
      "recommend: enps needs a rating question from 0 to 10 (rateMin 0, rateMax 10); this one has the points 1, 2, 3, 4, 5",
      "recommend",
    ],
    [
      "two analysed questions with one name",
      canteenWith({ type: "rating", name: "food", topic: "canteen" }),
      'food: the name "food" is used by another question too; a question with topic, enps or demand needs a unique name',
      "food",
    ],
    ["no questions at all", { pages: [] }, "the survey has no questions", undefined],
  ])("refuses %s with 422 invalid_survey, storing nothing", async (_case, definition, message, path) => {
    const seq = await lastSeq();
    const res = await upload("canteen-check", definition);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: { code: "invalid_survey", message, ...(path ? { path } : {}) },
    });
    expect((await send("GET", "/api/surveys/canteen-check", undefined, cookies.admin)).status).toBe(404);
    expect(await auditSince(seq)).toEqual([]);
  });

  it("refuses an invalid new version of an existing survey, keeping the latest", async () => {
    await upload("canteen-check", canteen);
    const res = await upload(
      "canteen-check",
      canteenWith({ type: "rating", name: "x", topic: "no-such-topic" }),
    );
    expect(res.status).toBe(422);
    const got = await send("GET", "/api/surveys/canteen-check", undefined, cookies.admin);
    expect(await got.json()).toEqual({ id: "canteen-check", version: 1, definition: canteen });
  });

  const idMessage = 'Field "id": use letters, digits, - and _ only, starting with a letter or digit.';
  it.each([
    ["an id with a space and !", { id: "Bad id!", definition: canteen }, idMessage, "id"],
    ["an id starting with a dash", { id: "-canteen", definition: canteen }, idMessage, "id"],
    ["an empty id", { id: "", definition: canteen }, idMessage, "id"],
    [
      "an id over 100 characters",
      { id: "a".repeat(101), definition: canteen },
      'Field "id": Too big: expected string to have <=100 characters.',
      "id",
    ],
    [
      "a definition that is an array",
      { id: "canteen-check", definition: [] },
      'Field "definition": Invalid input: expected record, received array.',
      "definition",
    ],
    [
      "a definition that is a string",
      { id: "canteen-check", definition: "{}" },
      'Field "definition": Invalid input: expected record, received string.',
      "definition",
    ],
    [
      "no definition",
      { id: "canteen-check" },
      'Field "definition": Invalid input: expected record, received undefined.',
      "definition",
    ],
    [
      "an unknown field",
      { id: "canteen-check", definition: canteen, version: 3 },
      "The request body has fields this endpoint does not take: version.",
      undefined,
    ],
  ])("refuses %s with 400 invalid_request", async (_case, body, message, path) => {
    const res = await send("POST", "/api/surveys", body, cookies.admin);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_request", message, ...(path ? { path } : {}) },
    });
  });

  it.each([
    ["an admin of one area", "adminA1", canteen, 403, wholeOrganisationOnly],
    ["an admin of one area, even with a broken body", "adminA1", [], 403, wholeOrganisationOnly],
    ["an analyst", "analyst", canteen, 403, forbidden],
  ] as const)("refuses an upload by %s, storing nothing", async (_case, who, definition, status, body) => {
    const seq = await lastSeq();
    const res = await upload("canteen-check", definition, cookies[who]);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
    expect((await send("GET", "/api/surveys/canteen-check", undefined, cookies.admin)).status).toBe(404);
    expect(await auditSince(seq)).toEqual([]);
  });

  it("lets an admin of one area read a survey", async () => {
    const res = await send("GET", "/api/surveys/plant-satisfaction", undefined, cookies.adminA1);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "plant-satisfaction", version: 1, definition: plantSurvey });
  });
});

describe("GET /api/surveys and GET /api/surveys/:id/versions/:version", () => {
  it("lists every survey with its versions newest first, the waves on each and their item counts", async () => {
    await upload("canteen-check", canteen);
    await upload("canteen-check", canteenWith({ type: "rating", name: "hall", topic: "canteen" }));
    const wave = await send(
      "POST",
      "/api/waves",
      {
        surveyId: "canteen-check",
        surveyVersion: 1,
        title: "Canteen 2026-11",
        periodStart: "2026-11-01",
        periodEnd: "2026-11-30",
        opensAt: iso(0),
        closesAt: iso(60),
        channels: ["online"],
      },
      cookies.admin,
    );
    const waveId = ((await wave.json()) as { id: string }).id;
    const res = await send("GET", "/api/surveys", undefined, cookies.analyst);
    expect(res.status).toBe(200);
    const list = (await res.json()) as { id: string }[];
    expect(list.map((s) => s.id)).toEqual(["canteen-check", "plant-satisfaction"]);
    expect(list[0]).toEqual({
      id: "canteen-check",
      title: { default: "Canteen check", "zh-cn": "食堂检查" },
      latestVersion: 2,
      versions: [
        { version: 2, createdAt: start.toISOString(), usedByWaves: [], itemCount: 2 },
        { version: 1, createdAt: start.toISOString(), usedByWaves: [waveId], itemCount: 1 },
      ],
    });
  });

  it("falls back to the id for a survey without a title", async () => {
    await upload("untitled", { pages: [{ name: "p1", elements: canteenElements }] });
    const list = (await (await send("GET", "/api/surveys", undefined, cookies.admin)).json()) as {
      id: string;
      title: unknown;
    }[];
    expect(list.find((s) => s.id === "untitled")?.title).toBe("untitled");
  });

  it("answers one version with its definition and the waves on it", async () => {
    await upload("canteen-check", canteen);
    await upload("canteen-check", canteenWith({ type: "comment", name: "more" }));
    const res = await send("GET", "/api/surveys/canteen-check/versions/1", undefined, cookies.analyst);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: "canteen-check",
      version: 1,
      definition: canteen,
      usedByWaves: [],
    });
  });

  it("answers 404 survey_not_found for a version that does not exist", async () => {
    await upload("canteen-check", canteen);
    const res = await send("GET", "/api/surveys/canteen-check/versions/3", undefined, cookies.admin);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: "survey_not_found",
        message: 'Survey "canteen-check" has no version 3.',
        path: "version",
      },
    });
  });
});

describe("POST /api/waves", () => {
  const newWave = (overrides: Record<string, unknown> = {}) => ({
    surveyId: "plant-satisfaction",
    title: "  2027年第一季度 ",
    periodStart: "2027-01-01",
    periodEnd: "2027-03-31",
    opensAt: "2027-01-05T08:00:00+08:00",
    closesAt: "2027-01-31T16:00:00Z",
    channels: ["online", "paper"],
    ...overrides,
  });
  const createWave = (body: unknown, cookie = cookies.admin) => send("POST", "/api/waves", body, cookie);
  const listWaves = async () => (await (await send("GET", "/api/waves")).json()) as { id: string }[];

  it("takes responses for a round created a moment ago, and shows its form", async () => {
    const answer = (n: number, waveId: string) => ({
      id: `00000000-0000-4000-8000-0000000${String(n).padStart(5, "0")}`,
      waveId,
      unitId: "team-1",
      groupId: "staff",
      channel: "online",
      data: validAnswers(fixture.definition, n),
    });
    // A first submission loads the server's cache of rounds before the new one exists.
    expect((await send("POST", "/api/responses", answer(1, "wave-open"))).status).toBe(201);
    const res = await createWave(newWave({ opensAt: iso(-1), closesAt: iso(60) }));
    const wave = (await res.json()) as { id: string; status: string };
    expect(wave.status).toBe("open");
    expect((await send("GET", `/api/waves/${wave.id}/form`)).status).toBe(200);
    expect((await send("POST", "/api/responses", answer(2, wave.id))).status).toBe(201);
  });

  it("answers 201 with the wave exactly as GET /api/waves lists it", async () => {
    const res = await createWave(newWave());
    expect(res.status).toBe(201);
    const wave = (await res.json()) as { id: string };
    expect(wave).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      surveyId: "plant-satisfaction",
      surveyVersion: 1,
      title: "2027年第一季度",
      periodStart: "2027-01-01",
      periodEnd: "2027-03-31",
      opensAt: "2027-01-05T00:00:00.000Z",
      closesAt: "2027-01-31T16:00:00.000Z",
      channels: ["online", "paper"],
      status: "scheduled",
    });
    const listed = await listWaves();
    expect(listed.map((w) => w.id)).toEqual([wave.id, "wave-open", "wave-closed"]);
    expect(listed[0]).toEqual(wave);
  });

  it.each([
    ["before it opens", 1, 60, "scheduled"],
    ["at the moment it opens", 0, 60, "open"],
    ["while it is open", -60, 60, "open"],
    ["at the moment it closes", -60, 0, "closed"],
    ["after it closed", -120, -60, "closed"],
  ])("computes the status from the clock: %s → %s", async (_case, opensIn, closesIn, status) => {
    const res = await createWave(newWave({ opensAt: iso(opensIn), closesAt: iso(closesIn) }));
    expect(res.status).toBe(201);
    const wave = (await res.json()) as { id: string; status: string };
    expect(wave.status).toBe(status);
    expect((await listWaves()).find((w) => w.id === wave.id)).toEqual(wave);
  });

  it("uses the latest survey version unless one is named", async () => {
    await upload("canteen-check", canteen);
    await upload("canteen-check", { ...canteen, title: "v2" });
    const latest = await createWave(newWave({ surveyId: "canteen-check" }));
    expect(((await latest.json()) as { surveyVersion: number }).surveyVersion).toBe(2);
    const named = await createWave(newWave({ surveyId: "canteen-check", surveyVersion: 1 }));
    expect(named.status).toBe(201);
    expect(((await named.json()) as { surveyVersion: number }).surveyVersion).toBe(1);
  });

  it("a new open wave of a new survey serves that survey's form", async () => {
    await upload("canteen-check", canteen);
    const res = await createWave(
      newWave({ surveyId: "canteen-check", opensAt: iso(-1), closesAt: iso(60), channels: ["online"] }),
    );
    const wave = (await res.json()) as { id: string };
    const form = await send("GET", `/api/waves/${wave.id}/form`);
    expect(form.status).toBe(200);
    const body = (await form.json()) as { wave: unknown; survey: unknown };
    expect(body.wave).toEqual(wave);
    expect(body.survey).toEqual(canteen);
  });

  it("audits wave_created with the admin as actor, at the app's clock", async () => {
    now = new Date("2026-11-02T08:15:00.000Z");
    const seq = await lastSeq();
    const res = await createWave(newWave());
    expect(res.status).toBe(201);
    const wave = (await res.json()) as { id: string };
    expect(await auditSince(seq)).toEqual([
      [
        "2026-11-02T08:15:00.000Z",
        "admin",
        "wave_created",
        wave.id,
        { surveyId: "plant-satisfaction", surveyVersion: 1, title: "2027年第一季度" },
      ],
    ]);
  });

  it.each([
    [
      "an unknown survey",
      { surveyId: "no-such-survey" },
      "unknown_survey",
      'There is no survey "no-such-survey".',
      "surveyId",
    ],
    [
      "an unknown survey version",
      { surveyVersion: 9 },
      "unknown_survey",
      'There is no survey "plant-satisfaction" version 9.',
      "surveyId",
    ],
    [
      "a period that ends before it starts",
      { periodStart: "2027-03-31", periodEnd: "2027-01-01" },
      "bad_period",
      "The period must end on or after the day it starts.",
      "periodEnd",
    ],
    [
      "a window that closes when it opens",
      { opensAt: "2027-01-05T08:00:00Z", closesAt: "2027-01-05T16:00:00+08:00" },
      "bad_window",
      "The wave must close after it opens.",
      "closesAt",
    ],
    [
      "a window that closes before it opens",
      { opensAt: "2027-01-31T00:00:00Z", closesAt: "2027-01-05T00:00:00Z" },
      "bad_window",
      "The wave must close after it opens.",
      "closesAt",
    ],
    [
      "no channels",
      { channels: [] },
      "invalid_request",
      'Field "channels": Too small: expected array to have >=1 items.',
      "channels",
    ],
    [
      "an unknown channel",
      { channels: ["online", "email"] },
      "invalid_request",
      'Field "channels/1": Invalid option: expected one of "online"|"onsite"|"paper".',
      "channels/1",
    ],
    [
      "a date without a time",
      { opensAt: "2027-01-05" },
      "invalid_request",
      'Field "opensAt": Invalid ISO datetime.',
      "opensAt",
    ],
    [
      "an impossible date",
      { periodStart: "2027-02-30" },
      "invalid_request",
      'Field "periodStart": Invalid ISO date.',
      "periodStart",
    ],
    [
      "a blank title",
      { title: "   " },
      "invalid_request",
      'Field "title": Too small: expected string to have >=1 characters.',
      "title",
    ],
    [
      "an unknown field",
      { id: "wave-mine" },
      "invalid_request",
      "The request body has fields this endpoint does not take: id.",
      undefined,
    ],
  ])("refuses %s with 400, storing nothing", async (_case, overrides, code, message, path) => {
    const seq = await lastSeq();
    const res = await createWave(newWave(overrides));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code, message, ...(path ? { path } : {}) } });
    expect((await listWaves()).map((w) => w.id)).toEqual(["wave-open", "wave-closed"]);
    expect(await auditSince(seq)).toEqual([]);
  });

  it.each([
    ["an admin of one area", "adminA1", newWave(), wholeOrganisationOnly],
    ["an admin of one area, even with a broken body", "adminA1", { channels: [] }, wholeOrganisationOnly],
    ["an analyst", "analyst", newWave(), forbidden],
  ] as const)("refuses a wave by %s with 403, storing nothing", async (_case, who, body, error) => {
    const seq = await lastSeq();
    const res = await createWave(body, cookies[who]);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(error);
    expect((await listWaves()).map((w) => w.id)).toEqual(["wave-open", "wave-closed"]);
    expect(await auditSince(seq)).toEqual([]);
  });
});
