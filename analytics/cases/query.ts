// The case figures query (诉求办理 figures for leaders) as a zod schema, and its result shape — the breakdown's.
// `parse` checks only this shape; whether the waves, units, topics and departments exist is `validate`'s job.
import { z } from "zod";
import { caseCategories, caseChannels } from "../../server/cases/categories";
import { type Label, UnitLevelDimension } from "../query";

export const caseMeasureNames = [
  "received",
  "answered",
  "on_time",
  "overdue",
  "on_time_rate",
  "rated",
  "satisfaction_rate",
  "adopted",
] as const;
export type CaseMeasureName = (typeof caseMeasureNames)[number];

export const caseFixedDimensions = [
  "unit",
  "topic",
  "department",
  "category",
  "channel",
  "wave",
  "period:month",
  "period:quarter",
  "period:year",
] as const;
export type CaseFixedDimension = (typeof caseFixedDimensions)[number];

export const caseFilterMembers = ["unit", "topic", "department", "category", "channel", "wave"] as const;
export type CaseFilterMember = (typeof caseFilterMembers)[number];

/** The key of a case without a topic, a department (not routed) or a round (logged in a meeting). */
export const noneKey = "none";

export { caseCategories, caseChannels };

const notADimension =
  "is not a dimension: use unit, unit:level_N, topic, department, category, channel, wave or period:month|quarter|year";

const CaseDimension = z.union([z.enum(caseFixedDimensions), UnitLevelDimension], { error: notADimension });

const isoDate = z.iso.date();

export const CaseFiguresQuery = z.strictObject({
  waveIds: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  /** Inclusive plant-local dates the cases were received on. */
  dateRange: z.tuple([isoDate, isoDate]).optional(),
  measures: z.array(z.enum(caseMeasureNames)).min(1).max(caseMeasureNames.length),
  dimensions: z.array(CaseDimension).max(3, "at most 3 dimensions").optional(),
  filters: z
    .array(
      z.strictObject({
        member: z.enum(caseFilterMembers),
        operator: z.enum(["is", "is_not", "within"]),
        values: z.array(z.string().min(1).max(200)).min(1).max(1000),
      }),
    )
    .max(20)
    .optional(),
  minGroupSize: z.number().int().min(1).max(10_000).optional(),
});
export type CaseFiguresQuery = z.infer<typeof CaseFiguresQuery>;

export type CaseMeasures = Partial<Record<CaseMeasureName, number | null>>;

export interface CaseRow {
  dimensions: Record<string, string>;
  measures: CaseMeasures;
  /** Cases in the cell (received). */
  n: number;
  suppressed: boolean;
  reason?: "below_min_group_size" | "complementary";
}

export interface CaseFiguresResult {
  results: CaseRow[];
  meta: {
    minGroupSize: number;
    suppressedRows: number;
    labels: Record<string, Record<string, Label>>;
    warnings: string[];
  };
  query: CaseFiguresQuery;
}
