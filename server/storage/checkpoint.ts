// Checkpoints (write-ahead log → database file) when nothing is being written, so no submission waits for one.
// It never forces: a checkpoint that meets a running query is skipped and tried again at the next quiet moment.
import { statSync } from "node:fs";
import { type Database, withWriteLock } from "./database";
import { noteStorageError } from "./storageFailure";

/** DuckDB's own default threshold: below it, a quiet moment is not worth a checkpoint. */
export const quietCheckpointBytes = 16 * 1024 * 1024;

/** Checkpoints if the WAL holds at least `minBytes`; true when it did. Runs under the write connection's lock. */
export async function checkpointIfDue(db: Database, minBytes = quietCheckpointBytes): Promise<boolean> {
  if (db.path === ":memory:" || walBytes(db.path) < minBytes) return false;
  return withWriteLock(db.write, async () => {
    try {
      await db.write.run("CHECKPOINT");
      return true;
    } catch (error) {
      // A read still running ("Cannot CHECKPOINT: …"): not quiet after all, try at the next quiet moment. A full
      // disk here is fatal for DuckDB (storageFailure.ts): passing it on lets the server stop and be restarted.
      noteStorageError(error);
      return false;
    }
  });
}

function walBytes(path: string): number {
  try {
    return statSync(`${path}.wal`).size;
  } catch {
    return 0;
  }
}
