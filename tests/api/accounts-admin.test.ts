// Account administration through app.request against a real DuckDB: list, create, change, disable/enable and reset
// accounts as an admin (whole organisation or one area), and changing one's own password. The clock is injected.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { readAudit } from "../../server/auth/audit";
import { queryRows } from "../../server/storage/database";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
const password = "correct horse battery";
const newPassword = "a much longer new password";

let fixture: Fixture;
let now: Date;
let app: ReturnType<typeof appFor>["app"];

// Accounts: the organisation's admin, an admin of area-1, and one account in each part of the tree.
const accounts = [
  { username: "admin", role: "admin", scopeUnitId: "plant" },
  { username: "admin-a1", role: "admin", scopeUnitId: "area-1" },
  { username: "ann", role: "leader", scopeUnitId: "area-1" },
  { username: "sam", role: "analyst", scopeUnitId: "st-1" },
  { username: "hr", role: "handler", scopeUnitId: "dept-hr" },
] as const;

beforeEach(async () => {
  now = start;
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => now).app;
  for (const a of accounts) await createUser(fixture.db, { ...a, password }, { actor: "test", now: start });
});
afterEach(() => fixture.db.close());

const later = (minutes: number) => {
  now = new Date(start.getTime() + minutes * 60_000);
  return now.toISOString();
};

function login(username: string, pw = password) {
  return app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: pw }),
  });
}

const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

async function loggedIn(username: string): Promise<string> {
  const res = await login(username);
  expect(res.status).toBe(200);
  return cookieOf(res);
}

function call(cookie: string, method: string, url: string, body?: unknown) {
  return app.request(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const meStatus = async (cookie: string) => (await call(cookie, "GET", "/api/auth/me")).status;

/** The account as GET /api/users lists it, for one created in beforeEach. */
const listed = (username: (typeof accounts)[number]["username"], changes: Record<string, unknown> = {}) => {
  const a = accounts.find((x) => x.username === username);
  return {
    ...a,
    disabled: false,
    createdAt: start.toISOString(),
    passwordChangedAt: start.toISOString(),
    ...changes,
  };
};

/** Audit entries written after the fixture and the accounts above, as [actor, action, target, detail]. */
async function auditSince(seq: number) {
  return (await readAudit(fixture.db.read))
    .filter((e) => e.seq > seq)
    .map((e) => [e.actor, e.action, e.target, e.detail === null ? null : JSON.parse(e.detail)]);
}

const lastSeq = async () => (await readAudit(fixture.db.read)).at(-1)?.seq ?? 0;

const sessionsOf = async (username: string) => {
  const [row] = await queryRows<{ n: number }>(
    fixture.db.read,
    "SELECT count(*) AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1",
    [username],
  );
  return row?.n ?? -1;
};

const notAuthenticated = {
  error: {
    code: "not_authenticated",
    message: "You are not logged in, or your session has ended. Log in again.",
  },
};
const invalidCredentials = {
  error: { code: "invalid_credentials", message: "The username or password is not correct." },
};

describe("GET /api/users", () => {
  it("lists every account by username for the organisation's admin, with exactly these fields", async () => {
    const res = await call(await loggedIn("admin"), "GET", "/api/users");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual([
      listed("admin"),
      listed("admin-a1"),
      listed("ann"),
      listed("hr"),
      listed("sam"),
    ]);
    for (const entry of JSON.parse(text) as Record<string, unknown>[]) {
      expect(Object.keys(entry)).toEqual([
        "username",
        "role",
        "scopeUnitId",
        "disabled",
        "createdAt",
        "passwordChangedAt",
      ]);
    }
    expect(text).not.toContain("scrypt$");
    expect(text).not.toContain("asswordHash");
  });

  it("shows an admin of area-1 only the accounts scoped inside area-1", async () => {
    const res = await call(await loggedIn("admin-a1"), "GET", "/api/users");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([listed("admin-a1"), listed("ann"), listed("sam")]);
  });

  it("refuses a non-admin with 403 forbidden", async () => {
    const res = await call(await loggedIn("sam"), "GET", "/api/users");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: "forbidden", message: "Your account's role may not do this." },
    });
  });
});

