// execute: runs one compiled query on DuckDB's read connection and returns its cells (dimension keys and summed
// parts). It neither hides small cells nor computes measures: suppress and format do.
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../server/storage/database";
import { type CompiledQuery, maxCells } from "./compile";
import { QueryError } from "./errors";
import { type CellParts, periodLabel } from "./registry";

export interface Cell {
  /** One key per dimension, in plan order. */
  key: string[];
  parts: CellParts;
}

const noParts: CellParts = {
  n: 0,
  waves: 0,
  scaleAnswers: 0,
  sumValue: 0,
  sumSquares: 0,
  sumIndex: 0,
  favourable: 0,
  unfavourable: 0,
  enpsAnswers: 0,
  promoters: 0,
  detractors: 0,
};

/** A compiled query's shape as reading it needs: its SQL, and which columns are keys and which summed parts. */
interface CellQuery {
  sql: string;
  params: CompiledQuery["params"];
  dimensionColumns: readonly string[];
  partColumns: readonly string[];
}

/**
 * Runs a compiled cell query (a breakdown's or the case figures'): refuses a result of more than maxCells cells,
 * turns period keys (numbers) into labels, and parts into numbers. `result` names it in the refusal.
 */
export async function readCells(
  read: DuckDBConnection,
  compiled: CellQuery,
  dimensionNames: readonly string[],
  result: string,
): Promise<{ key: string[]; parts: Record<string, number> }[]> {
  const rows = await queryRows<Record<string, unknown>>(read, compiled.sql, compiled.params);
  if (rows.length > maxCells) {
    throw new QueryError(
      "too_many_cells",
      `${result} more than ${maxCells.toLocaleString("en")} cells; use fewer or coarser dimensions, or filters.`,
      "dimensions",
    );
  }
  return rows.map((row) => ({
    key: compiled.dimensionColumns.map((c, i) => {
      const name = dimensionNames[i] as string;
      return name.startsWith("period:") ? periodLabel(name, Number(row[c])) : String(row[c]);
    }),
    parts: Object.fromEntries(compiled.partColumns.map((c) => [c, Number(row[c] ?? 0)])),
  }));
}

/** `dimensionNames` in plan order: period keys come back as numbers and leave here as labels. */
export async function execute(
  read: DuckDBConnection,
  compiled: CompiledQuery,
  dimensionNames: readonly string[],
): Promise<Cell[]> {
  const cells = await readCells(read, compiled, dimensionNames, "This breakdown has");
  return cells.map((cell) => ({ key: cell.key, parts: { ...noParts, ...cell.parts } }));
}
