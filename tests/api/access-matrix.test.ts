// Every endpoint × every role (and no session): the exact access each gets, generated from the app's own route
// table, so a new endpoint without an entry in server/auth/accessRules.ts fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Access, accessRules } from "../../server/auth/accessRules";
import { createUser, type Role, roles } from "../../server/auth/accounts";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
const cookies = new Map<Role, string>();
const password = "correct horse battery";

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", new Date());
  app = appFor(fixture).app;
  for (const role of roles) {
    await createUser(
      fixture.db,
      { username: role, password, role, scopeUnitId: "plant" },
      { actor: "test", now: new Date() },
    );
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: role, password }),
    });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error(`login as ${role} failed: ${res.status}`);
    cookies.set(role, cookie);
  }
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

let n = 0;
function requestFor(endpoint: string): RequestInit & { path: string } {
  const [method, path] = endpoint.split(" ") as [string, string];
  const concrete = path.replace(":id", "wave-open");
  if (method === "GET") return { method, path: concrete };
  const bodies: Record<string, unknown> = {
    "/api/responses": {
      id: `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
      waveId: "wave-open",
      unitId: "team-1",
      groupId: "staff",
      channel: "online",
      data: validAnswers(fixture.definition, n),
    },
    "/api/auth/login": { username: "nobody", password: "wrong password" },
  };
  return {
    method,
    path: concrete,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(bodies[path] ?? {}),
  };
}

function expected(access: Access, actor: Role | "anonymous"): "allowed" | 401 | 403 {
  if (access === "public") return "allowed";
  if (actor === "anonymous") return 401;
  if (access === "signed_in") return "allowed";
  return access.includes(actor) ? "allowed" : 403;
}

describe("access matrix", () => {
  it("has a rule for every endpoint and no rule for an endpoint that does not exist", () => {
    expect(endpoints()).toEqual(Object.keys(accessRules).sort());
  });

  const cases = Object.entries(accessRules).flatMap(([endpoint, access]) =>
    (["anonymous", ...roles] as const).map((actor) => [endpoint, actor, expected(access, actor)] as const),
  );
  it.each(cases)("%s as %s → %s", async (endpoint, actor, outcome) => {
    const { path, ...init } = requestFor(endpoint);
    const headers = new Headers(init.headers);
    if (actor !== "anonymous") headers.set("cookie", cookies.get(actor) ?? "");
    // Logging out would end the shared session; use a fresh one for that row.
    if (endpoint === "POST /api/auth/logout" && actor !== "anonymous") headers.delete("cookie");
    const res = await app.request(path, { ...init, headers });
    if (outcome === "allowed") {
      // Let through by access control; the endpoint may still refuse the request itself (a wrong password → 401).
      expect(res.status).toBeLessThan(500);
      if (res.status === 401 || res.status === 403) {
        const body = (await res.json()) as { error: { code: string } };
        expect(["not_authenticated", "forbidden"]).not.toContain(body.error.code);
      }
    } else {
      expect(res.status).toBe(outcome);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe(outcome === 401 ? "not_authenticated" : "forbidden");
    }
  });
});
