// The periodic analysis report (职工思想动态分析报告) for one unit and one round: headline figures against the
// round before, topic trends, the largest changes and the child units they come from, the units needing attention,
// response rates and a few representative comments (each from a pool of 10 or more). Built from the dashboard,
// the breakdown engine and the comments pool, so scope and anonymity rules hold exactly as there.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Database } from "../server/storage/database";
import { runBreakdown, type Viewer } from "./breakdown";
import { runComments } from "./comments";
import { type Dashboard, runDashboard } from "./dashboard";
import type { BreakdownResult, Label } from "./query";

export interface Headline {
  responses: number;
  headcount: number;
  index: number | null;
  favourable: number | null;
  enps: number | null;
  /** Change against the round before (null when either side is hidden or missing). */
  change: { index: number | null; favourable: number | null; enps: number | null };
}

export interface TopicChange {
  topic: string;
  change: number;
  significant: boolean | null;
  /** Child units whose own change in this topic moved the most in the same direction. */
  drivers: { unitId: string; change: number }[];
}

export interface ReportData {
  surveyId: string;
  unitId: string;
  waveId: string;
  previousWaveId: string | null;
  headline: Headline;
  dashboard: Dashboard;
  largestChanges: TopicChange[];
  /** Child units with the lowest index this round, or a significant fall. */
  attention: { unitId: string; index: number; change: number | null; significant: boolean | null }[];
  comments: { question: string; text: string }[];
  labels: { topics: Record<string, Label>; waves: Record<string, Label> };
}

export async function buildReport(
  db: Database,
  read: DuckDBConnection,
  body: { surveyId?: string; unitId?: string; waveId?: string },
  viewer: Viewer,
  now: Date,
): Promise<ReportData> {
  const dashboard = await runDashboard(db, read, body, viewer, now);
  const { surveyId, unitId, waveId } = dashboard;
  const at = dashboard.waves.findIndex((w) => w.id === waveId);
  const previousWaveId = at > 0 ? (dashboard.waves[at - 1]?.id ?? null) : null;
  const within = [{ member: "unit" as const, operator: "within" as const, values: [unitId] }];
  const total = await runBreakdown(
    read,
    {
      surveyId,
      measures: ["responses", "index", "favourable", "enps"],
      waveIds: [waveId],
      filters: within,
      compare: "previous_period",
    },
    viewer,
  );
  const row = total.results[0];
  const headcount = dashboard.responseRate.reduce((s, r) => s + r.headcount, 0);
  const headline: Headline = {
    responses: row?.n ?? 0,
    headcount,
    index: row?.measures.index ?? null,
    favourable: row?.measures.favourable ?? null,
    enps: row?.measures.enps ?? null,
    change: {
      index: row?.comparison?.change.index ?? null,
      favourable: row?.comparison?.change.favourable ?? null,
      enps: row?.comparison?.change.enps ?? null,
    },
  };

  const childLevel = dashboard.heatmap?.query.dimensions?.[0];
  const byChild: BreakdownResult | null = childLevel
    ? await runBreakdown(
        read,
        {
          surveyId,
          measures: ["index"],
          dimensions: [childLevel, "topic"],
          waveIds: [waveId],
          filters: within,
          compare: "previous_period",
        },
        viewer,
      )
    : null;
  const largestChanges: TopicChange[] = dashboard.topics.results
    .flatMap((r) => {
      const change = r.comparison?.change.index;
      return r.suppressed || change == null
        ? []
        : [
            {
              topic: r.dimensions.topic as string,
              change,
              significant: r.comparison?.significant.favourable ?? null,
            },
          ];
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, 3)
    .map((t) => ({
      ...t,
      drivers: (byChild?.results ?? [])
        .flatMap((r) => {
          const change = r.comparison?.change.index;
          if (
            r.dimensions.topic !== t.topic ||
            r.suppressed ||
            change == null ||
            Math.sign(change) !== Math.sign(t.change)
          )
            return [];
          return [{ unitId: r.dimensions[childLevel as string] as string, change }];
        })
        .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
        .slice(0, 3),
    }));

  const attention = [...dashboard.movers.fallers.filter((m) => m.significant), ...lowest(dashboard)]
    .filter((m, i, all) => all.findIndex((x) => x.unitId === m.unitId) === i)
    .slice(0, 5);

  const comments = await runComments(
    read,
    { surveyId, waveIds: [waveId], unitsWithin: [unitId], limit: 5 },
    viewer,
  );
  return {
    surveyId,
    unitId,
    waveId,
    previousWaveId,
    headline,
    dashboard,
    largestChanges,
    attention,
    // A few texts, taken in the pool's own (hash) order: representative, never picked to point at anyone.
    comments: comments.cells
      .flatMap((c) => c.texts)
      .slice(0, 6)
      .map((c) => ({ question: c.question, text: c.text })),
    labels: {
      topics: dashboard.topics.meta.labels.topic ?? {},
      waves: Object.fromEntries(dashboard.waves.map((w) => [w.id, w.label])),
    },
  };
}

/** The three child units with the lowest index this round (hidden ones are not ranked). */
function lowest(dashboard: Dashboard) {
  // Without child units (a team) there is nobody to rank.
  if (!dashboard.heatmap) return [];
  return childIndexes(dashboard)
    .sort((a, b) => a.index - b.index)
    .slice(0, 3);
}

function childIndexes(dashboard: Dashboard) {
  const dim = dashboard.heatmap?.query.dimensions?.[0] as string;
  const sums = new Map<string, { total: number; count: number }>();
  for (const r of dashboard.heatmap?.results ?? []) {
    const v = r.measures.index;
    if (r.suppressed || v == null) continue;
    const id = r.dimensions[dim] as string;
    const s = sums.get(id) ?? { total: 0, count: 0 };
    s.total += v;
    s.count += 1;
    sums.set(id, s);
  }
  const movers = new Map([...dashboard.movers.risers, ...dashboard.movers.fallers].map((m) => [m.unitId, m]));
  return [...sums].map(([unitId, s]) => ({
    unitId,
    // The mean of its topics' indices: each topic counts once, as on the heatmap.
    index: s.total / s.count,
    change: movers.get(unitId)?.change ?? null,
    significant: movers.get(unitId)?.significant ?? null,
  }));
}
