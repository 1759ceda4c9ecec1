// Backs the database up while it serves (one snapshot copied into a fresh DuckDB file), checks a backup file, and
// restores one over MINYI_DB with the server stopped. It knows no HTTP: the admin route and the CLIs call it.
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { copyFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { appendAudit } from "../auth/audit";
import { type Database, inTransaction } from "./database";
import { migrations } from "./migrations";

export interface TableFigures {
  rows: number;
  /** Sum of every row's hash: equal figures mean equal contents, whatever the physical order. */
  hash: string;
}

export interface BackupSummary {
  name: string;
  path: string;
  bytes: number;
  tookMs: number;
  schemaVersion: number;
  /** Row counts of every table, read inside the backup's own snapshot. */
  tables: Record<string, number>;
}

export class BackupError extends Error {
  constructor(
    readonly code:
      | "backup_dir_missing"
      | "backup_missing"
      | "backup_unreadable"
      | "backup_foreign"
      | "backup_too_new"
      | "database_in_use",
    message: string,
  ) {
    super(message);
  }
}

const backupAlias = "minyi_backup";
// One backup at a time per database: two COPYs would only compete for the disk.
const running = new WeakMap<Database, Promise<unknown>>();

/**
 * Copies the whole database (tables, views, sequences at their current values) into `<dir>/<stem>-<time>.duckdb`.
 * COPY FROM DATABASE runs in one transaction on a connection of its own, so it reads one snapshot while ingest goes
 * on committing; the copy is written beside its final name, fsynced, then renamed, so a backup file is whole or absent.
 */
export function backupDatabase(db: Database, dir: string, now: Date): Promise<BackupSummary> {
  const previous = running.get(db) ?? Promise.resolve();
  const run = previous.then(
    () => copyDatabase(db, dir, now),
    () => copyDatabase(db, dir, now),
  );
  running.set(
    db,
    run.catch(() => undefined),
  );
  return run;
}

async function copyDatabase(db: Database, dir: string, now: Date): Promise<BackupSummary> {
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const name = freeName(
    dir,
    db.path === ":memory:" ? "minyi" : basename(db.path).replace(/\.duckdb$/, ""),
    now,
  );
  const path = join(dir, name);
  const partial = join(dir, `.${name}.partial`);
  const conn = await db.connect();
  let tables: Record<string, number> = {};
  let schemaVersion = 0;
  try {
    const [source] = (await conn.runAndReadAll("SELECT current_database() AS name")).getRowObjectsJS();
    await conn.run(`ATTACH ${literal(partial)} AS ${backupAlias}`);
    try {
      await conn.run("BEGIN TRANSACTION");
      await conn.run(`COPY FROM DATABASE ${identifier(String(source?.name))} TO ${backupAlias}`);
      tables = await countRows(conn, backupAlias);
      schemaVersion = await newestMigration(conn, backupAlias);
      await conn.run("COMMIT");
    } catch (error) {
      await conn.run("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      // DETACH checkpoints the copy into its file, so it needs no WAL beside it.
      await conn.run(`DETACH ${backupAlias}`).catch(() => undefined);
    }
    // A backup holds everything the database does: readable by the server's own OS user only.
    chmodSync(partial, 0o600);
    syncFile(partial);
    renameSync(partial, path);
    syncFile(dir);
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}.wal`, { force: true });
    throw error;
  } finally {
    conn.closeSync();
  }
  return {
    name,
    path,
    bytes: statSync(path).size,
    tookMs: Math.round(performance.now() - started),
    schemaVersion,
    tables,
  };
}

/** Where backups go: MINYI_BACKUP_DIR, else `backups/` beside the database; an in-memory database has none. */
export function backupDirFor(dbPath: string, configured: string | undefined): string | null {
  if (configured) return configured;
  return dbPath === ":memory:" ? null : join(dirname(dbPath), "backups");
}

/** A backup asked for by someone (an admin over HTTP, the CLI): taken, then written to the audit log. */
export async function recordedBackup(
  db: Database,
  dir: string | null,
  actor: string,
  now: Date,
): Promise<BackupSummary> {
  if (dir === null) {
    throw new BackupError(
      "backup_dir_missing",
      "This server's database lives in memory and has no backup directory: set MINYI_BACKUP_DIR.",
    );
  }
  const summary = await backupDatabase(db, dir, now);
  await inTransaction(db.write, () =>
    appendAudit(db.write, {
      at: now,
      actor,
      action: "backup",
      target: summary.name,
      detail: { bytes: summary.bytes, responses: summary.tables.responses ?? 0, tookMs: summary.tookMs },
    }),
  );
  return summary;
}

export interface BackupCheck {
  schemaVersion: number;
  tables: Record<string, TableFigures>;
}

/**
 * Opens a file read-only and checks that it is a minyi database this build can open: a DuckDB file, with
 * schema_migrations, no migration this code does not know, every table readable to its last row (DuckDB verifies
 * each block's checksum as it reads it), and no answer or case pointing at a response that is not there.
 */
export async function checkBackupFile(path: string): Promise<BackupCheck> {
  if (!existsSync(path)) throw new BackupError("backup_missing", `There is no backup file ${path}.`);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  } catch (error) {
    throw new BackupError(
      "backup_unreadable",
      `${path} cannot be opened as a DuckDB database (${firstLine(error)}). Pick another backup file.`,
    );
  }
  const conn = await instance.connect();
  try {
    const catalog = String((await rowsOf(conn, "SELECT current_database() AS name"))[0]?.name);
    const names = await tableNames(conn, catalog);
    if (!names.includes("schema_migrations")) {
      throw new BackupError(
        "backup_foreign",
        `${path} is a DuckDB database but not a minyi one (it has no schema_migrations table).`,
      );
    }
    const known = new Set(migrations.map((m) => m.version));
    const versions = (await rowsOf(conn, "SELECT version FROM schema_migrations")).map((r) =>
      Number(r.version),
    );
    const unknown = versions.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new BackupError(
        "backup_too_new",
        `${path} has schema version ${Math.max(...unknown)}, which this build of minyi does not know. Restore it with the minyi version that made it.`,
      );
    }
    const tables = await fingerprint(conn, catalog);
    const orphans = await rowsOf(
      conn,
      `SELECT (SELECT count(*) FROM answers a ANTI JOIN responses r ON r.id = a.response_id) AS answers,
              (SELECT count(*) FROM cases c ANTI JOIN responses r ON r.id = c.response_id
                WHERE c.response_id IS NOT NULL) AS cases`,
    );
    const [orphan] = orphans;
    if (Number(orphan?.answers) > 0 || Number(orphan?.cases) > 0) {
      throw new BackupError(
        "backup_unreadable",
        `${path} is not consistent: ${orphan?.answers} answers and ${orphan?.cases} cases point at responses it does not hold.`,
      );
    }
    return { schemaVersion: Math.max(0, ...versions), tables };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError("backup_unreadable", `${path} cannot be read to the end (${firstLine(error)}).`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export interface RestoreSummary extends BackupCheck {
  /** Where the database restored over was kept; null when there was none. */
  previous: string | null;
}

/**
 * Puts a checked backup in place of `target`. The copy is written and fsynced beside the target and checked again
 * there, then renamed over it in one step; the old file is kept (hard link) as `<target>.before-restore-<time>`.
 * The target must not be open anywhere: DuckDB's own file lock tells whether a server holds it.
 */
export async function restoreDatabase(
  backupPath: string,
  target: string,
  now: Date,
): Promise<RestoreSummary> {
  const source = resolve(backupPath);
  await checkBackupFile(source);
  const stamp = timeStamp(now);
  const previous = existsSync(target) ? `${target}.before-restore-${stamp}` : null;
  if (previous) await settleTarget(target);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const partial = `${target}.restore-${stamp}.partial`;
  try {
    await copyFile(source, partial);
    syncFile(partial);
    const check = await checkBackupFile(partial);
    if (previous) {
      linkSync(target, previous);
      // Replayed and checkpointed by settleTarget; a WAL left now would belong to the old file, never the new one.
      if (existsSync(`${target}.wal`)) renameSync(`${target}.wal`, `${previous}.wal`);
    }
    renameSync(partial, target);
    syncFile(dirname(resolve(target)));
    return { ...check, previous };
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Opens the current database once: refused while a server holds it; its WAL is checkpointed into the file. */
async function settleTarget(target: string): Promise<void> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(target);
  } catch (error) {
    if (isLockedError(error)) {
      throw new BackupError(
        "database_in_use",
        `${target} is open in a running minyi server (${firstLine(error)}). Stop the server, then restore.`,
      );
    }
    throw new BackupError(
      "backup_unreadable",
      `The current database ${target} cannot be opened (${firstLine(error)}); move it away by hand, then restore.`,
    );
  }
  try {
    const conn = await instance.connect();
    await conn.run("CHECKPOINT");
    conn.closeSync();
  } finally {
    instance.closeSync();
  }
}

/** DuckDB's answer when another process holds the database file. */
export function isLockedError(error: unknown): boolean {
  return /Could not set lock on file/i.test(error instanceof Error ? error.message : String(error));
}

/** Row count and content hash of every table of `catalog` (the attached database's name). */
export async function fingerprint(
  conn: DuckDBConnection,
  catalog: string,
): Promise<Record<string, TableFigures>> {
  const out: Record<string, TableFigures> = {};
  for (const table of await tableNames(conn, catalog)) {
    const [row] = await rowsOf(
      conn,
      `SELECT count(*) AS n, coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR AS h
       FROM ${identifier(catalog)}.main.${identifier(table)} AS t`,
    );
    out[table] = { rows: Number(row?.n), hash: String(row?.h) };
  }
  return out;
}

async function countRows(conn: DuckDBConnection, catalog: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await tableNames(conn, catalog)) {
    const [row] = await rowsOf(
      conn,
      `SELECT count(*) AS n FROM ${identifier(catalog)}.main.${identifier(table)}`,
    );
    out[table] = Number(row?.n);
  }
  return out;
}

async function newestMigration(conn: DuckDBConnection, catalog: string): Promise<number> {
  const [row] = await rowsOf(
    conn,
    `SELECT coalesce(max(version), 0) AS v FROM ${identifier(catalog)}.main.schema_migrations`,
  );
  return Number(row?.v);
}

async function tableNames(conn: DuckDBConnection, catalog: string): Promise<string[]> {
  const rows = await rowsOf(
    conn,
    "SELECT table_name FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main' ORDER BY table_name",
    [catalog],
  );
  return rows.map((r) => String(r.table_name));
}

async function rowsOf(
  conn: DuckDBConnection,
  sql: string,
  params?: string[],
): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS();
}

function freeName(dir: string, stem: string, now: Date): string {
  const stamp = timeStamp(now);
  for (let n = 1; ; n++) {
    const name = `${stem}-${stamp}${n === 1 ? "" : `-${n}`}.duckdb`;
    if (!existsSync(join(dir, name))) return name;
  }
}

/** 20261201T134500Z: sorts by time, and is a valid file name everywhere. */
function timeStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

function syncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// ATTACH takes no bound parameters: the path (made here, never from a request) is quoted as a literal.
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const identifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
