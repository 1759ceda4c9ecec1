// Keeps the residual check's lifted counts (residual.ts) between breakdowns while the data they count is unchanged:
// lifting a filter makes the same whole-organisation query for every station, group or wave a viewer filters on.
// It caches counts only, never measures, per database connection, and forgets them when any count below moves.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Cell } from "./execute";

/**
 * What the lifted counts depend on besides their SQL: responses and answers (append-only: no code path edits or
 * deletes one; one that does must call forgetLiftedCounts), reorganisations (unit_changes, unit_map) and the items
 * of survey versions (tagging makes a new version). Counts that DuckDB answers from its metadata or small tables.
 */
const fingerprintSql = `SELECT (SELECT count(*) FROM responses) || '/' || (SELECT count(*) FROM answers) || '/' ||
  (SELECT coalesce(max(seq), 0) FROM unit_changes) || '/' || (SELECT count(*) FROM unit_map) || '/' ||
  (SELECT count(*) FROM survey_items) AS fingerprint`;

/** Bounded: each entry is at most the engine's cell limit (20,000 cells); the least recently used goes first. */
const maxEntries = 256;

interface Store {
  fingerprint: string;
  entries: Map<string, unknown>;
}

// One store per connection, i.e. per database: two databases in one process (tests, benches) never share counts.
const stores = new WeakMap<DuckDBConnection, Store>();

export async function dataFingerprint(read: DuckDBConnection): Promise<string> {
  const reader = await read.runAndReadAll(fingerprintSql);
  return String(reader.getRowObjectsJS()[0]?.fingerprint ?? "");
}

/** The cached cells for `key` under `fingerprint`, or what `count` reads (then kept). */
export function liftedCells(
  read: DuckDBConnection,
  fingerprint: string,
  key: string,
  count: () => Promise<Cell[]>,
): Promise<Cell[]> {
  return kept(read, fingerprint, `cells ${key}`, count);
}

/**
 * What the residual check concluded from those counts for one restricted query, by cell key: as much a function of
 * the counts and the query as the counts are of the data, and as dear to work out again (a unit × question check
 * tries every subtree total of every cell).
 */
export function keptCuts(
  read: DuckDBConnection,
  fingerprint: string,
  key: string,
  judge: () => Promise<Map<string, boolean>>,
): Promise<Map<string, boolean>> {
  return kept(read, fingerprint, `cuts ${key}`, judge);
}

/**
 * Counts that came to more cells than the engine reads: remembered, so the residual check goes straight to its coarse
 * count next time instead of aggregating every unit again only to be refused (seconds at a million staff).
 */
export async function tooManyCells(
  read: DuckDBConnection,
  fingerprint: string,
  key: string,
): Promise<boolean> {
  return (await kept(read, fingerprint, `too many ${key}`, async () => false)) === true;
}

export async function rememberTooManyCells(
  read: DuckDBConnection,
  fingerprint: string,
  key: string,
): Promise<void> {
  const store = stores.get(read);
  if (store?.fingerprint === fingerprint) store.entries.set(`too many ${key}`, true);
}

async function kept<T>(
  read: DuckDBConnection,
  fingerprint: string,
  key: string,
  make: () => Promise<T>,
): Promise<T> {
  let store = stores.get(read);
  if (!store || store.fingerprint !== fingerprint) {
    store = { fingerprint, entries: new Map() };
    stores.set(read, store);
  }
  if (store.entries.has(key)) {
    const hit = store.entries.get(key) as T;
    store.entries.delete(key);
    store.entries.set(key, hit);
    return hit;
  }
  const value = await make();
  store.entries.set(key, value);
  if (store.entries.size > maxEntries) store.entries.delete(store.entries.keys().next().value as string);
  return value;
}

/** Drops the cached counts of one connection (data changed in a way the fingerprint cannot see; a cold bench run). */
export function forgetLiftedCounts(read: DuckDBConnection): void {
  stores.delete(read);
}
