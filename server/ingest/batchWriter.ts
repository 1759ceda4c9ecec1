// Group commit for responses: submissions that arrive while a commit is running wait and go into the next one,
// so N concurrent submissions cost one fsync. It decides new / resend / conflict / closed; it validates nothing.
import { ApiError } from "../errors";
import { checkpointIfDue, quietCheckpointBytes } from "../storage/checkpoint";
import { type Database, inTransaction, queryRows } from "../storage/database";
import { noteStorageError } from "../storage/storageFailure";
import { type ResponseRecord, ResponseStore, type StoredResponse } from "./storeResponses";
import { admitTokens, spendTokens } from "./tokenGate";

export interface PendingResponse {
  record: ResponseRecord;
  /** The wave's window was shut when the request came: refuse unless it is a resend of a stored response. */
  waveClosed: boolean;
  /**
   * Its unit or group is no longer known (retired since, or never): refuse with this unless it is a resend of a
   * stored response, so an answer acknowledged before a retirement still gets its 200 when a client resends it.
   */
  refusal?: ApiError;
  /** sha256 of the invitation token sent with it, if any (see tokenGate.ts); never part of the stored body. */
  tokenHash?: string;
}

export type WriteOutcome = { status: 201 | 200; id: string; receipt: string };

interface Waiting {
  item: PendingResponse;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

export class BatchWriter {
  private queue: Waiting[] = [];
  private running: Promise<void> | null = null;
  private readonly store: ResponseStore;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 1000,
    private readonly lingerMs = 4,
    /** How long the queue must stay empty before a checkpoint may run (storage/checkpoint.ts). */
    private readonly quietMs = 250,
    private readonly checkpointBytes = quietCheckpointBytes,
  ) {
    this.store = new ResponseStore(db.write);
  }

  private closed = false;
  private quietTimer: NodeJS.Timeout | null = null;
  private checkpointing: Promise<unknown> | null = null;

