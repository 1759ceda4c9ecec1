// Measures compiled-survey validation throughput (validations per second) on realistic generated answers.
// It runs in-process with no server or database: `npx tsx bench/validate.ts [survey.json …]`.
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { compileSurvey } from "../server/ingest/compileSurvey";
import { generateValidData } from "../tests/helpers/generateValidData";
import { ownPeakRssMiB, recordSection } from "./record";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const plant = "surveys/plant-satisfaction.json";
const fallbacks = [
  "../shared/compat-surveys/06-kitchen-sink-all-types.json",
  "../shared/compat-surveys/30-rand36-health-survey.json",
];
const given = process.argv.slice(2);
const files = given.length > 0 ? given : existsSync(plant) ? [plant, ...fallbacks] : fallbacks;

// survey-core warns on the console about the compat surveys' unknown custom functions and properties.
console.warn = () => {};

function perSecond(run: (i: number) => void, forSeconds: number): { rate: number; micros: number } {
  let n = 0;
  const start = performance.now();
  const until = start + forSeconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) run(n++);
  }
  const elapsed = (performance.now() - start) / 1000;
  return { rate: Math.round(n / elapsed), micros: (elapsed / n) * 1e6 };
}

const lines: string[] = [];
const figures: Record<string, number> = {};
for (const file of files) {
  const definition = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const compiled = compileSurvey(definition);
  // A pool, so the run does not measure one answer set's branch pattern over and over. Small: generating one set
  // drives survey-core's model and takes seconds on the kitchen-sink survey.
  const pool = Array.from({ length: 20 }, (_, seed) => generateValidData(definition, seed));
  const kept = pool.map((data) => {
    const result = compiled.validate(data);
    if (!result.ok) throw new Error(`${file}: generated data failed: ${JSON.stringify(result.issues)}`);
    return result.data;
  });
  const validate = (i: number) => compiled.validate(pool[i % pool.length]);
  perSecond(validate, 0.5); // warm-up: let the JIT settle before measuring
  const v = perSecond(validate, seconds);
  const f = perSecond((i) => compiled.flatten(kept[i % kept.length] as Record<string, unknown>), 1);
  lines.push(
    `| ${basename(file)} | ${v.rate.toLocaleString("en")} | ${v.micros.toFixed(1)} µs | ${f.rate.toLocaleString("en")} |`,
  );
  figures[basename(file, ".json")] = v.rate;
  console.log(
    `${basename(file)}: ${v.rate.toLocaleString("en")} validations/s (${v.micros.toFixed(1)} µs each); ` +
      `${f.rate.toLocaleString("en")} flattens/s`,
  );
}

recordSection("validate", {
  title: "Answer validation",
  markdown: [
    `Compiled-survey validation in-process (no HTTP, no database), ${seconds} s per survey; peak RSS ${ownPeakRssMiB().toFixed(0)} MiB.`,
    "",
    "| survey | validations/s | each | flattens/s |",
    "|---|---|---|---|",
    ...lines,
  ].join("\n"),
  figures: { ...figures, peakRssMiB: Math.round(ownPeakRssMiB()) },
});
