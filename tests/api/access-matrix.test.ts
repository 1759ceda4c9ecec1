// Every endpoint × every role (and no session) × inside and outside the actor's scope: the exact status each gets.
// The endpoint list comes from the app's own route table, so an endpoint without a rule in
// server/auth/accessRules.ts, or without a probe here, fails this file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { type Access, accessRules } from "../../server/auth/accessRules";
import { createUser, type Role, roles } from "../../server/auth/accounts";
import { appendAudit } from "../../server/auth/audit";
import { LoginLimiter } from "../../server/auth/rateLimit";
import { caseNotFound, routeCase } from "../../server/cases/lifecycle";
import { inTransaction, queryRows } from "../../server/storage/database";
import { createWave } from "../../server/waves/waves";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, fixtureUnits, plantSurvey, prepareDatabase } from "../helpers/fixture";
import { paperRow } from "../helpers/paperRows";

let fixture: Fixture;
let probeCaseId = "";
let app: ReturnType<typeof createApp>;
const password = "correct horse battery";
/** The dept-hr row of the scores with the probe case received: what an area-1 actor must not get. */
const hrScoreRow = '"departmentId":"dept-hr","name":{"default":"HR","zh-cn":"人力资源科"},"received":1,';

/** Each role twice: scoped to the whole plant ("inside" everything) and to area-1 (dept-hr is outside). */
type Actor = "anonymous" | Role | `${Role}@area-1`;
const cookies = new Map<Actor, string>();

async function loginAs(username: string): Promise<string> {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`login as ${username} failed: ${res.status}`);
  return cookie;
}

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", new Date());
  // Every probe comes from one test "address"; the per-address login limit is tested in auth.test.ts.
  const limits = { account: { max: 5, windowMs: 900_000 }, address: { max: 10_000, windowMs: 900_000 } };
  app = createApp({ ...appFor(fixture).deps, loginLimiter: new LoginLimiter(limits) });
  const ctx = { actor: "test", now: new Date() };
  for (const role of roles) {
    await createUser(fixture.db, { username: role, password, role, scopeUnitId: "plant" }, ctx);
    await createUser(fixture.db, { username: `${role}-a1`, password, role, scopeUnitId: "area-1" }, ctx);
    cookies.set(role, await loginAs(role));
    cookies.set(`${role}@area-1`, await loginAs(`${role}-a1`));
  }
  // Accounts the probes act on: one inside area-1, one outside it (in dept-hr).
  await createUser(fixture.db, { username: "in-a1", password, role: "leader", scopeUnitId: "st-1" }, ctx);
  await createUser(
    fixture.db,
    { username: "hr-only", password, role: "handler", scopeUnitId: "dept-hr" },
    ctx,
  );
  // A round that collects paper forms, open now, for the paper import probe.
  await createWave(fixture.db, {
    id: "wave-paper",
    surveyId: "plant-satisfaction",
    title: "paper probe",
    periodStart: "2026-10-01",
    periodEnd: "2026-12-31",
    opensAt: new Date(Date.now() - 86_400_000).toISOString(),
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    channels: ["paper"],
  });
  await inTransaction(fixture.db.write, () =>
    appendAudit(fixture.db.write, {
      at: new Date(),
      actor: "hr-only",
      action: "probe_outside",
      target: "hr-only",
    }),
  );
  // A demand written in dept-hr (outside area-1), routed to dept-hr: inside for plant-wide analysts and handlers.
  const demand = { ...validAnswers(fixture.definition, 0), demands: "希望公开绩效考核细则。" };
  const posted = await app.request("/api/responses", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: uuid(),
      waveId: "wave-open",
      unitId: "dept-hr",
      groupId: "staff",
      channel: "online",
      data: demand,
    }),
  });
  if (posted.status !== 201) throw new Error(`probe response: ${posted.status}`);
  const [hrCase] = await queryRows<{ id: string }>(
    fixture.db.read,
    "SELECT id::VARCHAR AS id FROM cases WHERE text = '希望公开绩效考核细则。'",
  );
  probeCaseId = hrCase?.id ?? "";
  await routeCase(
    { db: fixture.db, now: new Date() },
    { username: "test", role: "admin", scopeUnitId: "plant" },
    probeCaseId,
    {
      departmentId: "dept-hr",
    },
  );
});
afterAll(() => fixture.db.close());

