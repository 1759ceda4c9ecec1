// Server-side sessions: a random token goes to the browser, only its sha256 is stored. Sessions end after 30 min
// idle (sliding) or 12 h in all, on logout, and when the password changes; expired rows are deleted when met.
import { createHash, randomBytes } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import type { Role } from "./accounts";
import { appendAudit } from "./audit";

export const idleTimeoutMs = 30 * 60_000;
export const absoluteTimeoutMs = 12 * 3_600_000;
// Sliding the idle window costs a write; once a minute is precise enough for a 30-minute timeout.
const touchIntervalMs = 60_000;

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  scopeUnitId: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Inserts a new session for `userId`; call inside the caller's write transaction. Returns the token. */
export async function insertSession(write: DuckDBConnection, userId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const at = toUtcTimestamp(now);
  await write.run(
    "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, absolute_expires_at) VALUES ($1, $2, $3, $3, $4)",
    [hashToken(token), userId, at, toUtcTimestamp(new Date(now.getTime() + absoluteTimeoutMs))],
  );
  return token;
}

/** Deletes every expired session; call inside a write transaction. */
export async function deleteExpiredSessions(write: DuckDBConnection, now: Date): Promise<void> {
  await write.run("DELETE FROM sessions WHERE absolute_expires_at <= $1 OR last_seen_at <= $2", [
    toUtcTimestamp(now),
    toUtcTimestamp(new Date(now.getTime() - idleTimeoutMs)),
  ]);
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** The user behind a session token, or null when there is no such session or it has expired (then it is deleted). */
export async function resolveSession(
  db: Database,
  token: string | undefined,
  now: Date,
): Promise<SessionUser | null> {
  if (token === undefined || !tokenPattern.test(token)) return null;
  const idHash = hashToken(token);
  const [row] = await queryRows<{
    user_id: string;
    last_seen_at: Date;
    absolute_expires_at: Date;
    username: string;
    role: Role;
    scope_unit_id: string;
    disabled: boolean;
  }>(
    db.read,
    `SELECT s.user_id, s.last_seen_at, s.absolute_expires_at, u.username, u.role, u.scope_unit_id, u.disabled
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
    [idHash],
  );
  if (!row) return null;
  const t = now.getTime();
  const expired = t >= row.absolute_expires_at.getTime() || t - row.last_seen_at.getTime() >= idleTimeoutMs;
  if (expired || row.disabled) {
    await inTransaction(db.write, () => db.write.run("DELETE FROM sessions WHERE id_hash = $1", [idHash]));
    return null;
  }
  if (t - row.last_seen_at.getTime() >= touchIntervalMs) {
    await inTransaction(db.write, () =>
      db.write.run("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2", [toUtcTimestamp(now), idHash]),
    );
  }
  return { id: row.user_id, username: row.username, role: row.role, scopeUnitId: row.scope_unit_id };
}

/** Logout: deletes the session of `token` (if any) and audits it. True when a session was ended. */
export async function endSession(db: Database, token: string | undefined, now: Date): Promise<boolean> {
  if (token === undefined || !tokenPattern.test(token)) return false;
  const idHash = hashToken(token);
  return inTransaction(db.write, async () => {
    const [row] = await queryRows<{ username: string }>(
      db.write,
      "SELECT u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
      [idHash],
    );
    if (!row) return false;
    await db.write.run("DELETE FROM sessions WHERE id_hash = $1", [idHash]);
    await appendAudit(db.write, { at: now, actor: row.username, action: "logout", target: row.username });
    return true;
  });
}
