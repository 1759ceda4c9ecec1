// The breakdown engine end to end: parse → validate → compile → execute → suppress → (compare) → format.
// The one entry point routes call; it knows the user's scope but nothing of HTTP.
import type { DuckDBConnection } from "@duckdb/node-api";
import { readSnapshot, type Snapshot } from "./catalogue";
import { type ComparisonPlan, comparisonPlan } from "./compare";
import { compile } from "./compile";
import { QueryError } from "./errors";
import { type Cell, execute } from "./execute";
import { cellHeadcount, cellMeasures, formatRow, labels } from "./format";
import { nestedDimensions } from "./nesting";
import { parse } from "./parse";
import type { BreakdownResult, Comparison, Measures, ResultRow } from "./query";
import { residualHidden } from "./residual";
import { twoProportionSignificant, welchSignificant } from "./stats";
import { type Suppression, suppress, type UnitTree } from "./suppress";
import { type Plan, validate } from "./validate";

export interface Viewer {
  scopeUnitId: string;
}

/**
 * `known`: a snapshot the caller already read for this survey and viewer (the dashboard runs six breakdowns on
 * one); otherwise it is read here.
 */
export async function runBreakdown(
  read: DuckDBConnection,
  body: unknown,
  viewer: Viewer,
  known?: Snapshot,
): Promise<BreakdownResult> {
  const query = parse(body);
  const reuse = known && known.surveyId === query.surveyId && known.scope.id === viewer.scopeUnitId;
  const snap = reuse ? known : await readSnapshot(read, query.surveyId, viewer.scopeUnitId);
  if (!snap)
    throw new QueryError("scope_gone", "Your account's scope unit no longer exists; ask an administrator.");
  const plan = validate(query, snap);
  const cells = await execute(read, compile(plan.compile), plan.dimensions);
  const trees = nestedDimensions(plan.compile.dimensions, snap);
  const lifted = new Map<string, Cell[]>();
  const cut = await residualHidden(read, plan.compile, cells, snap, plan.minGroupSize, lifted);
  let reasons = suppress(cells, plan.minGroupSize, cutReasons(cut), trees);
  const warnings = [...plan.warnings];
  let residualWarned = cut.some((c, i) => c && (cells[i] as Cell).parts.n >= plan.minGroupSize);
  let compared: Compared | null = null;
  if (plan.compare) {
    const comparison = comparisonPlan(plan, snap, cells);
    if (typeof comparison === "string") warnings.push(comparison);
    else {
      compared = await suppressCompared(read, plan, snap, comparison, cells, reasons, trees, lifted);
      reasons = compared.mainReasons;
      residualWarned ||= compared.residualCut;
    }
  }
  if (residualWarned) warnings.push(residualWarning(plan.minGroupSize));
  const rows = cells.map((cell, i) =>
    formatRow(plan, plan.compile.dimensions, cell, reasons[i] ?? null, snap),
  );
  if (compared) attachComparisons(plan, snap, compared, cells, reasons, rows);
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

const hiddenCount = (reasons: readonly (Suppression | null)[]) => reasons.filter((r) => r !== null).length;

/** Cells a restriction cuts are hidden beforehand, as a complementary suppression: their own n may be large. */
const cutReasons = (cut: readonly boolean[]): (Suppression | null)[] =>
  cut.map((c) => (c ? "complementary" : null));

export const residualWarning = (minGroupSize: number) =>
  `Some cells are hidden because your scope, filters, waves or dates leave out of them between 1 and ${minGroupSize - 1} responses that a subtraction could single out.`;

interface Compared {
  comparison: ComparisonPlan;
  cells: Cell[];
  reasons: (Suppression | null)[];
  /** The main result's reasons, which a joint suppression may have added to. */
  mainReasons: (Suppression | null)[];
  /** Some compared cell of n ≥ minGroupSize was hidden for what the comparison's restrictions leave out. */
  residualCut: boolean;
}

/**
 * Runs the compared cells and hides what must be hidden in them. Previous waves or periods share the main
 * result's key space (a wave or period is one dimension of both), so both are suppressed as one table: a cell
 * hidden in one is hidden in the other. Compared results of their own (earlier waves without a wave dimension,
 * parent subtrees) get the same rules on their own, and parents the check against hidden children.
 */
async function suppressCompared(
  read: DuckDBConnection,
  plan: Plan,
  snap: Snapshot,
  comparison: ComparisonPlan,
  cells: readonly Cell[],
  reasons: (Suppression | null)[],
  trees: UnitTree[],
  lifted: Map<string, Cell[]>,
): Promise<Compared> {
  const compared = await execute(read, compile(comparison.compile), plan.dimensions);
  // The compared cells are a restricted result of their own (earlier waves, a shifted date range, parent subtrees).
  const cut = await residualHidden(read, comparison.compile, compared, snap, plan.minGroupSize, lifted);
  const residualCut = cut.some((c, i) => c && (compared[i] as Cell).parts.n >= plan.minGroupSize);
  const key = (c: Cell) => JSON.stringify(c.key);
  if (comparison.joint) {
    const known = new Set(cells.map(key));
    const extra = compared.flatMap((c, i) => (known.has(key(c)) ? [] : [i]));
    const union = [...cells, ...extra.map((i) => compared[i] as Cell)];
    // The union's sets and the result's own sets must both hold: a hidden compared cell may satisfy a set of the
    // union that, within the result alone, would leave one hidden cell to subtract. Repeat until both are stable.
    let main = reasons;
    let joint = suppress(
      union,
      plan.minGroupSize,
      [...main, ...cutReasons(extra.map((i) => cut[i] ?? false))],
      trees,
    );
    for (;;) {
      const next = suppress(cells, plan.minGroupSize, joint.slice(0, cells.length), trees);
      if (hiddenCount(next) === hiddenCount(joint.slice(0, cells.length))) {
        main = next;
        break;
      }
      main = next;
      joint = suppress(union, plan.minGroupSize, [...main, ...joint.slice(cells.length)], trees);
    }
    const at = new Map(union.map((c, i) => [key(c), i]));
    return {
      comparison,
      cells: compared,
      reasons: compared.map((c) => joint[at.get(key(c)) as number] ?? null),
      mainReasons: main,
      residualCut,
    };
  }
  let comparedReasons = suppress(compared, plan.minGroupSize, cutReasons(cut), trees);
  if (comparison.parentUnitDimension !== undefined) {
    // Hiding a parent can leave a set of compared siblings with one hidden cell, and the sibling rule can hide a
    // parent that another parent's check relied on: repeat both until nothing changes.
    for (let before = -1; before !== hiddenCount(comparedReasons); ) {
      before = hiddenCount(comparedReasons);
      hideRecoverableParents(
        plan,
        snap,
        comparison.parentUnitDimension,
        cells,
        reasons,
        compared,
        comparedReasons,
      );
      comparedReasons = suppress(compared, plan.minGroupSize, comparedReasons, trees);
    }
  }
  return { comparison, cells: compared, reasons: comparedReasons, mainReasons: reasons, residualCut };
}

function attachComparisons(
  plan: Plan,
  snap: Snapshot,
  { comparison, cells: compared, reasons: comparedReasons }: Compared,
  cells: readonly Cell[],
  reasons: readonly (Suppression | null)[],
  rows: ResultRow[],
): void {
  const byKey = new Map(compared.map((c, i) => [JSON.stringify(c.key), i]));
  // With a wave or period dimension a key names one cell: where the compared cell is also a row of the result,
  // the row's own figures are used, so one key never shows two different counts (their difference would be a
  // respondent's answer).
  const mainByKey = comparison.joint ? new Map(cells.map((c, i) => [JSON.stringify(c.key), i])) : new Map();
  const dims = comparison.compile.dimensions;
  cells.forEach((cell, i) => {
    const target = comparison.target(cell);
    if (target === null) return;
    const targetKey = JSON.stringify(target);
    const mainIndex = mainByKey.get(targetKey);
    const j = byKey.get(targetKey);
    const other = mainIndex !== undefined ? cells[mainIndex] : j === undefined ? undefined : compared[j];
    const row = rows[i] as ResultRow;
    if (!other) {
      // No responses there: a cell of n = 0, below any minimum, like a total over nothing; nothing to test.
      const untested: Comparison["significant"] = {};
      if (plan.measures.includes("favourable")) untested.favourable = null;
      if (plan.measures.includes("mean")) untested.mean = null;
      row.comparison = {
        dimensions: Object.fromEntries(dims.map((d, k) => [d.name, target[k] as string])),
        n: 0,
        suppressed: true,
        measures: Object.fromEntries(plan.measures.map((m) => [m, null])),
        change: Object.fromEntries(plan.measures.map((m) => [m, null])),
        significant: untested,
      };
      return;
    }
    const hidden = (mainIndex !== undefined ? reasons[mainIndex] : comparedReasons[j as number]) !== null;
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
 * A parent's subtree total minus what is visible below it would give away the hidden cells: hide the parent's value
 * wherever the responses hidden below it (same other dimensions) number more than none but fewer than the minimum.
 * "Visible below it" counts the visible cells and the visible subtree totals of nearer parents: a total minus a
 * nested total is a subtraction too. Hiding a parent can expose its own parent's remainder, so repeat until stable.
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
  const at = (unit: string, key: readonly string[]) => JSON.stringify([unit, key.filter((_, k) => k !== ui)]);
  const children = new Map<string, string[]>();
  for (const u of snap.units.values()) {
    if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  }
  const visibleCell = new Map<string, number>();
  cells.forEach((c, i) => {
    if (reasons[i] === null) visibleCell.set(at(c.key[ui] as string, c.key), c.parts.n);
  });
  for (let changed = true; changed; ) {
    changed = false;
    const visibleTotal = new Map<string, number>();
    parents.forEach((p, j) => {
      if (parentReasons[j] === null) visibleTotal.set(at(p.key[ui] as string, p.key), p.parts.n);
    });
    // Responses in `unit`'s subtree that visible cells and visible totals account for (`withTotal`: its own).
    const known = (unit: string, key: readonly string[], withTotal: boolean): number => {
      const total = withTotal ? visibleTotal.get(at(unit, key)) : undefined;
      if (total !== undefined) return total;
      const below = (children.get(unit) ?? []).reduce((sum, c) => sum + known(c, key, true), 0);
      return (visibleCell.get(at(unit, key)) ?? 0) + below;
    };
    parents.forEach((parent, j) => {
      if (parentReasons[j] !== null) return;
      const hiddenBelow = parent.parts.n - known(parent.key[ui] as string, parent.key, false);
      if (hiddenBelow > 0 && hiddenBelow < plan.minGroupSize) {
        parentReasons[j] = "complementary";
        changed = true;
      }
    });
  }
}
