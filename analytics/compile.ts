// compile: turns a validated plan into one DuckDB SELECT and its bound parameters. No I/O. Identifiers come only
// from registry.ts and this file; every value the user gave is a $n parameter, never spliced into the text.
import { type CellParts, dimensionRegistry, partsSql } from "./registry";

export type UnitMapping =
  | { mode: "own" }
  | { mode: "level"; level: number }
  /** Each response counts for every listed unit whose subtree holds it (parent-unit comparisons). */
  | { mode: "subtree"; unitIds: string[] };

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
  waveIds: string[] | null;
  /** Inclusive local dates (the organisation's time zone). */
  dateRange: [string, string] | null;
  tzOffsetMinutes: number;
  dimensions: PlannedDimension[];
  filters: PlannedFilter[];
}

export interface CompiledQuery {
  sql: string;
  params: (string | number)[];
  /** Result column of each dimension, in plan order; then one column per CellParts key. */
  dimensionColumns: string[];
  partColumns: (keyof CellParts)[];
}

const filterColumn = {
  topic: "si.topic",
  question: "a.item_id",
  group: "r.group_id",
  channel: "r.channel",
  wave: "r.wave_id",
} as const;

export function compile(plan: CompilePlan): CompiledQuery {
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const list = (values: readonly string[]) => values.map(bind).join(", ");

  const ctes: string[] = [
    `u AS (SELECT id, level, path FROM units WHERE starts_with(path, ${bind(plan.scopePath)}))`,
  ];
  const joins: string[] = [];
  const selects: string[] = [];
  const groupBy: string[] = [];
  const where: string[] = [
    `w.survey_id = ${bind(plan.surveyId)}`,
    "a.kind IN ('scale', 'enps')",
    "a.value_num BETWEEN si.scale_min AND si.scale_max",
  ];

  plan.dimensions.forEach((dim, i) => {
    const entry = dimensionRegistry[dim.registryKey];
    const column = `d${i}`;
    let expr = entry.sql;
    if (entry.kind === "unit") {
      const mapping = dim.unit ?? { mode: "own" };
      if (mapping.mode === "own") expr = "facts.unit_id";
      else {
        const cte = `m${i}`;
        ctes.push(
          mapping.mode === "level"
            ? `${cte} AS (SELECT d.id AS unit_id, coalesce(anc.id, d.id) AS key FROM u d
                 LEFT JOIN u anc ON anc.level = ${bind(mapping.level)} AND starts_with(d.path, anc.path))`
            : `${cte} AS (SELECT d.id AS unit_id, p.id AS key FROM u d
                 JOIN u p ON starts_with(d.path, p.path) WHERE p.id IN (${list(mapping.unitIds)}))`,
        );
        joins.push(`JOIN ${cte} ON ${cte}.unit_id = facts.unit_id`);
        expr = `${cte}.key`;
      }
    }
    if (entry.notNullColumn) where.push(`${entry.notNullColumn} IS NOT NULL`);
    selects.push(`${expr} AS ${column}`);
    groupBy.push(column);
  });

  // An empty wave list (no earlier wave to compare with) selects nothing.
  if (plan.waveIds) where.push(plan.waveIds.length > 0 ? `r.wave_id IN (${list(plan.waveIds)})` : "false");
  const localAt = `r.collected_at + to_minutes(${bind(plan.tzOffsetMinutes)})`;
  if (plan.dateRange) {
    where.push(
      `CAST(${localAt} AS DATE) BETWEEN ${bind(plan.dateRange[0])}::DATE AND ${bind(plan.dateRange[1])}::DATE`,
    );
  }
  for (const f of plan.filters) {
    if (f.member === "unit") {
      if (f.operator === "within")
        where.push(`(${f.paths.map((p) => `starts_with(u.path, ${bind(p)})`).join(" OR ")})`);
      else where.push(`r.unit_id ${f.operator === "is" ? "IN" : "NOT IN"} (${list(f.unitIds)})`);
      continue;
    }
    const col = filterColumn[f.member];
    // is_not keeps rows without a value (the eNPS item has no topic): they are not the excluded topic.
    where.push(
      f.operator === "is"
        ? `${col} IN (${list(f.values)})`
        : `(${col} IS NULL OR ${col} NOT IN (${list(f.values)}))`,
    );
  }

  const facts = `facts AS (
  SELECT a.response_id AS rid, a.item_id AS item, a.kind, a.value_num AS v, si.topic,
         si.scale_min AS lo, si.scale_max AS hi, si.favourable_min AS fav, si.unfavourable_max AS unfav,
         r.unit_id, r.group_id, r.channel, r.wave_id, ${localAt} AS local_at
  FROM answers a
  JOIN responses r ON r.id = a.response_id
  JOIN waves w ON w.id = r.wave_id
  JOIN survey_items si ON si.survey_id = w.survey_id AND si.survey_version = w.survey_version
                      AND si.item_id = a.item_id AND si.kind = a.kind
  JOIN u ON u.id = r.unit_id
  WHERE ${where.join("\n    AND ")})`;
  ctes.push(facts);

  const partColumns = Object.keys(partsSql) as (keyof CellParts)[];
  const parts = partColumns.map((k) => `${partsSql[k]} AS ${k}`);
  const sql = `WITH ${ctes.join(",\n")}
SELECT ${[...selects, ...parts].join(", ")}
FROM facts ${joins.join(" ")}
${groupBy.length > 0 ? `GROUP BY ${groupBy.join(", ")} ORDER BY ${groupBy.join(", ")}` : ""}`;
  return { sql, params, dimensionColumns: groupBy, partColumns };
}
