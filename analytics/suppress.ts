// suppress: decides which cells of one result hide their measures — those under the minimum group size, then,
// in every set of siblings (cells equal in all dimensions but one) with exactly one hidden cell, the next smallest,
// repeated until no such set is left — so no hidden cell can be recovered by subtraction. It computes no measure.
import type { Cell } from "./execute";

export type Suppression = "below_min_group_size" | "complementary";

/** `already`: cells hidden beforehand for another reason (a parent total that would give hidden cells away). */
export function suppress(
  cells: readonly Cell[],
  minGroupSize: number,
  already?: readonly (Suppression | null)[],
): (Suppression | null)[] {
  const reasons: (Suppression | null)[] = cells.map((c, i) =>
    c.parts.n < minGroupSize ? "below_min_group_size" : (already?.[i] ?? null),
  );
  const dims = cells[0]?.key.length ?? 0;
  if (dims === 0) return reasons;
  // Sibling sets for each dimension: cells grouped by their key without that dimension.
  const siblingSets: number[][] = [];
  for (let d = 0; d < dims; d++) {
    const groups = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const rest = JSON.stringify(c.key.filter((_, j) => j !== d));
      const list = groups.get(rest) ?? [];
      list.push(i);
      groups.set(rest, list);
    });
    siblingSets.push(...groups.values());
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const set of siblingSets) {
      const hidden = set.filter((i) => reasons[i] !== null);
      if (hidden.length !== 1) continue;
      const visible = set.filter((i) => reasons[i] === null);
      if (visible.length === 0) continue;
      // The smallest visible sibling (ties: the first in result order) hides too.
      const next = visible.reduce((a, b) =>
        (cells[b] as Cell).parts.n < (cells[a] as Cell).parts.n ? b : a,
      );
      reasons[next] = "complementary";
      changed = true;
    }
  }
  return reasons;
}
