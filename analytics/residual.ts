// residual: hides the cells of a restricted result (a scope, unit filters, waves, other filters, a date range) whose
// left-out responses could be recovered by subtraction — the "residual" of a restriction is a hidden cell too. It
// reads each restriction's lifted cells (restrictions.ts) and judges them; it computes no measure.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Snapshot } from "./catalogue";
import { type CompilePlan, compile } from "./compile";
import { QueryError } from "./errors";
import { type Cell, execute } from "./execute";
import { dataFingerprint, keptCuts, liftedCells, rememberTooManyCells, tooManyCells } from "./liftedCounts";
import { type Restriction, restrictionsOf } from "./restrictions";
import { suppress } from "./suppress";

/** A lifted cell as the checks read it: the result's key, then the member's value last. */
interface Atom {
  key: readonly string[];
  parts: { n: number };
}

/**
 * For each cell of the result (made from `plan`): true when one of the plan's restrictions leaves out of it a group
 * of responses that subtraction could single out. Runs one query of counts per restriction that can cut a cell;
 * `cache` keeps them for the other calls of one breakdown (its comparison).
 */
export async function residualHidden(
  read: DuckDBConnection,
  plan: CompilePlan,
  cells: readonly Cell[],
  snap: Snapshot,
  minGroupSize: number,
  cache: Map<string, Cell[]> = new Map(),
): Promise<boolean[]> {
  const hidden = cells.map(() => false);
  if (cells.length === 0) return hidden;
  const restrictions = restrictionsOf(plan, snap);
  if (restrictions.length === 0) return hidden;
  // Read before the counts: a response stored in between makes the fingerprint stale, never the counts.
  const fingerprint = await dataFingerprint(read);
  const counts = async (lifted: CompilePlan) => {
    const compiled = compile(lifted);
    // A comparison's lifted plan is often the result's own (a wave list lifted is every wave): read it once; and
    // the same lifted query serves every other breakdown that lifts to it, until the data changes (liftedCounts.ts).
    const cacheKey = JSON.stringify([compiled.sql, compiled.params]);
    if (await tooManyCells(read, fingerprint, cacheKey)) {
      throw new QueryError("too_many_cells", "The lifted counts came to more cells than the engine reads.");
    }
    const atoms =
      cache.get(cacheKey) ??
      (await liftedCells(read, fingerprint, cacheKey, () =>
        execute(
          read,
          compiled,
          lifted.dimensions.map((d) => d.name),
        ),
      ).catch(async (error: unknown) => {
        if (error instanceof QueryError && error.code === "too_many_cells") {
          await rememberTooManyCells(read, fingerprint, cacheKey);
        }
        throw error;
      }));
    cache.set(cacheKey, atoms);
    return atoms;
  };
  // The restricted query itself (its SQL and values): with the counts, it decides every restriction's verdict.
  const main = compile(plan);
  const asked = JSON.stringify([main.sql, main.params]);
  const cellKey = (c: { key: readonly string[] }) => JSON.stringify(c.key);
  // Verdicts kept by cell key (a result's cells come in no fixed order), worked out for every cell at once.
  const judged = async (k: number, lifted: CompilePlan, judge: (atoms: Cell[]) => boolean[]) => {
    const atoms = await counts(lifted);
    const verdicts = await keptCuts(
      read,
      fingerprint,
      JSON.stringify([asked, minGroupSize, k, lifted.dimensions]),
      async () => {
        const cut = judge(atoms);
        return new Map(cells.map((c, i) => [cellKey(c), cut[i] as boolean]));
      },
    );
    // A cell the kept verdicts never saw (the same query over changed data has a new fingerprint): judge it now.
    if (cells.some((c) => !verdicts.has(cellKey(c)))) return judge(atoms);
    return cells.map((c) => verdicts.get(cellKey(c)) as boolean);
  };
  for (const [k, r] of restrictions.entries()) {
    let cut: boolean[];
    try {
      cut = await judged(k, r.lifted, (atoms) => memberCut(cells, atoms, r, minGroupSize));
    } catch (error) {
      if (!(error instanceof QueryError && error.code === "too_many_cells")) throw error;
      if (!r.coarse) {
        throw new QueryError(
          "too_many_cells",
          "This breakdown's filters, waves or dates cut its cells too finely to check that nothing they leave out can be recovered; use fewer dimensions or fewer filters.",
          "filters",
        );
      }
      // Too many units to count one by one: count the parts instead, and judge them strictly (memberCut).
      cut = await judged(k, r.coarse, (atoms) => memberCut(cells, atoms, r, minGroupSize, true));
    }
    cut.forEach((c, i) => {
      if (c) hidden[i] = true;
    });
  }
  return hidden;
}

const keyOf = (key: readonly string[]) => JSON.stringify(key);

/** Atoms grouped by the result key they belong to (all but their last key). */
function byResultKey(atoms: readonly Atom[]): Map<string, Atom[]> {
  const groups = new Map<string, Atom[]>();
  for (const a of atoms) {
    const k = keyOf(a.key.slice(0, -1));
    const list = groups.get(k);
    if (list) list.push(a);
    else groups.set(k, [a]);
  }
  return groups;
}

/**
 * A member restriction selects some of a cell's member values (S) out of all it could hold. Every total of the member
 * is public through another query — the whole (no restriction) and, where values nest, each parent — and so are S
 * and each of those totals' parts inside and outside S. The member's values are suppressed among themselves as a
 * breakdown by the member shows them; then the cell is tried as an attacker would: any public total left with one
 * hidden value gives that value away, which may leave another total with one, and so on. The cell is hidden when
 * this gives away a value of fewer than the minimum, or the sum of hidden values of fewer than the minimum together.
 */
