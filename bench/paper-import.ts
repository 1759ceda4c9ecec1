// Measures how long a big paper import holds the event loop (the longest single block, which stalls online
// submissions meanwhile) and how long it takes: `npx tsx bench/paper-import.ts [rows …]`. A dry run, in memory.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { ReferenceCache } from "../server/ingest/referenceCache";
import { importPaperForms } from "../server/paper/importForms";
import { createWave } from "../server/waves/waves";
import { validAnswers } from "../tests/helpers/dataPool";
import { prepareDatabase } from "../tests/helpers/fixture";
import { paperRow } from "../tests/helpers/paperRows";
import { ownPeakRssMiB, recordSection } from "./record";

const sizes = process.argv.slice(2).map(Number);
const now = new Date();
const fixture = await prepareDatabase(":memory:", now);
await createWave(fixture.db, {
  id: "bench-paper",
  surveyId: "plant-satisfaction",
  title: "bench",
  periodStart: "2026-10-01",
  periodEnd: "2026-12-31",
  opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
  closesAt: new Date(now.getTime() + 86_400_000).toISOString(),
  channels: ["paper"],
});
const deps = { db: fixture.db, reference: new ReferenceCache(fixture.db), now: () => now };
const user = { username: "bench", role: "admin" as const, scopeUnitId: "plant" };

/** The same forms as a CSV file, as the import page uploads it. */
function csvOf(rows: Record<string, string | number>[]): Uint8Array {
  const names = Object.keys(rows[0] ?? {});
  const field = (v: string | number | undefined) => {
    const t = v === undefined ? "" : String(v);
    return /[",\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  const lines = [names.join(","), ...rows.map((r) => names.map((n) => field(r[n])).join(","))];
  return new TextEncoder().encode(`${lines.join("\r\n")}\r\n`);
}

// The first import compiles the survey (once per version, then cached): warm up so it is not counted.
await importPaperForms(deps, user, {
  waveId: "bench-paper",
  source: {
    kind: "rows",
    rows: [
      paperRow({ form_no: "W", unit_id: "team-1", group_id: "staff" }, validAnswers(fixture.definition, 0)),
    ],
  },
  dryRun: true,
  overrideClosed: false,
});

const lines: string[] = [];
const figures: Record<string, number> = {};
for (const n of sizes.length > 0 ? sizes : [2_000, 20_000]) {
  const rows = Array.from({ length: n }, (_, i) =>
    paperRow(
      { form_no: `B-${i}`, unit_id: "team-1", group_id: "staff" },
      validAnswers(fixture.definition, i),
    ),
  );
  const sources = [
    ["JSON rows", { kind: "rows" as const, rows }],
    ["CSV file", { kind: "file" as const, bytes: csvOf(rows), fileName: null }],
  ] as const;
  for (const [name, source] of sources) {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const start = performance.now();
    const report = await importPaperForms(deps, user, {
      waveId: "bench-paper",
      source,
      dryRun: true,
      overrideClosed: false,
    });
    const seconds = (performance.now() - start) / 1000;
    delay.disable();
    lines.push(
      `| ${n.toLocaleString("en")} | ${name} | ${seconds.toFixed(2)} s | ${(delay.max / 1e6).toFixed(0)} ms | ${(delay.percentile(99) / 1e6).toFixed(0)} ms |`,
    );
    figures[`${n}-${source.kind}-seconds`] = Number(seconds.toFixed(2));
    figures[`${n}-${source.kind}-longestBlockMs`] = Math.round(delay.max / 1e6);
    console.log(
      `${n} rows, ${name} (${report.imported} valid): ${seconds.toFixed(2)} s in all; longest event-loop block ${(delay.max / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms`,
    );
  }
}
fixture.db.close();
recordSection("paper-import", {
  title: "Paper import",
  markdown: [
    `A dry run of keyed-in paper forms in-process (checked in turns of 200 rows, so online answers keep coming in meanwhile); peak RSS ${ownPeakRssMiB().toFixed(0)} MiB.`,
    "",
    "| rows | as | time | longest event-loop block | p99 block |",
    "|---|---|---|---|---|",
    ...lines,
  ].join("\n"),
  figures: { ...figures, peakRssMiB: Math.round(ownPeakRssMiB()) },
});
