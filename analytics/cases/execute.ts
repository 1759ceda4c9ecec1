// execute: runs one compiled case figures query on DuckDB's read connection and returns its cells (dimension keys
// and summed parts). It neither hides small cells nor computes measures: suppress and format do.
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../../server/storage/database";
import { maxCells } from "../compile";
import { QueryError } from "../errors";
import { periodLabel } from "../registry";
import type { CompiledCaseQuery } from "./compile";
import type { CaseParts } from "./registry";

export interface CaseCell {
  key: string[];
  parts: CaseParts;
}

export async function executeCases(
  read: DuckDBConnection,
  compiled: CompiledCaseQuery,
  dimensionNames: readonly string[],
): Promise<CaseCell[]> {
  const rows = await queryRows<Record<string, unknown>>(read, compiled.sql, compiled.params);
  if (rows.length > maxCells) {
    throw new QueryError(
      "too_many_cells",
      `These figures have more than ${maxCells.toLocaleString("en")} cells; use fewer or coarser dimensions, or filters.`,
      "dimensions",
    );
  }
  return rows.map((row) => ({
    key: compiled.dimensionColumns.map((c, i) => {
      const name = dimensionNames[i] as string;
      return name.startsWith("period:") ? periodLabel(name, Number(row[c])) : String(row[c]);
    }),
    parts: Object.fromEntries(
      compiled.partColumns.map((p) => [p, Number(row[p] ?? 0)]),
    ) as unknown as CaseParts,
  }));
}