/**
 * `strict` (parts of a coarse count, restrictions.ts `coarse`): every part under the minimum counts as hidden and
 * every parent total as public, whatever the real breakdowns show — a part stands for many units, so how they would
 * hide among themselves is not known, and the check must not rely on it.
 */
export function memberCut(
  cells: readonly { key: readonly string[] }[],
  atoms: readonly Atom[],
  r: Pick<Restriction, "passes" | "pathOf" | "itemLevel">,
  minGroupSize: number,
  strict = false,
): boolean[] {
  const groups = byResultKey(atoms);
  return cells.map((cell) => {
    const list = groups.get(keyOf(cell.key)) ?? [];
    if (list.length === 0) return false;
    const values = list.map((a) => a.key.at(-1) as string);
    const flat = list.map((a, i) => ({ key: [values[i] as string], parts: { n: a.parts.n } }));
    const trees = r.pathOf ? [{ dimension: 0, pathOf: r.pathOf }] : [];
    const hidden = strict
      ? flat.map((a) => a.parts.n < minGroupSize)
      : suppress(flat, minGroupSize, undefined, trees).map((x) => x !== null);
    if (!hidden.some(Boolean)) return false;
    const inS = values.map((v) => r.passes(v));
    const all = list.map((_, i) => i);
    const selected = all.filter((i) => inS[i]);
    const n = list.map((a) => a.parts.n);
    const minus = (a: number[], b: readonly number[]) => {
      const drop = new Set(b);
      return a.filter((i) => !drop.has(i));
    };
    // A parent total counts as public unless the query that shows it alone (its own total against the whole and
    // against each parent above it) would be hidden: a superset of the totals the engine really shows.
    // givesAway reads only the hidden values of each set, so the sets are cut down to those first (the same sets
    // to it), and parents whose cut-down sets are alike (most: no hidden value below them) are judged once.
    const parents = r.pathOf ? parentSets(values, r.pathOf) : new Map<string, number[]>();
    const onlyHidden = (set: readonly number[]) => set.filter((i) => hidden[i]);
    const allHidden = onlyHidden(all);
    const judged = new Map<string, boolean>();
    const shown = [...parents].flatMap(([prefix, p]) => {
      if (strict) return [p];
      const pHidden = onlyHidden(p);
      const above = ancestorPrefixes(prefix).flatMap((a) => {
        const set = parents.get(a);
        return set ? [onlyHidden(set)] : [];
      });
      const sets = [
        allHidden,
        pHidden,
        minus(allHidden, pHidden),
        ...above.flatMap((a) => [a, minus(a, pHidden)]),
      ];
      const nonEmpty = sets.filter((set) => set.length > 0);
      const key = JSON.stringify(nonEmpty);
      let hides = judged.get(key);
      if (hides === undefined) {
        hides = givesAway(n, hidden, nonEmpty, minGroupSize, r.itemLevel);
        judged.set(key, hides);
      }
      return hides ? [] : [p];
    });
    const totals = [all, ...shown];
    // S is public (the cell), and so is its difference with every total that holds it or that it holds.
    const sets = [...totals, selected];
    for (const t of totals) {
      const inT = new Set(t);
      if (selected.every((i) => inT.has(i))) sets.push(minus(t, selected));
      else if (t.every((i) => inS[i])) sets.push(minus(selected, t));
    }
    return givesAway(
      n,
      hidden,
      sets.filter((set) => set.length > 0),
      minGroupSize,
      r.itemLevel,
    );
  });
}

/**
 * The attacker's subtraction, repeated: every set's total is known and so is each value not hidden. True when that
 * reveals a value below `min`, or the total of hidden values below `min`. `itemLevel`: one respondent may be counted
 * under several values, so a group of hidden values holds at least its largest, not their sum.
 */
export function givesAway(
  n: readonly number[],
  hiddenAtStart: readonly boolean[],
  sets: readonly number[][],
  min: number,
  itemLevel: boolean,
): boolean {
  const hidden = [...hiddenAtStart];
  const setsOf = n.map(() => [] as number[]);
  sets.forEach((set, s) => {
    for (const i of set) setsOf[i]?.push(s);
  });
  const queue = sets.map((_, s) => s);
  while (queue.length > 0) {
    const set = sets[queue.pop() as number] as number[];
    const h = set.filter((i) => hidden[i]);
    if (h.length === 0) continue;
    const size = itemLevel
      ? Math.max(...h.map((i) => n[i] as number))
      : h.reduce((sum, i) => sum + (n[i] as number), 0);
    if (size < min) return true;
    if (h.length > 1) continue;
    // One hidden value, of the minimum or more (a complementary one): known now, and known in every other set.
    const only = h[0] as number;
    hidden[only] = false;
    queue.push(...(setsOf[only] ?? []));
  }
  return false;
}

/** The values inside each parent total, by the parent's path prefix (a unit heads its own subtree). */
function parentSets(
  values: readonly string[],
  pathOf: (v: string) => string | undefined,
): Map<string, number[]> {
  const sets = new Map<string, number[]>();
  values.forEach((v, i) => {
    const parts = (pathOf(v) ?? "").split("/").filter(Boolean);
    for (let k = 1; k <= parts.length; k++) {
      const p = parts.slice(0, k).join("/");
      const set = sets.get(p);
      if (set) set.push(i);
      else sets.set(p, [i]);
    }
  });
  return sets;
}

/** `a/b/c` → `a`, `a/b`: the parents above a prefix. */
function ancestorPrefixes(prefix: string): string[] {
  const parts = prefix.split("/");
  return parts.slice(0, -1).map((_, k) => parts.slice(0, k + 1).join("/"));
}
