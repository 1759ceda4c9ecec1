// Builds the SPA in web/ into dist/web, which the server serves with an SPA fallback to index.html.
// Each page is its own lazy chunk (see web/src/main.tsx), so /s/:waveId loads only respondent code.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";
import { VitePWA } from "vite-plugin-pwa";
import { type Manifest, routeFiles } from "./web/routeFiles";

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = fromRoot("./dist/web");
/** Where this build writes (the fill-page bench builds elsewhere), known once Vite has resolved its config. */
let builtDir = outDir;
/** The manifest keys of the kiosk's lazy pages (see web/src/main.tsx): what must work with no network. */
const kioskPages = ["src/kiosk/KioskPage.tsx", "src/kiosk/KioskChooser.tsx"];

/**
 * The files the kiosk needs offline: the entry with its imports, and the kiosk pages with everything they import
 * or load lazily (SurveyJS). Precaching only these keeps the workbench and its charts (~1 MB) off the tablet.
 */
function kioskFiles(): Set<string> {
  const manifest = JSON.parse(readFileSync(`${builtDir}/.vite/manifest.json`, "utf8")) as Manifest;
  return new Set(["index.html", ...routeFiles(manifest, kioskPages)]);
}

export default defineConfig({
  root: fromRoot("./web"),
  plugins: [
    {
      name: "minyi-built-dir",
      configResolved: (config) => {
        builtDir = resolve(config.root, config.build.outDir);
      },
    },
    // .br and .gz beside every JS and CSS asset, sent by serveStatic({ precompressed: true }): a phone on a
    // station's weak signal downloads ~0.4 MB for the fill page instead of ~1.9 MB, compressed once at build.
    compression({ algorithms: ["gzip", "brotliCompress"], include: /\.(js|css)$/, threshold: 1024 }),
    // The installable app and its service worker, for the kiosk (/kiosk/:waveId) on a tablet without signal.
    // The kiosk page registers it itself, so nothing is added to the respondent route /s/:waveId.
    VitePWA({
      injectRegister: false,
      registerType: "autoUpdate",
      manifest: {
        name: "民意 minyi · 现场采集",
        short_name: "民意现场",
        description: "On-site survey collection, also without network",
        lang: "zh-CN",
        start_url: "/kiosk",
        scope: "/",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#1f5f8b",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
        ],
      },
      workbox: {
        // The manifest's icons are added by the plugin itself.
        globPatterns: ["index.html", "assets/*.{js,css}"],
        manifestTransforms: [
          (entries) => {
            const keep = kioskFiles();
            return { manifest: entries.filter((e) => keep.has(e.url)) };
          },
        ],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        dontCacheBustURLsMatching: /^assets\//,
        // Only kiosk pages start from the cached shell: every other page keeps loading from the server, so a
        // new release never leaves the staff pages on an old shell whose chunks are gone.
        navigateFallback: "index.html",
        navigateFallbackAllowlist: [/^\/kiosk(\/|$)/],
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        // An opened wave's form works offline. No other API answer is cached: staff data must not sit in a cache.
        runtimeCaching: [
          {
            urlPattern: ({ url, request }) =>
              request.method === "GET" && /^\/api\/waves\/[^/]+\/form$/.test(url.pathname),
            handler: "NetworkFirst",
            options: {
              cacheName: "minyi-wave-forms",
              networkTimeoutSeconds: 8,
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 20 },
            },
          },
        ],
      },
    }),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    // The bench (bench/fill-page-size.ts) reads the manifest to know which files the respondent route loads.
    manifest: true,
    // SurveyJS alone is ~1.6 MB minified (~350 KiB gzip) and cannot be split; the real budget is the gzip
    // ratio that bench/fill-page-size.ts measures, so only warn past that.
    chunkSizeWarningLimit: 2000,
    // Brotli at quality 11 takes a few seconds on purpose (compress once, serve many); not worth a warning.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
