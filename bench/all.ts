// `npm run bench`: runs every benchmark one after another (each in its own process, so none inherits another's
// memory or JIT state) and joins the sections they record into bench/results.md with the machine they ran on.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { type BenchSection, resultsDir } from "./record";

/** In the order results.md lists them; `npm run bench -- ingest query` runs only those. */
const benchmarks = [
  { name: "ingest", script: "bench/ingest.ts", budget: "ratio ≥ 0.25 to a bare echo, p99 ≤ 50 ms" },
  { name: "query", script: "bench/query.ts", budget: "each standard query ≤ 2× a hand-written GROUP BY" },
  { name: "fill-page", script: "bench/fill-page-size.ts", budget: "≤ 1.15× a bare React + SurveyJS page" },
  { name: "validate", script: "bench/validate.ts", budget: null },
  { name: "paper-import", script: "bench/paper-import.ts", budget: null },
  { name: "backup", script: "bench/backup.ts", budget: null },
  { name: "anonymity", script: "bench/anonymity.ts", budget: null },
  // A million staff: one timed run after the warm-up (each group-wide dashboard alone takes the better part of a
  // minute); BENCH_SCALE_RUNS to take more.
  {
    name: "scale",
    script: "bench/scale.ts",
    budget: null,
    env: { BENCH_RUNS: process.env.BENCH_SCALE_RUNS ?? "1" },
  },
] as const;

const asked = process.argv.slice(2);
const chosen = benchmarks.filter((b) => asked.length === 0 || asked.includes(b.name));
if (chosen.length === 0) {
  console.error(`unknown benchmark; choose from: ${benchmarks.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const rows = (await conn.runAndReadAll("SELECT version() AS v")).getRowObjectsJS();
  conn.closeSync();
  instance.closeSync();
  return String(rows[0]?.v ?? "?");
}

function git(args: string[]): string {
  const out = spawnSync("git", args, { encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : "";
}

const started = new Date();
const runs: {
  name: string;
  seconds: number;
  status: number | null;
  loadBefore: string;
  loadAfter: string;
}[] = [];
for (const bench of chosen) {
  rmSync(join(resultsDir, `${bench.name}.json`), { force: true });
  const loadBefore = load();
  console.log(`\n=== ${bench.name} (${bench.script}); load average ${loadBefore}`);
  const t0 = performance.now();
  const env = { ...process.env, ...("env" in bench ? bench.env : {}) };
  const run = spawnSync(process.execPath, ["--import", "tsx", bench.script], { stdio: "inherit", env });
  runs.push({
    name: bench.name,
    seconds: (performance.now() - t0) / 1000,
    status: run.status,
    loadBefore,
    loadAfter: load(),
  });
}

const cpu = cpus();
const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
const lines = [
  "# Benchmark results",
  "",
  `Written by \`npm run bench\` (bench/all.ts) on ${started.toISOString()}. The figures of the benchmarks in the table are from this run; a section of one not run this time says when an earlier run recorded it.`,
  "",
  "## Machine",
  "",
  `- CPU: ${cpu.length} × ${cpu[0]?.model ?? "unknown"}`,
  `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end)`,
  `- OS: ${process.platform} ${release()}; Node ${process.version}; DuckDB ${await duckdbVersion()}`,
  `- code: ${git(["rev-parse", "--short", "HEAD"]) || "unknown"}${dirty ? " with uncommitted changes" : ""}`,
  "- load average (1 / 5 / 15 min) before and after each benchmark, below: other work on the machine shows there, and timings move with it.",
  "",
  "| benchmark | budget (DESIGN.md) | took | exit | load before | load after |",
  "|---|---|---|---|---|---|",
  ...runs.map((r) => {
    const budget = benchmarks.find((b) => b.name === r.name)?.budget ?? "—";
    return `| ${r.name} | ${budget} | ${r.seconds.toFixed(0)} s | ${r.status} | ${r.loadBefore} | ${r.loadAfter} |`;
  }),
];
// Every benchmark in order: this run's section, or (when only some were asked for) the one an earlier run left.
for (const bench of benchmarks) {
  const file = join(resultsDir, `${bench.name}.json`);
  const r = runs.find((x) => x.name === bench.name);
  if (!r && !existsSync(file)) continue;
  lines.push("");
  if (r && (r.status !== 0 || !existsSync(file))) {
    lines.push(`## ${bench.name}`, "", `**Failed** (exit ${r.status}); see its output above.`);
    continue;
  }
  const section = JSON.parse(readFileSync(file, "utf8")) as BenchSection;
  lines.push(`## ${section.title}`, "");
  if (!r)
    lines.push(`_Not run this time: recorded ${statSync(file).mtime.toISOString()} by an earlier run._`, "");
  lines.push(section.markdown);
}
const out = join(import.meta.dirname, "results.md");
writeFileSync(out, `${lines.join("\n")}\n`);
console.log(`\nwrote ${out}`);
process.exit(runs.every((r) => r.status === 0) ? 0 : 1);