/** The app's endpoints as "METHOD /path", leaving out middleware registered for every method. */
function endpoints(): string[] {
  const seen = new Set<string>();
  for (const r of app.routes) {
    if (r.method === "ALL") continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen].sort();
}

interface Req {
  path: string;
  method?: string;
  body?: unknown;
  /** A file body sent as it is, with this content type (instead of JSON). */
  file?: { type: string; text: string };
}

/** What an allowed, in-scope call answers; and for scoped endpoints, what an area-1 actor gets for dept-hr. */
interface Probe {
  inside: () => Req;
  status: number;
  /** Without its own request, the outside row sends the inside one (as an area-1 actor). */
  outside?: { request?: () => Req; status: number; body?: unknown; omits?: string[] };
}

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
const noCase = "00000000-0000-4000-8000-00000000ffff";
const json = (path: string, body: unknown, method = "POST"): Req => ({ path, method, body });
const notFoundUser = (name: string) => ({
  error: { code: "user_not_found", message: `There is no user "${name}".`, path: "username" },
});

/** What an area-1 actor gets for naming dept-hr in the first filter: the answer for a unit that does not exist. */
const unknownHr = {
  error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "filters/0/values/0" },
};
const withinHr = [{ member: "unit", operator: "within", values: ["dept-hr"] }];

const fixtureTreeCsv = () => ({
  type: "text/csv",
  text: [
    "id,parent_id,name_zh,name_en,kind,headcount",
    ...fixtureUnits.map((u) => [u.id, u.parentId ?? "", u.nameZh, u.nameEn, u.kind, u.headcount].join(",")),
  ].join("\n"),
});

const wholeOrganisationOnly = {
  error: {
    code: "whole_organisation_only",
    message:
      "Only an administrator of the whole organisation may change questionnaires, survey rounds and the organisation’s units.",
  },
};

/** The six catalogue endpoints of `table`, probed with steps that change nothing (`id` is a live entry). */
function catalogueProbes(table: "topics" | "groups", id: string, sameName: Record<string, string>) {
  const adminOnly = { outside: { status: 403, body: wholeOrganisationOnly } };
  return {
    [`GET /api/${table}`]: { inside: () => ({ path: `/api/${table}` }), status: 200 },
    [`POST /api/${table}`]: {
      inside: () => json(`/api/${table}`, { id, nameZh: "重复", nameEn: "Duplicate" }),
      status: 409,
      ...adminOnly,
    },
    [`POST /api/${table}/order`]: {
      inside: () => json(`/api/${table}/order`, { ids: [] }),
      status: 400,
      ...adminOnly,
    },
    [`POST /api/${table}/:id`]: {
      inside: () => json(`/api/${table}/${id}`, sameName),
      status: 200,
      ...adminOnly,
    },
    [`POST /api/${table}/:id/retire`]: {
      inside: () => json(`/api/${table}/nothing-here/retire`, {}),
      status: 404,
      ...adminOnly,
    },
    [`POST /api/${table}/:id/restore`]: {
      inside: () => json(`/api/${table}/${id}/restore`, {}),
      status: 409,
      ...adminOnly,
    },
  } satisfies Record<string, Probe>;
}

