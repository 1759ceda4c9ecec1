// What every route may use: the database and the domain services built on it. Made once per app in app.ts.
import type { BatchWriter } from "../ingest/batchWriter";
import type { ReferenceCache } from "../ingest/referenceCache";
import type { Database } from "../storage/database";

export interface AppDeps {
  db: Database;
  reference: ReferenceCache;
  writer: BatchWriter;
  now: () => Date;
}
