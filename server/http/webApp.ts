// Serves the built SPA (dist/web): hashed assets precompressed and cached for good, a missing asset a plain 404,
// the service worker and web manifest revalidated on every load, and every other non-API path the current
// index.html, uncached, so client routes like /s/:waveId load.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Env, Hono, Schema } from "hono";

export function serveWebApp<E extends Env, S extends Schema, B extends string>(
  app: Hono<E, S, B>,
  distDir: string,
): boolean {
  const root = resolve(distDir);
  const indexFile = join(root, "index.html");
  if (!existsSync(indexFile)) return false;
  app.use(
    "/assets/*",
    serveStatic({
      root,
      precompressed: true,
      onFound: (_path, c) => {
        // Vite puts a content hash in every asset name, so a name never changes meaning.
        c.header("Cache-Control", "public, max-age=31536000, immutable");
      },
    }),
  );
  app.get("/assets/*", (c) => c.text("Not found", 404));
  // The kiosk's offline support (vite-plugin-pwa). sw.js and the manifest keep their names across releases, so
  // they must be revalidated every time or a tablet would keep an old worker (and its old precache) for good;
  // the workbox runtime beside sw.js has a hash in its name.
  const revalidated = serveStatic({
    root,
    onFound: (_path, c) => {
      c.header("Cache-Control", "no-cache");
    },
  });
  app.get("/sw.js", revalidated);
  app.get("/manifest.webmanifest", revalidated);
  app.get("/icons/*", revalidated);
  app.get(
    "/workbox-*",
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header("Cache-Control", "public, max-age=31536000, immutable");
      },
    }),
  );
  app.get("*", async (c) => {
    c.header("Cache-Control", "no-cache");
    // Read per request (it is tiny): after a rebuild the page names the new assets without a restart.
    return c.html(await readFile(indexFile, "utf8"));
  });
  return true;
}