describe("POST /api/users", () => {
  it("creates an account with a generated password, returned once, that logs in", async () => {
    const cookie = await loggedIn("admin");
    const createdAt = later(3);
    const res = await call(cookie, "POST", "/api/users", {
      username: "Carl",
      role: "analyst",
      scopeUnitId: "st-1",
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { account: unknown; password: string };
    expect(Object.keys(body)).toEqual(["account", "password"]);
    expect(body.account).toEqual({
      username: "carl",
      role: "analyst",
      scopeUnitId: "st-1",
      disabled: false,
      createdAt,
      passwordChangedAt: createdAt,
    });
    expect(body.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const res2 = await login("carl", body.password);
    expect(res2.status).toBe(200);
    expect(await res2.json()).toEqual({ username: "carl", role: "analyst", scopeUnitId: "st-1" });
    // The generated password is not kept anywhere readable: the listing does not carry it.
    const list = await (await call(cookie, "GET", "/api/users")).text();
    expect(list).not.toContain(body.password);
  });

  it("creates an account with the given password and answers without a password key; audited as user_created", async () => {
    const cookie = await loggedIn("admin");
    const seq = await lastSeq();
    const res = await call(cookie, "POST", "/api/users", {
      username: "dora",
      role: "leader",
      scopeUnitId: "team-1",
      password: newPassword,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      account: {
        username: "dora",
        role: "leader",
        scopeUnitId: "team-1",
        disabled: false,
        createdAt: start.toISOString(),
        passwordChangedAt: start.toISOString(),
      },
    });
    expect((await login("dora", newPassword)).status).toBe(200);
    expect(await auditSince(seq)).toEqual([
      ["admin", "user_created", "dora", { role: "leader", scopeUnitId: "team-1" }],
      ["dora", "login", "dora", null],
    ]);
    const everything = JSON.stringify(await readAudit(fixture.db.read));
    expect(everything).not.toContain(newPassword);
  });

  it("lets an admin of area-1 create an account inside area-1", async () => {
    const res = await call(await loggedIn("admin-a1"), "POST", "/api/users", {
      username: "tim",
      role: "leader",
      scopeUnitId: "team-1",
      password,
    });
    expect(res.status).toBe(201);
    const seqs = (await readAudit(fixture.db.read)).map((e) => [e.actor, e.action, e.target]);
    expect(seqs.at(-1)).toEqual(["admin-a1", "user_created", "tim"]);
  });

  const valid = { username: "carl", role: "analyst", scopeUnitId: "plant", password };
  it.each([
    [
      "a taken username (any case)",
      "admin",
      { ...valid, username: "ANN" },
      409,
      "username_taken",
      'There is already a user "ann".',
      "username",
    ],
    [
      "an invalid username",
      "admin",
      { ...valid, username: "carl smith" },
      400,
      "invalid_username",
      "A username is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.",
      "username",
    ],
    [
      "an empty username",
      "admin",
      { ...valid, username: "" },
      400,
      "invalid_request",
      'Field "username": Too small: expected string to have >=1 characters.',
      "username",
    ],
    [
      "a short password",
      "admin",
      { ...valid, password: "short" },
      400,
      "password_too_short",
      "A password needs at least 8 characters.",
      "password",
    ],
    [
      "an unknown unit",
      "admin",
      { ...valid, scopeUnitId: "nowhere" },
      400,
      "unknown_unit",
      'There is no unit "nowhere".',
      "scopeUnitId",
    ],
    [
      "a unit outside the admin's scope, as if it did not exist",
      "admin-a1",
      { ...valid, scopeUnitId: "dept-hr" },
      400,
      "unknown_unit",
      'There is no unit "dept-hr".',
      "scopeUnitId",
    ],
    [
      "the scoped admin's own parent unit",
      "admin-a1",
      { ...valid, role: "admin" },
      400,
      "unknown_unit",
      'There is no unit "plant".',
      "scopeUnitId",
    ],
    [
      "an unknown field",
      "admin",
      { ...valid, disabled: true },
      400,
      "invalid_request",
      "The request body has fields this endpoint does not take: disabled.",
      undefined,
    ],
  ])("refuses %s", async (_case, actor, body, status, code, message, path) => {
    const cookie = await loggedIn(actor);
    const seq = await lastSeq();
    const res = await call(cookie, "POST", "/api/users", body);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message, ...(path ? { path } : {}) } });
    expect(await auditSince(seq)).toEqual([]);
    const [row] = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM users");
    expect(row?.n).toBe(accounts.length);
  });

  it("refuses a retired unit as a scope, creating or changing an account, as if it did not exist", async () => {
    const cookie = await loggedIn("admin");
    expect((await call(cookie, "POST", "/api/units/team-1/retire")).status).toBe(204);
    const scopedAdmin = await loggedIn("admin-a1"); // team-1 was in its subtree
    const seq = await lastSeq();
    const users = await queryRows(fixture.db.read, "SELECT * FROM users ORDER BY username");
    const refusal = {
      error: { code: "unknown_unit", message: 'There is no unit "team-1".', path: "scopeUnitId" },
    };
    for (const [actor, method, url, body] of [
      [cookie, "POST", "/api/users", { ...valid, scopeUnitId: "team-1" }],
      [scopedAdmin, "POST", "/api/users", { ...valid, scopeUnitId: "team-1" }],
      [cookie, "PATCH", "/api/users/ann", { scopeUnitId: "team-1" }],
    ] as const) {
      const res = await call(actor, method, url, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(refusal);
    }
    expect(await auditSince(seq)).toEqual([]);
    expect(await queryRows(fixture.db.read, "SELECT * FROM users ORDER BY username")).toEqual(users);
  });

  it("answers two simultaneous creations of one username with 201 and 409 username_taken", async () => {
    const cookie = await loggedIn("admin");
    const create = (pw: string) =>
      call(cookie, "POST", "/api/users", {
        username: "carl",
        role: "analyst",
        scopeUnitId: "plant",
        password: pw,
      });
    const answers = await Promise.all([create("first long password"), create("second long password")]);
    // Either may win the race; exactly one is created and the other told the name is taken.
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = answers.find((r) => r.status === 409) as Response;
    expect(await loser.json()).toEqual({
      error: { code: "username_taken", message: 'There is already a user "carl".', path: "username" },
    });
  });

  // The domain check (accounts.ts checkRole) has a clearer code and message than the route's z.enum, which
  // answers first; see the report.
  it("refuses an unknown role with 400 unknown_role naming the roles", async () => {
    const res = await call(await loggedIn("admin"), "POST", "/api/users", { ...valid, role: "boss" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "unknown_role",
        message: 'There is no role "boss"; use admin, analyst, leader, handler, collector.',
        path: "role",
      },
    });
  });
});

