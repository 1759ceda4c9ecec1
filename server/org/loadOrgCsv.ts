// Reads the organisation (units with headcounts) and respondent groups from CSV files, as documented in README.
// It checks every row and reports all bad rows at once; storing is left to replaceOrganisation / upsertGroups.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { checkOrgRows, describeProblem, idPattern, orgColumns } from "./checkOrgRows";
import type { UnitInput } from "./units";

export interface GroupInput {
  id: string;
  nameZh: string;
  nameEn: string;
}

export class CsvError extends Error {}

function readCsv(file: string, columns: readonly string[]): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new CsvError(`${file}: cannot read CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = Object.keys(records[0] ?? {});
  const missing = columns.filter((c) => !header.includes(c));
  if (records.length > 0 && missing.length > 0) {
    throw new CsvError(`${file}: missing column(s) ${missing.join(", ")}; expected ${columns.join(",")}.`);
  }
  return records;
}

function fail(file: string, problems: string[]): never {
  throw new CsvError(`${file} has ${problems.length} problem(s):\n${problems.join("\n")}`);
}

/** Columns: id,parent_id,name_zh,name_en,kind,headcount — parent_id empty for the one root. Row 2 is the first data row. */
export function readUnitsCsv(file: string): UnitInput[] {
  const rows = readCsv(file, orgColumns);
  const { units, problems } = checkOrgRows(
    orgColumns,
    rows.map((r, i) => ({ row: i + 2, cells: new Map(Object.entries(r)) })),
  );
  if (problems.length > 0) fail(file, problems.map(describeProblem));
  return units.map(({ row: _row, ...unit }) => unit);
}

/** Columns: id,name_zh,name_en. */
export function readGroupsCsv(file: string): GroupInput[] {
  const rows = readCsv(file, ["id", "name_zh", "name_en"]);
  const problems: string[] = [];
  const seen = new Set<string>();
  const groups = rows.map((r, i) => {
    const id = r.id ?? "";
    if (!idPattern.test(id))
      problems.push(`row ${i + 2}: id "${id}" must be 1-100 letters, digits, _ . or -.`);
    if (seen.has(id)) problems.push(`row ${i + 2}: id "${id}" appears twice.`);
    seen.add(id);
    if (!r.name_zh) problems.push(`row ${i + 2}: name_zh is empty.`);
    return { id, nameZh: r.name_zh ?? "", nameEn: r.name_en || (r.name_zh ?? "") };
  });
  if (rows.length === 0) problems.push("the file has no groups.");
  if (problems.length > 0) fail(file, problems);
  return groups;
}
