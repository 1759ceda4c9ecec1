// Shared pieces of the fuzz suite (tests/fuzz): run counts, the error-shape check, a digest of every table, and the
// adversarial strings and keys the generators draw from. It builds no requests of its own and asserts no endpoint.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";
import { type Database, queryRows } from "../../server/storage/database";

/** FUZZ_RUNS multiplies every property's default count (FUZZ_RUNS=10 tries ten times as many inputs). */
export const fuzzScale = Math.max(1, Number(process.env.FUZZ_RUNS ?? "1") || 1);

/** fast-check parameters for a property whose default count is `base`; FUZZ_SEED replays a reported failure. */
export function fuzzParams(base: number): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  return { numRuns: Math.round(base * fuzzScale), ...(seed === undefined ? {} : { seed }) };
}

/** A test timeout that grows with FUZZ_RUNS: the defaults take a few seconds each on this machine. */
export const fuzzTimeout = (baseMs: number) => baseMs * fuzzScale;

/**
 * Counts what one property tried and prints it. The total over all files is summed by tests/fuzz/tally.ts (a
 * vitest globalSetup) from the lines each worker appends to the file it names, since workers share no memory.
 */
export function reportTried(property: string, count: number): void {
  console.log(`fuzz: ${property}: ${count} inputs tried`);
  const file = process.env.MINYI_FUZZ_TALLY;
  if (file) appendFileSync(file, `${count}\t${property}\n`);
}

export const errorCode = /^[a-z][a-z0-9_]*$/;

/** The fixed error shape: {"error":{"code": snake_case, "message": a sentence, "path"?: string}}, nothing else. */
export function expectErrorShape(status: number, text: string, context: string): void {
  expect(status, `${context}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(status, `${context}: ${text.slice(0, 300)}`).toBeLessThan(500);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${context}: the ${status} body is not JSON: ${text.slice(0, 300)}`);
  }
  const error = (body as { error?: Record<string, unknown> }).error;
  expect(Object.keys(body as object), context).toEqual(["error"]);
  expect(error, context).toBeTypeOf("object");
  expect(error?.code, context).toMatch(errorCode);
  expect(error?.message, context).toBeTypeOf("string");
  expect(String(error?.message).trim().length, context).toBeGreaterThan(0);
  if ("path" in (error ?? {})) expect(error?.path, context).toBeTypeOf("string");
  // The paper import's own 422 adds its list of problems; nothing else may ride along.
  for (const key of Object.keys(error ?? {})) expect(["code", "message", "path", "problems"]).toContain(key);
}

/**
 * Columns that move without the input reaching the data: a signed-in request slides its session's idle timeout.
 * Everything else in every table must be byte-for-byte what it was.
 */
const movingColumns: Record<string, string[]> = { sessions: ["last_seen_at"] };

export interface TableDigest {
  rows: number;
  md5: string;
}

export interface DatabaseDigest {
  tables: Record<string, TableDigest>;
  /** The audit log's last entry: the log only grows, so what it held before is the entries up to here. */
  auditLastSeq: number;
}

/** Row count and an md5 over every row's text (sorted, so row order does not matter) of every table. */
export async function databaseDigest(db: Database): Promise<DatabaseDigest> {
  const tables = await queryRows<{ name: string }>(
    db.read,
    "SELECT table_name AS name FROM duckdb_tables() WHERE NOT internal ORDER BY table_name",
  );
  const digest: Record<string, TableDigest> = {};
  for (const { name } of tables) digest[name] = await tableDigest(db, name);
  const [last] = await queryRows<{ seq: number | null }>(db.read, "SELECT max(seq) AS seq FROM audit_log");
  return { tables: digest, auditLastSeq: last?.seq ?? 0 };
}

async function tableDigest(db: Database, table: string, where = "TRUE"): Promise<TableDigest> {
  const moving = movingColumns[table];
  const columns = moving ? `* EXCLUDE (${moving.map((c) => `"${c}"`).join(", ")})` : "*";
  const [row] = await queryRows<TableDigest>(
    db.read,
    `SELECT count(*) AS rows, md5(coalesce(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR), '')) AS md5
       FROM (SELECT ${columns} FROM "${table}" WHERE ${where}) t`,
  );
  return row ?? { rows: -1, md5: "" };
}

/**
 * Asserts every table is as `before` found it. The audit log may only have grown, by entries `allowedAudit`
 * accepts (a refused paper import is recorded by design); the entries it had must be unchanged.
 */
export async function expectUnchanged(
  db: Database,
  before: DatabaseDigest,
  allowedAudit: (entry: { action: string; detail: unknown }) => boolean = () => false,
): Promise<void> {
  const after = await databaseDigest(db);
  const { audit_log: auditBefore, ...restBefore } = before.tables;
  const { audit_log: _auditAfter, ...restAfter } = after.tables;
  expect(restAfter).toEqual(restBefore);
  const kept = Number(before.auditLastSeq);
  expect(await tableDigest(db, "audit_log", `seq <= ${kept}`)).toEqual(auditBefore);
  const added = await queryRows<{ action: string; detail: string | null }>(
    db.read,
    "SELECT action, detail::VARCHAR AS detail FROM audit_log WHERE seq > $1 ORDER BY seq",
    [kept],
  );
  for (const entry of added) {
    const parsed = { action: entry.action, detail: entry.detail === null ? null : JSON.parse(entry.detail) };
    expect(allowedAudit(parsed), `unexpected audit entry ${JSON.stringify(parsed)}`).toBe(true);
  }
}

/** A temp directory's file for a database the suite may digest; DuckDB creates it. */
export const tempDatabasePath = (dir: string) => join(dir, "fuzz.duckdb");

// ---- adversarial material ----------------------------------------------------------------------------------

export const sqlFragments = [
  "'; DROP TABLE responses; --",
  "1 OR 1=1",
  "' OR '1'='1",
  '"; DELETE FROM answers; --',
  "1; SELECT * FROM users",
  "') UNION SELECT password_hash FROM users --",
  "$1",
  "?",
  "\\x27",
  "read_csv('/etc/passwd')",
];

export const prototypeKeys = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
];

/** Strings no endpoint should take for an id or a name: SQL, NUL, lone surrogates, controls, over-long text. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...sqlFragments, ...prototypeKeys),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udfffy",
    "\u202e",
    "%00",
    "../../etc/passwd",
    "NaN",
  ),
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  fc.integer({ min: 201, max: 70_000 }).map((n) => "x".repeat(n)),
);

/** Numbers at the edges: huge, tiny, negative zero, past 2^53, and their spellings as strings. */
export const edgeNumber: fc.Arbitrary<number | string> = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -0, 2 ** 53 + 1, -(2 ** 53) - 1, 1e-308),
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "0x10", "１", "3 ", ""),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value, small: for a field's wrong type. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  edgeNumber,
  nastyString,
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string()), { maxKeys: 4 }),
);

/** Sets `key` as an own, enumerable property, so "__proto__" is sent as a key instead of changing the prototype. */
export function withKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}
