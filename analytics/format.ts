// format: turns cells, their suppression and comparisons into the contract's result rows and labels: measures
// from summed parts (null where hidden), the favourable interval, response-rate headcounts. No I/O, no SQL.
import type { CatalogueUnit, Snapshot } from "./catalogue";
import type { PlannedDimension } from "./compile";
import type { Cell } from "./execute";
import type { Label, Measures, ResultRow } from "./query";
import { measureRegistry } from "./registry";
import { wilson } from "./stats";
import type { Suppression } from "./suppress";
import type { Plan } from "./validate";

/** The measures of a cell, or all null when hidden. */
export function cellMeasures(plan: Plan, cell: Cell, hidden: boolean, headcount: number | null): Measures {
  return Object.fromEntries(
    plan.measures.map((m) => [m, hidden ? null : measureRegistry[m](cell.parts, headcount)]),
  ) as Measures;
}

/** The unit (of the population) each response of `unit` counts under for a dimension, or null when none. */
function mapsTo(dim: PlannedDimension, unit: CatalogueUnit, key: CatalogueUnit): boolean {
  const mapping = dim.unit ?? { mode: "own" };
  if (mapping.mode === "own") return unit.id === key.id;
  if (mapping.mode === "subtree") return unit.path.startsWith(key.path);
  // Only residual checks key by a partition, and they read counts, never rates: their headcount is not asked for.
  if (mapping.mode === "partition") return false;
  // level N: units at or below N count under their ancestor at N; units above N stay on their own.
  if (unit.level < mapping.level) return unit.id === key.id;
  return unit.path.startsWith(key.path) && key.level === mapping.level;
}

/**
 * Headcount behind a cell's response rate: the population units that count under the cell's unit key (for the
 * finest unit dimension), or the whole population without one; null by respondent group (headcount is per unit).
 */
export function cellHeadcount(
  plan: Plan,
  dims: readonly PlannedDimension[],
  cell: Cell,
  snap: Snapshot,
): number | null {
  if (!plan.measures.includes("response_rate")) return null;
  if (dims.some((d) => d.registryKey === "group")) return null;
  let units = plan.population;
  dims.forEach((dim, i) => {
    if (!dim.unit) return;
    const key = snap.units.get(cell.key[i] as string);
    units = key ? units.filter((u) => mapsTo(dim, u, key)) : [];
  });
  return units.reduce((sum, u) => sum + u.headcount, 0);
}

export function formatRow(
  plan: Plan,
  dims: readonly PlannedDimension[],
  cell: Cell,
  reason: Suppression | null,
  snap: Snapshot,
): ResultRow {
  const hidden = reason !== null;
  const row: ResultRow = {
    dimensions: Object.fromEntries(dims.map((d, i) => [d.name, cell.key[i] as string])),
    measures: cellMeasures(plan, cell, hidden, cellHeadcount(plan, dims, cell, snap)),
    n: cell.parts.n,
    suppressed: hidden,
  };
  if (reason) row.reason = reason;
  if (plan.measures.includes("favourable")) {
    row.intervals = { favourable: hidden ? null : wilson(cell.parts.favourable, cell.parts.scaleAnswers) };
  }
  return row;
}

export const channelLabels: Record<string, Label> = {
  online: { default: "Online", "zh-cn": "网上" },
  onsite: { default: "On site", "zh-cn": "现场" },
  paper: { default: "Paper", "zh-cn": "纸质" },
};

/** Labels for every dimension value that appears in the rows (and their comparisons). */
export function labels(dims: readonly string[], rows: readonly ResultRow[], snap: Snapshot) {
  const out: Record<string, Record<string, Label>> = {};
  for (const dim of dims) {
    const values = new Set<string>();
    for (const r of rows) {
      const v = r.dimensions[dim];
      if (v !== undefined) values.add(v);
      const c = r.comparison?.dimensions[dim];
      if (c !== undefined) values.add(c);
    }
    out[dim] = Object.fromEntries([...values].map((v) => [v, labelOf(dim, v, snap)]));
  }
  return out;
}

function labelOf(dim: string, value: string, snap: Snapshot): Label {
  if (dim.startsWith("unit")) return snap.units.get(value)?.label ?? value;
  if (dim === "topic") return snap.topics.get(value) ?? value;
  if (dim === "question") return snap.items.get(value)?.label ?? value;
  if (dim === "group") return snap.groups.get(value) ?? value;
  if (dim === "channel") return channelLabels[value] ?? value;
  if (dim === "wave") return snap.waves.find((w) => w.id === value)?.label ?? value;
  return value;
}
