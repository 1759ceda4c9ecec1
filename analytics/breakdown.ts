// The breakdown engine end to end: parse → validate → compile → execute → suppress → (compare) → format.
// The one entry point routes call; it knows the user's scope but nothing of HTTP.
import type { DuckDBConnection } from "@duckdb/node-api";
import { readSnapshot, type Snapshot } from "./catalogue";
import { type ComparisonPlan, comparisonPlan } from "./compare";
import { compile } from "./compile";
import { QueryError } from "./errors";
import { type Cell, execute } from "./execute";
import { cellHeadcount, cellMeasures, formatRow, labels } from "./format";
import { parse } from "./parse";
import type { BreakdownResult, Comparison, Measures, ResultRow } from "./query";
import { twoProportionSignificant, welchSignificant } from "./stats";
import { type Suppression, suppress } from "./suppress";
import { type Plan, validate } from "./validate";

export interface Viewer {
  scopeUnitId: string;
}

export async function runBreakdown(
  read: DuckDBConnection,
  body: unknown,
  viewer: Viewer,
): Promise<BreakdownResult> {
  const query = parse(body);
  const snap = await readSnapshot(read, query.surveyId, viewer.scopeUnitId);
  if (!snap)
    throw new QueryError("scope_gone", "Your account's scope unit no longer exists; ask an administrator.");
  const plan = validate(query, snap);
  const cells = await execute(read, compile(plan.compile), plan.dimensions);
  const reasons = suppress(cells, plan.minGroupSize);
  const rows = cells.map((cell, i) =>
    formatRow(plan, plan.compile.dimensions, cell, reasons[i] ?? null, snap),
  );
  const warnings = [...plan.warnings];
  if (plan.compare) {
    const comparison = comparisonPlan(plan, snap, cells);
    if (typeof comparison === "string") warnings.push(comparison);
    else await attachComparisons(read, plan, snap, comparison, cells, reasons, rows);
  }
  return {
    results: rows,
    meta: {
      minGroupSize: plan.minGroupSize,
      suppressedRows: rows.filter((r) => r.suppressed).length,
      labels: labels(plan.dimensions, rows, snap),
      warnings,
    },
    query,
  };
}

async function attachComparisons(
  read: DuckDBConnection,
  plan: Plan,
  snap: Snapshot,
  comparison: ComparisonPlan,
  cells: readonly Cell[],
  reasons: readonly (Suppression | null)[],
  rows: ResultRow[],
): Promise<void> {
  const compared = await execute(read, compile(comparison.compile), plan.dimensions);
  // The compared cells are a result of their own: the same suppression rules apply to them.
  const comparedReasons = suppress(compared, plan.minGroupSize);
  if (comparison.parentUnitDimension !== undefined) {
    hideRecoverableParents(
      plan,
      snap,
      comparison.parentUnitDimension,
      cells,
      reasons,
      compared,
      comparedReasons,
    );
  }
  const byKey = new Map(compared.map((c, i) => [JSON.stringify(c.key), i]));
  const dims = comparison.compile.dimensions;
  cells.forEach((cell, i) => {
    const target = comparison.target(cell);
    if (target === null) return;
    const j = byKey.get(JSON.stringify(target));
    const other = j === undefined ? undefined : compared[j];
    const row = rows[i] as ResultRow;
    if (!other || j === undefined) {
      row.comparison = {
        dimensions: Object.fromEntries(dims.map((d, k) => [d.name, target[k] as string])),
        n: 0,
        suppressed: false,
        measures: Object.fromEntries(plan.measures.map((m) => [m, null])),
        change: Object.fromEntries(plan.measures.map((m) => [m, null])),
        significant: {},
      };
      return;
    }
    const hidden = comparedReasons[j] !== null;
    const measures = cellMeasures(plan, other, hidden, cellHeadcount(plan, dims, other, snap));
    const visible = !hidden && reasons[i] === null;
    const change: Measures = Object.fromEntries(
      plan.measures.map((m) => {
        const a = row.measures[m];
        const b = measures[m];
        return [m, visible && a != null && b != null ? a - b : null];
      }),
    );
    const significant: Comparison["significant"] = {};
    if (plan.measures.includes("favourable")) {
      significant.favourable = visible
        ? twoProportionSignificant(
            cell.parts.favourable,
            cell.parts.scaleAnswers,
            other.parts.favourable,
            other.parts.scaleAnswers,
          )
        : null;
    }
    if (plan.measures.includes("mean")) {
      significant.mean = visible
        ? welchSignificant(
            { n: cell.parts.scaleAnswers, sum: cell.parts.sumValue, sumSquares: cell.parts.sumSquares },
            { n: other.parts.scaleAnswers, sum: other.parts.sumValue, sumSquares: other.parts.sumSquares },
          )
        : null;
    }
    row.comparison = {
      dimensions: Object.fromEntries(dims.map((d, k) => [d.name, other.key[k] as string])),
      n: other.parts.n,
      suppressed: hidden,
      measures,
      change,
      significant,
    };
  });
}

/**
 * A parent's subtree total minus its visible child cells would give away the hidden ones: hide the parent's value
 * wherever the responses hidden below it (same other dimensions) number more than none but fewer than the minimum.
 */
function hideRecoverableParents(
  plan: Plan,
  snap: Snapshot,
  ui: number,
  cells: readonly Cell[],
  reasons: readonly (Suppression | null)[],
  parents: readonly Cell[],
  parentReasons: (Suppression | null)[],
): void {
  parents.forEach((parent, j) => {
    if (parentReasons[j] !== null) return;
    const p = snap.units.get(parent.key[ui] as string);
    if (!p) return;
    const rest = (key: readonly string[]) => JSON.stringify(key.filter((_, k) => k !== ui));
    const same = rest(parent.key);
    let visible = 0;
    cells.forEach((c, i) => {
      const unit = snap.units.get(c.key[ui] as string);
      if (reasons[i] === null && unit?.path.startsWith(p.path) && rest(c.key) === same) visible += c.parts.n;
    });
    const hiddenBelow = parent.parts.n - visible;
    if (hiddenBelow > 0 && hiddenBelow < plan.minGroupSize) parentReasons[j] = "complementary";
  });
}
