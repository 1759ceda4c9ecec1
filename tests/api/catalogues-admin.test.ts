// The topic and group catalogues over the real app and a real DuckDB: listing, adding, renaming, reordering,
// retiring and restoring, every refusal (exact code and message, nothing changed), the audit trail, and what
// retirement means: no retired topic on a new survey version, no retired group on a new response, history intact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalogue, syncCatalogue } from "../../server/catalogue/loadCatalogue";
import { queryRows } from "../../server/storage/database";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, plantSurvey, prepareDatabase, signedIn } from "../helpers/fixture";
import { type Json, jsonCall } from "../helpers/jsonCall";

const now = new Date("2026-11-02T08:00:00.000Z");
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;

const call = (path: string, init: { body?: unknown; as?: string } = {}) => jsonCall(app, cookies, path, init);
const post = (path: string, body: unknown = {}) => call(path, { as: "admin", body });
const ids = async (table: string) =>
  ((await call(`/api/${table}`, { as: "analyst" })).body as Json[]).map((e) => e.id);
const snapshot = () =>
  queryRows(
    fixture.db.read,
    `SELECT (SELECT list(t ORDER BY id) FROM topics t) AS topics, (SELECT list(g ORDER BY id) FROM groups g) AS groups,
            (SELECT count(*) FROM audit_log) AS audit`,
  );
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const respond = (n: number, groupId: string) =>
  call("/api/responses", {
    body: {
      id: uuid(n),
      waveId: fixture.openWaveId,
      unitId: "team-1",
      groupId,
      channel: "online",
      data: validAnswers(fixture.definition, n),
    },
  });

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture, () => now).app;
  cookies = await signedIn(fixture, app, now, [
    ["admin", "admin", "plant"],
    ["areaadmin", "admin", "area-1"],
    ["analyst", "analyst", "plant"],
  ]);
});
afterAll(() => fixture.db.close());

describe("GET /api/topics and /api/groups", () => {
  it("list every entry with both names, its place and whether it is retired", async () => {
    const topics = await call("/api/topics", { as: "analyst" });
    expect(topics.status).toBe(200);
    expect(topics.body).toHaveLength(11);
    expect(topics.body[0]).toEqual({
      id: "safety",
      name: { default: "Safety and environment", "zh-cn": "安全环保" },
      sort: 0,
      retired: false,
    });
    const groups = await call("/api/groups", { as: "analyst" });
    expect(groups.body.map((g: Json) => g.id)).toEqual([
      "staff",
      "party_member",
      "safety_monitor",
      "team_leader",
      "safety_officer",
      "deputy_head",
      "area_head",
      "office_staff",
    ]);
    expect((await call("/api/topics")).status).toBe(401);
  });
});

