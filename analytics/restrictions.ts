// restrictions: lists what narrows a plan's population below the whole organisation — the viewer's scope and the
// unit filters, the waves, each other filter, the date range's months — and for each the plan that lifts it and keys
// every cell by that member instead, so residual.ts can see what the restriction left out of each cell. No I/O.
import type { CatalogueUnit, Snapshot } from "./catalogue";
import { bucketSpan } from "./compare";
import type { CompilePlan, PlannedDimension, PlannedFilter, UnitMapping } from "./compile";
import { periodPath, questionPath } from "./nesting";

/** A member that some responses (or answers) pass and others do not. */
export interface Restriction {
  /** The plan without this member's restrictions, its cells keyed by the member's value as a last dimension. */
  lifted: CompilePlan;
  /** Whether responses (answers) with this member value count in the restricted result. */
  passes: (value: string) => boolean;
  /** The member's values nest into public totals (units into subtrees, questions into topics). */
  pathOf?: (value: string) => string | undefined;
  /** Counted per answer (topics, questions): one response may sit under several values. */
  itemLevel: boolean;
  /**
   * When `lifted` has more cells than the engine reads (every unit of a million-staff organisation × a cell's key):
   * the same member counted in fewer parts, judged more strictly (residual.ts).
   */
  coarse?: CompilePlan;
}

type Member = "unit" | "group" | "channel" | "wave" | "topic" | "question" | "month";

/** The dimension that keys a lifted plan's cells by the member's own value. */
const memberDimension: Record<Member, PlannedDimension> = {
  unit: { name: "unit", registryKey: "unit", unit: { mode: "own" } },
  group: { name: "group", registryKey: "group" },
  channel: { name: "channel", registryKey: "channel" },
  wave: { name: "wave", registryKey: "wave" },
  topic: { name: "topic", registryKey: "topic" },
  question: { name: "question", registryKey: "question" },
  month: { name: "period:month", registryKey: "period:month" },
};

const lift = (plan: CompilePlan, member: Member, change: Partial<CompilePlan> = {}): CompilePlan => ({
  ...plan,
  ...change,
  filters: plan.filters.filter((f) => f.member !== member),
  dimensions: [...plan.dimensions, memberDimension[member]],
  parts: [],
});

const valuePasses = (filters: readonly PlannedFilter[], member: Member) => {
  const own = filters.flatMap((f) => (f.member === member && "values" in f ? [f] : []));
  return (value: string) =>
    own.every((f) => (f.operator === "is" ? f.values.includes(value) : !f.values.includes(value)));
};

/**
 * Every restriction of the plan that can cut a cell: one whose excluded responses could share a cell's key. A
 * restriction that a dimension of the result already separates (a wave list under a wave dimension, a unit filter
 * under a unit dimension that keeps whole subtrees) leaves every cell whole, and is left out.
 */
export function restrictionsOf(plan: CompilePlan, snap: Snapshot): Restriction[] {
  const dims = plan.dimensions;
  const has = (key: string) => dims.some((d) => d.registryKey === key);
  const out: Restriction[] = [];

  const root = [...snap.units.values()].find((u) => u.parentId === null);
  const unitFilters = plan.filters.filter((f) => f.member === "unit");
  const unitPasses = (unit: CatalogueUnit | undefined) =>
    unit !== undefined &&
    unit.path.startsWith(plan.scopePath) &&
    unitFilters.every((f) => unitFilterPasses(f, unit));
  if (
    root &&
    // A scope of the root and filters that keep every unit (a dashboard's `within` its own scope) exclude nothing.
    [...snap.units.values()].some((u) => !unitPasses(u)) &&
    !unitsWhole(
      plan.dimensions.map((d) => d.unit),
      snap,
      unitPasses,
    )
  ) {
    const lifted = lift(plan, "unit", { scopePath: root.path });
    out.push({
      // The whole organisation: a view of a scope is the organisation's total less everything outside it.
      lifted,
      coarse: {
        ...lifted,
        dimensions: [
          ...plan.dimensions,
          { ...memberDimension.unit, unit: { mode: "partition", unitIds: selectionParts(snap, unitPasses) } },
        ],
      },
      passes: (id) => unitPasses(snap.units.get(id)),
      pathOf: (id) => snap.units.get(id)?.path,
      itemLevel: false,
    });
  }
  const inList = valuePasses(plan.filters, "wave");
  const wavePasses = (id: string) => (plan.waveIds === null || plan.waveIds.includes(id)) && inList(id);
  if (snap.waves.some((w) => !wavePasses(w.id)) && !has("wave")) {
    out.push({ lifted: lift(plan, "wave", { waveIds: null }), passes: wavePasses, itemLevel: false });
  }
  for (const member of ["group", "channel"] as const) {
    if (plan.filters.some((f) => f.member === member) && !has(member)) {
      out.push({
        lifted: lift(plan, member),
        passes: valuePasses(plan.filters, member),
        itemLevel: false,
      });
    }
  }
  // A question lies in one topic: under a question or topic dimension a topic filter keeps or drops whole cells.
  if (plan.filters.some((f) => f.member === "topic") && !has("topic") && !has("question")) {
    out.push({
      lifted: lift(plan, "topic"),
      passes: valuePasses(plan.filters, "topic"),
      itemLevel: true,
    });
  }
  if (plan.filters.some((f) => f.member === "question") && !has("question")) {
    out.push({
      lifted: lift(plan, "question"),
      passes: valuePasses(plan.filters, "question"),
      pathOf: (id) => questionPath(snap, id),
      itemLevel: true,
    });
  }
  // validate widened the range to whole months: the months it holds are the member it selects.
  const range = plan.dateRange;
  if (range && !rangeIsWholeBuckets(range, dims)) {
    out.push({
      lifted: lift(plan, "month", { dateRange: null }),
      passes: (month) => month >= range[0].slice(0, 7) && month <= range[1].slice(0, 7),
      pathOf: periodPath,
      itemLevel: false,
    });
  }
  return out;
}

