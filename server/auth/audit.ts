// Appends to the audit log: who did what to whom, when. Append-only — there is no update or delete here.
// It never records a client address or a password; callers run it inside their own write transaction.
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, toUtcTimestamp } from "../storage/database";

export interface AuditEntry {
  at: Date;
  actor: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
}

/** Call inside inTransaction(db.write, …) so the entry commits with the change it records. */
export async function appendAudit(write: DuckDBConnection, entry: AuditEntry): Promise<void> {
  await write.run(
    `INSERT INTO audit_log ("at", actor, action, target, detail) VALUES ($1, $2, $3, $4, $5::JSON)`,
    [
      toUtcTimestamp(entry.at),
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.detail === undefined ? null : JSON.stringify(entry.detail),
    ],
  );
}

export interface AuditRow {
  seq: number;
  at: Date;
  actor: string | null;
  action: string;
  target: string | null;
  detail: string | null;
}

export async function readAudit(read: DuckDBConnection): Promise<AuditRow[]> {
  return queryRows<AuditRow>(
    read,
    `SELECT seq, "at", actor, action, target, detail::VARCHAR AS detail FROM audit_log ORDER BY seq`,
  );
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Case-insensitive substring of the target (a username, survey or wave id). */
  target?: string;
  /** Inclusive bounds on the time of the entry. */
  from?: Date;
  to?: Date;
  /** Entries older than this sequence number: the next page of a newest-first listing. */
  beforeSeq?: number;
  limit: number;
  /**
   * A scoped admin sees only entries whose actor or target is an account scoped inside this unit; the
   * organisation's admins (scope = root) pass undefined and see everything.
   */
  withinUnitId?: string;
}

/** The newest entries first that match `filter`, at most `limit`; `hasMore` tells whether older ones match. */
export async function searchAudit(
  read: DuckDBConnection,
  filter: AuditFilter,
): Promise<{ entries: AuditRow[]; hasMore: boolean }> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.actor) where.push(`actor = ${bind(filter.actor.toLowerCase())}`);
  if (filter.action) where.push(`action = ${bind(filter.action)}`);
  if (filter.target) where.push(`contains(lower(target), ${bind(filter.target.toLowerCase())})`);
  if (filter.from) where.push(`"at" >= ${bind(toUtcTimestamp(filter.from))}::TIMESTAMP`);
  if (filter.to) where.push(`"at" <= ${bind(toUtcTimestamp(filter.to))}::TIMESTAMP`);
  if (filter.beforeSeq !== undefined) where.push(`seq < ${bind(filter.beforeSeq)}`);
  if (filter.withinUnitId !== undefined) {
    const scoped = scopedUsernames(bind(filter.withinUnitId));
    where.push(`(actor IN ${scoped} OR target IN ${scoped})`);
  }
  const rows = await queryRows<AuditRow>(
    read,
    `SELECT seq, "at", actor, action, target, detail::VARCHAR AS detail FROM audit_log
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq DESC LIMIT ${bind(filter.limit + 1)}`,
    params,
  );
  return { entries: rows.slice(0, filter.limit), hasMore: rows.length > filter.limit };
}

/** The distinct actions among the entries the admin may see, for the viewer's filter list. */
export async function auditActions(read: DuckDBConnection, withinUnitId?: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    read,
    withinUnitId === undefined
      ? "SELECT DISTINCT action FROM audit_log ORDER BY action"
      : `SELECT DISTINCT action FROM audit_log WHERE actor IN ${scopedUsernames("$1")} OR target IN ${scopedUsernames("$1")}
         ORDER BY action`,
    withinUnitId === undefined ? [] : [withinUnitId],
  );
  return rows.map((r) => r.action);
}

/** Usernames of the accounts scoped inside the unit bound at `param`. */
function scopedUsernames(param: string): string {
  return `(SELECT users.username FROM users JOIN units u ON u.id = users.scope_unit_id
    JOIN units s ON s.id = ${param} WHERE starts_with(u.path, s.path))`;
}
