// Breakdown budget (DESIGN.md): at 10 M answer rows, each standard query's median through the engine must be at
// most 2× the same aggregate written by hand as one DuckDB GROUP BY over a flat (pre-joined) table, in the same
// run. Builds a synthetic plant in a temp database, prints medians and ratios, and the dashboard's query set;
// asserts nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBreakdown } from "../analytics/breakdown";
import { runDashboard } from "../analytics/dashboard";
import { forgetLiftedCounts } from "../analytics/liftedCounts";
import type { BreakdownQuery } from "../analytics/query";
import { loadCatalogue, syncCatalogue } from "../server/catalogue/loadCatalogue";
import { demoOrganisation } from "../server/demo/organisation";
import { replaceOrganisation } from "../server/org/units";
import { openDatabase, queryRows } from "../server/storage/database";
import { migrate } from "../server/storage/migrate";
import { createWave } from "../server/waves/waves";
import { ownPeakRssMiB, recordSection } from "./record";
import { medianMs } from "./timing";

const targetRows = Number(process.env.BENCH_ANSWER_ROWS ?? 10_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);

const time = (fn: () => Promise<unknown>) => medianMs(fn, runs);

async function main() {
  const dir = process.env.BENCH_DIR ?? mkdtempSync(join(tmpdir(), "minyi-bench-query-"));
  const db = await openDatabase(join(dir, "bench.duckdb"));
  try {
    const t0 = performance.now();
    await migrate(db);
    await syncCatalogue(db, await loadCatalogue("surveys"));
    await replaceOrganisation(db, demoOrganisation(20260101));
    const waveIds: string[] = [];
    for (let q = 0; q < 8; q++) {
      const year = 2025 + Math.floor(q / 4);
      const month = (q % 4) * 3 + 1;
      const start = `${year}-${String(month).padStart(2, "0")}-01`;
      const end = new Date(Date.UTC(year, month + 2, 0)).toISOString().slice(0, 10);
      const wave = await createWave(db, {
        id: `w${q + 1}`,
        surveyId: "plant-satisfaction",
        title: `${year}-Q${(q % 4) + 1}`,
        periodStart: start,
        periodEnd: end,
        opensAt: `${start}T00:00:00.000Z`,
        closesAt: `${end}T12:00:00.000Z`,
        channels: ["online", "onsite", "paper"],
      });
      waveIds.push(wave.id);
    }
    const [items] = await queryRows<{ n: number }>(
      db.read,
      "SELECT count(*) AS n FROM survey_items WHERE survey_id = 'plant-satisfaction' AND kind IN ('scale', 'enps')",
    );
    // 95 % of items answered: responses × items × 0.95 ≈ the target.
    const responses = Math.ceil(targetRows / ((items?.n ?? 71) * 0.95));
    await db.write.run(`
      CREATE TEMP TABLE leaf AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM units;
      CREATE TEMP TABLE grp AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM groups;
      INSERT INTO responses
      SELECT uuid(), 'w' || (1 + g.i % 8), leaf.id, grp.id,
             CASE hash(g.i * 13) % 10 WHEN 0 THEN 'paper' WHEN 1 THEN 'onsite' ELSE 'online' END,
             NULL, NULL, g.t, g.t, 'R', 'h', '{}'
      FROM (SELECT i, TIMESTAMP '2025-01-01' + to_days(CAST((i % 8) * 91 + hash(i * 3) % 80 AS INTEGER)) AS t
            FROM range(${responses}) r(i)) g
      JOIN leaf ON leaf.i = hash(g.i) % (SELECT count(*) FROM leaf)
      JOIN grp ON grp.i = hash(g.i * 7) % (SELECT count(*) FROM grp);
      INSERT INTO answers
      SELECT r.id, si.item_id, si.kind,
             CASE WHEN si.kind = 'enps' THEN hash(r.id, si.item_id) % 11
                  ELSE 1 + (hash(r.id, si.item_id) % 5) END, NULL, NULL
      FROM responses r JOIN waves w ON w.id = r.wave_id
      JOIN survey_items si ON si.survey_id = w.survey_id AND si.survey_version = w.survey_version
      WHERE si.kind IN ('scale', 'enps') AND hash(r.id, si.item_id, 'skip') % 100 < 95;
    `);
    const [count] = await queryRows<{ n: number }>(db.read, "SELECT count(*) AS n FROM answers");
    // The baseline's table: everything pre-joined, every roll-up and bucket precomputed.
    await db.write.run(`
      CREATE TABLE flat AS
      SELECT a.response_id AS rid, a.item_id AS item, a.kind, a.value_num AS v, si.topic, si.scale_min AS lo,
             si.scale_max AS hi, si.favourable_min AS fav, si.unfavourable_max AS unfav, r.unit_id,
             coalesce(l1.id, u.id) AS unit_l1, coalesce(l2.id, u.id) AS unit_l2, u.path, r.group_id, r.channel,
             r.wave_id, r.collected_at + INTERVAL 8 HOUR AS local_at
      FROM answers a JOIN responses r ON r.id = a.response_id JOIN waves w ON w.id = r.wave_id
      JOIN survey_items si ON si.survey_id = w.survey_id AND si.survey_version = w.survey_version AND si.item_id = a.item_id
      JOIN units u ON u.id = r.unit_id
      LEFT JOIN units l1 ON l1.level = 1 AND starts_with(u.path, l1.path)
      LEFT JOIN units l2 ON l2.level = 2 AND starts_with(u.path, l2.path)
      WHERE a.kind IN ('scale', 'enps');
    `);
    const loadSeconds = (performance.now() - t0) / 1000;
    const [station] = await queryRows<{ id: string; path: string }>(
      db.read,
      "SELECT id, path FROM units WHERE kind = 'station' ORDER BY id LIMIT 1",
    );
    // The same aggregates the engine computes for mean, favourable and responses (plus the sum of squares its
    // comparisons' t-test needs, which only the compare query asks for).
    const aggregates = `count(DISTINCT rid), count(*) FILTER (WHERE kind = 'scale'),
      sum(v) FILTER (WHERE kind = 'scale'), count(*) FILTER (WHERE kind = 'scale' AND v >= fav)`;
    const base = (q: Omit<BreakdownQuery, "surveyId">): BreakdownQuery => ({
      surveyId: "plant-satisfaction",
      ...q,
    });
    const measures: BreakdownQuery["measures"] = ["mean", "favourable", "responses"];
    const standard: { name: string; query: BreakdownQuery; flat: string }[] = [
      {
        name: "unit:level_1 × topic × period:quarter",
        query: base({ measures, dimensions: ["unit:level_1", "topic", "period:quarter"] }),
        flat: `SELECT unit_l1, topic, year(local_at) * 10 + quarter(local_at) AS q, ${aggregates} FROM flat WHERE topic IS NOT NULL GROUP BY ALL`,
      },
      {
        name: "unit:level_2 × topic (heatmap), one wave",
        query: base({ measures, dimensions: ["unit:level_2", "topic"], waveIds: ["w8"] }),
        flat: `SELECT unit_l2, topic, ${aggregates} FROM flat WHERE topic IS NOT NULL AND wave_id = 'w8' GROUP BY ALL`,
      },
      {
        name: "group × topic",
        query: base({ measures, dimensions: ["group", "topic"] }),
        flat: `SELECT group_id, topic, ${aggregates} FROM flat WHERE topic IS NOT NULL GROUP BY ALL`,
      },
      {
        name: "question, one station",
        query: base({
          measures,
          dimensions: ["question"],
          filters: [{ member: "unit", operator: "within", values: [station?.id ?? ""] }],
        }),
        flat: `SELECT item, ${aggregates} FROM flat WHERE starts_with(path, '${station?.path}') GROUP BY ALL`,
      },
      {
        name: "unit:level_1 × topic, wave, compare previous_period",
        query: base({
          measures,
          dimensions: ["unit:level_1", "topic"],
          waveIds: ["w8"],
          compare: "previous_period",
        }),
        // The hand-written equivalent: the same aggregate for the wave and the one before, in one pass.
        flat: `SELECT wave_id, unit_l1, topic, ${aggregates}, sum(v * v) FILTER (WHERE kind = 'scale') FROM flat WHERE topic IS NOT NULL AND wave_id IN ('w7', 'w8') GROUP BY ALL`,
      },
    ];
    const lines = [
      `${count?.n.toLocaleString("en")} answer rows, ${responses.toLocaleString("en")} responses, 8 waves, ` +
        `198 units; built in ${loadSeconds.toFixed(1)} s; median of ${runs} runs each, in-process.`,
      "",
      "The residual check's lifted counts are kept while the data is unchanged (analytics/liftedCounts.ts), so the",
      "median is a breakdown asked again or a neighbour's asked after it; the first column is the first breakdown",
      "after data changed (one run, counts read afresh).",
      "",
      "| query | engine ms, first after a change | engine ms | hand-written GROUP BY ms | ratio (budget ≤ 2) |",
      "|---|---|---|---|---|",
    ];
    const log = (line: string) => {
      lines.push(line);
      console.log(line);
    };
    for (const line of lines) console.log(line);
    const figures: Record<string, number> = {};
    const ratios: number[] = [];
    for (const s of standard) {
      const run = () => runBreakdown(db.analytics, s.query, { scopeUnitId: "plant" });
      await run(); // plans and caches of DuckDB itself, as the other columns have them
      forgetLiftedCounts(db.analytics);
      const t0 = performance.now();
      await run();
      const first = performance.now() - t0;
      const engine = await time(run);
      const flat = await time(() => queryRows(db.read, s.flat));
      ratios.push(engine / flat);
      figures[`ratio:${s.name}`] = Number((engine / flat).toFixed(2));
      figures[`firstMs:${s.name}`] = Number(first.toFixed(1));
      log(
        `| ${s.name} | ${first.toFixed(1)} | ${engine.toFixed(1)} | ${flat.toFixed(1)} | ${(engine / flat).toFixed(2)} |`,
      );
    }
    const worst = Math.max(...ratios);
    // The leadership dashboard's whole query set for the plant (six breakdowns and the response progress).
    const board = () => runDashboard(db, db.analytics, {}, { scopeUnitId: "plant" }, new Date("2027-01-15"));
    forgetLiftedCounts(db.analytics);
    const d0 = performance.now();
    await board();
    const dashboardFirst = performance.now() - d0;
    const dashboard = await time(board);
    const peak = ownPeakRssMiB();
    log("");
    log(`- worst ratio ${worst.toFixed(2)} (budget ≤ 2)`);
    log(
      `- dashboard, plant, every panel: median ${dashboard.toFixed(1)} ms; first after a change ${dashboardFirst.toFixed(1)} ms`,
    );
    log(`- peak RSS of this process (DuckDB in-process, building and querying): ${peak.toFixed(0)} MiB`);
    recordSection("query", {
      title: "Breakdowns at 10 M answer rows",
      markdown: lines.join("\n"),
      figures: {
        answerRows: count?.n ?? 0,
        responses,
        loadSeconds: Number(loadSeconds.toFixed(1)),
        worstRatio: Number(worst.toFixed(2)),
        withinBudget: worst <= 2,
        dashboardMs: Number(dashboard.toFixed(1)),
        dashboardFirstMs: Number(dashboardFirst.toFixed(1)),
        peakRssMiB: Number(peak.toFixed(0)),
        ...figures,
      },
    });
  } finally {
    db.close();
    if (!process.env.BENCH_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
