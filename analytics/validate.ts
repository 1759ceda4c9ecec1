// validate: checks a parsed query against the survey catalogue, the unit tree and the user's scope, and turns it
// into a plan for compile. Pure: it reads the snapshot it is given, never the database. Every refusal names a path.
import { channels } from "../server/waves/waves";
import { type CatalogueUnit, isWithin, type Snapshot } from "./catalogue";
import type { CompilePlan, PlannedDimension, PlannedFilter } from "./compile";
import { QueryError } from "./errors";
import { type BreakdownQuery, dimensionLevel, type FixedDimension, type MeasureName } from "./query";
import { measureParts } from "./registry";

export interface Plan {
  compile: CompilePlan;
  measures: MeasureName[];
  /** Dimension names as asked (the keys of each result row's `dimensions`). */
  dimensions: string[];
  compare: BreakdownQuery["compare"];
  minGroupSize: number;
  warnings: string[];
  /** Units whose responses the query can read, for response-rate headcounts: in scope and through the unit filters. */
  population: CatalogueUnit[];
}

const periodDimensions = new Set(["period:month", "period:quarter", "period:year"]);

export function validate(query: BreakdownQuery, snap: Snapshot): Plan {
  const warnings: string[] = [];
  if (!snap.surveyExists) {
    throw new QueryError("unknown_survey", `There is no survey "${query.surveyId}".`, "surveyId");
  }
  const waveIds = new Set(snap.waves.map((w) => w.id));
  query.waveIds?.forEach((id, i) => {
    if (!waveIds.has(id)) {
      throw new QueryError(
        "unknown_wave",
        `There is no wave "${id}" of survey "${query.surveyId}".`,
        `waveIds/${i}`,
      );
    }
  });
  checkDateRange(query.dateRange);
  const minGroupSize = groupSizeOf(query.minGroupSize, snap.settings.minGroupSize);

  const dimensions = query.dimensions ?? [];
  const planned: PlannedDimension[] = [];
  const seen = new Set<string>();
  dimensions.forEach((name, i) => {
    const path = `dimensions/${i}`;
    if (seen.has(name))
      throw new QueryError("duplicate_dimension", `Dimension "${name}" is asked twice.`, path);
    seen.add(name);
    const level = dimensionLevel(name);
    if (level === null) {
      planned.push({
        name,
        registryKey: name as FixedDimension,
        ...(name === "unit" ? { unit: { mode: "own" } } : {}),
      });
      return;
    }
    const effective = rollUpLevel(name, level, snap.scope.level, warnings);
    planned.push({ name, registryKey: "unit:level", unit: { mode: "level", level: effective } });
  });
  if (dimensions.filter((d) => periodDimensions.has(d)).length > 1) {
    throw new QueryError(
      "duplicate_dimension",
      "Use one period dimension at a time (month, quarter or year).",
      "dimensions",
    );
  }

  const filters: PlannedFilter[] = [];
  (query.filters ?? []).forEach((f, i) => {
    const path = `filters/${i}`;
    if (f.operator === "within" && f.member !== "unit") {
      throw new QueryError(
        "bad_operator",
        `"within" applies to units only; use "is" or "is_not" for ${f.member}.`,
        `${path}/operator`,
      );
    }
    f.values.forEach((v, j) => {
      const unknown = unknownValue(f.member, v, snap);
      if (unknown) throw new QueryError("unknown_value", unknown, `${path}/values/${j}`);
    });
    if (f.member === "unit") {
      filters.push(
        f.operator === "within"
          ? {
              member: "unit",
              operator: "within",
              paths: f.values.map((v) => (snap.units.get(v) as CatalogueUnit).path),
            }
          : { member: "unit", operator: f.operator, unitIds: f.values },
      );
    } else filters.push({ member: f.member, operator: f.operator as "is" | "is_not", values: f.values });
  });

  if (query.compare === "parent_unit" && !planned.some((d) => d.unit)) {
    throw new QueryError(
      "compare_needs_unit",
      "compare parent_unit needs a unit or unit:level_N dimension.",
      "compare",
    );
  }
  if (
    query.compare === "previous_period" &&
    seen.has("wave") &&
    dimensions.some((d) => periodDimensions.has(d))
  ) {
    throw new QueryError(
      "compare_ambiguous",
      "compare previous_period needs either a wave or a period dimension, not both.",
      "compare",
    );
  }
  if (query.measures.includes("response_rate")) {
    if (seen.has("group"))
      warnings.push("response_rate is null by group: headcount is not known per respondent group.");
    else if (!seen.has("wave") && (query.waveIds?.length ?? 0) !== 1) {
      warnings.push(
        "response_rate needs the wave dimension or a single wave; it is null where a cell spans several waves.",
      );
    }
  }

  return {
    compile: {
      surveyId: query.surveyId,
      scopePath: snap.scope.path,
      waveIds: query.waveIds ?? null,
      dateRange: wholeMonths(query.dateRange, warnings),
      tzOffsetMinutes: snap.settings.tzOffsetMinutes,
      dimensions: planned,
      filters,
      parts: [
        ...new Set([
          ...query.measures.flatMap((m) => measureParts[m]),
          // Comparisons test favourable and mean, which need their counts and the sum of squares.
          ...(query.compare ? (["scaleAnswers", "favourable", "sumValue", "sumSquares"] as const) : []),
        ]),
      ],
    },
    measures: [...new Set(query.measures)],
    dimensions,
    compare: query.compare,
    minGroupSize,
    warnings,
    population: population(snap, filters),
  };
}

