// compile: turns a validated case figures plan into one DuckDB SELECT and its bound parameters. No I/O.
// Identifiers come only from registry.ts and this file; every value the user gave is a $n parameter.
// Shape: `k` is one row per case as supervision reads it (a merged duplicate takes the state of the case it
// joined), with plant-local dates; filters and dimensions then read only `k`'s columns.
import { maxCells } from "../compile";
import { countedUnits } from "../registry";
import { type CaseParts, caseDimensionRegistry, caseFilterColumn, casePartsSql } from "./registry";
import type { CaseCompilePlan } from "./validate";

export interface CompiledCaseQuery {
  sql: string;
  params: (string | number)[];
  dimensionColumns: string[];
  partColumns: (keyof CaseParts)[];
}

export function compileCases(plan: CaseCompilePlan): CompiledCaseQuery {
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const list = (values: readonly string[]) => values.map(bind).join(", ");
  const tz = bind(plan.tzOffsetMinutes);
  // The merged duplicate's own row when it is not merged; the case it joined when it is.
  const state = (column: string) => `CASE WHEN c.status = 'merged' THEN t.${column} ELSE c.${column} END`;
  const ctes = [
    `u AS (SELECT id, level, path FROM units WHERE starts_with(path, ${bind(plan.scopePath)}) AND ${countedUnits})`,
    `k AS (
  SELECT c.unit_id, u.path, c.channel, c.category, coalesce(c.topic, 'none') AS topic,
         coalesce(c.wave_id, 'none') AS wave_id,
         coalesce(${state("department_id")}, 'none') AS department_id,
         ${state("status")} AS status, ${state("deadline")} AS deadline,
         CAST(${state("answered_at")} + to_minutes(${tz}) AS DATE) AS answered_on,
         c.status = 'merged' AS duplicate,
         c.rating, c.adopted, c.created_at + to_minutes(${tz}) AS local_at, ${bind(plan.today)}::DATE AS today
  FROM current_cases c JOIN u ON u.id = c.unit_id
  LEFT JOIN current_cases t ON c.status = 'merged' AND t.id = c.merged_into)`,
  ];

  const joins: string[] = [];
  const dimensionColumns: string[] = [];
  const selected: string[] = [];
  plan.dimensions.forEach((dim, i) => {
    const column = `d${i}`;
    dimensionColumns.push(column);
    if (dim.level === undefined) {
      selected.push(`${caseDimensionRegistry[dim.registryKey]} AS ${column}`);
      return;
    }
    // Each unit counts under its ancestor at the level; a unit above the level stays on its own.
    const cte = `m${i}`;
    ctes.push(`${cte} AS (SELECT d.id AS unit_id, coalesce(anc.id, d.id) AS key FROM u d
      LEFT JOIN u anc ON anc.level = ${bind(dim.level)} AND starts_with(d.path, anc.path))`);
    joins.push(`JOIN ${cte} ON ${cte}.unit_id = k.unit_id`);
    selected.push(`${cte}.key AS ${column}`);
  });

  const where: string[] = [];
  if (plan.waveIds) where.push(`k.wave_id IN (${list(plan.waveIds)})`);
  if (plan.dateRange) {
    where.push(
      `CAST(k.local_at AS DATE) BETWEEN ${bind(plan.dateRange[0])}::DATE AND ${bind(plan.dateRange[1])}::DATE`,
    );
  }
  for (const f of plan.filters) {
    if (f.member === "unit") {
      if (f.operator === "within")
        where.push(`(${f.paths.map((p) => `starts_with(k.path, ${bind(p)})`).join(" OR ")})`);
      else where.push(`k.unit_id ${f.operator === "is" ? "IN" : "NOT IN"} (${list(f.unitIds)})`);
    } else {
      const column = caseFilterColumn[f.member];
      where.push(`${column} ${f.operator === "is" ? "IN" : "NOT IN"} (${list(f.values)})`);
    }
  }

  const partColumns = Object.keys(casePartsSql) as (keyof CaseParts)[];
  const groupBy = dimensionColumns.join(", ");
  const sql = `WITH ${ctes.join(",\n")}
SELECT ${[...selected, ...partColumns.map((p) => `${casePartsSql[p]} AS ${p}`)].join(", ")}
FROM k ${joins.join(" ")}
${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
${groupBy ? `GROUP BY ${groupBy} ORDER BY ${groupBy}` : ""}
LIMIT ${maxCells + 1}`;
  return { sql, params, dimensionColumns, partColumns };
}
