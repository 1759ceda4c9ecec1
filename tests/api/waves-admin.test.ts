// Running survey rounds through app.request against a real DuckDB: the admin list, reschedule, open now, extend and
// reopen, close now, the next round's settings copied from one — each change audited, each refusal exact and leaving
// everything as it was, and submissions taken or refused at once after every change (the cache and the commit).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { readAudit } from "../../server/auth/audit";
import { compileSurvey } from "../../server/ingest/compileSurvey";
import { queryRows, withWriteLock } from "../../server/storage/database";
import { closeWave, scheduleWave } from "../../server/waves/waveActions";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, plantSurvey, prepareDatabase } from "../helpers/fixture";
import { paperRow } from "../helpers/paperRows";
import { validRecord } from "../helpers/responseRecords";

const start = new Date("2026-11-02T08:00:00.000Z");
const password = "correct horse battery";

let fixture: Fixture;
let now: Date;
let harness: ReturnType<typeof appFor>;
const cookies: Record<"admin" | "adminA1" | "analyst", string> = { admin: "", adminA1: "", analyst: "" };

beforeEach(async () => {
  now = start;
  fixture = await prepareDatabase(":memory:", start);
  harness = appFor(fixture, () => now);
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
  return harness.app.request(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const asAdmin = (method: string, url: string, body?: unknown) => send(method, url, body, cookies.admin);

/** `minutes` after `start`, as an ISO time. */
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
const wait = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

const scheduledBody = {
  surveyId: "plant-satisfaction",
  title: "2027年第一季度",
  periodStart: "2027-01-01",
  periodEnd: "2027-03-31",
  opensAt: "2026-11-03T00:00:00+08:00",
  closesAt: "2026-11-30T16:00:00Z",
  channels: ["online", "paper"],
};

/** Creates the scheduled round (opens 2026-11-02T16:00Z, 8 hours after start) and answers its id. */
async function createScheduled(): Promise<string> {
  const res = await asAdmin("POST", "/api/waves", scheduledBody);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

let seed = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++seed).padStart(12, "0")}`;
const answer = (waveId: string, id = uuid()) => ({
  id,
  waveId,
  unitId: "team-1",
  groupId: "staff",
  channel: "online",
  data: validAnswers(fixture.definition, seed),
});
const submit = (body: ReturnType<typeof answer>) => send("POST", "/api/responses", body);

const listed = async () => (await (await send("GET", "/api/waves")).json()) as Record<string, unknown>[];
const waveOf = async (id: string) => (await listed()).find((w) => w.id === id);
/** Audit entries after `seq` as [actor, action, target, detail]. */
async function auditSince(seq: number) {
  return (await readAudit(fixture.db.read))
    .filter((e) => e.seq > seq)
    .map((e) => [e.actor, e.action, e.target, e.detail === null ? null : JSON.parse(e.detail)]);
}
const lastSeq = async () => (await readAudit(fixture.db.read)).at(-1)?.seq ?? 0;

/** Sends a refused request and checks that neither the rounds nor the audit log changed. */
async function refused(method: string, url: string, body: unknown, status: number, error: unknown) {
  const before = await listed();
  const seq = await lastSeq();
  const res = await asAdmin(method, url, body);
  expect(res.status).toBe(status);
  expect(await res.json()).toEqual({ error });
  expect(await listed()).toEqual(before);
  expect(await auditSince(seq)).toEqual([]);
}

const openWave = {
  id: "wave-open",
  surveyId: "plant-satisfaction",
  surveyVersion: 1,
  title: "2026年第四季度",
  periodStart: "2026-10-01",
  periodEnd: "2026-12-31",
  opensAt: "2026-11-01T08:00:00.000Z",
  closesAt: "2026-12-02T08:00:00.000Z",
  channels: ["online", "onsite"],
  status: "open",
};

describe("POST /api/waves and GET /api/admin/waves", () => {
  it("creates a round (201, exactly as GET /api/waves lists it) that the admin list shows with its actions", async () => {
    const res = await asAdmin("POST", "/api/waves", scheduledBody);
    expect(res.status).toBe(201);
    const wave = (await res.json()) as { id: string };
    const expected = {
      id: wave.id,
      surveyId: "plant-satisfaction",
      surveyVersion: 1,
      title: "2027年第一季度",
      periodStart: "2027-01-01",
      periodEnd: "2027-03-31",
      opensAt: "2026-11-02T16:00:00.000Z",
      closesAt: "2026-11-30T16:00:00.000Z",
      channels: ["online", "paper"],
      status: "scheduled",
    };
    expect(wave).toEqual(expected);
    expect(await waveOf(wave.id)).toEqual(expected);
    expect((await submit(answer("wave-open"))).status).toBe(201);
    expect((await submit(answer("wave-open"))).status).toBe(201);
    const admin = await asAdmin("GET", "/api/admin/waves");
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({
      tzOffsetMinutes: 480,
      waves: [
        { ...expected, responses: 0, actions: ["schedule", "open"] },
        { ...openWave, responses: 2, actions: ["extend", "close"] },
        {
          id: "wave-closed",
          surveyId: "plant-satisfaction",
          surveyVersion: 1,
          title: "2026年第三季度",
          periodStart: "2026-07-01",
          periodEnd: "2026-09-30",
          opensAt: "2026-08-04T08:00:00.000Z",
          closesAt: "2026-09-03T08:00:00.000Z",
          channels: ["online", "onsite", "paper"],
          status: "closed",
          responses: 0,
          actions: ["extend"],
        },
      ],
    });
  });

  it.each([
    ["an analyst", "analyst", 403, { code: "forbidden", message: "Your account's role may not do this." }],
    [
      "an admin of one area",
      "adminA1",
      403,
      {
        code: "whole_organisation_only",
        message:
          "Only an administrator of the whole organisation may change questionnaires, survey rounds and the organisation’s units.",
      },
    ],
  ] as const)(
    "refuses %s on every round-running endpoint, changing nothing",
    async (_who, key, status, error) => {
      const calls: [string, string, unknown][] = [
        ["GET", "/api/admin/waves", undefined],
        ["GET", "/api/waves/wave-open/copy", undefined],
        ["POST", "/api/waves/wave-open/schedule", { title: "x" }],
        ["POST", "/api/waves/wave-open/open", {}],
        ["POST", "/api/waves/wave-open/extend", { closesAt: at(60 * 24 * 60) }],
        ["POST", "/api/waves/wave-open/close", {}],
      ];
      const before = await listed();
      for (const [method, url, body] of calls) {
        const res = await send(method, url, body, cookies[key]);
        expect(res.status, `${method} ${url}`).toBe(status);
        expect(await res.json()).toEqual({ error });
      }
      expect(await listed()).toEqual(before);
    },
  );
});

describe("POST /api/waves/:id/schedule", () => {
  it("changes only what is given, answers the round as listed, and audits the differences", async () => {
    const id = await createScheduled();
    const seq = await lastSeq();
    const res = await asAdmin("POST", `/api/waves/${id}/schedule`, {
      title: "  2027年第一季度满意度调查 ",
      opensAt: "2026-11-05T08:00:00+08:00",
      channels: ["online", "onsite", "online"],
    });
    expect(res.status).toBe(200);
    const expected = {
      id,
      surveyId: "plant-satisfaction",
      surveyVersion: 1,
      title: "2027年第一季度满意度调查",
      periodStart: "2027-01-01",
      periodEnd: "2027-03-31",
      opensAt: "2026-11-05T00:00:00.000Z",
      closesAt: "2026-11-30T16:00:00.000Z",
      channels: ["online", "onsite"],
      status: "scheduled",
    };
    expect(await res.json()).toEqual(expected);
    expect(await waveOf(id)).toEqual(expected);
    expect(await auditSince(seq)).toEqual([
      [
        "admin",
        "wave_rescheduled",
        id,
        {
          title: { from: "2027年第一季度", to: "2027年第一季度满意度调查" },
          opensAt: { from: "2026-11-02T16:00:00.000Z", to: "2026-11-05T00:00:00.000Z" },
          channels: { from: ["online", "paper"], to: ["online", "onsite"] },
        },
      ],
    ]);
  });

  it("moves a scheduled round to a newer version of its survey", async () => {
    const id = await createScheduled();
    const upload = await asAdmin("POST", "/api/surveys", {
      id: "plant-satisfaction",
      definition: { ...plantSurvey, title: "v2" },
    });
    expect(upload.status).toBe(201);
    const res = await asAdmin("POST", `/api/waves/${id}/schedule`, {
      surveyVersion: 2,
      periodEnd: "2027-02-28",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ surveyVersion: 2, periodEnd: "2027-02-28" });
  });

  it("answers an unchanged schedule with the round and writes nothing to the audit log", async () => {
    const id = await createScheduled();
    const seq = await lastSeq();
    const res = await asAdmin("POST", `/api/waves/${id}/schedule`, {
      title: "2027年第一季度",
      closesAt: "2026-12-01T00:00:00+08:00",
    });
    expect(res.status).toBe(200);
    expect(await auditSince(seq)).toEqual([]);
  });

  it.each([
    [
      "an opening time already passed",
      { opensAt: at(-1) },
      400,
      {
        code: "bad_window",
        message: "That opening time has passed; to open the round at once, use Open now.",
        path: "opensAt",
      },
    ],
    [
      "a close before the opening",
      { closesAt: "2026-11-02T15:00:00Z" },
      400,
      { code: "bad_window", message: "The wave must close after it opens.", path: "closesAt" },
    ],
    [
      "a new opening after the close",
      { opensAt: "2026-12-01T00:00:00Z" },
      400,
      { code: "bad_window", message: "The wave must close after it opens.", path: "closesAt" },
    ],
    [
      "a period ending before it starts",
      { periodEnd: "2026-12-31" },
      400,
      {
        code: "bad_period",
        message: "The period must end on or after the day it starts.",
        path: "periodEnd",
      },
    ],
    [
      "a version the survey does not have",
      { surveyVersion: 7 },
      400,
      {
        code: "unknown_survey",
        message: 'There is no survey "plant-satisfaction" version 7.',
        path: "surveyVersion",
      },
    ],
    [
      "no field at all",
      {},
      400,
      { code: "invalid_request", message: "The request body: give at least one field to change." },
    ],
    [
      "a field it does not take",
      { surveyId: "other" },
      400,
      {
        code: "invalid_request",
        message: "The request body has fields this endpoint does not take: surveyId.",
      },
    ],
    [
      "no channel",
      { channels: [] },
      400,
      {
        code: "invalid_request",
        message: 'Field "channels": Too small: expected array to have >=1 items.',
        path: "channels",
      },
    ],
  ])("refuses %s, changing nothing", async (_what, body, status, error) => {
    const id = await createScheduled();
    await refused("POST", `/api/waves/${id}/schedule`, body, status, error);
  });

  it.each([
    [
      "wave-open",
      'The survey round "wave-open" is open already; only its close time can change now: extend or close it.',
    ],
    ["wave-closed", 'The survey round "wave-closed" has closed; extend it to reopen it.'],
  ])("refuses to reschedule %s: 409 wave_not_scheduled", async (id, message) => {
    await refused("POST", `/api/waves/${id}/schedule`, { title: "x" }, 409, {
      code: "wave_not_scheduled",
      message,
    });
  });

  /** Keys `n` paper forms into the round before it opens (an admin's override), as the import screen does. */
  const importEarly = (id: string, n: number) =>
    asAdmin("POST", `/api/waves/${id}/paper/import?overrideClosed=1`, {
      rows: Array.from({ length: n }, (_, i) =>
        paperRow(
          { form_no: `P-${i + 1}`, unit_id: "team-1", group_id: "staff" },
          validAnswers(fixture.definition, i + 1),
        ),
      ),
    });
  const uploadVersion2 = async () => {
    const upload = await asAdmin("POST", "/api/surveys", {
      id: "plant-satisfaction",
      definition: { ...plantSurvey, title: "v2" },
    });
    expect(upload.status).toBe(201);
  };

  it("keeps the version and the channels of paper forms imported before the round opens: 409 wave_has_responses", async () => {
    const id = await createScheduled();
    await uploadVersion2();
    expect((await importEarly(id, 2)).status).toBe(201);
    await refused("POST", `/api/waves/${id}/schedule`, { surveyVersion: 2, title: "x" }, 409, {
      code: "wave_has_responses",
      message: `The survey round "${id}" already has 2 responses to version 1 of its survey, so it must keep that version; for version 2, create a new round.`,
      path: "surveyVersion",
    });
    await refused("POST", `/api/waves/${id}/schedule`, { channels: ["online", "onsite"] }, 409, {
      code: "wave_has_responses",
      message: `The survey round "${id}" already has 2 responses on paper, so it must keep the channel paper.`,
      path: "channels",
    });
    // What the responses do not depend on may still change.
    const res = await asAdmin("POST", `/api/waves/${id}/schedule`, {
      surveyVersion: 1,
      channels: ["paper", "onsite", "online"],
      title: "2027年第一季度调查",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ surveyVersion: 1, channels: ["paper", "onsite", "online"] });
  });

  it("refuses a paper import whose round was moved to another version while its rows were checked: 409 wave_changed", async () => {
    const id = await createScheduled();
    await uploadVersion2();
    // The reschedule waits behind the write lock until the import has read the round; then it commits before
    // the import's own transaction, which must notice that its rows were checked against version 1.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const rescheduled = withWriteLock(fixture.db.write, () => gate).then(() => undefined);
    const moving = scheduleWave(fixture.db, id, { surveyVersion: 2 }, { actor: "test", clock: () => now });
    const read = fixture.db.read;
    const original = read.runAndReadAll.bind(read);
    read.runAndReadAll = (async (sql: string, ...rest: unknown[]) => {
      const result = await (original as (...a: unknown[]) => ReturnType<typeof original>)(sql, ...rest);
      if (/FROM waves WHERE id/.test(sql)) release();
      return result;
    }) as typeof read.runAndReadAll;
    let res: Response;
    try {
      res = await importEarly(id, 2);
    } finally {
      read.runAndReadAll = original;
      release();
    }
    await rescheduled;
    expect((await moving).surveyVersion).toBe(2);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: "wave_changed",
        message: `The survey round "${id}" was changed while the file was being checked; nothing was imported. Upload the file again to check it against the round as it is now.`,
      },
    });
    const stored = await queryRows(fixture.db.read, "SELECT id FROM responses WHERE wave_id = $1", [id]);
    expect(stored).toEqual([]);
  });

  it("answers 404 for a round that does not exist", async () => {
    await refused("POST", "/api/waves/no-such/schedule", { title: "x" }, 404, {
      code: "wave_not_found",
      message: 'There is no survey round "no-such".',
    });
  });
});

describe("POST /api/waves/:id/open", () => {
  it("opens a scheduled round now: it takes responses at once, where a moment before it refused them", async () => {
    const id = await createScheduled();
    // The submission loads the server's cache of rounds while this one is still scheduled.
    const early = await submit(answer(id));
    expect(early.status).toBe(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).toBe("wave_closed");
    wait(5);
    const seq = await lastSeq();
    const res = await asAdmin("POST", `/api/waves/${id}/open`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, opensAt: "2026-11-02T08:05:00.000Z", status: "open" });
    expect(await auditSince(seq)).toEqual([
      ["admin", "wave_opened", id, { from: "2026-11-02T16:00:00.000Z", to: "2026-11-02T08:05:00.000Z" }],
    ]);
    expect((await send("GET", `/api/waves/${id}/form`)).status).toBe(200);
    const posted = await submit(answer(id));
    expect(posted.status).toBe(201);
  });

  it("clears the submissions' cache with the commit: no later read of the round can leave it stale", async () => {
    const id = await createScheduled();
    expect((await submit(answer(id))).status).toBe(409); // the cache now holds the round as scheduled
    wait(5);
    // Reading rounds through the read connection fails for the length of the request (as a busy or failing
    // connection might); the change itself, its answer and the cache's clearing must not depend on it.
    const read = fixture.db.read;
    const original = read.runAndReadAll.bind(read);
    read.runAndReadAll = ((sql: string, ...rest: unknown[]) =>
      /FROM waves/.test(sql)
        ? Promise.reject(new Error("read refused by the test"))
        : (original as (...a: unknown[]) => ReturnType<typeof original>)(
            sql,
            ...rest,
          )) as typeof read.runAndReadAll;
    let res: Response;
    try {
      res = await asAdmin("POST", `/api/waves/${id}/open`);
    } finally {
      read.runAndReadAll = original;
    }
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, opensAt: "2026-11-02T08:05:00.000Z", status: "open" });
    expect((await submit(answer(id))).status).toBe(201);
  });

  it.each([
    [
      "wave-open",
      409,
      {
        code: "wave_already_open",
        message: 'The survey round "wave-open" opened at 2026-11-01T08:00:00Z; there is nothing to open.',
      },
    ],
    [
      "wave-closed",
      409,
      {
        code: "wave_closed",
        message: 'The survey round "wave-closed" closed at 2026-09-03T08:00:00Z; extend it to reopen it.',
      },
    ],
    ["no-such", 404, { code: "wave_not_found", message: 'There is no survey round "no-such".' }],
  ])("refuses to open %s, changing nothing", async (id, status, error) => {
    await refused("POST", `/api/waves/${id}/open`, undefined, status, error);
  });
});

describe("POST /api/waves/:id/close", () => {
  it("closes an open round now: the next submission gets 409 wave_closed, a resend of a stored one still 200", async () => {
    const stored = answer("wave-open");
    expect((await submit(stored)).status).toBe(201);
    wait(1);
    const seq = await lastSeq();
    const res = await asAdmin("POST", "/api/waves/wave-open/close");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...openWave, closesAt: "2026-11-02T08:01:00.000Z", status: "closed" });
    expect(await auditSince(seq)).toEqual([
      [
        "admin",
        "wave_closed",
        "wave-open",
        { from: "2026-12-02T08:00:00.000Z", to: "2026-11-02T08:01:00.000Z" },
      ],
    ]);
    const late = await submit(answer("wave-open"));
    expect(late.status).toBe(409);
    expect(await late.json()).toEqual({
      error: {
        code: "wave_closed",
        message: 'The survey round "wave-open" is not open for answers now.',
        path: "waveId",
      },
    });
    expect((await submit(stored)).status).toBe(200);
    expect((await send("GET", "/api/waves/wave-open/form")).status).toBe(409);
    const [count] = await queryRows<{ n: number }>(
      fixture.db.read,
      "SELECT count(*) AS n FROM responses WHERE wave_id = 'wave-open'",
    );
    expect(count?.n).toBe(1);
  });

  it("refuses at commit a response the submission check let through on a round cached before its close", async () => {
    // The cache holds the round as open; the close is recorded without telling it (as in the moment between the
    // close's commit and the route's invalidate()).
    expect((await submit(answer("wave-open"))).status).toBe(201);
    wait(1);
    await closeWave(fixture.db, "wave-open", { actor: "test", clock: () => now });
    const late = await submit(answer("wave-open"));
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe("wave_closed");
  });

  it("stores a response received before the close time even when its batch commits after the close", async () => {
    const survey = compileSurvey(fixture.definition);
    const before = { ...validRecord(survey, fixture.definition, "wave-open", 1), receivedAt: new Date(now) };
    wait(1);
    await closeWave(fixture.db, "wave-open", { actor: "test", clock: () => now });
    const after = { ...validRecord(survey, fixture.definition, "wave-open", 2), receivedAt: new Date(now) };
    const outcome = await harness.deps.writer.submit({ record: before, waveClosed: false });
    expect(outcome.status).toBe(201);
    await expect(harness.deps.writer.submit({ record: after, waveClosed: false })).rejects.toMatchObject({
      status: 409,
      code: "wave_closed",
    });
  });

  it("stores a copy received before the close even when a copy received after it comes first in the batch", async () => {
    const survey = compileSurvey(fixture.definition);
    const record = validRecord(survey, fixture.definition, "wave-open", 1);
    const seconds = (s: number) => new Date(now.getTime() + s * 1000);
    await closeWave(fixture.db, "wave-open", { actor: "test", clock: () => seconds(60) });
    // Both copies join one batch, the late one first: the early one is stored, the late one is its resend.
    const outcomes = await Promise.all([
      harness.deps.writer.submit({ record: { ...record, receivedAt: seconds(90) }, waveClosed: false }),
      harness.deps.writer.submit({ record: { ...record, receivedAt: seconds(30) }, waveClosed: false }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([200, 201]);
    const rows = await queryRows(fixture.db.read, "SELECT id FROM responses WHERE id = $1", [record.id]);
    expect(rows).toHaveLength(1);
  });

  it.each([
    [
      "wave-closed",
      409,
      {
        code: "wave_closed",
        message: 'The survey round "wave-closed" closed at 2026-09-03T08:00:00Z; there is nothing to close.',
      },
    ],
    ["no-such", 404, { code: "wave_not_found", message: 'There is no survey round "no-such".' }],
  ])("refuses to close %s, changing nothing", async (id, status, error) => {
    await refused("POST", `/api/waves/${id}/close`, undefined, status, error);
  });

  it("refuses to close a round that has not opened: 409 wave_not_open_yet", async () => {
    const id = await createScheduled();
    await refused("POST", `/api/waves/${id}/close`, undefined, 409, {
      code: "wave_not_open_yet",
      message: `The survey round "${id}" has not opened yet (it opens at 2026-11-02T16:00:00Z); there is nothing to close.`,
    });
  });
});

describe("POST /api/waves/:id/extend", () => {
  it("gives an open round a later close time", async () => {
    const seq = await lastSeq();
    const res = await asAdmin("POST", "/api/waves/wave-open/extend", {
      closesAt: "2026-12-10T00:00:00+08:00",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...openWave, closesAt: "2026-12-09T16:00:00.000Z" });
    expect(await auditSince(seq)).toEqual([
      [
        "admin",
        "wave_extended",
        "wave-open",
        { from: "2026-12-02T08:00:00.000Z", to: "2026-12-09T16:00:00.000Z" },
      ],
    ]);
  });

  it("reopens a closed round until the new time: it takes responses again, on the organisation as it is now", async () => {
    expect((await submit(answer("wave-open"))).status).toBe(201);
    wait(1);
    expect((await asAdmin("POST", "/api/waves/wave-open/close")).status).toBe(200);
    // Renamed after the close: the closed round keeps the name it closed with.
    expect((await asAdmin("POST", "/api/units/team-1/rename", { nameEn: "Oil team" })).status).toBe(204);
    const name = async () =>
      (
        await queryRows<{ name_en: string }>(
          fixture.db.read,
          "SELECT name_en FROM wave_units WHERE wave_id = 'wave-open' AND unit_id = 'team-1'",
        )
      )[0]?.name_en;
    expect(await name()).toBe("Production team");
    wait(1);
    const seq = await lastSeq();
    const res = await asAdmin("POST", "/api/waves/wave-open/extend", { closesAt: at(60 * 24) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...openWave, closesAt: "2026-11-03T08:00:00.000Z", status: "open" });
    expect(await auditSince(seq)).toEqual([
      [
        "admin",
        "wave_reopened",
        "wave-open",
        { closedAt: "2026-11-02T08:01:00.000Z", closesAt: "2026-11-03T08:00:00.000Z" },
      ],
    ]);
    expect(await name()).toBe("Oil team");
    expect((await submit(answer("wave-open"))).status).toBe(201);
  });

  it.each([
    [
      "an open round's close time moved earlier",
      "wave-open",
      { closesAt: "2026-12-01T00:00:00Z" },
      400,
      {
        code: "bad_window",
        message:
          "The round already closes at 2026-12-02T08:00:00Z: an extension must close later. To end it sooner, close it now.",
        path: "closesAt",
      },
    ],
    [
      "a time that has passed",
      "wave-closed",
      { closesAt: at(-1) },
      400,
      {
        code: "bad_window",
        message: "That close time has already passed; choose a later one.",
        path: "closesAt",
      },
    ],
    [
      "a time without its offset",
      "wave-open",
      { closesAt: "2026-12-10T00:00:00" },
      400,
      { code: "invalid_request", message: 'Field "closesAt": Invalid ISO datetime.', path: "closesAt" },
    ],
    [
      "a round that does not exist",
      "no-such",
      { closesAt: at(60) },
      404,
      {
        code: "wave_not_found",
        message: 'There is no survey round "no-such".',
      },
    ],
  ])("refuses %s, changing nothing", async (_what, id, body, status, error) => {
    await refused("POST", `/api/waves/${id}/extend`, body, status, error);
  });

  it("refuses a round that has not opened: 409 wave_not_open_yet", async () => {
    const id = await createScheduled();
    await refused("POST", `/api/waves/${id}/extend`, { closesAt: "2026-12-31T00:00:00Z" }, 409, {
      code: "wave_not_open_yet",
      message: `The survey round "${id}" has not opened yet (it opens at 2026-11-02T16:00:00Z); change its schedule instead.`,
    });
  });
});

describe("GET /api/waves/:id/copy", () => {
  it("answers the next quarter's settings, which POST /api/waves takes as they are", async () => {
    const res = await asAdmin("GET", "/api/waves/wave-open/copy");
    expect(res.status).toBe(200);
    const copy = await res.json();
    // wave-open opens 1 November 16:00 Beijing time and closes 2 December 16:00: a quarter later, the same days.
    expect(copy).toEqual({
      surveyId: "plant-satisfaction",
      surveyVersion: 1,
      title: "2027年第一季度",
      periodStart: "2027-01-01",
      periodEnd: "2027-03-31",
      opensAt: "2027-02-01T08:00:00.000Z",
      closesAt: "2027-03-02T08:00:00.000Z",
      channels: ["online", "onsite"],
    });
    const created = await asAdmin("POST", "/api/waves", copy);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ ...(copy as object), status: "scheduled" });
  });

  it("takes the survey's latest version, made since the round it copies", async () => {
    await asAdmin("POST", "/api/surveys", {
      id: "plant-satisfaction",
      definition: { ...plantSurvey, title: "v2" },
    });
    const copy = (await (await asAdmin("GET", "/api/waves/wave-closed/copy")).json()) as Record<
      string,
      unknown
    >;
    expect(copy).toMatchObject({ surveyVersion: 2, title: "2026年第四季度", periodStart: "2026-10-01" });
  });

  it("answers 404 for a round that does not exist", async () => {
    const res = await asAdmin("GET", "/api/waves/no-such/copy");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "wave_not_found", message: 'There is no survey round "no-such".' },
    });
  });
});
