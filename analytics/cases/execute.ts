// execute: runs one compiled case figures query on DuckDB's read connection and returns its cells (dimension keys
// and summed parts). It neither hides small cells nor computes measures: suppress and format do.
import type { DuckDBConnection } from "@duckdb/node-api";
import { readCells } from "../execute";
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
  const cells = await readCells(read, compiled, dimensionNames, "These figures have");
  // Every part column is selected (compile.ts lists them all), so each cell has every part.
  return cells.map((cell) => ({ key: cell.key, parts: cell.parts as unknown as CaseParts }));
}
