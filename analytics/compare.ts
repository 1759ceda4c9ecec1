// compare: works out what each cell is compared with — the previous period or wave, or the parent unit — as a
// second plan to run, and how a cell's key maps to the key it is compared with. No I/O; breakdown.ts runs it.
import type { Snapshot } from "./catalogue";
import type { CompilePlan, PlannedDimension } from "./compile";
import type { Cell } from "./execute";
import type { Plan } from "./validate";

export interface ComparisonPlan {
  compile: CompilePlan;
  /** The key of the compared cell, or null when the cell has nothing to compare with. */
  target: (cell: Cell) => string[] | null;
  /** For parent-unit comparisons: the unit dimension's index (its cells are subtrees of the parents). */
  parentUnitDimension?: number;
  /** The compared cells share the main result's keys (wave or period dimension): suppress both as one table. */
  joint?: boolean;
}

const periodMonths: Record<string, number> = { "period:month": 1, "period:quarter": 3, "period:year": 12 };

export function comparisonPlan(plan: Plan, snap: Snapshot, cells: readonly Cell[]): ComparisonPlan | string {
  return plan.compare === "parent_unit" ? parentPlan(plan, snap, cells) : previousPlan(plan, snap, cells);
}

function parentPlan(plan: Plan, snap: Snapshot, cells: readonly Cell[]): ComparisonPlan {
  const dims = plan.compile.dimensions;
  const ui = dims.findIndex((d) => d.unit !== undefined);
  const parentOf = (id: string) => {
    const unit = snap.units.get(id);
    // The scope unit has no parent the user may see.
    return unit && unit.id !== snap.scope.id ? unit.parentId : null;
  };
  const parents = [
    ...new Set(cells.map((c) => parentOf(c.key[ui] as string)).filter((p): p is string => p !== null)),
  ];
  const compared: PlannedDimension[] = dims.map((d, i) =>
    i === ui
      ? { ...d, unit: { mode: "subtree", unitIds: parents.length > 0 ? parents : [snap.scope.id] } }
      : d,
  );
  return {
    // A parent is its whole subtree: the query's unit filters choose the cells, not what they are compared with.
    compile: {
      ...plan.compile,
      dimensions: compared,
      filters: plan.compile.filters.filter((f) => f.member !== "unit"),
    },
    target: (cell) => {
      const parent = parentOf(cell.key[ui] as string);
      return parent === null ? null : cell.key.map((k, i) => (i === ui ? parent : k));
    },
    parentUnitDimension: ui,
  };
}

function previousPlan(plan: Plan, snap: Snapshot, cells: readonly Cell[]): ComparisonPlan | string {
  const dims = plan.compile.dimensions;
  const waveIndex = dims.findIndex((d) => d.registryKey === "wave");
  const periodIndex = dims.findIndex((d) => periodMonths[d.registryKey] !== undefined);
  const order = snap.waves.map((w) => w.id);
  const previousWave = (id: string) => {
    const i = order.indexOf(id);
    return i > 0 ? (order[i - 1] as string) : null;
  };
  // Where the comparison picks its own waves (or time span), a wave filter of the query would exclude them.
  const filters = plan.compile.filters.filter((f) => f.member !== "wave");

  if (waveIndex >= 0) {
    const prevs = [
      ...new Set(cells.map((c) => previousWave(c.key[waveIndex] as string)).filter((w) => w !== null)),
    ];
    return {
      compile: { ...plan.compile, filters, waveIds: prevs, dateRange: null },
      joint: true,
      target: (cell) => {
        const prev = previousWave(cell.key[waveIndex] as string);
        return prev === null ? null : cell.key.map((k, i) => (i === waveIndex ? prev : k));
      },
    };
  }
  if (periodIndex >= 0) {
    const months = periodMonths[(dims[periodIndex] as PlannedDimension).registryKey] as number;
    const prevKeys = cells.map((c) => shiftBucket(c.key[periodIndex] as string, -months));
    const spans = prevKeys.map(bucketSpan);
    const from = spans.map((s) => s[0]).sort()[0] ?? "0001-01-01";
    const to =
      spans
        .map((s) => s[1])
        .sort()
        .at(-1) ?? "0001-01-01";
    return {
      // The previous bucket may lie in another wave: compare by time, not by the waves asked for.
      compile: { ...plan.compile, filters, waveIds: null, dateRange: [from, to] },
      joint: true,
      target: (cell) => cell.key.map((k, i) => (i === periodIndex ? shiftBucket(k, -months) : k)),
    };
  }
  if (plan.compile.waveIds) {
    const chosen = plan.compile.waveIds.map((id) => order.indexOf(id)).sort((a, b) => a - b);
    const first = chosen[0] as number;
    const before = order.slice(Math.max(0, first - chosen.length), first);
    if (before.length === 0) return "compare previous_period: there is no earlier wave to compare with.";
    return { compile: { ...plan.compile, filters, waveIds: before }, target: (cell) => cell.key };
  }
  if (plan.compile.dateRange) {
    return {
      compile: { ...plan.compile, dateRange: shiftRange(plan.compile.dateRange) },
      target: (cell) => cell.key,
    };
  }
  return "compare previous_period needs waveIds, a dateRange, or a wave or period dimension.";
}

/** Moves a period key ("2026-07", "2026-Q3", "2026") by whole months. */
export function shiftBucket(key: string, months: number): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (quarter) {
    const index = Number(quarter[1]) * 4 + Number(quarter[2]) - 1 + months / 3;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  }
  if (month) {
    const index = Number(month[1]) * 12 + Number(month[2]) - 1 + months;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  }
  return String(Number(key) + months / 12);
}

/** First and last day of a period key. */
export function bucketSpan(key: string): [string, string] {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  const [year, firstMonth, count] = quarter
    ? [Number(quarter[1]), (Number(quarter[2]) - 1) * 3 + 1, 3]
    : month
      ? [Number(month[1]), Number(month[2]), 1]
      : [Number(key), 1, 12];
  const start = new Date(Date.UTC(year, firstMonth - 1, 1));
  const end = new Date(Date.UTC(year, firstMonth - 1 + count, 0));
  return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
}

/** The same length of time just before: whole calendar months move by months, anything else by days. */
export function shiftRange([from, to]: [string, string]): [string, string] {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  const nextDay = new Date(end.getTime() + 86_400_000);
  if (start.getUTCDate() === 1 && nextDay.getUTCDate() === 1) {
    const months =
      (nextDay.getUTCFullYear() - start.getUTCFullYear()) * 12 + nextDay.getUTCMonth() - start.getUTCMonth();
    const s = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - months, 1));
    const e = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 0));
    return [s.toISOString().slice(0, 10), e.toISOString().slice(0, 10)];
  }
  const days = Math.round((end.getTime() - start.getTime()) / 86_400_000) + 1;
  const s = new Date(start.getTime() - days * 86_400_000);
  const e = new Date(start.getTime() - 86_400_000);
  return [s.toISOString().slice(0, 10), e.toISOString().slice(0, 10)];
}
