// Opens the one DuckDB instance this process owns and hands out its two connections.
// Writes go through `write` only (the ingest writer and migrations serialise on it); reads use `read`.
import { mkdirSync } from "node:fs";
import { totalmem } from "node:os";
import { dirname } from "node:path";
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";

export interface Database {
  readonly path: string;
  readonly read: DuckDBConnection;
  readonly write: DuckDBConnection;
  /**
   * Breakdown queries only: DuckDB's join reordering is off here, because analytics/compile.ts writes its joins
   * in the order they should run (10 M answers first, small tables after). Left on, the optimizer builds a hash
   * table of every response × every item and runs the whole breakdown several times slower.
   */
  readonly analytics: DuckDBConnection;
  /** A connection of its own, for long work that must not hold up `read` (a backup's snapshot); close it after. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export type Row = Record<string, unknown>;
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/**
 * DuckDB's own settings for this process: `MINYI_DUCKDB_MEMORY` (e.g. `4GB`; default half the machine's memory,
 * since DuckDB's own default of 80 % leaves too little for Node and the OS) and `MINYI_DUCKDB_THREADS` (default:
 * every core). Past the limit DuckDB spills large aggregates and joins to a temp directory beside the file.
 */
export function duckdbSettings(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const settings: Record<string, string> = {
    memory_limit: env.MINYI_DUCKDB_MEMORY || `${Math.floor(totalmem() / 2 / 1024 / 1024)}MB`,
  };
  if (env.MINYI_DUCKDB_THREADS) settings.threads = env.MINYI_DUCKDB_THREADS;
  return settings;
}

/**
 * DuckDB checkpoints by itself when the write-ahead log passes this size, inside the commit that passed it, and a
 * checkpoint rewrites the responses' primary-key index whole: at the default 16 MB that stalled one batch of
 * submissions every ~2 s of load for 0.2–0.4 s (0.5–0.9 s at a million responses). The batch writer checkpoints in
 * quiet moments instead (storage/checkpoint.ts); this ceiling is for a server that is never quiet.
 */
export const walCeiling = "512MB";

export interface OpenOptions {
  /** DuckDB's checkpoint_threshold: how large the WAL grows before a commit checkpoints it (walCeiling). */
  checkpointThreshold?: string;
}

export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path, {
    ...duckdbSettings(),
    checkpoint_threshold: options.checkpointThreshold ?? walCeiling,
  });
  const read = await instance.connect();
  const write = await instance.connect();
  const analytics = await instance.connect();
  await analytics.run("SET disabled_optimizers = 'join_order'");
  return {
    path,
    read,
    write,
    analytics,
    connect: () => instance.connect(),
    close() {
      read.closeSync();
      write.closeSync();
      analytics.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs a query and returns plain JS rows (numbers stay numbers unless they overflow; timestamps are Dates). */
export async function queryRows<T = Row>(conn: DuckDBConnection, sql: string, params?: Params): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map(toPlainRow) as T[];
}

function toPlainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    // DuckDB counts come back as BigInt; every count in this product fits a double.
    out[key] = typeof value === "bigint" ? Number(value) : value;
  }
  return out;
}

// One write transaction at a time per connection: the batch writer, survey uploads and wave changes share
// `db.write`, and a statement issued while another caller's transaction is open would silently join it.
const writeLocks = new WeakMap<DuckDBConnection, Promise<unknown>>();

/**
 * Runs `body` in one transaction on `conn`, after any transaction already running on it; rolls back on any
 * error so nothing is half-written. Every write on `db.write` goes through here.
 */
export async function inTransaction<T>(conn: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  return withWriteLock(conn, () => transaction(conn, body));
}

/** Runs `body` alone on `conn`, after any transaction already running on it (for statements outside one). */
export async function withWriteLock<T>(conn: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  const previous = writeLocks.get(conn) ?? Promise.resolve();
  const run = previous.then(body, body);
  writeLocks.set(
    conn,
    run.catch(() => undefined),
  );
  return run;
}

async function transaction<T>(conn: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await conn.run("BEGIN TRANSACTION");
  try {
    const result = await body();
    await conn.run("COMMIT");
    return result;
  } catch (error) {
    await conn.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** An ISO date-time (any offset) as the UTC wall-clock text a TIMESTAMP column takes; no ICU needed. */
export function toUtcTimestamp(iso: string | Date): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return date.toISOString().replace("Z", "");
}
