// The one place that names SQL: each dimension is an entry with its SQL expression, each
// measure an entry that turns a cell's summed parts into its value. Values never appear here, only identifiers.
import type { FixedDimension, MeasureName } from "./query";

/**
 * A dimension's SQL. `response` dimensions are computed once per response (in compile.ts's `resp`, over
 * responses `r` with `local_at`); `answer` dimensions once per answer row (over answers `a` and items `si`).
 * Unit dimensions take their key from the unit map compile.ts joins in.
 */
export interface DimensionEntry {
  level: "response" | "answer" | "unit";
  sql: string;
  /** Rows with a NULL key (the eNPS item has no topic) are left out. */
  notNull?: boolean;
}

export const dimensionRegistry: Record<FixedDimension | "unit:level", DimensionEntry> = {
  unit: { level: "unit", sql: "r.unit_id" },
  "unit:level": { level: "unit", sql: "r.unit_id" },
  topic: { level: "answer", sql: "si.topic", notNull: true },
  question: { level: "answer", sql: "a.item_id" },
  group: { level: "response", sql: "r.group_id" },
  channel: { level: "response", sql: "r.channel" },
  wave: { level: "response", sql: "r.wave_id" },
  // Periods group by a number (a label string per row costs more than the aggregate); execute makes the label.
  "period:month": { level: "response", sql: "year(local_at) * 100 + month(local_at)" },
  "period:quarter": { level: "response", sql: "year(local_at) * 10 + quarter(local_at)" },
  "period:year": { level: "response", sql: "year(local_at)" },
};

/** The label of a period key as the SQL above gives it: 2026-07, 2026-Q3, 2026. */
export function periodLabel(dimension: string, key: number): string {
  if (dimension === "period:month") return `${Math.floor(key / 100)}-${String(key % 100).padStart(2, "0")}`;
  if (dimension === "period:quarter") return `${Math.floor(key / 10)}-Q${key % 10}`;
  return String(key);
}

/** Summed parts of one cell, from which every measure is a ratio (so roll-ups are exact). */
export interface CellParts {
  /** Distinct responses with at least one scale or eNPS answer in the cell. */
  n: number;
  /** 1 when the cell holds one wave, 2 when it holds more (response_rate needs exactly one; nothing else reads it). */
  waves: number;
  scaleAnswers: number;
  sumValue: number;
  sumSquares: number;
  sumIndex: number;
  favourable: number;
  unfavourable: number;
  enpsAnswers: number;
  promoters: number;
  detractors: number;
}

/** The aggregate SQL of every part, in CellParts order; compile.ts selects them all for every query. */
export const partsSql: Record<keyof CellParts, string> = {
  n: "count(DISTINCT rid)",
  // Not count(DISTINCT wave_id): a second distinct aggregate over every answer row made response_rate the slowest
  // query against its hand-written GROUP BY at a million staff, and "one wave or more" is all it asks.
  waves: "CASE WHEN min(wave_id) = max(wave_id) THEN 1 ELSE 2 END",
  scaleAnswers: "count(*) FILTER (WHERE kind = 'scale')",
  sumValue: "coalesce(sum(v) FILTER (WHERE kind = 'scale'), 0)",
  sumSquares: "coalesce(sum(v * v) FILTER (WHERE kind = 'scale'), 0)",
  sumIndex: "coalesce(sum(100.0 * (v - lo) / (hi - lo)) FILTER (WHERE kind = 'scale'), 0)",
  favourable: "count(*) FILTER (WHERE kind = 'scale' AND v >= fav)",
  unfavourable: "count(*) FILTER (WHERE kind = 'scale' AND v <= unfav)",
  enpsAnswers: "count(*) FILTER (WHERE kind = 'enps')",
  promoters: "count(*) FILTER (WHERE kind = 'enps' AND v >= 9)",
  detractors: "count(*) FILTER (WHERE kind = 'enps' AND v <= 6)",
};

/** The parts each measure is built from; `n` is always computed (suppression needs it). */
export const measureParts: Record<MeasureName, (keyof CellParts)[]> = {
  responses: [],
  mean: ["scaleAnswers", "sumValue"],
  index: ["scaleAnswers", "sumIndex"],
  favourable: ["scaleAnswers", "favourable"],
  unfavourable: ["scaleAnswers", "unfavourable"],
  enps: ["enpsAnswers", "promoters", "detractors"],
  response_rate: ["waves"],
};

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

/** response_rate needs the cell's headcount, which format supplies; the others read the parts alone. */
export const measureRegistry: Record<MeasureName, (p: CellParts, headcount: number | null) => number | null> =
  {
    responses: (p) => p.n,
    mean: (p) => ratio(p.sumValue, p.scaleAnswers),
    index: (p) => ratio(p.sumIndex, p.scaleAnswers),
    favourable: (p) => ratio(p.favourable, p.scaleAnswers),
    unfavourable: (p) => ratio(p.unfavourable, p.scaleAnswers),
    enps: (p) => (p.enpsAnswers > 0 ? (100 * (p.promoters - p.detractors)) / p.enpsAnswers : null),
    response_rate: (p, headcount) =>
      headcount !== null && headcount > 0 && p.waves === 1 ? p.n / headcount : null,
  };

/**
 * The units analytics count responses for: live ones, and retired ones (their responses stay theirs, so a closed
 * round reports them); not merged ones, whose responses count for the unit that carries them on (current_responses).
 */
export const countedUnits = "id NOT IN (SELECT old_unit_id FROM unit_map)";
