// The built web app's files as the server serves them (server/http/webApp.ts) over a small dist in a temp dir:
// the service worker and manifest revalidated on every load with the right types, hashed files cached for good,
// client routes answered with index.html, and the CSP on all of them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveWebApp } from "../../server/http/webApp";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

const dir = mkdtempSync(join(tmpdir(), "minyi-webapp-"));
const dist = join(dir, "dist");
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];

beforeAll(async () => {
  const files: [path: string, text: string][] = [
    ["index.html", "<!doctype html><title>minyi</title>"],
    ["sw.js", "self.addEventListener('fetch', () => {});"],
    ["workbox-9504f110.js", "// workbox"],
    ["manifest.webmanifest", '{"name":"minyi"}'],
    ["icons/icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"],
    ["assets/index-abc123.js", "console.log(1);"],
  ];
  for (const [path, text] of files) {
    mkdirSync(join(dist, path, ".."), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  writeFileSync(join(dist, "assets/index-abc123.js.gz"), gzipSync("console.log(1);"));
  fixture = await prepareDatabase(join(dir, "web.duckdb"), new Date());
  app = appFor(fixture).app;
  expect(serveWebApp(app, dist)).toBe(true);
});

afterAll(() => {
  fixture.db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("web app files", () => {
  it.each([
    ["/sw.js", 200, "text/javascript", "no-cache", "self.addEventListener"],
    ["/manifest.webmanifest", 200, "application/manifest+json", "no-cache", '{"name":"minyi"}'],
    ["/icons/icon.svg", 200, "image/svg+xml", "no-cache", "<svg"],
    ["/workbox-9504f110.js", 200, "text/javascript", "public, max-age=31536000, immutable", "// workbox"],
    ["/assets/index-abc123.js", 200, "text/javascript", "public, max-age=31536000, immutable", "console.log"],
    ["/kiosk/wave-open", 200, "text/html", "no-cache", "<title>minyi</title>"],
    ["/kiosk", 200, "text/html", "no-cache", "<title>minyi</title>"],
    ["/r/ABCDE-23456", 200, "text/html", "no-cache", "<title>minyi</title>"],
    ["/board", 200, "text/html", "no-cache", "<title>minyi</title>"],
    ["/assets/missing.js", 404, "text/plain", null, "Not found"],
  ])("GET %s", async (path, status, type, cacheControl, start) => {
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain(type);
    expect(res.headers.get("cache-control")).toBe(cacheControl);
    expect(await res.text()).toContain(start);
    // The worker and the manifest load under the same policy as the page: same origin only.
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("sends a hashed asset precompressed when the browser takes gzip, still cached for good", async () => {
    const res = await app.request("/assets/index-abc123.js", { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});
