// Security headers and cross-site request refusal on the real app over a real DuckDB.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { largeBodyLimits, maxBodyBytes } from "../../server/app";
import { accessRules } from "../../server/auth/accessRules";
import { createUser } from "../../server/auth/accounts";
import { queryRows } from "../../server/storage/database";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
beforeEach(async () => {
  fixture = await prepareDatabase(":memory:", new Date());
  app = appFor(fixture).app;
});
afterEach(() => fixture.db.close());

const body = (n: number) =>
  JSON.stringify({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    waveId: "wave-open",
    unitId: "team-1",
    groupId: "staff",
    channel: "online",
    data: validAnswers(fixture.definition, n),
  });

describe("security headers", () => {
  it.each(["/api/health", "/api/waves", "/api/nothing"])(
    "%s carries a CSP and the usual headers",
    async (path) => {
      const res = await app.request(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    },
  );
});

describe("cross-site requests", () => {
  const cases: [string, number, Record<string, string>][] = [
    ["same-origin fetch", 201, { "sec-fetch-site": "same-origin", origin: "http://localhost" }],
    ["cross-site fetch", 403, { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["same-site but another origin", 403, { "sec-fetch-site": "same-site" }],
    ["old browser, foreign Origin", 403, { origin: "https://evil.example" }],
    ["old browser, own Origin", 201, { origin: "http://localhost" }],
    ["a program (no browser headers)", 201, {}],
  ];
  it.each(cases)("%s → %i", async (_name, status, headers) => {
    const res = await app.request("http://localhost/api/responses", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: body(1),
    });
    expect(res.status).toBe(status);
    if (status === 403) {
      expect(await res.json()).toEqual({
        error: {
          code: "cross_site_request",
          message: "This request came from another site and was refused; nothing changed.",
        },
      });
      const [row] = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM responses");
      expect(row?.n).toBe(0);
    }
  });
});

describe("every state-changing endpoint", () => {
  // From the rule table, so a new POST/PATCH/DELETE endpoint is covered without anyone remembering to add it.
  const stateChanging = Object.keys(accessRules)
    .filter((e) => !e.startsWith("GET "))
    .map((e) => {
      const [method, path] = e.split(" ") as [string, string];
      return [
        e,
        method,
        path.replace(/:(\w+)/g, (_m, name: string) => (name === "username" ? "admin" : "wave-open")),
      ] as const;
    });

  async function adminCookie(): Promise<string> {
    await createUser(
      fixture.db,
      { username: "admin", password: "correct horse battery", role: "admin", scopeUnitId: "plant" },
      { actor: "test", now: new Date() },
    );
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "correct horse battery" }),
    });
    return res.headers.get("set-cookie")?.split(";")[0] ?? "";
  }

  const auditCount = async () =>
    (await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM audit_log"))[0]?.n;

  it.each(stateChanging)(
    "%s refuses a cross-site request, even with a valid session",
    async (_e, method, path) => {
      const cookie = await adminCookie();
      const before = await auditCount();
      const res = await app.request(`http://localhost${path}`, {
        method,
        headers: { "content-type": "application/json", cookie, "sec-fetch-site": "cross-site" },
        body: "{}",
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
      expect(await auditCount()).toBe(before);
    },
  );

  // Each endpoint's own limit: 256 KiB, or the larger one of an endpoint that takes files.
  it.each(stateChanging)("%s refuses a body over its limit with 413", async (e, method, path) => {
    const limit = largeBodyLimits[e] ?? { bytes: maxBodyBytes, label: "256 KiB" };
    const cookie = await adminCookie();
    const res = await app.request(`http://localhost${path}`, {
      method,
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ padding: "x".repeat(limit.bytes + 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "payload_too_large", message: `The request body is larger than ${limit.label}.` },
    });
  });
});
