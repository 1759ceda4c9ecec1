// Accounts and sessions through app.request against a real DuckDB: login, cookie, me, logout, expiry, rate limits,
// the initial admin and the demo accounts. The clock is injected so time can move.
import { OpenAPIHono } from "@hono/zod-openapi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import {
  createUser,
  disableUser,
  ensureDemoAccounts,
  ensureInitialAdmin,
  listUsers,
  setPassword,
} from "../../server/auth/accounts";
import { readAudit } from "../../server/auth/audit";
import { type AuthEnv, requireUser } from "../../server/auth/middleware";
import { hashToken } from "../../server/auth/sessions";
import { demoOrganisation } from "../../server/demo/organisation";
import { onError } from "../../server/http/errorHandling";
import { BatchWriter } from "../../server/ingest/batchWriter";
import { ReferenceCache } from "../../server/ingest/referenceCache";
import { replaceOrganisation } from "../../server/org/units";
import { type Database, openDatabase, queryRows } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";
import { appFor, type Fixture, fixtureUnits, prepareDatabase } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
const minutes = (n: number) => n * 60_000;
const password = "correct horse battery";

let fixture: Fixture;
let now: Date;
let app: ReturnType<typeof appFor>["app"];
const ctx = () => ({ actor: "test", now });

beforeEach(async () => {
  now = start;
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => now).app;
  await createUser(fixture.db, { username: "Ann", password, role: "leader", scopeUnitId: "area-1" }, ctx());
  await createUser(fixture.db, { username: "bob", password, role: "analyst", scopeUnitId: "plant" }, ctx());
});
afterEach(() => fixture.db.close());

const socket = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

function login(
  username: string,
  pw: string,
  options: { address?: string; url?: string; headers?: Record<string, string> } = {},
) {
  return app.request(
    options.url ?? "http://localhost/api/auth/login",
    {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify({ username, password: pw }),
    },
    socket(options.address ?? "10.0.0.1"),
  );
}

function cookieOf(res: Response): string {
  const header = res.headers.get("set-cookie") ?? "";
  return header.split(";")[0] ?? "";
}

async function loggedIn(username = "ann"): Promise<string> {
  const res = await login(username, password);
  expect(res.status).toBe(200);
  return cookieOf(res);
}

const me = (cookie?: string) => app.request("/api/auth/me", { headers: cookie ? { cookie } : {} });

const invalidCredentials = {
  error: { code: "invalid_credentials", message: "The username or password is not correct." },
};
const notAuthenticated = {
  error: {
    code: "not_authenticated",
    message: "You are not logged in, or your session has ended. Log in again.",
  },
};

async function sessionCount(db: Database = fixture.db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db.read, "SELECT count(*) AS n FROM sessions");
  return row?.n ?? -1;
}

