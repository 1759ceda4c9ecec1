// Decides how each respondent's unit and group appear in a raw-answer export so that every released combination
// of wave, unit and group holds at least `k` responses: small groups climb the unit tree (and, at the top of the
// scope, merge their respondent groups into "*") until they are large enough; what never gets there is left out.
// Pure: it sees counts only, never answers.

export interface CellCount {
  waveId: string;
  unitId: string;
  groupId: string;
  n: number;
}

export interface TreeUnit {
  id: string;
  parentId: string | null;
  level: number;
}

export interface Release {
  unit: string;
  group: string;
}

/** Key of a (wave, unit, group) cell. */
export const cellKey = (waveId: string, unitId: string, groupId: string) =>
  JSON.stringify([waveId, unitId, groupId]);

/**
 * For every cell: where its responses are released, or null when they are withheld. `scopeId` is the top of the
 * tree the export may name; units are those in scope.
 */
export function anonymiseCells(
  cells: readonly CellCount[],
  units: ReadonlyMap<string, TreeUnit>,
  scopeId: string,
  k: number,
): Map<string, Release | null> {
  const out = new Map<string, Release | null>();
  const deepestFirst = [...units.values()].sort((a, b) => b.level - a.level);
  for (const waves of groupBy(cells, (c) => c.waveId).values()) {
    // Pools left over at the scope unit, per group: merged across groups as "*" at the end.
    const leftovers: CellCount[] = [];
    for (const group of groupBy(waves, (c) => c.groupId).values()) {
      // Each unit's pool: its own cells plus the cells passed up from children that were too small.
      const pools = new Map<string, CellCount[]>();
      for (const c of group) pools.set(c.unitId, [...(pools.get(c.unitId) ?? []), c]);
      for (const unit of deepestFirst) {
        const pool = pools.get(unit.id);
        if (!pool || pool.length === 0) continue;
        const size = pool.reduce((s, c) => s + c.n, 0);
        if (size >= k) {
          for (const c of pool)
            out.set(cellKey(c.waveId, c.unitId, c.groupId), { unit: unit.id, group: c.groupId });
        } else if (unit.id === scopeId || unit.parentId === null || !units.has(unit.parentId)) {
          leftovers.push(...pool);
        } else {
          pools.set(unit.parentId, [...(pools.get(unit.parentId) ?? []), ...pool]);
        }
        pools.delete(unit.id);
      }
    }
    const total = leftovers.reduce((s, c) => s + c.n, 0);
    for (const c of leftovers) {
      out.set(cellKey(c.waveId, c.unitId, c.groupId), total >= k ? { unit: scopeId, group: "*" } : null);
    }
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
