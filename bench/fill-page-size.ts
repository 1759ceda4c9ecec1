// Fill-page budget (DESIGN.md): gzip JS+CSS the respondent route /s/:waveId can load, as a ratio to a bare React +
// SurveyJS page built by the same Vite (same versions, same minifier): ≤ 1.15. Prints figures; asserts nothing.
// Builds the app into a temp dir (a running server's dist/web is left alone); `--dist` measures dist/web instead.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { type Manifest, routeFiles } from "../web/routeFiles";
import { recordSection } from "./record";

const repo = resolve(import.meta.dirname, "..");
const budget = 1.15;
/** The manifest key of the respondent route's lazy page (see web/src/main.tsx). */
const respondentPage = "src/fill/FillPage.tsx";

interface Asset {
  file: string;
  bytes: number;
  gzip: number;
}

const gzipSize = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

function measure(dir: string, files: Iterable<string>): Asset[] {
  return [...files].map((file) => {
    const buf = readFileSync(join(dir, file));
    return { file, bytes: buf.length, gzip: gzipSize(buf) };
  });
}

async function buildApp(outDir: string): Promise<void> {
  await build({
    configFile: join(repo, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true },
  });
}

// The baseline: what any React page showing a SurveyJS survey must ship. It uses the same theme stylesheet as
// the fill page (the fontless default theme), so the ratio measures only what minyi adds.
const bareEntry = `import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/survey-core.fontless.min.css";

const model = new Model({ elements: [{ type: "rating", name: "q1", title: "How satisfied are you?" }] });
createRoot(document.getElementById("root")).render(createElement(Survey, { model }));
`;

async function buildBare(dir: string): Promise<Asset[]> {
  mkdirSync(dir, { recursive: true });
  // Resolve react and survey-* from this repo's node_modules: the same installed versions.
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>',
  );
  writeFileSync(join(dir, "main.js"), bareEntry);
  const outDir = join(dir, "dist");
  await build({
    root: dir,
    configFile: false,
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  });
  const assets = readdirSync(join(outDir, "assets")).filter((f) => /\.(js|css)$/.test(f));
  return measure(
    outDir,
    assets.map((f) => `assets/${f}`),
  );
}

const tables: string[] = [];

function table(title: string, assets: Asset[]): number {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
  console.log(`\n${title}`);
  for (const a of [...assets].sort((x, y) => y.gzip - x.gzip)) {
    console.log(`  ${a.file.padEnd(40)} ${kb(a.bytes)} raw ${kb(a.gzip)} gzip`);
  }
  const total = assets.reduce((sum, a) => sum + a.gzip, 0);
  console.log(`  ${"total".padEnd(40)} ${" ".repeat(16)}${kb(total)} gzip`);
  tables.push(`${title}: ${(total / 1024).toFixed(1)} KiB gzip in ${assets.length} files`);
  return total;
}

async function main(): Promise<void> {
  const useDist = process.argv.includes("--dist");
  const tmp = mkdtempSync(join(tmpdir(), "minyi-fill-size-"));
  try {
    const appDir = useDist ? join(repo, "dist/web") : join(tmp, "app");
    if (!useDist) await buildApp(appDir);
    const manifest = JSON.parse(readFileSync(join(appDir, ".vite/manifest.json"), "utf8")) as Manifest;
    const ours = table(`respondent route /s/:waveId (${useDist ? "dist/web" : "fresh build"})`, [
      ...measure(appDir, routeFiles(manifest, [respondentPage])),
    ]);
    const bare = table("bare React + SurveyJS page", await buildBare(join(tmp, "bare")));
    const ratio = ours / bare;
    console.log(
      `\nratio ${ratio.toFixed(3)} (budget ≤ ${budget}): ${ratio <= budget ? "within" : "OVER"} budget`,
    );
    recordSection("fill-page", {
      title: "Fill page size",
      markdown: [
        "gzip JS + CSS loaded by the respondent route against a bare React + SurveyJS page of the same versions, both built by Vite here (a build; no server runs, so no memory figure).",
        "",
        ...tables.map((t) => `- ${t}`),
        `- ratio **${ratio.toFixed(3)}** (budget ≤ ${budget}: ${ratio <= budget ? "met" : "missed"})`,
      ].join("\n"),
      figures: { oursGzipBytes: ours, bareGzipBytes: bare, ratio: Number(ratio.toFixed(3)) },
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
