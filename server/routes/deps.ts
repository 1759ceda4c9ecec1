// What every route may use: the database and the domain services built on it. Made once per app in app.ts.
import type { LoginLimiter } from "../auth/rateLimit";
import type { BatchWriter } from "../ingest/batchWriter";
import type { ReferenceCache } from "../ingest/referenceCache";
import type { Database } from "../storage/database";

export interface AppDeps {
  db: Database;
  reference: ReferenceCache;
  writer: BatchWriter;
  now: () => Date;
  /** Failed-login counters (in memory); one per app unless given, so tests can share or inspect it. */
  loginLimiter?: LoginLimiter;
  /** MINYI_TRUST_PROXY=1: believe X-Forwarded-Proto / X-Forwarded-For from the reverse proxy in front. */
  trustProxy?: boolean;
  /** This server's own address on loopback once it listens (the report printer opens pages there). */
  selfUrl?: () => string | undefined;
  /** MINYI_PUBLIC_URL: the address printed on unit-link sheets; unset, each request's own origin. */
  publicUrl?: string;
  /** Where POST /api/admin/backup writes (MINYI_BACKUP_DIR, else backups/ beside the database). */
  backupDir?: string;
}

/** AppDeps with the auth defaults filled in. */
export interface AuthDeps extends AppDeps {
  loginLimiter: LoginLimiter;
  trustProxy: boolean;
}
