// nesting: says, for the dimensions of one result, how their values nest into totals other queries show — units
// into subtrees, questions into their topic, months into quarters and years, quarters into years — as the paths
// suppress's nested sibling sets read. It runs no query and hides nothing itself.
import type { Snapshot } from "./catalogue";
import type { PlannedDimension } from "./compile";
import type { UnitTree } from "./suppress";

/** Path of a period key: 2026-07 → /2026/2026-Q3/2026-07/, 2026-Q3 → /2026/2026-Q3/ (a year nests in nothing). */
export function periodPath(key: string): string | undefined {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return `/${month[1]}/${month[1]}-Q${Math.floor((Number(month[2]) - 1) / 3) + 1}/${key}/`;
  const quarter = /^(\d{4})-Q[1-4]$/.exec(key);
  return quarter ? `/${quarter[1]}/${key}/` : undefined;
}

/** A question's path under its topic: a topic's total (a topic dimension or filter) holds its questions. */
export function questionPath(snap: Snapshot, itemId: string): string | undefined {
  const item = snap.items.get(itemId);
  return item ? `/${item.topic ?? "-"}/${itemId}/` : undefined;
}

/**
 * The nested dimensions of a result. A total of each parent is public through a coarser query, so the cells inside
 * one parent (equal in the other dimensions) are a sibling set: `total − visible cells` must never leave one hidden.
 */
export function nestedDimensions(dims: readonly PlannedDimension[], snap: Snapshot): UnitTree[] {
  return dims.flatMap((d, i): UnitTree[] => {
    if (d.unit) return [{ dimension: i, pathOf: (id: string) => snap.units.get(id)?.path }];
    if (d.registryKey === "question") return [{ dimension: i, pathOf: (id) => questionPath(snap, id) }];
    if (d.registryKey === "period:month" || d.registryKey === "period:quarter")
      return [{ dimension: i, pathOf: periodPath }];
    return [];
  });
}
