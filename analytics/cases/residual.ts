// residual for case figures: the breakdown's residual check (analytics/residual.ts) over cases — a cell is hidden
// when the caller's scope, a unit filter, the rounds, another filter or the date range's months leave out of it a group of
// cases that subtraction could single out. Lists the restrictions, runs one count query per restriction, judges.
import type { DuckDBConnection } from "@duckdb/node-api";
import { periodPath } from "../nesting";
import { memberCut } from "../residual";
import { rangeIsWholeBuckets, unitFilterPasses, unitsWhole } from "../restrictions";
import type { CaseSnapshot } from "./catalogue";
import { compileCases } from "./compile";
import { type CaseCell, executeCases } from "./execute";
import type { CaseCompilePlan, PlannedCaseDimension, PlannedCaseFilter } from "./validate";

type Member = "unit" | "wave" | "topic" | "department" | "category" | "channel";

interface CaseRestriction {
  lifted: CaseCompilePlan;
  /** Whether cases with the member's value count. */
  passes: (value: string) => boolean;
  pathOf?: (value: string) => string | undefined;
}

/**
 * For each cell: whether a restriction leaves a recoverable group of cases out of it (`cases`), and of ratings
 * (`ratings`: the satisfaction rate is the writers' own verdicts, judged again counted in ratings).
 */
export async function caseResidualHidden(
  read: DuckDBConnection,
  plan: CaseCompilePlan,
  cells: readonly CaseCell[],
  snap: CaseSnapshot,
  minGroupSize: number,
): Promise<{ cases: boolean[]; ratings: boolean[] }> {
  const cases = cells.map(() => false);
  const ratings = cells.map(() => false);
  if (cells.length === 0) return { cases, ratings };
  for (const r of caseRestrictions(plan, snap)) {
    const lifted = await executeCases(
      read,
      compileCases(r.lifted),
      r.lifted.dimensions.map((d) => d.name),
    );
    const judge = (count: (c: CaseCell) => number) => {
      const atoms = lifted.map((c) => ({ key: c.key, parts: { n: count(c) } })).filter((a) => a.parts.n > 0);
      return memberCut(cells, atoms, { passes: r.passes, pathOf: r.pathOf, itemLevel: false }, minGroupSize);
    };
    judge((c) => c.parts.n).forEach((cut, i) => {
      if (cut) cases[i] = true;
    });
    judge((c) => c.parts.rated).forEach((cut, i) => {
      if (cut) ratings[i] = true;
    });
  }
  return { cases, ratings };
}

function caseRestrictions(plan: CaseCompilePlan, snap: CaseSnapshot): CaseRestriction[] {
  const has = (key: string) => plan.dimensions.some((d) => d.registryKey === key);
  const lift = (member: Member, change: Partial<CaseCompilePlan> = {}): CaseCompilePlan => ({
    ...plan,
    ...change,
    filters: plan.filters.filter((f) => f.member !== member),
    dimensions: [...plan.dimensions, { name: member, registryKey: member }],
  });
  const out: CaseRestriction[] = [];

  const root = [...snap.units.values()].find((u) => u.parentId === null);
  const unitFilters = plan.filters.flatMap((f) => (f.member === "unit" ? [f] : []));
  const unitPasses = (unit: ReturnType<typeof snap.units.get>) =>
    unit !== undefined &&
    unit.path.startsWith(plan.scopePath) &&
    unitFilters.every((f) => unitFilterPasses(f, unit));
  const mappings = plan.dimensions.map(unitMapping);
  if (
    root &&
    [...snap.units.values()].some((u) => !unitPasses(u)) &&
    !unitsWhole(mappings, snap, unitPasses)
  ) {
    out.push({
      // The whole organisation: a view of a scope is the organisation's figures less everything outside it.
      lifted: lift("unit", { scopePath: root.path }),
      passes: (id) => unitPasses(snap.units.get(id)),
      pathOf: (id) => snap.units.get(id)?.path,
    });
  }
  if ((plan.waveIds !== null || plan.filters.some((f) => f.member === "wave")) && !has("wave")) {
    const inList = valuePasses(plan.filters, "wave");
    out.push({
      lifted: lift("wave", { waveIds: null }),
      passes: (id) => (plan.waveIds === null || plan.waveIds.includes(id)) && inList(id),
    });
  }
  for (const member of ["topic", "department", "category", "channel"] as const) {
    if (plan.filters.some((f) => f.member === member) && !has(member)) {
      out.push({ lifted: lift(member), passes: valuePasses(plan.filters, member) });
    }
  }
  // validate widened the range to whole months: the months it holds are the member it selects.
  const range = plan.dateRange;
  if (range && !rangeIsWholeBuckets(range, plan.dimensions)) {
    out.push({
      lifted: {
        ...plan,
        dateRange: null,
        dimensions: [...plan.dimensions, { name: "period:month", registryKey: "period:month" }],
      },
      passes: (month) => month >= range[0].slice(0, 7) && month <= range[1].slice(0, 7),
      pathOf: periodPath,
    });
  }
  return out;
}

function unitMapping(d: PlannedCaseDimension) {
  if (d.registryKey === "unit") return { mode: "own" as const };
  if (d.registryKey === "unit:level") return { mode: "level" as const, level: d.level ?? 0 };
  return undefined;
}

function valuePasses(filters: readonly PlannedCaseFilter[], member: Exclude<Member, "unit">) {
  const own = filters.flatMap((f) => (f.member === member ? [f] : []));
  return (value: string) =>
    own.every((f) => (f.operator === "is" ? f.values.includes(value) : !f.values.includes(value)));
}