describe("PATCH /api/users/:username", () => {
  it.each([
    [
      "a role change",
      { role: "analyst" },
      { role: "analyst" },
      "user_changed",
      { role: { from: "leader", to: "analyst" } },
    ],
    [
      "a scope change",
      { scopeUnitId: "st-1" },
      { scopeUnitId: "st-1" },
      "user_changed",
      { scopeUnitId: { from: "area-1", to: "st-1" } },
    ],
    [
      "a role and scope change",
      { scopeUnitId: "team-1", role: "handler" },
      { role: "handler", scopeUnitId: "team-1" },
      "user_changed",
      { role: { from: "leader", to: "handler" }, scopeUnitId: { from: "area-1", to: "team-1" } },
    ],
    [
      "disabling",
      { disabled: true },
      { disabled: true },
      "user_disabled",
      { disabled: { from: false, to: true } },
    ],
  ])(
    "%s answers the account, ends only that user's sessions and is audited",
    async (_case, changes, changed, action, detail) => {
      const admin = await loggedIn("admin");
      const first = await loggedIn("ann");
      const second = await loggedIn("ann");
      const other = await loggedIn("sam");
      const seq = await lastSeq();
      const res = await call(admin, "PATCH", "/api/users/ANN", changes);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(listed("ann", changed));
      expect(await auditSince(seq)).toEqual([["admin", action, "ann", detail]]);
      const after = await call(first, "GET", "/api/auth/me");
      expect(after.status).toBe(401);
      expect(await after.json()).toEqual(notAuthenticated);
      expect(await meStatus(second)).toBe(401);
      expect(await sessionsOf("ann")).toBe(0);
      expect(await meStatus(other)).toBe(200);
      expect(await meStatus(admin)).toBe(200);
      const list = (await (await call(admin, "GET", "/api/users")).json()) as { username: string }[];
      expect(list.find((u) => u.username === "ann")).toEqual(listed("ann", changed));
    },
  );

  it("a changed role or scope takes effect at the next login", async () => {
    const admin = await loggedIn("admin");
    await call(admin, "PATCH", "/api/users/ann", { role: "analyst", scopeUnitId: "st-1" });
    const res = await login("ann");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "ann", role: "analyst", scopeUnitId: "st-1" });
  });

  it("a disabled account cannot log in; enabling it lets it log in again (user_enabled)", async () => {
    const admin = await loggedIn("admin");
    expect((await call(admin, "PATCH", "/api/users/ann", { disabled: true })).status).toBe(200);
    const refused = await login("ann");
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(invalidCredentials);
    const seq = await lastSeq();
    const res = await call(admin, "PATCH", "/api/users/ann", { disabled: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(listed("ann"));
    expect(await auditSince(seq)).toEqual([
      ["admin", "user_enabled", "ann", { disabled: { from: true, to: false } }],
    ]);
    const back = await login("ann");
    expect(back.status).toBe(200);
    expect(await meStatus(cookieOf(back))).toBe(200);
  });

  it.each([
    ["the same values", { role: "leader", scopeUnitId: "area-1", disabled: false }],
    ["enabling an enabled account", { disabled: false }],
  ])(
    "a no-op change (%s) answers 200, writes no audit row and keeps the sessions",
    async (_case, changes) => {
      const admin = await loggedIn("admin");
      const ann = await loggedIn("ann");
      const seq = await lastSeq();
      const res = await call(admin, "PATCH", "/api/users/ann", changes);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(listed("ann"));
      expect(await auditSince(seq)).toEqual([]);
      expect(await meStatus(ann)).toBe(200);
    },
  );

  it.each([
    [
      "an empty body",
      "admin",
      "ann",
      {},
      400,
      "invalid_request",
      "The request body: name at least one of role, scopeUnitId, disabled.",
      undefined,
    ],
    [
      "an unknown field",
      "admin",
      "ann",
      { password },
      400,
      "invalid_request",
      "The request body has fields this endpoint does not take: password.",
      undefined,
    ],
    [
      "a non-boolean disabled",
      "admin",
      "ann",
      { disabled: "yes" },
      400,
      "invalid_request",
      'Field "disabled": Invalid input: expected boolean, received string.',
      "disabled",
    ],
    [
      "an unknown unit",
      "admin",
      "ann",
      { scopeUnitId: "nowhere" },
      400,
      "unknown_unit",
      'There is no unit "nowhere".',
      "scopeUnitId",
    ],
    [
      "an unknown user",
      "admin",
      "nobody",
      { disabled: true },
      404,
      "user_not_found",
      'There is no user "nobody".',
      "username",
    ],
    [
      "an account outside a scoped admin's scope, as if it did not exist",
      "admin-a1",
      "hr",
      { disabled: true },
      404,
      "user_not_found",
      'There is no user "hr".',
      "username",
    ],
    [
      "the organisation's admin, seen by an admin of area-1",
      "admin-a1",
      "admin",
      { disabled: true },
      404,
      "user_not_found",
      'There is no user "admin".',
      "username",
    ],
    [
      "a scoped admin widening its own scope",
      "admin-a1",
      "admin-a1",
      { scopeUnitId: "plant" },
      400,
      "unknown_unit",
      'There is no unit "plant".',
      "scopeUnitId",
    ],
  ])("refuses %s", async (_case, actor, target, changes, status, code, message, path) => {
    const cookie = await loggedIn(actor);
    const ann = await loggedIn("ann");
    const seq = await lastSeq();
    const res = await call(cookie, "PATCH", `/api/users/${target}`, changes);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message, ...(path ? { path } : {}) } });
    expect(await auditSince(seq)).toEqual([]);
    expect(await meStatus(ann)).toBe(200);
    expect(await meStatus(cookie)).toBe(200);
  });

  it("refuses an unknown role with 400 unknown_role naming the roles", async () => {
    const res = await call(await loggedIn("admin"), "PATCH", "/api/users/ann", { role: "boss" });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "unknown_role",
        message: 'There is no role "boss"; use admin, analyst, leader, handler, collector.',
        path: "role",
      },
    });
  });

  const lastAdmin = {
    error: {
      code: "last_admin",
      message: '"admin" is the last active administrator of the whole organisation; make another one first.',
      path: "username",
    },
  };

  it.each([
    ["disabling", { disabled: true }],
    ["demoting", { role: "analyst" }],
    ["narrowing the scope of", { scopeUnitId: "area-1" }],
  ])(
    "refuses %s the only active root-scoped admin with 409 last_admin, changing nothing",
    async (_case, changes) => {
      // admin-a1 is an active admin too, but of one area only: it does not count.
      const cookie = await loggedIn("admin");
      const seq = await lastSeq();
      const res = await call(cookie, "PATCH", "/api/users/admin", changes);
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual(lastAdmin);
      expect(await auditSince(seq)).toEqual([]);
      expect(await meStatus(cookie)).toBe(200);
      const list = (await (await call(cookie, "GET", "/api/users")).json()) as { username: string }[];
      expect(list.find((u) => u.username === "admin")).toEqual(listed("admin"));
    },
  );

  it("counts only active root-scoped admins: a disabled second one does not help, an enabled one does", async () => {
    const cookie = await loggedIn("admin");
    await call(cookie, "POST", "/api/users", {
      username: "root2",
      role: "admin",
      scopeUnitId: "plant",
      password,
    });
    expect((await call(cookie, "PATCH", "/api/users/root2", { disabled: true })).status).toBe(200);
    const refused = await call(cookie, "PATCH", "/api/users/admin", { disabled: true });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual(lastAdmin);
    expect((await call(cookie, "PATCH", "/api/users/root2", { disabled: false })).status).toBe(200);
    const res = await call(cookie, "PATCH", "/api/users/admin", { disabled: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(listed("admin", { disabled: true }));
    // Disabling oneself ends one's own session too.
    expect(await meStatus(cookie)).toBe(401);
    // root2 is now the last one.
    const root2 = await loggedIn("root2");
    const last = await call(root2, "PATCH", "/api/users/root2", { role: "leader" });
    expect(last.status).toBe(409);
    expect(await last.json()).toEqual({
      error: { ...lastAdmin.error, message: lastAdmin.error.message.replace('"admin"', '"root2"') },
    });
  });
  it("never leaves the organisation without an active root-scoped admin, even when two disable each other at once", async () => {
    const admin = await loggedIn("admin");
    await call(admin, "POST", "/api/users", {
      username: "root2",
      role: "admin",
      scopeUnitId: "plant",
      password,
    });
    const root2 = await loggedIn("root2");
    const [a, b] = await Promise.all([
      call(admin, "PATCH", "/api/users/root2", { disabled: true }),
      call(root2, "PATCH", "/api/users/admin", { disabled: true }),
    ]);
    // One wins; the other is refused (409 last_admin, or 401 if its own session was already ended).
    expect([a.status, b.status].filter((status) => status === 200)).toEqual([200]);
    const [row] = await queryRows<{ n: number }>(
      fixture.db.read,
      "SELECT count(*) AS n FROM users WHERE role = 'admin' AND scope_unit_id = 'plant' AND NOT disabled",
    );
    expect(row?.n).toBe(1);
  });
});

