// compile: turns a validated plan into one DuckDB SELECT and its bound parameters. No I/O. Identifiers come only
// from registry.ts and this file; every value the user gave is a $n parameter, never spliced into the text.
// Shape: `resp` does all per-response work (filters, unit keys, periods) on the small responses table; the 10 M
// answers are then joined to it and to the items, in that order (the analytics connection keeps join order).
import { type CellParts, countedUnits, dimensionRegistry, partsSql } from "./registry";

export type UnitMapping =
  | { mode: "own" }
  | { mode: "level"; level: number }
  /** Each response counts for every listed unit whose subtree holds it (parent-unit comparisons). */
  | { mode: "subtree"; unitIds: string[] }
  /** Each response counts once, for the deepest listed unit whose subtree holds it (residual.ts's coarse check). */
  | { mode: "partition"; unitIds: string[] };

export interface PlannedDimension {
  /** The dimension's name in the result (`unit:level_2`, `topic`, …). */
  name: string;
  registryKey: keyof typeof dimensionRegistry;
  unit?: UnitMapping;
}

export type PlannedFilter =
  | { member: "unit"; operator: "is" | "is_not"; unitIds: string[] }
  | { member: "unit"; operator: "within"; paths: string[] }
  | {
      member: "topic" | "question" | "group" | "channel" | "wave";
      operator: "is" | "is_not";
      values: string[];
    };

export interface CompilePlan {
  surveyId: string;
  /** The user's scope: only responses from units under this path are read. */
  scopePath: string;
  /** null: every wave; an empty list selects nothing. */
  waveIds: string[] | null;
  /** Inclusive local dates (the organisation's time zone). */
  dateRange: [string, string] | null;
  tzOffsetMinutes: number;
  dimensions: PlannedDimension[];
  filters: PlannedFilter[];
  /** The summed parts to compute (every part when omitted); `n` always. */
  parts?: (keyof CellParts)[];
}

export interface CompiledQuery {
  sql: string;
  params: (string | number)[];
  /** Result column of each dimension, in plan order; then one column per computed part. */
  dimensionColumns: string[];
  partColumns: (keyof CellParts)[];
}

/** A result may have at most this many cells: more is no table anyone reads, and would tie up the server. */
export const maxCells = 20_000;

const responseFilterColumn = { group: "r.group_id", channel: "r.channel", wave: "r.wave_id" } as const;
const itemFilterColumn = { topic: "topic", question: "item_id" } as const;

