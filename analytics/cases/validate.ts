// validate: checks a parsed case figures query against the unit tree, the caller's scope and the catalogues, and
// turns it into a plan for compile. Pure: it reads the snapshot it is given, never the database. Every refusal
// names a path; a unit outside the scope is refused exactly like one that does not exist.
import { isWithin } from "../catalogue";
import { QueryError } from "../errors";
import { dimensionLevel } from "../query";
import { checkDateRange, groupSizeOf, rollUpLevel, wholeMonths } from "../validate";
import type { CaseSnapshot } from "./catalogue";
import {
  type CaseFiguresQuery,
  type CaseFilterMember,
  type CaseFixedDimension,
  type CaseMeasureName,
  caseCategories,
  caseChannels,
  noneKey,
} from "./query";

export interface PlannedCaseDimension {
  name: string;
  registryKey: CaseFixedDimension | "unit:level";
  /** For `unit:level_N`: the depth each case's unit rolls up to. */
  level?: number;
}

export type PlannedCaseFilter =
  | { member: "unit"; operator: "is" | "is_not"; unitIds: string[] }
  | { member: "unit"; operator: "within"; paths: string[] }
  | { member: Exclude<CaseFilterMember, "unit">; operator: "is" | "is_not"; values: string[] };

export interface CaseCompilePlan {
  /** The caller's scope: only cases whose writer's unit lies under this path are read. */
  scopePath: string;
  waveIds: string[] | null;
  dateRange: [string, string] | null;
  tzOffsetMinutes: number;
  /** The plant-local date overdue is judged on. */
  today: string;
  dimensions: PlannedCaseDimension[];
  filters: PlannedCaseFilter[];
}

export interface CasePlan {
  compile: CaseCompilePlan;
  measures: CaseMeasureName[];
  dimensions: string[];
  minGroupSize: number;
  warnings: string[];
}

const periodDimensions = new Set(["period:month", "period:quarter", "period:year"]);

export function validateCases(query: CaseFiguresQuery, snap: CaseSnapshot, today: string): CasePlan {
  const warnings: string[] = [];
  query.waveIds?.forEach((id, i) => {
    if (!snap.waves.has(id))
      throw new QueryError("unknown_wave", `There is no survey round "${id}".`, `waveIds/${i}`);
  });
  checkDateRange(query.dateRange);
  const minGroupSize = groupSizeOf(query.minGroupSize, snap.settings.minGroupSize);

  const dimensions = query.dimensions ?? [];
  const seen = new Set<string>();
  const planned = dimensions.map((name, i): PlannedCaseDimension => {
    if (seen.has(name))
      throw new QueryError("duplicate_dimension", `Dimension "${name}" is asked twice.`, `dimensions/${i}`);
    seen.add(name);
    const level = dimensionLevel(name);
    if (level === null) return { name, registryKey: name as CaseFixedDimension };
    return { name, registryKey: "unit:level", level: rollUpLevel(name, level, snap.scope.level, warnings) };
  });
  if (dimensions.filter((d) => periodDimensions.has(d)).length > 1) {
    throw new QueryError(
      "duplicate_dimension",
      "Use one period dimension at a time (month, quarter or year).",
      "dimensions",
    );
  }

  const filters = (query.filters ?? []).map((f, i): PlannedCaseFilter => {
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
    if (f.member !== "unit")
      return { member: f.member, operator: f.operator as "is" | "is_not", values: f.values };
    if (f.operator === "within") {
      return {
        member: "unit",
        operator: "within",
        paths: f.values.map((v) => snap.units.get(v)?.path ?? ""),
      };
    }
    return { member: "unit", operator: f.operator, unitIds: f.values };
  });

  return {
    compile: {
      scopePath: snap.scope.path,
      waveIds: query.waveIds ?? null,
      dateRange: wholeMonths(query.dateRange, warnings),
      tzOffsetMinutes: snap.settings.tzOffsetMinutes,
      today,
      dimensions: planned,
      filters,
    },
    measures: [...new Set(query.measures)],
    dimensions,
    minGroupSize,
    warnings,
  };
}

function unknownValue(member: CaseFilterMember, value: string, snap: CaseSnapshot): string | null {
  switch (member) {
    case "unit": {
      const unit = snap.units.get(value);
      return unit && isWithin(unit, snap.scope) ? null : `There is no unit "${value}".`;
    }
    case "topic":
      return value === noneKey || snap.topics.has(value)
        ? null
        : `There is no topic "${value}"; use a topic of the catalogue, or "${noneKey}" for cases without one.`;
    case "department":
      return value === noneKey || snap.departments.has(value)
        ? null
        : `There is no department "${value}"; use an office department, or "${noneKey}" for cases not routed.`;
    case "category":
      return (caseCategories as readonly string[]).includes(value)
        ? null
        : `There is no case category "${value}"; use ${caseCategories.join(", ")}.`;
    case "channel":
      return (caseChannels as readonly string[]).includes(value)
        ? null
        : `There is no channel "${value}"; use ${caseChannels.join(", ")}.`;
    default:
      return value === noneKey || snap.waves.has(value)
        ? null
        : `There is no survey round "${value}"; use a round's id, or "${noneKey}" for cases logged in meetings.`;
  }
}