/** Refuses a date range that ends before it starts (the breakdown's and the case figures' rule). */
export function checkDateRange(range: readonly [string, string] | undefined): void {
  if (range && range[0] > range[1]) {
    throw new QueryError(
      "bad_date_range",
      "The date range must end on or after the day it starts.",
      "dateRange/1",
    );
  }
}

/**
 * A date range widened to whole months. Two ranges a day apart differ by that day's few responses: whole months are
 * the finest span a range selects, and they are checked like any other member (residual.ts, months nest in
 * quarters and years). Says so when it widens.
 */
export function wholeMonths(
  range: readonly [string, string] | undefined,
  warnings: string[],
): [string, string] | null {
  if (!range) return null;
  const [from, to] = range;
  const start = `${from.slice(0, 7)}-01`;
  const last = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
  if (start !== from || last !== to) {
    warnings.push(
      `The date range was widened to whole months (${start} to ${last}): a range one day longer or shorter could single out that day's responses.`,
    );
  }
  return [start, last];
}

/** The group size a query runs with: the one asked for, which may only raise the organisation's minimum. */
export function groupSizeOf(asked: number | undefined, minimum: number): number {
  const minGroupSize = asked ?? minimum;
  if (minGroupSize < minimum) {
    throw new QueryError(
      "min_group_size_too_small",
      `minGroupSize ${minGroupSize} is below the organisation's minimum of ${minimum}; it may only be raised.`,
      "minGroupSize",
    );
  }
  return minGroupSize;
}

/** The level a `unit:level_N` dimension rolls up to: a roll-up never climbs above the user's scope unit. */
export function rollUpLevel(name: string, level: number, scopeLevel: number, warnings: string[]): number {
  const effective = Math.max(level, scopeLevel);
  if (effective !== level) {
    warnings.push(`${name} is above your scope; rolled up to your scope unit (level ${effective}) instead.`);
  }
  return effective;
}

function unknownValue(member: string, value: string, snap: Snapshot): string | null {
  switch (member) {
    case "unit": {
      const unit = snap.units.get(value);
      // A unit outside the scope is answered exactly like one that does not exist.
      return unit && isWithin(unit, snap.scope) ? null : `There is no unit "${value}".`;
    }
    case "topic":
      return snap.topics.has(value) ? null : `There is no topic "${value}".`;
    case "question":
      return snap.items.has(value) ? null : `Survey "${snap.surveyId}" has no question "${value}".`;
    case "group":
      return snap.groups.has(value) ? null : `There is no respondent group "${value}".`;
    case "channel":
      return (channels as readonly string[]).includes(value)
        ? null
        : `There is no channel "${value}"; use ${channels.join(", ")}.`;
    default:
      return snap.waves.some((w) => w.id === value)
        ? null
        : `There is no wave "${value}" of survey "${snap.surveyId}".`;
  }
}

function population(snap: Snapshot, filters: PlannedFilter[]): CatalogueUnit[] {
  return [...snap.units.values()].filter((u) => {
    if (!isWithin(u, snap.scope)) return false;
    for (const f of filters) {
      if (f.member !== "unit") continue;
      if (f.operator === "within" && !f.paths.some((p) => u.path.startsWith(p))) return false;
      if (f.operator === "is" && !f.unitIds.includes(u.id)) return false;
      if (f.operator === "is_not" && f.unitIds.includes(u.id)) return false;
    }
    return true;
  });
}
