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
