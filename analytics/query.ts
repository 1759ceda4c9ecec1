// The breakdown query of the fixed contract (DESIGN.md) as a zod schema, and the result shape. `parse` checks
// only this shape; whether the survey, waves, units and values exist is `validate`'s job.
import { z } from "zod";
import { filterMembers, fixedDimensions, measureNames } from "./names";

export { filterMembers, fixedDimensions, measureNames } from "./names";

export type MeasureName = (typeof measureNames)[number];
export type FixedDimension = (typeof fixedDimensions)[number];
export type Dimension = FixedDimension | `unit:level_${number}`;

const levelDimension = /^unit:level_(\d{1,2})$/;

/** The level of a `unit:level_N` dimension, or null for any other dimension. */
export function dimensionLevel(dimension: string): number | null {
  const m = levelDimension.exec(dimension);
  return m ? Number(m[1]) : null;
}

const notADimension =
  "is not a dimension: use unit, unit:level_N, topic, question, group, channel, wave or period:month|quarter|year";

/** `unit:level_N`, spelled one way: unit:level_01 is unit:level_1, so asking for both is caught as a duplicate. */
export const UnitLevelDimension = z
  .string()
  .regex(levelDimension)
  .transform((s) => `unit:level_${Number(s.slice("unit:level_".length))}` as `unit:level_${number}`);

// The union's own error: without it zod reports a bare "Invalid input" and the sentence above is lost.
const DimensionSchema = z.union([z.enum(fixedDimensions), UnitLevelDimension], { error: notADimension });

const isoDate = z.iso.date();

export const BreakdownQuery = z.strictObject({
  surveyId: z.string().min(1).max(100),
  waveIds: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  dateRange: z.tuple([isoDate, isoDate]).optional(),
  measures: z.array(z.enum(measureNames)).min(1).max(measureNames.length),
  dimensions: z.array(DimensionSchema).max(3, "at most 3 dimensions").optional(),
  filters: z
    .array(
      z.strictObject({
        member: z.enum(filterMembers),
        operator: z.enum(["is", "is_not", "within"]),
        values: z.array(z.string().min(1).max(200)).min(1).max(1000),
      }),
    )
    .max(20)
    .optional(),
  compare: z.enum(["previous_period", "parent_unit"]).optional(),
  minGroupSize: z.number().int().min(1).max(10_000).optional(),
});
export type BreakdownQuery = z.infer<typeof BreakdownQuery>;

export type Filter = NonNullable<BreakdownQuery["filters"]>[number];

/** A label: bilingual like survey texts ({"default": English, "zh-cn": 中文}) or a plain string (periods). */
export type Label = string | { default: string; "zh-cn": string };

/** A label in one language: the Chinese or English side of a bilingual label, or `fallback` when there is none. */
export function labelText(label: Label | undefined, lang: string, fallback: string): string {
  if (label === undefined) return fallback;
  if (typeof label === "string") return label;
  return lang === "zh-cn" ? label["zh-cn"] : label.default;
}

export type Measures = Partial<Record<MeasureName, number | null>>;

export interface Comparison {
  /** The dimension values of the cell compared with (the previous period or wave, or the parent unit). */
  dimensions: Record<string, string>;
  n: number;
  suppressed: boolean;
  measures: Measures;
  /** This cell minus the compared one; null when either side is hidden or missing. */
  change: Measures;
  /** 95 %: two-proportion z-test for favourable, Welch's t-test for mean; null when it cannot be tested. */
  significant: { favourable?: boolean | null; mean?: boolean | null };
}

export interface ResultRow {
  dimensions: Record<string, string>;
  measures: Measures;
  n: number;
  suppressed: boolean;
  /** Why the measures are hidden: below the group size, or hidden so a sibling cannot be recovered. */
  reason?: "below_min_group_size" | "complementary";
  /** 95 % Wilson interval of `favourable`. */
  intervals?: { favourable: [number, number] | null };
  comparison?: Comparison;
}

export interface BreakdownResult {
  results: ResultRow[];
  meta: {
    minGroupSize: number;
    suppressedRows: number;
    labels: Record<string, Record<string, Label>>;
    warnings: string[];
  };
  query: BreakdownQuery;
}
