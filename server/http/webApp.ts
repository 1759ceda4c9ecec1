// Serves the built SPA (dist/web): hashed assets precompressed and cached for good, a missing asset a plain 404,
// the service worker and web manifest revalidated on every load, and every other non-API path the current
// index.html, uncached, so client routes like /s/:waveId load.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Env, Hono, MiddlewareHandler, Schema } from "hono";

/**
 * Sets Cache-Control on a file serveStatic found. Its own onFound hook runs after the response is built, so a
 * header set there never reaches the answer; setting it once the answer exists does.
 */
const cacheFound =
  (value: string): MiddlewareHandler =>
  async (c, next) => {
    await next();
    if (c.res.status === 200 || c.res.status === 206) c.header("Cache-Control", value);
  };

export interface WebAppOptions {
  /** The languages the organisation offers (settings), written into every page so its first paint is right. */
  languages?: () => Promise<readonly string[]>;
}

export function serveWebApp<E extends Env, S extends Schema, B extends string>(
  app: Hono<E, S, B>,
  distDir: string,
  options: WebAppOptions = {},
): boolean {
  const root = resolve(distDir);
  const indexFile = join(root, "index.html");
  if (!existsSync(indexFile)) return false;
  // Vite puts a content hash in every asset name (and workbox in its runtime's), so a name never changes meaning.
  const forGood = cacheFound("public, max-age=31536000, immutable");
  app.use("/assets/*", forGood, serveStatic({ root, precompressed: true }));
  app.get("/assets/*", (c) => c.text("Not found", 404));
  // The kiosk's offline support (vite-plugin-pwa). sw.js and the manifest keep their names across releases, so
  // they must be revalidated every time or a tablet would keep an old worker (and its old precache) for good.
  const revalidated = cacheFound("no-cache");
  app.get("/sw.js", revalidated, serveStatic({ root }));
  app.get("/manifest.webmanifest", revalidated, serveStatic({ root }));
  app.get("/icons/*", revalidated, serveStatic({ root }));
  app.get("/workbox-*", forGood, serveStatic({ root }));
  app.get("*", async (c) => {
    c.header("Cache-Control", "no-cache");
    // Read per request (it is tiny): after a rebuild the page names the new assets without a restart.
    const html = await readFile(indexFile, "utf8");
    if (!options.languages) return c.html(html);
    // A meta tag, not an inline script: the Content-Security-Policy allows no inline code.
    const offered = (await options.languages()).filter((l) => /^[a-z-]+$/.test(l)).join(",");
    return c.html(html.replace("</head>", `<meta name="minyi-languages" content="${offered}" />\n  </head>`));
  });
  return true;
}
