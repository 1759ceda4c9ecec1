// Anonymity under attack, in figures: on the demo organisation, the dashboard and workbench queries that the residual
// check (analytics/residual.ts) reads extra counts for — how long each takes and how many of its rows are hidden.
// It measures; the attacks themselves are tests/api/anonymity-attack.test.ts.
import "@hono/zod-openapi";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBreakdown } from "../analytics/breakdown";
import { runDashboard } from "../analytics/dashboard";
import { loadCatalogue, syncCatalogue } from "../server/catalogue/loadCatalogue";
import { seedDemo } from "../server/demo/seedDemo";
import { openDatabase, queryRows } from "../server/storage/database";
import { migrate } from "../server/storage/migrate";
import { ownPeakRssMiB, recordSection } from "./record";
import { medianMs } from "./timing";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const now = new Date("2027-01-15T00:00:00Z");

const median = (f: () => Promise<unknown>) => medianMs(f, runs);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "minyi-bench-anonymity-"));
  const db = await openDatabase(join(dir, "demo.duckdb"));
  try {
    await db.write.run("SET memory_limit = '2GB'");
    await migrate(db);
    await syncCatalogue(db, await loadCatalogue("surveys"));
    const demo = await seedDemo(db, { seed: 20260101, now, log: () => {} });
    const [latest] = await queryRows<{ id: string }>(
      db.read,
      "SELECT id FROM waves ORDER BY period_start DESC LIMIT 1",
    );
    const wave = latest?.id as string;
    const rows: string[] = [];
    const figures: Record<string, number> = {};
    const hiddenOf = (r: { results: { suppressed: boolean }[] }) =>
      `${r.results.filter((x) => x.suppressed).length} of ${r.results.length}`;

    const dashboards: [string, string, string | undefined][] = [
      ["dashboard, the plant (analyst)", "plant", undefined],
      ["dashboard, area-05 (analyst, drilled down)", "plant", "area-05"],
      ["dashboard, area-05 (its leader)", "area-05", undefined],
    ];
    for (const [name, scope, unitId] of dashboards) {
      const run = () => runDashboard(db, db.analytics, { waveId: wave, unitId }, { scopeUnitId: scope }, now);
      const ms = await median(run);
      const d = await run();
      const panels = [d.trend, d.topics, d.heatmap, d.enps].flatMap((p) => (p ? [hiddenOf(p)] : []));
      rows.push(`| ${name} | ${ms.toFixed(0)} | ${panels.join("; ")} (trend; topics; heatmap; eNPS) |`);
      figures[`${name} ms`] = Math.round(ms);
    }
    const within = (unit: string) => [{ member: "unit", operator: "within", values: [unit] }];
    const queries: [string, string, object][] = [
      ["unit:level_2 × topic, one wave", "plant", { dimensions: ["unit:level_2", "topic"], waveIds: [wave] }],
      [
        "topic, within area-05, one wave",
        "plant",
        { dimensions: ["topic"], waveIds: [wave], filters: within("area-05") },
      ],
      [
        "topic, group is staff, one wave",
        "plant",
        {
          dimensions: ["topic"],
          waveIds: [wave],
          filters: [{ member: "group", operator: "is", values: ["staff"] }],
        },
      ],
      [
        "unit:level_1, channel is_not paper, every wave",
        "plant",
        {
          dimensions: ["unit:level_1"],
          filters: [{ member: "channel", operator: "is_not", values: ["paper"] }],
        },
      ],
      ["topic, one wave (leader of area-05)", "area-05", { dimensions: ["topic"], waveIds: [wave] }],
      ["period:month, every wave (leader of area-05)", "area-05", { dimensions: ["period:month"] }],
      [
        "question, within one station, one wave",
        "plant",
        { dimensions: ["question"], waveIds: [wave], filters: within("area-05-st-01") },
      ],
    ];
    for (const [name, scope, q] of queries) {
      const body = { surveyId: "plant-satisfaction", measures: ["mean", "favourable"], ...q };
      const run = () => runBreakdown(db.analytics, body, { scopeUnitId: scope });
      const ms = await median(run);
      rows.push(`| ${name} | ${ms.toFixed(0)} | ${hiddenOf(await run())} |`);
      figures[`${name} ms`] = Math.round(ms);
    }
    const markdown = [
      `The demo organisation (${demo.units} units, ${demo.responses.toLocaleString("en")} responses, seed 20260101), ` +
        `median of ${runs} runs; every query with a scope, filter, wave list or date range reads one more count ` +
        "per restriction (analytics/residual.ts).",
      "",
      "| view | ms | rows hidden |",
      "|---|---|---|",
      ...rows,
      "",
      `Peak RSS of the benchmark process: ${ownPeakRssMiB().toFixed(0)} MiB.`,
    ].join("\n");
    figures["peak RSS MiB"] = Math.round(ownPeakRssMiB());
    console.log(markdown);
    recordSection("anonymity", { title: "Anonymity checks", markdown, figures });
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
