// suppress: decides which cells of one result hide their measures — those under the minimum group size, then, in
// every set of siblings whose total is known (cells equal in all dimensions but one; and, along the unit tree,
// the cells inside one unit's subtree, whose total any roll-up of that unit shows) that holds exactly one hidden
// cell or hidden cells of fewer than the minimum responses together, the next smallest too, repeated until no such
// set is left — so no hidden cell or small hidden group can be recovered by subtraction. It computes no measure.

/** A cell as suppression sees it: its dimension keys and how many it counts (responses, or cases). */
export interface Cell {
  key: readonly string[];
  parts: { n: number };
}

export type Suppression = "below_min_group_size" | "complementary";

/** A unit dimension of the result: its index in the key, and each unit id's tree path ('/plant/area-1/'). */
export interface UnitTree {
  dimension: number;
  pathOf: (unitId: string) => string | undefined;
}

/**
 * `already`: cells hidden beforehand for another reason (a parent total that would give hidden cells away).
 * `trees`: the result's unit dimensions, whose subtree totals are public through other queries.
 */
export function suppress(
  cells: readonly Cell[],
  minGroupSize: number,
  already?: readonly (Suppression | null)[],
  trees: readonly UnitTree[] = [],
): (Suppression | null)[] {
  const reasons: (Suppression | null)[] = cells.map((c, i) =>
    c.parts.n < minGroupSize ? "below_min_group_size" : (already?.[i] ?? null),
  );
  const dims = cells[0]?.key.length ?? 0;
  if (dims === 0) return reasons;
  const siblingSets = [...dimensionSets(cells, dims), ...trees.flatMap((t) => subtreeSets(cells, t))];
  for (let changed = true; changed; ) {
    changed = false;
    for (const set of siblingSets) {
      const hidden = set.filter((i) => reasons[i] !== null);
      if (hidden.length === 0) continue;
      const hiddenN = hidden.reduce((s, i) => s + (cells[i] as Cell).parts.n, 0);
      if (hidden.length > 1 && hiddenN >= minGroupSize) continue;
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

/** For each dimension, the cells grouped by their key without that dimension. */
function dimensionSets(cells: readonly Cell[], dims: number): number[][] {
  const sets: number[][] = [];
  for (let d = 0; d < dims; d++) {
    sets.push(...groupIndexes(cells, (c) => [JSON.stringify(c.key.filter((_, j) => j !== d))]).values());
  }
  return sets;
}

/** For each unit on the path of a cell's unit, the cells (equal in the other dimensions) inside its subtree. */
function subtreeSets(cells: readonly Cell[], tree: UnitTree): number[][] {
  const groups = groupIndexes(cells, (c) => {
    const path = tree.pathOf(c.key[tree.dimension] as string);
    if (!path) return [];
    const rest = JSON.stringify(c.key.filter((_, j) => j !== tree.dimension));
    const parts = path.split("/").filter(Boolean);
    return parts.map((_, k) => `${parts.slice(0, k + 1).join("/")}|${rest}`);
  });
  return [...groups.values()].filter((set) => set.length > 1);
}

function groupIndexes(cells: readonly Cell[], keysOf: (c: Cell) => string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  cells.forEach((c, i) => {
    for (const key of keysOf(c)) {
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    }
  });
  return groups;
}
