// The leadership dashboard's figures for one unit (default: the viewer's scope) and one survey round: topic trends
// over the last 8 rounds, this round against the last per topic, child units × topics, the child units that rose
// and fell most, response rates with their headcounts, the eNPS trend, and the demands' figures (诉求办理) of the
// round's quarter. Every figure is a breakdown or case figures, so scope and the anonymity rules apply as in the
// workbench.
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { type Database, queryRows } from "../server/storage/database";
import { waveProgress } from "../server/waves/progress";
import { runBreakdown, type Viewer } from "./breakdown";
import { type CasesPanel, casesPanel } from "./cases/panel";
import { readSnapshot } from "./catalogue";
import { QueryError } from "./errors";
import { parseWith } from "./parse";
import type { BreakdownQuery, BreakdownResult, Label } from "./query";

export const DashboardQuery = z.strictObject({
  surveyId: z.string().min(1).max(100).optional(),
  unitId: z.string().min(1).max(200).optional(),
  waveId: z.string().min(1).max(200).optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuery>;

export interface Mover {
  unitId: string;
  index: number;
  change: number;
  significant: boolean | null;
}

export interface Dashboard {
  surveyId: string;
  unitId: string;
  waveId: string;
  /** The rounds of the trends, oldest first (at most 8, ending with the chosen one). */
  waves: { id: string; label: Label; periodStart: string }[];
  trend: BreakdownResult;
  topics: BreakdownResult;
  heatmap: BreakdownResult | null;
  movers: { risers: Mover[]; fallers: Mover[] };
  responseRate: { unitId: string; headcount: number; responses: number }[];
  enps: BreakdownResult;
  /**
   * Reorganisations inside this unit's subtree between the trend's rounds, each marked on the first round that
   * opened after it: the trend lines carry on (merged units count for the unit that carries them on).
   */
  orgChanges: { waveId: string; kind: string; unitId: string; intoUnitId: string | null; at: string }[];
  /** Demands and suggestions of this unit's staff (by the writer's unit): the round's quarter against the last. */
  cases: CasesPanel;
  /** How long the figures took on the server, in ms. */
  elapsedMs: number;
}

const trendLength = 8;

export async function runDashboard(
  db: Database,
  read: DuckDBConnection,
  body: unknown,
  viewer: Viewer,
  now: Date,
): Promise<Dashboard> {
  const started = performance.now();
  const q = parseWith(DashboardQuery, body);
  const surveyId = q.surveyId ?? (await newestSurvey(read));
  const snap = await readSnapshot(read, surveyId, viewer.scopeUnitId);
  if (!snap)
    throw new QueryError("scope_gone", "Your account's scope unit no longer exists; ask an administrator.");
  if (!snap.surveyExists)
    throw new QueryError("unknown_survey", `There is no survey "${surveyId}".`, "surveyId");
  const unit = snap.units.get(q.unitId ?? snap.scope.id);
  if (!unit?.path.startsWith(snap.scope.path)) {
    throw new QueryError("unknown_value", `There is no unit "${q.unitId}".`, "unitId");
  }
  // The chosen round, or the newest that has opened.
  const opened = snap.waves.filter((w) => w.periodStart <= now.toISOString().slice(0, 10));
  const wave = q.waveId ? snap.waves.find((w) => w.id === q.waveId) : (opened.at(-1) ?? snap.waves.at(-1));
  if (!wave) {
    throw new QueryError(
      q.waveId ? "unknown_wave" : "no_waves",
      q.waveId
        ? `There is no wave "${q.waveId}" of survey "${surveyId}".`
        : `Survey "${surveyId}" has no rounds yet.`,
      q.waveId ? "waveId" : "surveyId",
    );
  }
  const at = snap.waves.indexOf(wave);
  const trendWaves = snap.waves.slice(Math.max(0, at - trendLength + 1), at + 1);
  const within = [{ member: "unit" as const, operator: "within" as const, values: [unit.id] }];
  const childLevel = `unit:level_${unit.level + 1}` as const;
  const hasChildren = [...snap.units.values()].some((u) => u.parentId === unit.id);
  const run = (query: Omit<BreakdownQuery, "surveyId">) =>
    runBreakdown(read, { surveyId, filters: within, ...query }, viewer, snap);

  const trend = await run({
    measures: ["index", "favourable"],
    dimensions: ["wave", "topic"],
    waveIds: trendWaves.map((w) => w.id),
  });
  const topics = await run({
    measures: ["index", "favourable", "mean"],
    dimensions: ["topic"],
    waveIds: [wave.id],
    compare: "previous_period",
  });
  const heatmap = hasChildren
    ? await run({ measures: ["index"], dimensions: [childLevel, "topic"], waveIds: [wave.id] })
    : null;
  const children = hasChildren
    ? await run({
        measures: ["index", "mean"],
        dimensions: [childLevel],
        waveIds: [wave.id],
        compare: "previous_period",
      })
    : null;
  const enps = await run({ measures: ["enps"], dimensions: ["wave"], waveIds: trendWaves.map((w) => w.id) });
  const progress = await waveProgress(db, wave.id, viewer, now, unit.id);

  const movers: Mover[] = (children?.results ?? []).flatMap((r) => {
    const change = r.comparison?.change.index;
    const index = r.measures.index;
    if (r.suppressed || change == null || index == null) return [];
    // Significance is Welch's test on the mean answer, which moves with the index.
    const significant = r.comparison?.significant.mean ?? null;
    return [{ unitId: r.dimensions[childLevel] as string, index, change, significant }];
  });
  const byChange = [...movers].sort((a, b) => b.change - a.change);
  const childProgress = progress.units.filter((u) => u.parentId === unit.id);
  return {
    surveyId,
    unitId: unit.id,
    waveId: wave.id,
    waves: trendWaves.map((w) => ({ id: w.id, label: w.label, periodStart: w.periodStart })),
    trend,
    topics,
    heatmap,
    movers: {
      risers: byChange.filter((m) => m.change > 0).slice(0, 5),
      fallers: byChange
        .filter((m) => m.change < 0)
        .reverse()
        .slice(0, 5),
    },
    responseRate: (childProgress.length > 0
      ? childProgress
      : progress.units.filter((u) => u.id === unit.id)
    ).map((u) => ({
      unitId: u.id,
      headcount: u.subtree.headcount,
      responses: u.subtree.total,
    })),
    enps,
    orgChanges: await orgChanges(
      read,
      unit.path,
      trendWaves.map((w) => w.id),
    ),
    cases: await casesPanel(read, viewer, unit.id, wave.periodStart, now),
    elapsedMs: performance.now() - started,
  };
}

async function orgChanges(
  read: DuckDBConnection,
  unitPath: string,
  waveIds: string[],
): Promise<Dashboard["orgChanges"]> {
  if (waveIds.length === 0) return [];
  const rows = await queryRows<{
    kind: string;
    unit_id: string;
    into_unit_id: string | null;
    at: Date;
    wave_id: string | null;
  }>(
    read,
    `WITH trend AS (SELECT id, opens_at FROM waves WHERE id IN (${waveIds.map((_, i) => `$${i + 2}`).join(", ")}))
     SELECT c.kind, c.unit_id, c.into_unit_id, c."at",
            (SELECT t.id FROM trend t WHERE t.opens_at > c."at" ORDER BY t.opens_at LIMIT 1) AS wave_id
     FROM unit_changes c
     LEFT JOIN units a ON a.id = c.unit_id LEFT JOIN units b ON b.id = c.into_unit_id
     WHERE (starts_with(a.path, $1) OR starts_with(b.path, $1))
       AND c."at" > (SELECT min(opens_at) FROM trend)
       -- A headcount or kind set anew is no break in a trend; the tree's shape and names are.
       AND c.kind NOT IN ('headcount', 'kind')
     ORDER BY c.seq`,
    [unitPath, ...waveIds],
  );
  return rows.flatMap((r) =>
    r.wave_id
      ? [
          {
            waveId: r.wave_id,
            kind: r.kind,
            unitId: r.unit_id,
            intoUnitId: r.into_unit_id,
            at: r.at.toISOString(),
          },
        ]
      : [],
  );
}

async function newestSurvey(read: DuckDBConnection): Promise<string> {
  const reader = await read.runAndReadAll(
    "SELECT survey_id FROM waves ORDER BY period_start DESC, opens_at DESC LIMIT 1",
  );
  const id = reader.getRowObjectsJS()[0]?.survey_id;
  if (typeof id !== "string") throw new QueryError("no_waves", "There is no survey round yet.", "surveyId");
  return id;
}
