// GET /api/audit through app.request against a real DuckDB: a known log made by real requests one minute apart,
// then order, every filter, paging, scope, what is never recorded, and that nothing can change the log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { readAudit } from "../../server/auth/audit";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
const password = "correct horse battery";
const wrongGuess = "hunter2-wrong-guess";
const typedAsName = "Hunter2-Typed-As-Name";
const resetPassword = "ann's reset password";
const ownNewPassword = "admin-a1 new secret";

let fixture: Fixture;
let now: Date;
let app: ReturnType<typeof appFor>["app"];
/** Cookies of the organisation's admin and of the admin of area-1 (after its own password change). */
const cookies: Record<"admin" | "adminA1", string> = { admin: "", adminA1: "" };

const at = (minute: number) => new Date(start.getTime() + minute * 60_000).toISOString();
const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

function send(method: string, url: string, body?: unknown, cookie = "") {
  return app.request(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const login = (username: string, pw: string) => send("POST", "/api/auth/login", { username, password: pw });

/** Runs `step` with the clock at start + `minute` minutes and checks its status. */
async function atMinute(
  minute: number,
  status: number,
  step: () => Response | Promise<Response>,
): Promise<Response> {
  now = new Date(at(minute));
  const res = await step();
  expect(res.status).toBe(status);
  return res;
}

// The fixture itself writes seqs 1–3 (the catalogue sync and its two waves, on the wall clock); then, one per minute:
const expectedLog = [
  [16, at(12), "admin-a1", "password_changed", "admin-a1", null],
  [15, at(11), "admin", "password_changed", "ann", null],
  [14, at(10), "admin-a1", "login", "admin-a1", null],
  [13, at(9), "admin", "user_disabled", "hr-lead", { disabled: { from: false, to: true } }],
  [12, at(8), "ann", "logout", "ann", null],
  [11, at(7), "ann", "login", "ann", null],
  [10, at(6), null, "login_failed", null, { reason: "unknown_user" }],
  [9, at(5), "ann", "login_failed", "ann", { reason: "wrong_password" }],
  [8, at(4), "admin", "user_created", "admin-a1", { role: "admin", scopeUnitId: "area-1" }],
  [7, at(3), "admin", "user_created", "hr-lead", { role: "handler", scopeUnitId: "dept-hr" }],
  [6, at(2), "admin", "user_created", "ann", { role: "leader", scopeUnitId: "area-1" }],
  [5, at(1), "admin", "login", "admin", null],
  [4, at(0), "system", "user_created", "admin", { role: "admin", scopeUnitId: "plant" }],
] as const;

beforeAll(async () => {
  now = start;
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => now).app;
  await createUser(
    fixture.db,
    { username: "admin", password, role: "admin", scopeUnitId: "plant" },
    { actor: "system", now: start },
  );
  cookies.admin = cookieOf(await atMinute(1, 200, () => login("admin", password)));
  const create = (username: string, role: string, scopeUnitId: string) => () =>
    send("POST", "/api/users", { username, role, scopeUnitId, password }, cookies.admin);
  await atMinute(2, 201, create("ann", "leader", "area-1"));
  await atMinute(3, 201, create("hr-lead", "handler", "dept-hr"));
  await atMinute(4, 201, create("admin-a1", "admin", "area-1"));
  await atMinute(5, 401, () => login("ann", wrongGuess));
  await atMinute(6, 401, () => login(typedAsName, password));
  const ann = cookieOf(await atMinute(7, 200, () => login("ann", password)));
  await atMinute(8, 204, () => send("POST", "/api/auth/logout", undefined, ann));
  await atMinute(9, 200, () => send("PATCH", "/api/users/hr-lead", { disabled: true }, cookies.admin));
  const adminA1 = cookieOf(await atMinute(10, 200, () => login("admin-a1", password)));
  await atMinute(11, 200, () =>
    send("POST", "/api/users/ann/password", { password: resetPassword }, cookies.admin),
  );
  const changed = await atMinute(12, 200, () =>
    send("POST", "/api/auth/password", { currentPassword: password, newPassword: ownNewPassword }, adminA1),
  );
  cookies.adminA1 = cookieOf(changed);
});
afterAll(() => fixture.db.close());

interface Page {
  entries: { seq: number; at: string; actor: string | null; action: string; target: string | null }[];
  nextBefore: number | null;
  actions: string[];
}

async function audit(query: string, cookie = cookies.admin): Promise<Page> {
  const res = await send("GET", `/api/audit${query}`, undefined, cookie);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

const seqsOf = (page: Page) => page.entries.map((e) => e.seq);

describe("GET /api/audit", () => {
  it("lists every entry newest first, with every action recorded so far", async () => {
    const page = await audit("");
    expect(page.entries).toEqual([
      ...expectedLog.map(([seq, time, actor, action, target, detail]) => ({
        seq,
        at: time,
        actor,
        action,
        target,
        detail,
      })),
      {
        seq: 3,
        at: expect.any(String),
        actor: "system",
        action: "wave_created",
        target: "wave-closed",
        detail: { surveyId: "plant-satisfaction", surveyVersion: 1, title: "2026年第三季度" },
      },
      {
        seq: 2,
        at: expect.any(String),
        actor: "system",
        action: "wave_created",
        target: "wave-open",
        detail: { surveyId: "plant-satisfaction", surveyVersion: 1, title: "2026年第四季度" },
      },
      {
        seq: 1,
        at: expect.any(String),
        actor: "system",
        action: "survey_version_created",
        target: "plant-satisfaction",
        detail: { version: 1 },
      },
    ]);
    expect(page.nextBefore).toBeNull();
    expect(page.actions).toEqual([
      "login",
      "login_failed",
      "logout",
      "password_changed",
      "survey_version_created",
      "user_created",
      "user_disabled",
      "wave_created",
    ]);
  });

  it.each([
    ["actor (exact)", "?actor=admin", [15, 13, 8, 7, 6, 5]],
    ["actor, any case", "?actor=ADMIN", [15, 13, 8, 7, 6, 5]],
    ["actor is not a substring match", "?actor=adm", []],
    ["actor system", "?actor=system", [4, 3, 2, 1]],
    ["action", "?action=login", [14, 11, 5]],
    ["action password_changed", "?action=password_changed", [16, 15]],
    ["an unknown action", "?action=user_deleted", []],
    ["target, a case-insensitive substring", "?target=ANN", [15, 12, 11, 9, 6]],
    ["target substring a1", "?target=a1", [16, 14, 8]],
    ["target substring hr", "?target=hr", [13, 7]],
    ["target of waves", "?target=WAVE", [3, 2]],
    ["from/to, both inclusive", `?from=${at(5)}&to=${at(8)}`, [12, 11, 10, 9]],
    [
      "from/to with an offset",
      "?from=2026-11-02T16:05:00%2B08:00&to=2026-11-02T16:08:00%2B08:00",
      [12, 11, 10, 9],
    ],
    ["from = to: that instant", `?from=${at(9)}&to=${at(9)}`, [13]],
    ["to only", `?to=${at(1)}`, [5, 4, 3, 2, 1]],
    ["from after to", `?from=${at(9)}&to=${at(8)}`, []],
    ["actor and action", "?actor=admin&action=user_created", [8, 7, 6]],
    ["action and target", "?action=user_created&target=hr", [7]],
    ["actor, target and time", `?actor=ann&target=ann&from=${at(6)}&to=${at(12)}`, [12, 11]],
  ])("filters by %s", async (_case, query, seqs) => {
    const page = await audit(query);
    expect(seqsOf(page)).toEqual(seqs);
    expect(page.nextBefore).toBeNull();
  });

  it("answers each filtered entry in full", async () => {
    const page = await audit("?action=user_disabled");
    expect(page.entries).toEqual([
      {
        seq: 13,
        at: at(9),
        actor: "admin",
        action: "user_disabled",
        target: "hr-lead",
        detail: { disabled: { from: false, to: true } },
      },
    ]);
  });

  it.each([
    [
      "the whole log",
      "",
      [
        [5, [16, 15, 14, 13, 12], 12],
        [5, [11, 10, 9, 8, 7], 7],
        [5, [6, 5, 4, 3, 2], 2],
        [5, [1], null],
      ],
    ],
    ["only the first page", "", [[4, [16, 15, 14, 13], 13]]],
    [
      "a filtered log",
      "&action=login",
      [
        [2, [14, 11], 11],
        [2, [5], null],
      ],
    ],
    [
      "a page that ends the matches exactly",
      "&actor=admin",
      [
        [3, [15, 13, 8], 8],
        [3, [7, 6, 5], null],
      ],
    ],
  ] as [string, string, [number, number[], number | null][]][])(
    "pages %s by limit and before, with nextBefore",
    async (_case, filter, pages) => {
      let before: number | null = null;
      for (const [limit, seqs, nextBefore] of pages) {
        const page = await audit(`?limit=${limit}${before === null ? "" : `&before=${before}`}${filter}`);
        expect([seqsOf(page), page.nextBefore]).toEqual([seqs, nextBefore]);
        before = page.nextBefore;
      }
    },
  );

  it("pages on from an arbitrary before", async () => {
    const page = await audit("?before=6&limit=5");
    expect([seqsOf(page), page.nextBefore]).toEqual([[5, 4, 3, 2, 1], null]);
  });

  it.each([
    ["limit=0", "limit", 'Field "limit": Too small: expected number to be >=1.'],
    ["limit=501", "limit", 'Field "limit": Too big: expected number to be <=500.'],
    ["limit=abc", "limit", 'Field "limit": Invalid input: expected number, received NaN.'],
    ["before=0", "before", 'Field "before": Too small: expected number to be >0.'],
    ["before=x", "before", 'Field "before": Invalid input: expected number, received NaN.'],
    ["from=notadate", "from", 'Field "from": Invalid ISO datetime.'],
    ["to=2026-11-02", "to", 'Field "to": Invalid ISO datetime.'],
    [`actor=${"a".repeat(65)}`, "actor", 'Field "actor": Too big: expected string to have <=64 characters.'],
    // The wording comes from the shared validation hook, which calls every strict schema "the request body".
    ["seq=3", undefined, "The request query string has fields this endpoint does not take: seq."],
  ])("refuses a bad filter %s with 400", async (query, path, message) => {
    const res = await send("GET", `/api/audit?${query}`, undefined, cookies.admin);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_request", message, ...(path ? { path } : {}) },
    });
  });

  it("shows an admin of area-1 only entries whose actor or target is an account scoped inside area-1", async () => {
    // Accounts in area-1's subtree: ann and admin-a1; not admin (plant), hr-lead (dept-hr) or anyone unknown.
    expect(seqsOf(await audit("", cookies.adminA1))).toEqual([16, 15, 14, 12, 11, 9, 8, 6]);
    expect(seqsOf(await audit("?action=login", cookies.adminA1))).toEqual([14, 11]);
    expect(seqsOf(await audit("?target=hr", cookies.adminA1))).toEqual([]);
    expect(seqsOf(await audit("?actor=system", cookies.adminA1))).toEqual([]);
    const pages: [number[], number | null][] = [];
    let before: number | null = null;
    do {
      const page = await audit(`?limit=3${before === null ? "" : `&before=${before}`}`, cookies.adminA1);
      pages.push([seqsOf(page), page.nextBefore]);
      before = page.nextBefore;
    } while (before !== null);
    expect(pages).toEqual([
      [[16, 15, 14], 14],
      [[12, 11, 9], 9],
      [[8, 6], null],
    ]);
  });

  it("never records a typed password: login, logout and login_failed carry at most a reason", async () => {
    const res = await send("GET", "/api/audit?limit=500", undefined, cookies.admin);
    const text = await res.text();
    const stored = JSON.stringify(await readAudit(fixture.db.read));
    for (const secret of [
      password,
      wrongGuess,
      typedAsName,
      typedAsName.toLowerCase(),
      resetPassword,
      ownNewPassword,
    ]) {
      expect(text).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    expect(text).not.toContain("scrypt$");
    const details = (JSON.parse(text) as { entries: { action: string; detail: unknown }[] }).entries
      .filter((e) => ["login", "logout", "login_failed"].includes(e.action))
      .map((e) => [e.action, e.detail]);
    expect(details).toEqual([
      ["login", null],
      ["logout", null],
      ["login", null],
      ["login_failed", { reason: "unknown_user" }],
      ["login_failed", { reason: "wrong_password" }],
      ["login", null],
    ]);
  });

  it.each([
    ["DELETE", "/api/audit"],
    ["PUT", "/api/audit"],
    ["PATCH", "/api/audit"],
    ["POST", "/api/audit"],
    ["DELETE", "/api/audit/16"],
    ["PATCH", "/api/audit/16"],
    ["PUT", "/api/audit/16"],
  ])("has no endpoint to change the log: %s %s → 404 not_found, log unchanged", async (method, url) => {
    const before = await readAudit(fixture.db.read);
    const res = await send(method, url, { seq: 16, action: "nothing_happened" }, cookies.admin);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "not_found", message: `There is no endpoint ${method} ${url}.` },
    });
    expect(await readAudit(fixture.db.read)).toEqual(before);
  });

  it("refuses a request without a session with 401 (roles: access-matrix.test.ts)", async () => {
    const res = await send("GET", "/api/audit");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        code: "not_authenticated",
        message: "You are not logged in, or your session has ended. Log in again.",
      },
    });
  });
});
