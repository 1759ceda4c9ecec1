// Turns a breakdown result into a table for export: one row per result row, dimension ids and labels, n, whether
// hidden, each measure (null where hidden) and, with a comparison, its change. It writes no file format itself.
import { type BreakdownResult, labelText } from "./query";

export type Lang = "zh-cn" | "en";

export interface Table {
  header: string[];
  rows: (string | number | boolean | null)[][];
}

const text = labelText;

export function breakdownTable(result: BreakdownResult, lang: Lang): Table {
  const dims = result.query.dimensions ?? [];
  const measures = [...new Set(result.query.measures)];
  const compare = result.query.compare !== undefined;
  const header = [
    ...dims.flatMap((d) => [d, `${d} (label)`]),
    "n",
    "suppressed",
    ...measures,
    ...(compare ? measures.map((m) => `${m} change`) : []),
  ];
  const rows = result.results.map((r) => [
    ...dims.flatMap((d) => {
      const id = r.dimensions[d] ?? "";
      return [id, text(result.meta.labels[d]?.[id], lang, id)];
    }),
    r.n,
    r.suppressed,
    ...measures.map((m) => r.measures[m] ?? null),
    ...(compare ? measures.map((m) => r.comparison?.change[m] ?? null) : []),
  ]);
  return { header, rows };
}

/** RFC 4180 CSV with a BOM so Excel opens Chinese text as UTF-8; formula-like cells are quoted with a leading '. */
export function toCsv(table: Table): string {
  const cell = (v: string | number | boolean | null) => {
    if (v === null) return "";
    let s = String(v);
    // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[table.header, ...table.rows].map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