/**
 * The units whose subtrees the coarse check counts apart: where the selection changes (a unit that passes under one
 * that does not, or the reverse), every unit above such a place, and the children of those — the siblings along the
 * way. Counted for the deepest of them above it, every response falls in one part; the selection, every ancestor's
 * subtree and every sibling's are unions of parts: a few dozen parts even at a million staff.
 */
export function selectionParts(
  snap: Pick<Snapshot, "units">,
  passes: (unit: CatalogueUnit | undefined) => boolean,
): string[] {
  const units = [...snap.units.values()];
  const changes = units.filter(
    (u) => u.parentId === null || passes(u) !== passes(snap.units.get(u.parentId)),
  );
  const above = new Set<string>();
  for (const u of changes) for (const id of u.path.split("/").filter(Boolean)) above.add(id);
  const parts = new Set(above);
  for (const u of units) if (u.parentId !== null && above.has(u.parentId)) parts.add(u.id);
  return [...parts];
}

export function unitFilterPasses(f: PlannedFilter, unit: CatalogueUnit): boolean {
  if (f.member !== "unit") return true;
  if (f.operator === "within") return f.paths.some((p) => unit.path.startsWith(p));
  return f.operator === "is" ? f.unitIds.includes(unit.id) : !f.unitIds.includes(unit.id);
}

/**
 * True when some unit dimension keeps every cell's units all in or all out of the selection: each unit then
 * counts under a key whose other units pass exactly as it does.
 */
export function unitsWhole(
  mappings: readonly (UnitMapping | undefined)[],
  snap: Pick<Snapshot, "units">,
  passes: (unit: CatalogueUnit | undefined) => boolean,
): boolean {
  const units = [...snap.units.values()];
  return mappings.some((mapping) => {
    if (!mapping) return false;
    if (mapping.mode === "own") return true;
    if (mapping.mode === "partition") return false;
    if (mapping.mode === "subtree") {
      return mapping.unitIds.every((id) => {
        const top = snap.units.get(id);
        if (!top) return true;
        const inside = units.filter((u) => u.path.startsWith(top.path));
        return inside.every((u) => passes(u) === passes(top));
      });
    }
    return units.every((u) => {
      if (u.level <= mapping.level) return true;
      // A path lists the unit ids from the root down: the ancestor at depth N is its (N+1)th id.
      const key = snap.units.get(u.path.split("/").filter(Boolean)[mapping.level] ?? "");
      return key === undefined || passes(u) === passes(key);
    });
  });
}

/** A range from the first day of a bucket to the last day of one, under that period dimension, cuts no cell. */
export function rangeIsWholeBuckets(
  [from, to]: [string, string],
  dims: readonly { registryKey: string }[],
): boolean {
  const period = dims.find((d) => d.registryKey.startsWith("period:"));
  if (!period) return false;
  const bucket = (day: string) =>
    period.registryKey === "period:month"
      ? day.slice(0, 7)
      : period.registryKey === "period:quarter"
        ? `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`
        : day.slice(0, 4);
  return bucketSpan(bucket(from))[0] === from && bucketSpan(bucket(to))[1] === to;
}