describe("refusals change nothing", () => {
  const refusals: [string, string, unknown, number, { code: string; message: string; path?: string }][] = [
    [
      "an id that is not snake_case",
      "/api/topics",
      { id: "Night-Shift", nameZh: "夜班", nameEn: "Night shift" },
      400,
      {
        code: "invalid_id",
        message:
          'The id "Night-Shift" must be snake_case: a lower-case letter, then lower-case letters, digits and single underscores (e.g. "night_shift").',
        path: "id",
      },
    ],
    [
      "the reserved id order",
      "/api/groups",
      { id: "order", nameZh: "顺序", nameEn: "Order" },
      400,
      { code: "invalid_id", message: '"order" is reserved; choose another id.', path: "id" },
    ],
    [
      "a duplicate id",
      "/api/topics",
      { id: "canteen", nameZh: "食堂", nameEn: "Canteen" },
      409,
      {
        code: "duplicate_id",
        message: 'There is already a topic "canteen" (perhaps retired: restore it instead).',
        path: "id",
      },
    ],
    [
      "an empty name",
      "/api/groups",
      { id: "night_shift", nameZh: " ", nameEn: "Night shift" },
      400,
      {
        code: "invalid_request",
        message: 'Field "nameZh": Too small: expected string to have >=1 characters.',
        path: "nameZh",
      },
    ],
    [
      "a rename of nothing",
      "/api/topics/canteen",
      {},
      400,
      { code: "invalid_request", message: "The request body: give nameZh, nameEn or both." },
    ],
    [
      "a rename of an unknown topic",
      "/api/topics/nothing",
      { nameEn: "Nothing" },
      404,
      { code: "topic_not_found", message: 'There is no topic "nothing".' },
    ],
    [
      "an order missing some and naming others",
      "/api/groups/order",
      { ids: ["staff", "staff", "party_member", "ghosts"] },
      400,
      {
        code: "bad_order",
        message:
          'Give every live respondent group exactly once: missing "safety_monitor", "team_leader", "safety_officer", "deputy_head", "area_head", "office_staff"; not live respondent groups "ghosts"; given more than once "staff".',
        path: "ids",
      },
    ],
    [
      "restoring a live group",
      "/api/groups/staff/restore",
      {},
      409,
      {
        code: "not_retired",
        message: 'The respondent group "staff" is not retired; there is nothing to restore.',
      },
    ],
    [
      "retiring an unknown group",
      "/api/groups/nobody/retire",
      {},
      404,
      { code: "group_not_found", message: 'There is no respondent group "nobody".' },
    ],
  ];
  it.each(refusals)("refuses %s", async (_name, path, body, status, error) => {
    const before = await snapshot();
    expect(await post(path, body)).toEqual({ status, body: { error } });
    expect(await snapshot()).toEqual(before);
  });

  it("lets only admins of the whole organisation change them", async () => {
    const before = await snapshot();
    const area = await call("/api/topics", { as: "areaadmin", body: { id: "x", nameZh: "x", nameEn: "x" } });
    expect([area.status, area.body.error.code]).toEqual([403, "whole_organisation_only"]);
    expect((await call("/api/topics/canteen/retire", { as: "areaadmin", body: {} })).status).toBe(403);
    expect((await call("/api/groups/order", { as: "analyst", body: { ids: [] } })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe("changes", () => {
  it("adds an entry last, renames it, reorders, and audits each step", async () => {
    const created = await post("/api/topics", { id: "night_shift", nameZh: "夜班", nameEn: "Night shift" });
    expect(created).toEqual({
      status: 201,
      body: {
        id: "night_shift",
        name: { default: "Night shift", "zh-cn": "夜班" },
        sort: 11,
        retired: false,
      },
    });
    const renamed = await post("/api/topics/night_shift", { nameEn: "Night shifts" });
    expect(renamed.body.name).toEqual({ default: "Night shifts", "zh-cn": "夜班" });
    const order = await ids("topics");
    const moved = ["night_shift", ...order.filter((id) => id !== "night_shift")];
    const reordered = await post("/api/topics/order", { ids: moved });
    expect(reordered.status).toBe(200);
    expect(reordered.body.map((t: Json) => [t.id, t.sort]).slice(0, 2)).toEqual([
      ["night_shift", 0],
      ["safety", 1],
    ]);
    const audit = await queryRows(
      fixture.db.read,
      "SELECT actor, action, target FROM audit_log WHERE action LIKE 'topic%' ORDER BY seq",
    );
    expect(audit).toEqual([
      { actor: "admin", action: "topic_created", target: "night_shift" },
      { actor: "admin", action: "topic_renamed", target: "night_shift" },
      { actor: "admin", action: "topics_reordered", target: null },
    ]);
  });

  it("an admin's rename, order and retirement survive the start-up sync, which only adds what is missing", async () => {
    await post("/api/topics/canteen", { nameZh: "职工食堂", nameEn: "Staff canteen" });
    await post("/api/topics/commute/retire");
    const before = (await call("/api/topics", { as: "admin" })).body;
    const catalogue = await loadCatalogue("surveys");
    await syncCatalogue(fixture.db, catalogue, now);
    expect((await call("/api/topics", { as: "admin" })).body).toEqual(before);
    // A topic new in the file joins at the end.
    const extra = { id: "housing", name: { default: "Housing", "zh-cn": "住房" } };
    await syncCatalogue(fixture.db, { ...catalogue, topics: [...catalogue.topics, extra] }, now);
    const after = (await call("/api/topics", { as: "admin" })).body;
    expect(after.slice(0, -1)).toEqual(before);
    expect(after.at(-1)).toEqual({ id: "housing", name: extra.name, sort: 12, retired: false });
    expect(after.find((t: Json) => t.id === "canteen").name).toEqual({
      default: "Staff canteen",
      "zh-cn": "职工食堂",
    });
    await post("/api/topics/commute/restore");
  });
});

describe("a retired topic", () => {
  const pulse = (topic: string, title = "Food") => ({
    id: "canteen-pulse",
    definition: { elements: [{ type: "rating", name: "food", topic, title }] },
  });

  it("cannot go on a question of a new survey version, but a version already carrying it may change", async () => {
    expect((await post("/api/surveys", pulse("canteen"))).status).toBe(201);
    const retired = await post("/api/topics/canteen/retire");
    expect(retired.body).toMatchObject({ id: "canteen", retired: true });
    expect(await post("/api/topics/canteen/retire")).toEqual({
      status: 409,
      body: { error: { code: "already_retired", message: 'The topic "canteen" is already retired.' } },
    });
    // The survey that carries it may still get a new version (an unchanged question keeps its topic).
    expect(await post("/api/surveys", pulse("canteen", "Food and drink"))).toEqual({
      status: 201,
      body: { id: "canteen-pulse", version: 2 },
    });
    // The plant questionnaire re-registered unchanged is the same version, retired topic or not.
    expect((await post("/api/surveys", { id: "plant-satisfaction", definition: plantSurvey })).status).toBe(
      200,
    );
    // A new survey may not use it.
    expect(await post("/api/surveys", { ...pulse("canteen"), id: "new-pulse" })).toEqual({
      status: 422,
      body: {
        error: {
          code: "invalid_survey",
          message:
            'food: topic "canteen" is retired; choose a live topic, or restore it under Topics & groups',
          path: "food",
        },
      },
    });
    // Analytics keep its name.
    const catalogue = await call("/api/analytics/catalogue?surveyId=canteen-pulse", { as: "analyst" });
    expect(JSON.stringify(catalogue.body)).toContain("职工食堂");
    await post("/api/topics/canteen/restore");
    expect((await post("/api/surveys", { ...pulse("canteen"), id: "new-pulse" })).status).toBe(201);
  });
});

describe("a retired group", () => {
  it("leaves the fill form and is refused for new responses, while stored ones still report", async () => {
    for (let n = 1; n <= 5; n++) expect((await respond(n, "party_member")).status).toBe(201);
    const retired = await post("/api/groups/party_member/retire");
    expect(retired).toEqual({
      status: 200,
      body: {
        id: "party_member",
        name: { default: "Party members", "zh-cn": "党员" },
        sort: 1,
        retired: true,
      },
    });
    const form = await call(`/api/waves/${fixture.openWaveId}/form`);
    expect(form.body.groups.map((g: Json) => g.id)).not.toContain("party_member");
    expect(form.body.groups).toHaveLength(7);
    expect(await respond(6, "party_member")).toEqual({
      status: 400,
      body: {
        error: {
          code: "unknown_group",
          message: 'There is no respondent group "party_member".',
          path: "groupId",
        },
      },
    });
    // A client resending an answer stored before the group was retired still gets its acknowledgement.
    expect((await respond(1, "party_member")).status).toBe(200);
    const report = await call("/api/analytics/query", {
      as: "analyst",
      body: {
        surveyId: "plant-satisfaction",
        waveIds: [fixture.openWaveId],
        measures: ["responses"],
        dimensions: ["group"],
      },
    });
    expect(report.body.results).toEqual([
      { dimensions: { group: "party_member" }, measures: { responses: 5 }, n: 5, suppressed: false },
    ]);
    expect(report.body.meta.labels.group.party_member).toEqual({ default: "Party members", "zh-cn": "党员" });
    // The order endpoint wants the live groups only; the retired one stays after them.
    const live = (await ids("groups")).filter((id) => id !== "party_member");
    const ordered = await post("/api/groups/order", { ids: [...live].reverse() });
    expect(ordered.body.map((g: Json) => g.id)).toEqual([...[...live].reverse(), "party_member"]);
    const restored = await post("/api/groups/party_member/restore");
    expect(restored.body.retired).toBe(false);
    expect((await respond(6, "party_member")).status).toBe(201);
    const audit = await queryRows(
      fixture.db.read,
      "SELECT action, target FROM audit_log WHERE action LIKE 'group%' ORDER BY seq",
    );
    expect(audit).toEqual([
      { action: "group_retired", target: "party_member" },
      { action: "groups_reordered", target: null },
      { action: "group_restored", target: "party_member" },
    ]);
  });
});
