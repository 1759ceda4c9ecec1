// Sends the kiosk's queue to POST /api/responses: oldest first, one at a time, stopping at the first answer that
// says "later" (network, 5xx, 408, 429, a 4xx not from the server) and retrying with backoff. Storage is queue.ts.
import { postResponse } from "../api";
import { classifySubmitError } from "../fill/submitProblem";
import { markFailed, markRetry, markSent, nextQueued } from "./queue";

export type SyncOutcome =
  /** Nothing left to send. */
  | { state: "done"; sent: number }
  /** The server could not be reached or asked for later: the rest waits for the next try. */
  | { state: "waiting"; sent: number }
  /** Another tab of this device is sending right now. */
  | { state: "busy"; sent: number };

let sendingHere = false;

/**
 * A 4xx without the server's error envelope (api.ts `call` names it `http_NNN`) came from something in between: a
 * proxy, a captive portal's login page, a firewall. The server never judged the item, so it is not at fault.
 */
function fromServer(status: number, error: { code: string }): boolean {
  return error.code !== `http_${status}`;
}

/**
 * One pass over the queue. An item the server itself refused (400, 409, 413, 422 with its error body) is marked
 * failed with the server's reason and the pass goes on: nothing was stored for it, and the next items are not at fault. The same body is resent
 * byte for byte after a lost answer, and the server's idempotency turns it into a 200 with the same receipt.
 */
async function sendQueued(send: typeof postResponse): Promise<SyncOutcome> {
  let sent = 0;
  for (;;) {
    const item = await nextQueued();
    if (!item?.body) return { state: "done", sent };
    const result = await send(item.body);
    if (result.ok) {
      await markSent(item.id, new Date());
      sent++;
      continue;
    }
    // A 2xx whose body did not arrive whole is an answer lost on the way, not a refusal.
    const lost = result.status >= 200 && result.status < 300;
    if (
      lost ||
      !fromServer(result.status, result.error) ||
      classifySubmitError(result.status, result.error).kind === "retryable"
    ) {
      await markRetry(item.id, { code: result.error.code, message: result.error.message });
      return { state: "waiting", sent };
    }
    await markFailed(item.id, result.error);
  }
}

/** Two tabs must never send concurrently: the Web Locks API where the browser has it (HTTPS or localhost). */
export async function syncOnce(send: typeof postResponse = postResponse): Promise<SyncOutcome> {
  if (sendingHere) return { state: "busy", sent: 0 };
  sendingHere = true;
  try {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return await sendQueued(send);
    return await locks.request("minyi-kiosk-sync", { ifAvailable: true }, (lock) =>
      lock ? sendQueued(send) : ({ state: "busy", sent: 0 } as const),
    );
  } finally {
    sendingHere = false;
  }
}

export const firstRetryMs = 5_000;
export const maxRetryMs = 5 * 60_000;

/**
 * Keeps the queue moving: a pass on start, on the browser's `online` event, on demand, and after a "later"
 * answer a timer that doubles from 5 s to 5 min (reset by any pass that gets something through).
 */
export class SyncLoop {
  private delay = firstRetryMs;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<SyncOutcome> | null = null;
  private stopped = false;

  /** `onRunning` hears when a pass starts and ends (the status bar's "sending…"). */
  constructor(private readonly onRunning: (running: boolean) => void) {}

  start(): void {
    addEventListener("online", this.now);
    void this.now();
  }

  stop(): void {
    this.stopped = true;
    removeEventListener("online", this.now);
    clearTimeout(this.timer);
  }

  now = (): Promise<SyncOutcome> => {
    if (this.running) return this.running;
    clearTimeout(this.timer);
    this.onRunning(true);
    this.running = syncOnce().then(
      (outcome) => this.after(outcome),
      // IndexedDB refused (storage evicted, private mode): try again later rather than stop for good.
      () => this.after({ state: "waiting", sent: 0 }),
    );
    return this.running;
  };

  private after(outcome: SyncOutcome): SyncOutcome {
    this.running = null;
    if (this.stopped) return outcome;
    this.onRunning(false);
    // Something went through: the link works again, so the next wait starts short.
    if (outcome.state === "done" || outcome.sent > 0) this.delay = firstRetryMs;
    if (outcome.state === "done") {
    } else {
      // "busy": the other tab is sending; look again soon in case it closes halfway.
      const wait = outcome.state === "busy" ? firstRetryMs : this.delay;
      if (outcome.state === "waiting") this.delay = Math.min(this.delay * 2, maxRetryMs);
      this.timer = setTimeout(this.now, wait);
    }
    return outcome;
  }
}
