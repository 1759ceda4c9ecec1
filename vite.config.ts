// Builds the SPA in web/ into dist/web, which the server serves with an SPA fallback to index.html.
// Each page is its own lazy chunk (see web/src/main.tsx), so /s/:waveId loads only respondent code.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: fromRoot("./web"),
  // .br and .gz beside every JS and CSS asset, sent by serveStatic({ precompressed: true }): a phone on a
  // station's weak signal downloads ~0.4 MB for the fill page instead of ~1.9 MB, compressed once at build.
  plugins: [compression({ algorithms: ["gzip", "brotliCompress"], include: /\.(js|css)$/, threshold: 1024 })],
  build: {
    outDir: fromRoot("./dist/web"),
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