describe("POST /api/users/:username/password", () => {
  it("with {} generates a password, returns it once, sets it and ends the user's sessions", async () => {
    const admin = await loggedIn("admin");
    const ann = await loggedIn("ann");
    const seq = await lastSeq();
    const changedAt = later(5);
    const res = await call(admin, "POST", "/api/users/ann/password", {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { password: string };
    expect(Object.keys(body)).toEqual(["password"]);
    expect(body.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await meStatus(ann)).toBe(401);
    expect(await meStatus(admin)).toBe(200);
    expect(await auditSince(seq)).toEqual([["admin", "password_changed", "ann", null]]);
    const list = (await (await call(admin, "GET", "/api/users")).json()) as { username: string }[];
    expect(list.find((u) => u.username === "ann")).toEqual(listed("ann", { passwordChangedAt: changedAt }));
    const old = await login("ann");
    expect(old.status).toBe(401);
    expect(await old.json()).toEqual(invalidCredentials);
    expect((await login("ann", body.password)).status).toBe(200);
    expect(JSON.stringify(await readAudit(fixture.db.read))).not.toContain(body.password);
  });

  it("with a password sets that one and answers {}", async () => {
    const admin = await loggedIn("admin-a1");
    const sam = await loggedIn("sam");
    const res = await call(admin, "POST", "/api/users/sam/password", { password: newPassword });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await meStatus(sam)).toBe(401);
    expect((await login("sam")).status).toBe(401);
    expect((await login("sam", newPassword)).status).toBe(200);
  });

  it.each([
    [
      "a short password",
      "admin",
      "ann",
      { password: "short" },
      400,
      "password_too_short",
      "A password needs at least 8 characters.",
      "password",
    ],
    [
      "an unknown field",
      "admin",
      "ann",
      { newPassword },
      400,
      "invalid_request",
      "The request body has fields this endpoint does not take: newPassword.",
      undefined,
    ],
    [
      "an unknown user",
      "admin",
      "nobody",
      {},
      404,
      "user_not_found",
      'There is no user "nobody".',
      "username",
    ],
    [
      "an account outside a scoped admin's scope",
      "admin-a1",
      "hr",
      { password: newPassword },
      404,
      "user_not_found",
      'There is no user "hr".',
      "username",
    ],
  ])("refuses %s, changing nothing", async (_case, actor, target, body, status, code, message, path) => {
    const cookie = await loggedIn(actor);
    const seq = await lastSeq();
    const res = await call(cookie, "POST", `/api/users/${target}/password`, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error: { code, message, ...(path ? { path } : {}) } });
    expect(await auditSince(seq)).toEqual([]);
    expect((await login(target === "nobody" ? "ann" : target)).status).toBe(200);
  });
});