const probes: Record<string, Probe> = {
  "GET /api/health": { inside: () => ({ path: "/api/health" }), status: 200 },
  "GET /api/openapi.json": { inside: () => ({ path: "/api/openapi.json" }), status: 200 },
  "GET /api/waves": { inside: () => ({ path: "/api/waves" }), status: 200 },
  "GET /api/waves/:id/form": { inside: () => ({ path: "/api/waves/wave-open/form" }), status: 200 },
  "POST /api/responses": {
    inside: () =>
      json("/api/responses", {
        id: uuid(),
        waveId: "wave-open",
        unitId: "team-1",
        groupId: "staff",
        channel: "online",
        data: validAnswers(fixture.definition, n),
      }),
    status: 201,
  },
  "POST /api/auth/login": {
    inside: () => json("/api/auth/login", { username: `nobody-${++n}`, password: "wrong password" }),
    status: 401,
  },
  "POST /api/auth/logout": { inside: () => json("/api/auth/logout", {}), status: 204 },
  "GET /api/auth/me": { inside: () => ({ path: "/api/auth/me" }), status: 200 },
  // A wrong current password: allowed through, refused by the endpoint, and nothing changes.
  "POST /api/auth/password": {
    inside: () =>
      json("/api/auth/password", { currentPassword: "not it at all", newPassword: "x".repeat(12) }),
    status: 400,
  },
  "GET /api/units": {
    inside: () => ({ path: "/api/units" }),
    status: 200,
    outside: { request: () => ({ path: "/api/units" }), status: 200, omits: ['"plant"', '"dept-hr"'] },
  },
  // Structure changes that leave the shared fixture as it is (same name, same parent, a refused merge).
  "POST /api/units/:id/rename": {
    inside: () => json("/api/units/dept-hr/rename", { nameEn: "HR" }),
    status: 204,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/units/:id/move": {
    inside: () => json("/api/units/st-1/move", { parentId: "area-1" }),
    status: 204,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/units/:id/merge": {
    inside: () => json("/api/units/plant/merge", { intoUnitId: "area-1" }),
    status: 400,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  // Keeping the tree current, without changing the shared fixture: refused adds and retirements, the same headcount.
  "POST /api/units": {
    inside: () => json("/api/units", { parentId: "nowhere", nameZh: "班", kind: "team" }),
    status: 404,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/units/:id/retire": {
    inside: () => json("/api/units/plant/retire", {}),
    status: 400,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/units/:id/headcount": {
    inside: () => json("/api/units/dept-hr/headcount", { headcount: 12 }),
    status: 204,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  // A live unit: refused as not retired, so the shared fixture stays as it is.
  "POST /api/units/:id/restore": {
    inside: () => json("/api/units/dept-hr/restore", {}),
    status: 409,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "GET /api/units/retired": {
    inside: () => ({ path: "/api/units/retired" }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "GET /api/units/history": {
    inside: () => ({ path: "/api/units/history" }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "GET /api/units/export.csv": {
    inside: () => ({ path: "/api/units/export.csv" }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  // The fixture's own tree: a preview of no change, and an apply refused for a stale fingerprint.
  "POST /api/units/import/preview": {
    inside: () => ({ path: "/api/units/import/preview", method: "POST", file: fixtureTreeCsv() }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/units/import/apply": {
    inside: () => ({
      path: "/api/units/import/apply?baseFingerprint=stale",
      method: "POST",
      file: fixtureTreeCsv(),
    }),
    status: 409,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "GET /api/surveys/:id": { inside: () => ({ path: "/api/surveys/plant-satisfaction" }), status: 200 },
  "GET /api/surveys": { inside: () => ({ path: "/api/surveys" }), status: 200 },
  "GET /api/surveys/:id/versions/:version": {
    inside: () => ({ path: "/api/surveys/plant-satisfaction/versions/1" }),
    status: 200,
  },
  // Identical to the stored version → 200; an area admin may not change org-wide questionnaires at all.
  "POST /api/surveys": {
    inside: () => json("/api/surveys", { id: "plant-satisfaction", definition: plantSurvey }),
    status: 200,
    outside: {
      status: 403,
      body: wholeOrganisationOnly,
    },
  },
  "GET /api/surveys/:id/versions/:version/items": {
    inside: () => ({ path: "/api/surveys/plant-satisfaction/versions/1/items" }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  // No changes on the latest version: nothing new is stored, the version as it is comes back.
  "POST /api/surveys/:id/tagging": {
    inside: () => json("/api/surveys/plant-satisfaction/tagging", { baseVersion: 1, changes: [] }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/waves": {
    inside: () =>
      json("/api/waves", {
        surveyId: "plant-satisfaction",
        title: "probe",
        periodStart: "2027-01-01",
        periodEnd: "2027-03-31",
        opensAt: "2027-01-01T00:00:00Z",
        closesAt: "2027-02-01T00:00:00Z",
        channels: ["online"],
      }),
    status: 201,
    outside: {
      status: 403,
      body: wholeOrganisationOnly,
    },
  },
  // Running rounds: refusals that leave the shared fixture as it is (wave-open stays open, wave-closed closed).
  "GET /api/admin/waves": {
    inside: () => ({ path: "/api/admin/waves" }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "GET /api/waves/:id/copy": {
    inside: () => ({ path: "/api/waves/wave-open/copy" }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/waves/:id/schedule": {
    inside: () => json("/api/waves/wave-open/schedule", { title: "probe" }),
    status: 409,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/waves/:id/open": {
    inside: () => json("/api/waves/wave-open/open", {}),
    status: 409,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/waves/:id/extend": {
    inside: () => json("/api/waves/wave-closed/extend", { closesAt: "2020-01-01T00:00:00Z" }),
    status: 400,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "POST /api/waves/:id/close": {
    inside: () => json("/api/waves/wave-closed/close", {}),
    status: 409,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  // Catalogue changes that leave the shared fixture as it is (a duplicate, the same name, refused steps).
  ...catalogueProbes("topics", "canteen", { nameEn: "Canteen" }),
  ...catalogueProbes("groups", "staff", { nameEn: "Staff" }),
  "GET /api/settings": { inside: () => ({ path: "/api/settings" }), status: 200 },
  "POST /api/settings": {
    inside: () => json("/api/settings", { languages: ["zh-cn", "en"] }),
    status: 200,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "GET /api/waves/:id/progress": {
    inside: () => ({ path: "/api/waves/wave-open/progress?unitId=dept-hr" }),
    status: 200,
    outside: {
      status: 404,
      // Word for word what a unit that does not exist gets.
      body: { error: { code: "unit_not_found", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  "GET /api/users": {
    inside: () => ({ path: "/api/users" }),
    status: 200,
    outside: {
      status: 200,
      omits: ['"username":"hr-only"', '"username":"admin"'],
    },
  },
  "POST /api/users": {
    inside: () => json("/api/users", { username: `new-${++n}`, role: "leader", scopeUnitId: "dept-hr" }),
    status: 201,
    outside: {
      status: 400,
      body: { error: { code: "unknown_unit", message: 'There is no unit "dept-hr".', path: "scopeUnitId" } },
    },
  },
  "PATCH /api/users/:username": {
    inside: () => json("/api/users/hr-only", { role: "handler" }, "PATCH"),
    status: 200,
    outside: {
      status: 404,
      body: notFoundUser("hr-only"),
    },
  },
  "POST /api/users/:username/password": {
    inside: () => json("/api/users/in-a1/password", { password }),
    status: 200,
    outside: {
      request: () => json("/api/users/hr-only/password", { password }),
      status: 404,
      body: notFoundUser("hr-only"),
    },
  },
  "POST /api/analytics/query": {
    inside: () =>
      json("/api/analytics/query", {
        surveyId: "plant-satisfaction",
        measures: ["responses"],
        filters: withinHr,
      }),
    status: 200,
    outside: {
      status: 400,
      body: unknownHr,
    },
  },
  "POST /api/analytics/cases": {
    inside: () => json("/api/analytics/cases", { measures: ["received"], filters: withinHr }),
    status: 200,
    outside: {
      status: 400,
      body: unknownHr,
    },
  },
  "GET /api/analytics/catalogue": {
    inside: () => ({ path: "/api/analytics/catalogue?surveyId=plant-satisfaction" }),
    status: 200,
  },
  "POST /api/analytics/export": {
    inside: () =>
      json("/api/analytics/export", {
        format: "csv",
        query: { surveyId: "plant-satisfaction", measures: ["responses"], dimensions: ["unit"] },
      }),
    status: 200,
    outside: {
      status: 200,
      // The area's export names no unit above or beside it.
      omits: ["dept-hr", "plant,"],
    },
  },
  "POST /api/analytics/comments": {
    inside: () =>
      json("/api/analytics/comments", { surveyId: "plant-satisfaction", unitsWithin: ["dept-hr"] }),
    status: 200,
    outside: {
      status: 400,
      body: {
        error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "unitsWithin/0" },
      },
    },
  },
  "POST /api/dashboard": {
    inside: () => json("/api/dashboard", { unitId: "dept-hr" }),
    status: 200,
    outside: {
      status: 400,
      body: { error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  "GET /api/reports/data": {
    inside: () => ({ path: "/api/reports/data?unitId=dept-hr" }),
    status: 200,
    outside: {
      status: 400,
      body: { error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  // app.request has no listening server to print with: allowed callers get as far as the printer.
  "POST /api/reports": {
    inside: () => json("/api/reports", { unitId: "dept-hr" }),
    status: 503,
    outside: {
      status: 400,
      body: { error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  "GET /api/reports": { inside: () => ({ path: "/api/reports" }), status: 200 },
  "GET /api/reports/:id/:kind": { inside: () => ({ path: "/api/reports/no-such-report/pdf" }), status: 404 },
  "GET /api/report-schedules": { inside: () => ({ path: "/api/report-schedules" }), status: 200 },
  "POST /api/report-schedules": {
    inside: () =>
      json("/api/report-schedules", {
        surveyId: "plant-satisfaction",
        unitId: "dept-hr",
        cadence: "quarterly",
      }),
    status: 201,
    outside: {
      status: 400,
      body: { error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  "DELETE /api/report-schedules/:id": {
    inside: () => ({ path: "/api/report-schedules/no-such-schedule", method: "DELETE" }),
    status: 404,
  },
  "POST /api/analytics/raw": {
    inside: () =>
      json("/api/analytics/raw", { surveyId: "plant-satisfaction", format: "csv", unitsWithin: ["dept-hr"] }),
    status: 200,
    outside: {
      status: 400,
      body: {
        error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "unitsWithin/0" },
      },
    },
  },
  // An area-1 actor gets its own subtree's units only.
  "GET /api/waves/:id/paper": {
    inside: () => ({ path: "/api/waves/wave-open/paper" }),
    status: 200,
    outside: { status: 200, omits: ['"id":"dept-hr"', '"id":"plant"'] },
  },
  "GET /api/waves/:id/paper/template.xlsx": {
    inside: () => ({ path: "/api/waves/wave-open/paper/template.xlsx" }),
    status: 200,
  },
  "GET /api/waves/:id/paper/template.csv": {
    inside: () => ({ path: "/api/waves/wave-open/paper/template.csv" }),
    status: 200,
  },
  // A dry run of one form for dept-hr: fine inside; for an area-1 actor dept-hr is a unit that does not exist.
  "POST /api/waves/:id/paper/import": {
    inside: () =>
      json("/api/waves/wave-paper/paper/import?dryRun=1", {
        rows: [
          paperRow(
            { form_no: `probe-${++n}`, unit_id: "dept-hr", group_id: "staff" },
            validAnswers(fixture.definition, n),
          ),
        ],
      }),
    status: 200,
    outside: {
      status: 422,
      body: {
        error: {
          code: "import_invalid",
          message: "1 row has problems; nothing was imported.",
          problems: [
            { row: 1, column: "unit_id", code: "unknown_unit", message: 'There is no unit "dept-hr".' },
          ],
        },
      },
    },
  },
  "GET /api/waves/:id/links": {
    inside: () => ({ path: "/api/waves/wave-open/links?unitId=dept-hr" }),
    status: 200,
    outside: {
      status: 404,
      body: { error: { code: "unit_not_found", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  // Public: a code names a wave and a unit only. An unknown one is a 404 (the redirect leaves it to the web app).
  "GET /api/links/:code": { inside: () => ({ path: "/api/links/ZZZZZZZZ" }), status: 404 },
  "GET /l/:code": { inside: () => ({ path: "/l/ZZZZZZZZ" }), status: 404 },
  "POST /api/waves/:id/tokens": {
    inside: () => json("/api/waves/wave-open/tokens", { unitId: "dept-hr", count: 1 }),
    status: 201,
    outside: {
      status: 404,
      body: { error: { code: "unit_not_found", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  "GET /api/waves/:id/tokens": {
    inside: () => ({ path: "/api/waves/wave-open/tokens?unitId=dept-hr" }),
    status: 200,
    outside: {
      status: 404,
      body: { error: { code: "unit_not_found", message: 'There is no unit "dept-hr".', path: "unitId" } },
    },
  },
  // Public: it answers for the slip in hand only. A made-up one is "unknown", whoever asks.
  "POST /api/waves/:id/slips/check": {
    inside: () => json("/api/waves/wave-open/slips/check", { unitId: "team-1", token: "ABCDEFGHJKMN" }),
    status: 200,
  },
  // As for reports: app.request has no listening server to print with, so allowed callers reach the printer.
  "GET /api/waves/:id/paper/form.pdf": {
    inside: () => ({ path: "/api/waves/wave-open/paper/form.pdf" }),
    status: 503,
  },
  // Cases: the routed dept-hr case is inside for plant-wide staff and outside area-1 (analysts reach writers in
  // scope, handlers their departments). Steps that would change it name a case that does not exist instead.
  "GET /api/cases": {
    inside: () => ({ path: "/api/cases?q=%E7%BB%A9%E6%95%88" }),
    status: 200,
    outside: { status: 200, omits: ["希望公开绩效考核细则"] },
  },
  "GET /api/cases/meta": { inside: () => ({ path: "/api/cases/meta" }), status: 200 },
  "GET /api/cases/:id": {
    inside: () => ({ path: `/api/cases/${probeCaseId}` }),
    status: 200,
    outside: { status: 404, body: { error: { code: "case_not_found", message: caseNotFound().message } } },
  },
  // Scores: the dept-hr case counts for plant-wide staff; an area-1 analyst counts no case of theirs there, and an
  // area-1 handler has no department at all. The workbooks answer in scope the same way (checked in case-scores).
  "GET /api/cases/scores": {
    inside: () => ({ path: "/api/cases/scores" }),
    status: 200,
    outside: { status: 200, omits: [hrScoreRow] },
  },
  "GET /api/cases/scores.xlsx": { inside: () => ({ path: "/api/cases/scores.xlsx" }), status: 200 },
  "GET /api/cases/export.xlsx": { inside: () => ({ path: "/api/cases/export.xlsx?lang=en" }), status: 200 },
  "POST /api/cases": {
    inside: () => json("/api/cases", { unitId: "nowhere", text: "会上提出" }),
    status: 400,
  },
  "POST /api/cases/:id/classify": {
    inside: () => json(`/api/cases/${probeCaseId}/classify`, {}),
    status: 200,
    outside: { status: 404 },
  },
  "POST /api/cases/:id/merge": { inside: () => json(`/api/cases/${noCase}/merge`, { into: 1 }), status: 404 },
  "POST /api/cases/:id/route": {
    inside: () => json(`/api/cases/${probeCaseId}/route`, { departmentId: "dept-hr" }),
    status: 200,
    outside: { status: 404 },
  },
  "POST /api/cases/:id/reply": {
    inside: () => json(`/api/cases/${noCase}/reply`, { answer: "答复" }),
    status: 404,
  },
  "POST /api/cases/:id/return": {
    inside: () => json(`/api/cases/${noCase}/return`, { reason: "非本部门" }),
    status: 404,
  },
  "POST /api/cases/:id/answer": {
    inside: () => json(`/api/cases/${noCase}/answer`, { answer: "答复" }),
    status: 404,
  },
  "POST /api/cases/:id/approve": { inside: () => json(`/api/cases/${noCase}/approve`, {}), status: 404 },
  "POST /api/cases/:id/reject": {
    inside: () => json(`/api/cases/${noCase}/reject`, { reason: "敷衍", perfunctory: true }),
    status: 404,
  },
  "POST /api/cases/:id/unmerge": { inside: () => json(`/api/cases/${noCase}/unmerge`, {}), status: 404 },
  "POST /api/cases/:id/adopt": {
    inside: () => json(`/api/cases/${noCase}/adopt`, { adopted: false }),
    status: 404,
  },
  // Public: the writer's receipt is all it takes; an unknown one finds nothing.
  "GET /api/receipts/:receipt": { inside: () => ({ path: "/api/receipts/ABCDE-23456" }), status: 404 },
  "POST /api/receipts/:receipt/cases/:caseId/rating": {
    inside: () => json(`/api/receipts/ABCDE-23456/cases/${noCase}/rating`, { rating: "satisfied" }),
    status: 404,
  },
  "POST /api/receipts/:receipt/cases/:caseId/reopen": {
    inside: () => json(`/api/receipts/ABCDE-23456/cases/${noCase}/reopen`, { comment: "不满意" }),
    status: 404,
  },
  "GET /api/board": { inside: () => ({ path: "/api/board" }), status: 200 },
  "GET /api/board/meta": { inside: () => ({ path: "/api/board/meta" }), status: 200 },
  // The probe's database is in memory with no backup directory: the admin is let in and told so.
  "POST /api/admin/backup": {
    inside: () => json("/api/admin/backup", {}),
    status: 409,
    outside: { status: 403, body: wholeOrganisationOnly },
  },
  "GET /api/audit": {
    inside: () => ({ path: "/api/audit?action=probe_outside" }),
    status: 200,
    outside: {
      status: 200,
      omits: ["hr-only"],
    },
  },
};

function expectedDenial(access: Access, actor: Actor): 401 | 403 | null {
  if (access === "public") return null;
  if (actor === "anonymous") return 401;
  if (access === "signed_in") return null;
  const role = actor.split("@")[0] as Role;
  return access.includes(role) ? null : 403;
}

async function send(req: Req, actor: Actor): Promise<Response> {
  const headers = new Headers();
  // Logging out would end the shared session; that row runs without one.
  if (actor !== "anonymous" && req.path !== "/api/auth/logout")
    headers.set("cookie", cookies.get(actor) ?? "");
  if (req.body !== undefined) headers.set("content-type", "application/json");
  if (req.file) headers.set("content-type", req.file.type);
  return app.request(req.path, {
    method: req.method ?? "GET",
    headers,
    body: req.file ? req.file.text : req.body === undefined ? undefined : JSON.stringify(req.body),
  });
}

const actors: Actor[] = ["anonymous", ...roles, ...roles.map((r) => `${r}@area-1` as const)];

describe("access matrix", () => {
  it("has a rule and a probe for every endpoint, and none for an endpoint that does not exist", () => {
    expect(endpoints()).toEqual(Object.keys(accessRules).sort());
    expect(Object.keys(probes).sort()).toEqual(Object.keys(accessRules).sort());
  });

  const cases = Object.keys(accessRules).flatMap((endpoint) =>
    actors.flatMap((actor) => {
      const denial = expectedDenial(accessRules[endpoint] as Access, actor);
      const probe = probes[endpoint] as Probe;
      const scoped = actor.endsWith("@area-1") && probe.outside;
      const where = scoped ? "outside" : "inside";
      const status = denial ?? (scoped ? probe.outside?.status : probe.status);
      return [[endpoint, actor, where, status] as const];
    }),
  );

  it.each(cases)("%s as %s (%s scope) → %s", async (endpoint, actor, where, status) => {
    const probe = probes[endpoint] as Probe;
    const outside = where === "outside" ? probe.outside : undefined;
    const res = await send((outside?.request ?? probe.inside)(), actor);
    const text = await res.text();
    expect(res.status, text).toBe(status);
    const denial = expectedDenial(accessRules[endpoint] as Access, actor);
    if (denial !== null) {
      expect(JSON.parse(text).error.code).toBe(denial === 401 ? "not_authenticated" : "forbidden");
      return;
    }
    if (outside?.body !== undefined) expect(JSON.parse(text)).toEqual(outside.body);
    for (const hidden of outside?.omits ?? []) expect(text).not.toContain(hidden);
  });

  it("shows an in-scope list what the outside one omits (so the omission test can fail)", async () => {
    const units = await (await send({ path: "/api/units" }, "analyst")).text();
    expect(units).toContain('"dept-hr"');
    const users = await (await send({ path: "/api/users" }, "admin")).text();
    expect(users).toContain('"hr-only"');
    const audit = await (await send({ path: "/api/audit?action=probe_outside" }, "admin")).text();
    expect(audit).toContain("hr-only");
    const scores = await (await send({ path: "/api/cases/scores" }, "analyst")).text();
    expect(scores).toContain(hrScoreRow);
  });
});
