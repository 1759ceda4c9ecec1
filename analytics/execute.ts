// execute: runs one compiled query on DuckDB's read connection and returns its cells (dimension keys and summed
// parts). It neither hides small cells nor computes measures: suppress and format do.
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../server/storage/database";
import type { CompiledQuery } from "./compile";
import type { CellParts } from "./registry";

export interface Cell {
  /** One key per dimension, in plan order. */
  key: string[];
  parts: CellParts;
}

export async function execute(read: DuckDBConnection, compiled: CompiledQuery): Promise<Cell[]> {
  const rows = await queryRows<Record<string, unknown>>(read, compiled.sql, compiled.params);
  return rows.map((row) => ({
    key: compiled.dimensionColumns.map((c) => String(row[c])),
    parts: Object.fromEntries(
      compiled.partColumns.map((c) => [c, Number(row[c] ?? 0)]),
    ) as unknown as CellParts,
  }));
}
