// Tells apart the storage failures a server must react to: a full disk (the write fails, the database lives on)
// and a fatal error (DuckDB invalidated its instance). It only classifies and notifies; main.ts decides to exit.

// Measured on DuckDB 1.5 (tests/resilience/full-disk.test.ts): a COMMIT whose WAL write hits ENOSPC fails and
// the instance goes on working once space is freed, but a failed CHECKPOINT (also the automatic one at commit)
// is a FATAL error after which every query on every connection fails until the database is opened again.
const diskFull = /No space left on device|disk quota exceeded/i;
const fatal = /FATAL Error|database has been invalidated/i;

export type StorageFailure = "fatal" | "disk_full";

export function storageFailure(error: unknown): StorageFailure | null {
  const message = error instanceof Error ? error.message : String(error);
  if (fatal.test(message)) return "fatal";
  if (diskFull.test(message)) return "disk_full";
  return null;
}

const fatalListeners = new Set<(error: unknown) => void>();

/** Called once for the first fatal error seen; the server uses it to stop answering and exit for a restart. */
export function onFatalStorageError(listener: (error: unknown) => void): () => void {
  fatalListeners.add(listener);
  return () => fatalListeners.delete(listener);
}

let reported = false;

/** Every place that turns a database error into an answer passes it here first. */
export function noteStorageError(error: unknown): StorageFailure | null {
  const kind = storageFailure(error);
  if (kind === "fatal" && !reported) {
    reported = true;
    for (const listener of fatalListeners) listener(error);
  }
  return kind;
}
