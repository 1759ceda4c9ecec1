// Case figures end to end (诉求办理 for leaders): parse → validate → compile → execute → suppress → format. The one
// entry point routes call; it knows the caller's scope but nothing of HTTP. Definitions: registry.ts.
// Anonymity: the breakdown's own suppression stage — a cell of fewer cases than minGroupSize shows n but no measure,
// and siblings are hidden with it so no hidden cell can be recovered by subtraction; the satisfaction rate passes the
// same stage again counted in ratings. No case text ever leaves here.
import type { DuckDBConnection } from "@duckdb/node-api";
import { localDate } from "../../server/cases/calendar";
import type { Viewer } from "../breakdown";
import { QueryError } from "../errors";
import { periodPath } from "../nesting";
import { parseWith } from "../parse";
import { type Suppression, suppress, type UnitTree } from "../suppress";
import { type CaseSnapshot, readCaseSnapshot } from "./catalogue";
import { compileCases } from "./compile";
import { executeCases } from "./execute";
import { caseLabels, formatCaseRow } from "./format";
import { CaseFiguresQuery, type CaseFiguresResult } from "./query";
import { caseResidualHidden } from "./residual";
import { validateCases } from "./validate";

const complementary = (cut: boolean): Suppression | null => (cut ? "complementary" : null);

/** `known`: a snapshot the caller already read for this viewer (the dashboard asks several figures at once). */
export async function runCaseFigures(
  read: DuckDBConnection,
  body: unknown,
  viewer: Viewer,
  now: Date,
  known?: CaseSnapshot,
): Promise<CaseFiguresResult> {
  const query = parseWith(CaseFiguresQuery, body);
  const snap =
    known?.scope.id === viewer.scopeUnitId ? known : await readCaseSnapshot(read, viewer.scopeUnitId);
  if (!snap)
    throw new QueryError("scope_gone", "Your account's scope unit no longer exists; ask an administrator.");
  const plan = validateCases(query, snap, localDate(now, snap.settings.tzOffsetMinutes));
  const cells = await executeCases(read, compileCases(plan.compile), plan.dimensions);
  // Unit keys nest along the tree, months in quarters and years: a parent's total is public through a coarser
  // query, so the cells inside one parent are a sibling set.
  const trees: UnitTree[] = plan.compile.dimensions.flatMap((d, i): UnitTree[] => {
    if (d.registryKey === "unit" || d.registryKey === "unit:level")
      return [{ dimension: i, pathOf: (id: string) => snap.units.get(id)?.path }];
    if (d.registryKey === "period:month" || d.registryKey === "period:quarter")
      return [{ dimension: i, pathOf: periodPath }];
    return [];
  });
  // What the scope, the filters, the rounds or the dates leave out of a cell is a hidden cell too (residual.ts).
  const cut = await caseResidualHidden(read, plan.compile, cells, snap, plan.minGroupSize);
  const reasons = suppress(cells, plan.minGroupSize, cut.cases.map(complementary), trees);
  // A satisfaction rate is the writers' own verdicts: it is shown only over enough ratings, with the same sibling
  // rule in the space of ratings, so one writer's rating is never shown nor recovered by subtraction.
  const byRatings = cells.map((c) => ({ key: c.key, parts: { n: c.parts.rated } }));
  const ratingReasons = suppress(
    byRatings,
    plan.minGroupSize,
    reasons.map((r, i) => r ?? complementary(cut.ratings[i] ?? false)),
    trees,
  );
  const rows = cells.map((cell, i) =>
    formatCaseRow(
      plan,
      cell,
      reasons[i] ?? null,
      ratingReasons[i] !== null && ratingReasons[i] !== undefined,
    ),
  );
  const warnings = [...plan.warnings];
  if (cut.cases.some((c, i) => c && (cells[i] as { parts: { n: number } }).parts.n >= plan.minGroupSize)) {
    warnings.push(
      `Some cells are hidden because your scope, filters, rounds or dates leave out of them between 1 and ${plan.minGroupSize - 1} cases that a subtraction could single out.`,
    );
  }
  if (plan.measures.includes("satisfaction_rate") && rows.some((r, i) => !r.suppressed && ratingReasons[i])) {
    warnings.push(
      `satisfaction_rate is hidden in cells with fewer than ${plan.minGroupSize} ratings (or to protect such a cell).`,
    );
  }
  return {
    results: rows,
    meta: {
      minGroupSize: plan.minGroupSize,
      suppressedRows: rows.filter((r) => r.suppressed).length,
      labels: caseLabels(plan.dimensions, rows, snap),
      warnings,
    },
    query,
  };
}