describe("POST /api/auth/login", () => {
  it("logs in case-insensitively, answers the user and sets the session cookie", async () => {
    const res = await login("ANN", password);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "ann", role: "leader", scopeUnitId: "area-1" });
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^minyi_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(cookie).not.toContain("Secure");
    // Only the token's hash is stored.
    const token = cookieOf(res).slice("minyi_session=".length);
    const rows = await queryRows<{ id_hash: string }>(fixture.db.read, "SELECT id_hash FROM sessions");
    expect(rows).toEqual([{ id_hash: hashToken(token) }]);
  });

  it.each([
    ["a wrong password", "ann", "wrong password!"],
    ["an unknown user", "nobody", password],
    ["a disabled account", "bob", password],
  ])("answers %s with the same 401 invalid_credentials", async (_case, username, pw) => {
    await disableUser(fixture.db, "bob", ctx());
    const res = await login(username, pw);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(invalidCredentials);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await sessionCount()).toBe(0);
  });

  it.each([
    [
      { username: "ann" },
      'Field "password": Invalid input: expected string, received undefined.',
      "password",
    ],
    [
      { username: "ann", password: "" },
      'Field "password": Too small: expected string to have >=1 characters.',
      "password",
    ],
    [
      { username: "ann", password, extra: 1 },
      "The request body has fields this endpoint does not take: extra.",
      undefined,
    ],
  ])("refuses a malformed body %j with 400", async (body, message, path) => {
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_request", message, ...(path ? { path } : {}) },
    });
  });

  it.each([
    ["plain http", "http://localhost/api/auth/login", {}, false, false],
    ["https", "https://minyi.example/api/auth/login", {}, false, true],
    [
      "http behind an untrusted X-Forwarded-Proto",
      "http://localhost/api/auth/login",
      { "x-forwarded-proto": "https" },
      false,
      false,
    ],
    [
      "http behind a trusted proxy saying https",
      "http://localhost/api/auth/login",
      { "x-forwarded-proto": "https" },
      true,
      true,
    ],
  ])("marks the cookie Secure only over HTTPS: %s", async (_case, url, headers, trustProxy, secure) => {
    const deps = {
      db: fixture.db,
      reference: new ReferenceCache(fixture.db),
      writer: new BatchWriter(fixture.db),
      now: () => now,
      trustProxy,
    };
    app = createApp(deps);
    const res = await login("ann", password, { url, headers });
    expect(res.status).toBe(200);
    expect(/; Secure(;|$)/.test(res.headers.get("set-cookie") ?? "")).toBe(secure);
  });

  it("audits success and failure without any address, naming only real users", async () => {
    await login("ann", password, { address: "192.0.2.7" });
    await login("ann", "wrong password!", { address: "192.0.2.7" });
    await login("my-secret-pw", password, { address: "192.0.2.7" });
    const entries = (await readAudit(fixture.db.read)).filter((e) => e.action.startsWith("login"));
    expect(entries.map((e) => [e.actor, e.action, e.target, e.detail])).toEqual([
      ["ann", "login", "ann", null],
      ["ann", "login_failed", "ann", '{"reason":"wrong_password"}'],
      [null, "login_failed", null, '{"reason":"unknown_user"}'],
    ]);
    const everything = JSON.stringify(
      await queryRows(fixture.db.read, "SELECT * FROM audit_log, (SELECT string_agg(id_hash) FROM sessions)"),
    );
    expect(everything).not.toContain("192.0.2.7");
    expect(everything).not.toContain("my-secret-pw");
  });
});

