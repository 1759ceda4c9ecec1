// Security headers and cross-site request refusal on the real app over a real DuckDB.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
