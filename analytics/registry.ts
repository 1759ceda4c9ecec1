// The one place that names SQL: each dimension is an entry with its SQL expression over the `facts` rows, each
// measure an entry that turns a cell's summed parts into its value. Values never appear here, only identifiers.
import type { FixedDimension, MeasureName } from "./query";

/** Columns of the `facts` CTE that compile.ts builds; dimension expressions may use only these. */
export interface DimensionEntry {
  /** SQL over `facts` giving the cell key as VARCHAR. `unit` keys come from the unit map (see compile.ts). */
  sql: string;
  /** Rows with a NULL key (the eNPS item has no topic) are left out: this column, before aggregation, is tested. */
  notNullColumn?: string;
  kind: "unit" | "period" | "plain";
}

export const dimensionRegistry: Record<FixedDimension | "unit:level", DimensionEntry> = {
  unit: { sql: "unit_key", kind: "unit" },
  "unit:level": { sql: "unit_key", kind: "unit" },
  topic: { sql: "topic", notNullColumn: "si.topic", kind: "plain" },
  question: { sql: "item", kind: "plain" },
  group: { sql: "group_id", kind: "plain" },
  channel: { sql: "channel", kind: "plain" },
  wave: { sql: "wave_id", kind: "plain" },
  "period:month": { sql: "strftime(local_at, '%Y-%m')", kind: "period" },
  "period:quarter": { sql: "strftime(local_at, '%Y') || '-Q' || quarter(local_at)", kind: "period" },
  "period:year": { sql: "strftime(local_at, '%Y')", kind: "period" },
};

/** Summed parts of one cell, from which every measure is a ratio (so roll-ups are exact). */
export interface CellParts {
  /** Distinct responses with at least one scale or eNPS answer in the cell. */
  n: number;
  /** Distinct waves in the cell (response_rate needs exactly one). */
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
  waves: "count(DISTINCT wave_id)",
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