describe("POST /api/auth/password", () => {
  const change = (cookie: string, body: unknown) => call(cookie, "POST", "/api/auth/password", body);

  it.each([
    [
      "a wrong current password",
      { currentPassword: "not my password", newPassword },
      "wrong_password",
      "The current password is not correct.",
      "currentPassword",
    ],
    [
      "a short new password",
      { currentPassword: password, newPassword: "short" },
      "password_too_short",
      "A password needs at least 8 characters.",
      "newPassword",
    ],
    [
      "a missing new password",
      { currentPassword: password },
      "invalid_request",
      'Field "newPassword": Invalid input: expected string, received undefined.',
      "newPassword",
    ],
  ])("refuses %s with 400 and changes nothing", async (_case, body, code, message, path) => {
    const cookie = await loggedIn("ann");
    const other = await loggedIn("ann");
    const seq = await lastSeq();
    const res = await change(cookie, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code, message, path } });
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await auditSince(seq)).toEqual([]);
    expect(await meStatus(cookie)).toBe(200);
    expect(await meStatus(other)).toBe(200);
    expect((await login("ann", newPassword)).status).toBe(401);
    expect((await login("ann")).status).toBe(200);
  });

  it("changes the password: new cookie works, the old cookie and other sessions end, only the new password logs in", async () => {
    const cookie = await loggedIn("ann");
    const other = await loggedIn("ann");
    const sam = await loggedIn("sam");
    const seq = await lastSeq();
    const changedAt = later(2);
    const res = await change(cookie, { currentPassword: password, newPassword });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "ann", role: "leader", scopeUnitId: "area-1" });
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /^minyi_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const fresh = cookieOf(res);
    expect(fresh).not.toBe(cookie);
    const me = await call(fresh, "GET", "/api/auth/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ username: "ann", role: "leader", scopeUnitId: "area-1" });
    expect(await meStatus(cookie)).toBe(401);
    expect(await meStatus(other)).toBe(401);
    expect(await meStatus(sam)).toBe(200);
    expect(await sessionsOf("ann")).toBe(1);
    expect(await auditSince(seq)).toEqual([["ann", "password_changed", "ann", null]]);
    const admin = await loggedIn("admin");
    const list = (await (await call(admin, "GET", "/api/users")).json()) as { username: string }[];
    expect(list.find((u) => u.username === "ann")).toEqual(listed("ann", { passwordChangedAt: changedAt }));
    expect((await login("ann")).status).toBe(401);
    expect((await login("ann", newPassword)).status).toBe(200);
  });

  it("answers 401 without a session", async () => {
    const res = await change("", { currentPassword: password, newPassword });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(notAuthenticated);
  });

  it("after 5 wrong current passwords answers 429 with Retry-After, even to the right one, and limits logins too", async () => {
    const cookie = await loggedIn("ann");
    for (let i = 0; i < 5; i++) {
      const res = await change(cookie, { currentPassword: `wrong guess ${i}`, newPassword });
      expect(res.status).toBe(400);
    }
    later(5);
    const res = await change(cookie, { currentPassword: password, newPassword });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("600");
    expect(await res.json()).toEqual({
      error: {
        code: "too_many_attempts",
        message: "Too many failed logins. Wait 10 minute(s) and try again.",
      },
    });
    expect((await login("ann")).status).toBe(429);
    // The session itself is not ended, and the password is unchanged.
    expect(await meStatus(cookie)).toBe(200);
    later(15);
    expect((await change(cookie, { currentPassword: password, newPassword })).status).toBe(200);
  });
});