export function compile(plan: CompilePlan): CompiledQuery {
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const list = (values: readonly string[]) => values.map(bind).join(", ");
  const survey = bind(plan.surveyId);

  const ctes: string[] = [
    `u AS (SELECT id, level, path FROM units WHERE starts_with(path, ${bind(plan.scopePath)}) AND ${countedUnits})`,
  ];
  const respColumns = ["r.id", "r.wave_id", "w.survey_version"];
  const respJoins: string[] = [];
  const factColumns: string[] = [];
  const dimensionColumns: string[] = [];
  const itemWhere = [`survey_id = ${survey}`, "kind IN ('scale', 'enps')"];

  plan.dimensions.forEach((dim, i) => {
    const entry = dimensionRegistry[dim.registryKey];
    const column = `d${i}`;
    dimensionColumns.push(column);
    if (entry.level === "answer") {
      factColumns.push(`${entry.sql} AS ${column}`);
      if (entry.notNull) itemWhere.push(`${entry.sql.replace("si.", "")} IS NOT NULL`);
      return;
    }
    factColumns.push(`r.${column} AS ${column}`);
    if (entry.level === "response") {
      respColumns.push(`${entry.sql} AS ${column}`);
      return;
    }
    const mapping = dim.unit ?? { mode: "own" };
    if (mapping.mode === "own") {
      respColumns.push(`r.unit_id AS ${column}`);
      return;
    }
    const cte = `m${i}`;
    if (mapping.mode === "level") {
      // A path is its ancestors' ids ('/plant/area-1/st-1/'), so the ancestor at depth N is path segment N + 2:
      // an equality DuckDB hash-joins on, where a prefix test in the join compares every unit with every unit at
      // depth N (44,000 × 6,000 at a million staff). The prefix test stays, outside the join (ids are unique, so
      // at most one unit matches), and the result is exactly what the prefix test alone gave.
      const level = bind(mapping.level);
      ctes.push(`${cte} AS (SELECT d.id AS unit_id,
               coalesce(CASE WHEN starts_with(d.path, anc.path) THEN anc.id END, d.id) AS key
             FROM u d LEFT JOIN (SELECT id, path FROM u WHERE level = ${level}) anc
               ON anc.id = split_part(d.path, '/', CAST(${level} AS INTEGER) + 2))`);
    } else if (mapping.mode === "partition") {
      ctes.push(`${cte} AS (SELECT d.id AS unit_id, arg_max(p.id, length(p.path)) AS key FROM u d
             JOIN u p ON starts_with(d.path, p.path) WHERE p.id IN (${list(mapping.unitIds)}) GROUP BY d.id)`);
    } else {
      ctes.push(`${cte} AS (SELECT d.id AS unit_id, p.id AS key FROM u d
             JOIN u p ON starts_with(d.path, p.path) WHERE p.id IN (${list(mapping.unitIds)}))`);
    }
    respJoins.push(`JOIN ${cte} ON ${cte}.unit_id = r.unit_id`);
    respColumns.push(`${cte}.key AS ${column}`);
  });

  // The local time expression binds its offset only if some part of the query uses it (DuckDB refuses unused $n).
  let localSql: string | null = null;
  const local = () => {
    localSql ??= `(r.collected_at + to_minutes(${bind(plan.tzOffsetMinutes)}))`;
    return localSql;
  };
  const respWhere = [`w.survey_id = ${survey}`];
  // An empty wave list (no earlier wave to compare with) selects nothing.
  if (plan.waveIds)
    respWhere.push(plan.waveIds.length > 0 ? `r.wave_id IN (${list(plan.waveIds)})` : "false");
  if (plan.dateRange) {
    respWhere.push(
      `CAST(${local()} AS DATE) BETWEEN ${bind(plan.dateRange[0])}::DATE AND ${bind(plan.dateRange[1])}::DATE`,
    );
  }
  for (const f of plan.filters) {
    if (f.member === "unit") {
      if (f.operator === "within")
        respWhere.push(`(${f.paths.map((p) => `starts_with(u.path, ${bind(p)})`).join(" OR ")})`);
      else respWhere.push(`r.unit_id ${f.operator === "is" ? "IN" : "NOT IN"} (${list(f.unitIds)})`);
    } else if (f.member === "topic" || f.member === "question") {
      const col = itemFilterColumn[f.member];
      // is_not keeps items without a value (the eNPS item has no topic): they are not the excluded topic.
      itemWhere.push(
        f.operator === "is"
          ? `${col} IN (${list(f.values)})`
          : `(${col} IS NULL OR ${col} NOT IN (${list(f.values)}))`,
      );
    } else {
      const col = responseFilterColumn[f.member];
      respWhere.push(`${col} ${f.operator === "is" ? "IN" : "NOT IN"} (${list(f.values)})`);
    }
  }

  ctes.push(`resp AS (
  SELECT ${respColumns.map((c) => (c.includes("local_at") ? c.replaceAll("local_at", local()) : c)).join(", ")}
  FROM current_responses r JOIN waves w ON w.id = r.wave_id JOIN u ON u.id = r.unit_id ${respJoins.join(" ")}
  WHERE ${respWhere.join(" AND ")})`);
  ctes.push(`si AS (
  SELECT survey_version, item_id, kind, topic, scale_min, scale_max, favourable_min, unfavourable_max
  FROM survey_items WHERE ${itemWhere.join(" AND ")})`);
  ctes.push(`facts AS (
  SELECT a.response_id AS rid, a.kind, a.value_num AS v, si.scale_min AS lo, si.scale_max AS hi,
         si.favourable_min AS fav, si.unfavourable_max AS unfav, r.wave_id${factColumns.map((c) => `, ${c}`).join("")}
  FROM answers a
  JOIN resp r ON r.id = a.response_id
  JOIN si ON si.survey_version = r.survey_version AND si.item_id = a.item_id AND si.kind = a.kind
  WHERE a.kind IN ('scale', 'enps') AND a.value_num BETWEEN si.scale_min AND si.scale_max)`);

  const wanted = new Set(plan.parts ?? (Object.keys(partsSql) as (keyof CellParts)[]));
  const partColumns = (Object.keys(partsSql) as (keyof CellParts)[]).filter(
    (k) => k === "n" || wanted.has(k),
  );
  const parts = partColumns.map((k) => `${partsSql[k]} AS ${k}`);
  const groupBy = dimensionColumns.join(", ");
  const sql = `WITH ${ctes.join(",\n")}
SELECT ${[...dimensionColumns, ...parts].join(", ")}
FROM facts
${groupBy ? `GROUP BY ${groupBy} ORDER BY ${groupBy}` : ""}
LIMIT ${maxCells + 1}`;
  return { sql, params, dimensionColumns, partColumns };
}
