// Case figures end to end (诉求办理 for leaders): parse → validate → compile → execute → suppress → format. The one
// entry point routes call; it knows the caller's scope but nothing of HTTP. Definitions: registry.ts.
// Anonymity: the breakdown's own suppression stage — a cell of fewer cases than minGroupSize shows n but no measure,
// and siblings are hidden with it so no hidden cell can be recovered by subtraction; the satisfaction rate passes the
// same stage again counted in ratings. No case text ever leaves here.
import type { DuckDBConnection } from "@duckdb/node-api";
import { localDate } from "../../server/cases/calendar";
import type { Viewer } from "../breakdown";
import { QueryError } from "../errors";
import { parseWith } from "../parse";
import { suppress, type UnitTree } from "../suppress";
import { type CaseSnapshot, readCaseSnapshot } from "./catalogue";
import { compileCases } from "./compile";
import { executeCases } from "./execute";
import { caseLabels, formatCaseRow } from "./format";
import { CaseFiguresQuery, type CaseFiguresResult } from "./query";
import { validateCases } from "./validate";

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
  // Unit keys nest along the tree: a subtree's total is public through a coarser roll-up, so it is a sibling set.
  const trees: UnitTree[] = plan.compile.dimensions.flatMap((d, i) =>
    d.registryKey === "unit" || d.registryKey === "unit:level"
      ? [{ dimension: i, pathOf: (id: string) => snap.units.get(id)?.path }]
      : [],
  );
  const reasons = suppress(cells, plan.minGroupSize, undefined, trees);
  // A satisfaction rate is the writers' own verdicts: it is shown only over enough ratings, with the same sibling
  // rule in the space of ratings, so one writer's rating is never shown nor recovered by subtraction.
  const byRatings = cells.map((c) => ({ key: c.key, parts: { n: c.parts.rated } }));
  const ratingReasons = suppress(byRatings, plan.minGroupSize, reasons, trees);
  const rows = cells.map((cell, i) =>
    formatCaseRow(
      plan,
      cell,
      reasons[i] ?? null,
      ratingReasons[i] !== null && ratingReasons[i] !== undefined,
    ),
  );
  const warnings = [...plan.warnings];
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
