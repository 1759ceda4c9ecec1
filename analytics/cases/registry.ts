// The one place that names SQL for case figures: each dimension an expression over the `k` rows compile.ts builds
// (one per case, as supervision reads it), each measure a function of a cell's summed parts. No values here.
//
// Definitions — a cohort view: a cell counts the cases RECEIVED (created) in it, by the writer's unit, and reports
// where those cases stand now. A merged duplicate stands where the case it joined stands (department, status,
// deadline, answer time) but keeps its own rating, and counts as a case of its own: its writer raised it.
//   received          cases in the cell (the row's `n` too).
//   answered          published or closed (rated) — the answer is public; a merged duplicate when its case is.
//   on_time           (not counting merged duplicates: one piece of work is in time or late once) an answer written (awaiting approval, published or closed) on or before the deadline, as a
//                     plant-local date; an answer on the spot (no deadline) is on time.
//   overdue           routed with the deadline passed and no answer yet, or an answer written after the deadline.
//   on_time_rate      on_time ÷ (on_time + overdue): of the cases that have a verdict, the share in time.
//   rated             cases the writer rated.    satisfaction_rate   (satisfied + basically) ÷ rated.
//   adopted           suggestions adopted (金点子).
// Cases waiting in triage, or routed and not yet due, are neither on time nor overdue.
import { dimensionRegistry } from "../registry";
import type { CaseFixedDimension, CaseMeasureName } from "./query";

/** A dimension's expression over `k`; unit dimensions take their key from the unit map compile.ts joins in. */
export const caseDimensionRegistry: Record<CaseFixedDimension | "unit:level", string> = {
  unit: "k.unit_id",
  "unit:level": "k.unit_id",
  topic: "k.topic",
  department: "k.department_id",
  category: "k.category",
  channel: "k.channel",
  wave: "k.wave_id",
  // The breakdown's period keys over the plant-local receiving time: the same labels (2026-07, 2026-Q3, 2026).
  "period:month": dimensionRegistry["period:month"].sql,
  "period:quarter": dimensionRegistry["period:quarter"].sql,
  "period:year": dimensionRegistry["period:year"].sql,
};

/** Columns of `k` a filter compares; nullable ones are coalesced to `none` there, so `none` can be asked for. */
export const caseFilterColumn = {
  topic: "k.topic",
  department: "k.department_id",
  category: "k.category",
  channel: "k.channel",
  wave: "k.wave_id",
} as const;

/** Summed parts of one cell, from which every measure is a count or a ratio of counts. */
export interface CaseParts {
  n: number;
  answered: number;
  onTime: number;
  overdue: number;
  rated: number;
  satisfied: number;
  adopted: number;
}

export const casePartsSql: Record<keyof CaseParts, string> = {
  n: "count(*)",
  answered: "count(*) FILTER (WHERE status IN ('published', 'closed'))",
  onTime:
    "count(*) FILTER (WHERE NOT duplicate AND status IN ('answered', 'published', 'closed') AND answered_on IS NOT NULL AND (deadline IS NULL OR answered_on <= deadline))",
  overdue:
    "count(*) FILTER (WHERE NOT duplicate AND deadline IS NOT NULL AND ((status IN ('answered', 'published', 'closed') AND answered_on > deadline) OR (status = 'routed' AND answered_on IS NULL AND today > deadline)))",
  rated: "count(*) FILTER (WHERE rating IS NOT NULL)",
  satisfied: "count(*) FILTER (WHERE rating IN ('satisfied', 'basically'))",
  adopted: "count(*) FILTER (WHERE adopted AND category = 'suggestion')",
};

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

export const caseMeasureRegistry: Record<CaseMeasureName, (p: CaseParts) => number | null> = {
  received: (p) => p.n,
  answered: (p) => p.answered,
  on_time: (p) => p.onTime,
  overdue: (p) => p.overdue,
  on_time_rate: (p) => ratio(p.onTime, p.onTime + p.overdue),
  rated: (p) => p.rated,
  satisfaction_rate: (p) => ratio(p.satisfied, p.rated),
  adopted: (p) => p.adopted,
};