describe("GET /api/auth/me and POST /api/auth/logout", () => {
  it.each([
    ["no cookie", undefined],
    ["a malformed cookie", "minyi_session=abc"],
    ["an unknown token", `minyi_session=${"A".repeat(43)}`],
  ])("answers 401 not_authenticated with %s", async (_case, cookie) => {
    const res = await me(cookie);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(notAuthenticated);
  });

  it("answers the logged-in user", async () => {
    const res = await me(await loggedIn("bob"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "bob", role: "analyst", scopeUnitId: "plant" });
  });

  it("logout ends the session, clears the cookie and is audited", async () => {
    const cookie = await loggedIn();
    const res = await app.request("/api/auth/logout", { method: "POST", headers: { cookie } });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toBe("minyi_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    expect((await me(cookie)).status).toBe(401);
    expect(await sessionCount()).toBe(0);
    const last = (await readAudit(fixture.db.read)).at(-1);
    expect([last?.actor, last?.action]).toEqual(["ann", "logout"]);
  });

  it("logout without a session is a harmless 204", async () => {
    const res = await app.request("/api/auth/logout", { method: "POST" });
    expect(res.status).toBe(204);
  });

  it.each([
    ["a password change", () => setPassword(fixture.db, "ann", "another long password", ctx())],
    ["disabling the account", () => disableUser(fixture.db, "ann", ctx())],
  ])("%s ends every session of that user only", async (_case, change) => {
    const first = await loggedIn();
    const second = await loggedIn();
    const other = await loggedIn("bob");
    await change();
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(401);
    expect((await me(other)).status).toBe(200);
  });

  it("a changed password works and the old one does not", async () => {
    await setPassword(fixture.db, "ann", "another long password", ctx());
    expect((await login("ann", password)).status).toBe(401);
    expect((await login("ann", "another long password")).status).toBe(200);
  });
});

describe("session expiry", () => {
  it("ends a session idle for 30 minutes, and deletes it", async () => {
    const cookie = await loggedIn();
    now = new Date(start.getTime() + minutes(29));
    expect((await me(cookie)).status).toBe(200);
    // Activity slides the idle window: 58 minutes after login, but 29 since the last request.
    now = new Date(start.getTime() + minutes(58));
    expect((await me(cookie)).status).toBe(200);
    now = new Date(start.getTime() + minutes(88));
    const res = await me(cookie);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(notAuthenticated);
    expect(await sessionCount()).toBe(0);
  });

  it("touches last_seen_at at most once a minute", async () => {
    const cookie = await loggedIn();
    const lastSeen = async () =>
      (
        await queryRows<{ t: Date }>(fixture.db.read, "SELECT last_seen_at AS t FROM sessions")
      )[0]?.t.toISOString();
    now = new Date(start.getTime() + 59_000);
    await me(cookie);
    expect(await lastSeen()).toBe(start.toISOString());
    now = new Date(start.getTime() + 60_000);
    await me(cookie);
    expect(await lastSeen()).toBe(now.toISOString());
  });

  it("ends an active session 12 hours after login", async () => {
    const cookie = await loggedIn();
    for (let m = 20; m < 12 * 60; m += 20) {
      now = new Date(start.getTime() + minutes(m));
      expect((await me(cookie)).status).toBe(200);
    }
    now = new Date(start.getTime() + minutes(12 * 60));
    expect((await me(cookie)).status).toBe(401);
    expect(await sessionCount()).toBe(0);
  });
});

describe("login rate limits", () => {
  it("refuses a 6th attempt on one account within 15 minutes with 429 and Retry-After, even with the right password", async () => {
    for (let i = 0; i < 5; i++) expect((await login("ann", "wrong password!")).status).toBe(401);
    now = new Date(start.getTime() + minutes(5));
    const res = await login("ann", password, { address: "10.0.0.99" });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("600");
    expect(await res.json()).toEqual({
      error: {
        code: "too_many_attempts",
        message: "Too many failed logins. Wait 10 minute(s) and try again.",
      },
    });
    // Other accounts are not affected.
    expect((await login("bob", password)).status).toBe(200);
    now = new Date(start.getTime() + minutes(15));
    expect((await login("ann", password)).status).toBe(200);
  });

  it("limits an unknown username like a real one", async () => {
    for (let i = 0; i < 5; i++) expect((await login("ghost", "x")).status).toBe(401);
    expect((await login("ghost", "x")).status).toBe(429);
  });

  it("refuses a 21st failure from one address across accounts, but not other addresses", async () => {
    for (let i = 0; i < 20; i++)
      expect((await login(`user${i}`, "x", { address: "10.0.0.5" })).status).toBe(401);
    const res = await login("ann", password, { address: "10.0.0.5" });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("900");
    expect((await login("ann", password, { address: "10.0.0.6" })).status).toBe(200);
  });

  it("lets no more than 5 of 30 simultaneous wrong guesses on one account through to the password check", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => login("ann", "wrong password!")));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it("does not count a correct password against the address", async () => {
    for (let i = 0; i < 25; i++)
      expect((await login("bob", password, { address: "10.0.0.7" })).status).toBe(200);
  });

  it("a successful login clears the account's failures", async () => {
    for (let i = 0; i < 4; i++) await login("ann", "wrong password!");
    expect((await login("ann", password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login("ann", "wrong password!")).status).toBe(401);
    expect((await login("ann", password)).status).toBe(200);
  });
});

describe("requireUser", () => {
  const guarded = () => {
    const deps = { db: fixture.db, now: () => now };
    const probe = new OpenAPIHono<AuthEnv>();
    probe.get("/only-analysts", requireUser(deps, ["analyst", "admin"]), (c) =>
      c.json({ who: c.var.user.username }),
    );
    probe.onError(onError);
    return probe;
  };

  it.each([
    ["an analyst", "bob", 200, { who: "bob" }],
    [
      "a leader",
      "ann",
      403,
      { error: { code: "forbidden", message: "Your account's role may not do this." } },
    ],
  ])("lets %s through or refuses with 403", async (_case, username, status, body) => {
    const cookie = await loggedIn(username);
    const res = await guarded().request("/only-analysts", { headers: { cookie } });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(body);
  });

  it("answers 401 without a session", async () => {
    const res = await guarded().request("/only-analysts");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(notAuthenticated);
  });
});

describe("accounts", () => {
  it.each([
    [{ username: "x y", role: "admin", scopeUnitId: "plant", password }, 400, "invalid_username", "username"],
    [{ username: "carl", role: "boss", scopeUnitId: "plant", password }, 400, "unknown_role", "role"],
    [
      { username: "carl", role: "admin", scopeUnitId: "nowhere", password },
      400,
      "unknown_unit",
      "scopeUnitId",
    ],
    [
      { username: "carl", role: "admin", scopeUnitId: "plant", password: "short" },
      400,
      "password_too_short",
      "password",
    ],
    [{ username: "ANN", role: "admin", scopeUnitId: "plant", password }, 409, "username_taken", "username"],
  ])("refuses %j", async (input, status, code, path) => {
    await expect(createUser(fixture.db, input, ctx())).rejects.toMatchObject({ status, code, path });
  });

  it("lists users without their hashes", async () => {
    const users = await listUsers(fixture.db);
    expect(users.map((u) => [u.username, u.role, u.scopeUnitId, u.disabled])).toEqual([
      ["ann", "leader", "area-1", false],
      ["bob", "analyst", "plant", false],
    ]);
    expect(JSON.stringify(users)).not.toContain("scrypt$");
  });
});

describe("initial admin and demo accounts", () => {
  let db: Database;
  const logged: string[] = [];
  const log = (m: string) => logged.push(m);
  beforeEach(async () => {
    logged.length = 0;
    db = await openDatabase(":memory:");
    await migrate(db);
  });
  afterEach(() => db.close());

  const appOn = () =>
    createApp({ db, reference: new ReferenceCache(db), writer: new BatchWriter(db), now: () => now });
  const loginOn = (username: string, pw: string) =>
    appOn().request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: pw }),
    });

  it("waits for the organisation before creating admin", async () => {
    expect(await ensureInitialAdmin(db, { password, now, log })).toBe("no_units");
    expect(await listUsers(db)).toEqual([]);
  });

  it("creates admin with MINYI_ADMIN_PASSWORD, scoped to the root, once", async () => {
    await replaceOrganisation(db, demoOrganisation(1));
    expect(await ensureInitialAdmin(db, { password, now, log })).toBe("created");
    expect(await ensureInitialAdmin(db, { password: "something else entirely", now, log })).toBe(
      "users_exist",
    );
    const res = await loginOn("admin", password);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: "admin", role: "admin", scopeUnitId: "plant" });
    expect(logged).toEqual(['created user "admin" with the password from MINYI_ADMIN_PASSWORD']);
  });

  it("without MINYI_ADMIN_PASSWORD prints a random password once", async () => {
    await replaceOrganisation(db, demoOrganisation(1));
    await ensureInitialAdmin(db, { now, log });
    const generated = /password: (\S+) /.exec(logged[0] ?? "")?.[1] ?? "";
    expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await loginOn("admin", generated)).status).toBe(200);
  });

  it("refuses a short MINYI_ADMIN_PASSWORD outside the demo", async () => {
    await replaceOrganisation(db, demoOrganisation(1));
    await expect(ensureInitialAdmin(db, { password: "admin", now, log })).rejects.toMatchObject({
      code: "password_too_short",
    });
  });

  it("creates the demo accounts with the demo password, scoped as documented, and only once", async () => {
    await replaceOrganisation(db, demoOrganisation(1));
    expect(await ensureDemoAccounts(db, "demo", { now, log })).toEqual([
      "analyst",
      "leader",
      "handler",
      "collector",
    ]);
    expect(await ensureDemoAccounts(db, "demo", { now, log })).toEqual([]);
    const scopes: Record<string, unknown> = {};
    for (const username of ["analyst", "leader", "handler", "collector"]) {
      const res = await loginOn(username, "demo");
      expect(res.status).toBe(200);
      scopes[username] = await res.json();
    }
    expect(scopes).toEqual({
      analyst: { username: "analyst", role: "analyst", scopeUnitId: "plant" },
      leader: { username: "leader", role: "leader", scopeUnitId: "area-05" },
      handler: { username: "handler", role: "handler", scopeUnitId: "dept-hr" },
      collector: { username: "collector", role: "collector", scopeUnitId: "area-05-st-01" },
    });
  });

  it("skips a demo account whose unit this organisation lacks", async () => {
    await replaceOrganisation(db, fixtureUnits);
    expect(await ensureDemoAccounts(db, "demo", { now, log })).toEqual(["analyst", "handler"]);
    expect(logged).toContain('demo account "leader" skipped: this organisation has no unit "area-05"');
  });
});