  /** Resolves only after the response is committed (durable), or it was already stored. */
  submit(item: PendingResponse): Promise<WriteOutcome> {
    if (this.closed) return Promise.reject(shuttingDown());
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) this.running = this.drain();
    });
  }

  /** Waits until everything queued so far is written (used at shutdown). */
  async flush(): Promise<void> {
    while (this.running || this.checkpointing) await (this.running ?? this.checkpointing);
  }

  /** Refuses new submissions (503, so clients retry elsewhere or later) and writes what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    await this.flush();
  }

  /**
   * Once the queue has stayed empty for `quietMs`, checkpoint if the log is big enough. A submission arriving
   * meanwhile waits for that one checkpoint (0.2–0.9 s: it rewrites the key index); under load none runs until
   * DuckDB's ceiling.
   */
  private scheduleQuietCheckpoint(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.closed) return;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      if (this.running || this.queue.length > 0 || this.checkpointing) return;
      this.checkpointing = checkpointIfDue(this.db, this.checkpointBytes)
        .catch((error: unknown) => console.error("checkpoint failed:", error))
        .finally(() => {
          this.checkpointing = null;
        });
    }, this.quietMs);
    this.quietTimer.unref();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.gather();
        const batch = this.queue.splice(0, this.maxBatch);
        await this.writeBatch(batch);
      }
    } finally {
      this.running = null;
      this.scheduleQuietCheckpoint();
    }
  }

  /**
   * Lets submissions already on their way join the batch: while the queue keeps growing between turns of the
   * event loop (for at most `lingerMs`), wait. Clients answered by the last commit resend within a turn or two,
   * so without this the batches settle into two half-size groups taking turns, each paying a full commit.
   */
  private async gather(): Promise<void> {
    const deadline = performance.now() + this.lingerMs;
    let seen = -1;
    while (this.queue.length !== seen && this.queue.length < this.maxBatch && performance.now() < deadline) {
      seen = this.queue.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    let settle: Array<() => void>;
    try {
      settle = await inTransaction(this.db.write, () => this.decideAndInsert(batch));
    } catch (error) {
      // Nothing of this batch was committed. If one record is at fault (a value DuckDB refuses), only it may
      // fail: write each alone, so the others are stored and the culprit gets its own error.
      if (batch.length > 1) {
        for (const w of batch) await this.writeBatch([w]);
        return;
      }
      for (const w of batch) w.reject(storageError(error));
      return;
    }
    // Only now, after COMMIT returned: acknowledged means durable.
    for (const s of settle) s();
  }

  /**
   * Responses received outside their wave's window as stored now, in this transaction: the check at submission
   * read the reference cache, and an admin may have closed the wave since (waveActions.ts reads its clock inside
   * its own transaction, so a response received before the close time is still taken, and none after it).
   */
  private async receivedOutsideWindow(batch: Waiting[]): Promise<Set<PendingResponse>> {
    const judged = batch.filter(({ item }) => !item.waveClosed && !item.refusal);
    if (judged.length === 0) return new Set();
    // Only the rounds this batch answers (usually one), not every round the organisation ever ran.
    const waveIds = [...new Set(judged.map(({ item }) => item.record.waveId))];
    const windows = await queryRows<{ id: string; opens: number; closes: number }>(
      this.db.write,
      `SELECT id, epoch_ms(opens_at) AS opens, epoch_ms(closes_at) AS closes FROM waves
       WHERE id IN (${waveIds.map((_, i) => `$${i + 1}`).join(", ")})`,
      waveIds,
    );
    const byId = new Map(windows.map((w) => [w.id, w]));
    const shut = new Set<PendingResponse>();
    for (const { item } of judged) {
      const window = byId.get(item.record.waveId);
      const t = item.record.receivedAt.getTime();
      if (!window || t < window.opens || t >= window.closes) shut.add(item);
    }
    return shut;
  }

  /** Inside the write transaction, so what it learns about stored ids cannot change before the insert. */
  private async decideAndInsert(batch: Waiting[]): Promise<Array<() => void>> {
    const shut = await this.receivedOutsideWindow(batch);
    const closedNow = (item: PendingResponse) =>
      item.waveClosed || item.refusal !== undefined || shut.has(item);
    // A resend racing its original inside one batch: the first copy still admissible is the candidate (a copy
    // received after the close must not shadow one received before it), later ones compare with it.
    const firstById = new Map<string, Waiting>();
    for (const w of batch) {
      const seen = firstById.get(w.item.record.id);
      if (!seen || (closedNow(seen.item) && !closedNow(w.item))) firstById.set(w.item.record.id, w);
    }
    const firsts = [...firstById.values()];
    // One look-up for the whole batch: which ids are stored already (resends, conflicts) and which are new.
    const stored = await this.store.lookup(firsts.map((w) => w.item.record.id));
    const openItems = firsts.filter((w) => !closedNow(w.item)).map((w) => w.item);
    // Units with invitation tokens take a new response only with a valid unused token, spent in this transaction.
    const tokens = await admitTokens(this.db.write, openItems, async (ids) => {
      const known = new Map<string, StoredResponse>();
      for (const id of ids) {
        const found = stored.get(id);
        if (found) known.set(id, found);
      }
      return known;
    });
    const open = openItems
      .filter((i) => !stored.has(i.record.id) && !tokens.refused.has(i.record.id))
      .map((i) => i.record);
    await this.store.insertFresh(open);
    const inserted = new Set(open.map((r) => r.id));
    await spendTokens(
      this.db.write,
      [...tokens.spend].filter(([id]) => inserted.has(id)).map(([, hash]) => hash),
    );
    for (const record of open) stored.set(record.id, { hash: record.bodyHash, receipt: record.receipt });

    return batch.map((w) => {
      const { record } = w.item;
      const waveClosed = closedNow(w.item);
      const existing: StoredResponse | undefined = stored.get(record.id);
      const isFirstInsert = firstById.get(record.id) === w && inserted.has(record.id);
      if (isFirstInsert) return () => w.resolve({ status: 201, id: record.id, receipt: record.receipt });
      if (existing) {
        return existing.hash === record.bodyHash
          ? () => w.resolve({ status: 200, id: record.id, receipt: existing.receipt })
          : () => w.reject(idConflict(record.id));
      }
      const refusal = tokens.refused.get(record.id);
      if (refusal) return () => w.reject(refusal);
      const { refusal: notKnown } = w.item;
      if (notKnown) return () => w.reject(notKnown);
      if (waveClosed) return () => w.reject(waveClosedError(record.waveId));
      return () => w.reject(storageError(new Error(`response ${record.id} neither inserted nor found`)));
    });
  }
}

function idConflict(id: string): ApiError {
  return new ApiError(
    409,
    "id_conflict",
    `A different response with id ${id} is already stored. Start a new form to answer again.`,
    "id",
  );
}

function waveClosedError(waveId: string): ApiError {
  return new ApiError(
    409,
    "wave_closed",
    `The survey round "${waveId}" is not open for answers now.`,
    "waveId",
  );
}

function shuttingDown(): ApiError {
  return new ApiError(
    503,
    "shutting_down",
    "The server is restarting; nothing was stored. Please send it again.",
  );
}

function storageError(error: unknown): ApiError {
  console.error("response batch not stored:", error instanceof Error ? error.message : error);
  noteStorageError(error);
  return new ApiError(
    503,
    "storage_unavailable",
    "The response could not be saved just now; nothing was stored. Please send it again.",
  );
}
