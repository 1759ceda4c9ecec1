// The kiosk's device storage in IndexedDB: the queue of finished responses waiting to be sent, the kiosk's
// settings (unit, fixed group, PIN hash) and a copy of each opened wave's form. No network here: see sync.ts.
import {
  type DBSchema,
  type IDBPDatabase,
  type IDBPObjectStore,
  type IDBPTransaction,
  openDB,
  type StoreNames,
} from "idb";
import { v4, v5 } from "uuid";
import type { ResponseBody, WaveForm } from "../api";
import { afterWrongPin, noPinLock, type PinLock } from "./pin";

export type ItemState = "queued" | "failed";

export interface ItemError {
  code: string;
  message: string;
  path?: string;
}

/**
 * One finished response not yet stored by the server. `body` is the exact JSON to send (id = the UUID made when the
 * form started, so a resend is idempotent). Once the server has it, the item leaves this store: see SentStub.
 */
export interface QueueItem {
  id: string;
  /** When it was queued (ms since epoch): the send order. */
  queuedAt: number;
  state: ItemState;
  body?: ResponseBody;
  attempts: number;
  lastError?: ItemError;
}

/**
 * What stays of a sent response, only so that importing a queue file again says "already here": a salted hash of
 * its id (the salt never leaves the device) and the day, for the purge. No id, answers or times of day, so the
 * tablet and the database together cannot tell who used the kiosk when.
 */
interface SentStub {
  key: string;
  /** YYYY-MM-DD (UTC) of the send. */
  day: string;
}

/** The status bar's "sent" and "last sync", kept as a running count rather than per item. */
interface SyncTally {
  sent: number;
  lastSentAt: string | null;
}

export interface KioskSettings {
  waveId: string;
  unitId: string;
  /** null: each respondent chooses a group. */
  groupId: string | null;
}

export interface PinRecord {
  salt: string;
  hash: string;
}

interface KioskDb extends DBSchema {
  queue: { key: string; value: QueueItem; indexes: { byQueuedAt: number } };
  sent: { key: string; value: SentStub };
  settings: { key: string; value: KioskSettings };
  /** idSalt: the random salt of the sent stubs' hashes, made once per device. */
  /** pinLock: wrong PINs in a row and the wait they impose, so a reload does not reset them. */
  device: {
    key: "pin" | "pinLock" | "lastWave" | "idSalt" | "tally";
    value: PinRecord | PinLock | string | SyncTally;
  };
  forms: { key: string; value: { waveId: string; savedAt: string; form: WaveForm } };
}

type DeviceStore = IDBPObjectStore<
  KioskDb,
  ArrayLike<StoreNames<KioskDb>>,
  "device",
  "readwrite" | "versionchange"
>;

const dbName = "minyi-kiosk";
let opened: Promise<IDBPDatabase<KioskDb>> | null = null;

function db(): Promise<IDBPDatabase<KioskDb>> {
  opened ??= openDB<KioskDb>(dbName, 2, {
    upgrade(d, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        d.createObjectStore("queue", { keyPath: "id" }).createIndex("byQueuedAt", "queuedAt");
        d.createObjectStore("settings", { keyPath: "waveId" });
        d.createObjectStore("device");
        d.createObjectStore("forms", { keyPath: "waveId" });
      }
      if (oldVersion < 2) {
        d.createObjectStore("sent", { keyPath: "key" });
        // Version 1 kept each sent item's id and exact times: turn them into stubs and a tally.
        if (oldVersion === 1) void stubLegacySent(tx);
      }
    },
  });
  return opened;
}

async function stubLegacySent(tx: IDBPTransaction<KioskDb, StoreNames<KioskDb>[], "versionchange">) {
  const device = tx.objectStore("device");
  const salt = await deviceSalt(device);
  const tally = await readTally(device);
  let cursor = await tx.objectStore("queue").openCursor();
  while (cursor) {
    const legacy = cursor.value as unknown as { id: string; state: string; sentAt?: string };
    if (legacy.state === "sent") {
      const at = legacy.sentAt ?? new Date().toISOString();
      await tx.objectStore("sent").put({ key: sentKey(legacy.id, salt), day: at.slice(0, 10) });
      tally.sent++;
      if (!tally.lastSentAt || at > tally.lastSentAt) tally.lastSentAt = at;
      await cursor.delete();
    }
    cursor = await cursor.continue();
  }
  await device.put(tally, "tally");
}

/** The device's salt, made on first use. uuid's v4/v5 work without crypto.subtle (plain HTTP by IP address). */
async function deviceSalt(device: DeviceStore): Promise<string> {
  const salt = await device.get("idSalt");
  if (typeof salt === "string") return salt;
  const made = v4();
  await device.put(made, "idSalt");
  return made;
}

/** A response id as its sent stub knows it: a name-based (SHA-1) UUID of the id under the device's salt. */
const sentKey = (id: string, salt: string) => v5(id.toLowerCase(), salt);

async function readTally(device: DeviceStore): Promise<SyncTally> {
  const tally = await device.get("tally");
  return typeof tally === "object" && "sent" in tally ? tally : { sent: 0, lastSentAt: null };
}

/** Whether this device has the response: waiting or failed in the queue, or sent (its stub). */
async function knows(
  queue: IDBPObjectStore<KioskDb, ArrayLike<StoreNames<KioskDb>>, "queue", "readwrite">,
  sent: IDBPObjectStore<KioskDb, ArrayLike<StoreNames<KioskDb>>, "sent", "readwrite">,
  id: string,
  salt: string,
): Promise<boolean> {
  return (await queue.get(id)) !== undefined || (await sent.get(sentKey(id, salt))) !== undefined;
}

// Other tabs of the kiosk learn here that the queue changed, so every status bar shows the same counts.
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("minyi-kiosk-queue") : null;
const listeners = new Set<() => void>();
channel?.addEventListener("message", () => {
  for (const l of listeners) l();
});

function changed(): void {
  channel?.postMessage("changed");
  for (const l of listeners) l();
}

export function onQueueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Adds a finished response; the same id twice (a double tap, a retry, even after it was sent) is kept once. */
export async function enqueue(body: ResponseBody, now = Date.now()): Promise<void> {
  const d = await db();
  const tx = d.transaction(["queue", "sent", "device"], "readwrite");
  const queue = tx.objectStore("queue");
  if (!(await knows(queue, tx.objectStore("sent"), body.id, await deviceSalt(tx.objectStore("device"))))) {
    await queue.add({ id: body.id, queuedAt: now, state: "queued", body, attempts: 0 });
  }
  await tx.done;
  changed();
}

/** Every item, oldest first. */
export async function listItems(): Promise<QueueItem[]> {
  return (await db()).getAllFromIndex("queue", "byQueuedAt");
}

export async function nextQueued(): Promise<QueueItem | undefined> {
  return (await listItems()).find((i) => i.state === "queued");
}

export interface QueueCounts {
  queued: number;
  sent: number;
  failed: number;
  /** When the server last took an item: the status bar's "last sync". */
  lastSentAt: string | null;
}

export async function countItems(): Promise<QueueCounts> {
  const d = await db();
  const tx = d.transaction(["queue", "device"]);
  const items = await tx.objectStore("queue").getAll();
  const tally = await tx.objectStore("device").get("tally");
  const { sent, lastSentAt } =
    typeof tally === "object" && "sent" in tally ? tally : { sent: 0, lastSentAt: null };
  const counts: QueueCounts = { queued: 0, sent, failed: 0, lastSentAt };
  for (const item of items) counts[item.state]++;
  return counts;
}

async function update(id: string, change: (item: QueueItem) => QueueItem): Promise<void> {
  const d = await db();
  const tx = d.transaction("queue", "readwrite");
  const item = await tx.store.get(id);
  if (item) await tx.store.put(change(item));
  await tx.done;
  changed();
}

/** The server has it: the item leaves the queue; a stub (no id, no time of day) and the tally stay. */
export async function markSent(id: string, at: Date): Promise<void> {
  const d = await db();
  const tx = d.transaction(["queue", "sent", "device"], "readwrite");
  const queue = tx.objectStore("queue");
  const device = tx.objectStore("device");
  if (await queue.get(id)) {
    const salt = await deviceSalt(device);
    const tally = await readTally(device);
    await queue.delete(id);
    await tx.objectStore("sent").put({ key: sentKey(id, salt), day: dayOf(at.getTime()) });
    await device.put({ sent: tally.sent + 1, lastSentAt: at.toISOString() }, "tally");
  }
  await tx.done;
  changed();
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** No answer, or one that says "later": stays queued with the reason, to be sent again as it is. */
export const markRetry = (id: string, error: ItemError) =>
  update(id, (i) => ({ ...i, attempts: i.attempts + 1, lastError: error }));

/** The server refused it, so nothing was stored: kept with the server's reason until the operator acts. */
export const markFailed = (id: string, error: ItemError) =>
  update(id, (i) => ({ ...i, state: "failed", attempts: i.attempts + 1, lastError: error }));

/** The operator's "retry": a failed item goes back in line (e.g. after the wave was reopened). */
export const requeue = (id: string) =>
  update(id, (i) => (i.state === "failed" && i.body ? { ...i, state: "queued" } : i));

/**
 * The operator typed a new slip's code for an item refused for its slip (used, unknown or missing): back in line
 * with only `token` changed. The server keeps the token out of the body's hash, so this is still the same response.
 */
export const replaceToken = (id: string, token: string) =>
  update(id, (i) =>
    i.state === "failed" && i.body ? { ...i, state: "queued", body: { ...i.body, token } } : i,
  );

const keepSentForDays = 7;

/** Sent stubs older than a week go; queued and failed items are never removed here. */
export async function purgeOldSent(now = Date.now()): Promise<number> {
  const d = await db();
  const tx = d.transaction("sent", "readwrite");
  const oldest = dayOf(now - keepSentForDays * 86_400_000);
  let removed = 0;
  let cursor = await tx.store.openCursor();
  while (cursor) {
    if (cursor.value.day < oldest) {
      await cursor.delete();
      removed++;
    }
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

/** Adds the bodies whose id this device does not know yet (queued, failed or sent), in one transaction: all or nothing. */
export async function addImported(
  bodies: ResponseBody[],
  now = Date.now(),
): Promise<{ added: number; known: number }> {
  const d = await db();
  const tx = d.transaction(["queue", "sent", "device"], "readwrite");
  const queue = tx.objectStore("queue");
  const sent = tx.objectStore("sent");
  const salt = await deviceSalt(tx.objectStore("device"));
  let added = 0;
  let known = 0;
  for (const [n, body] of bodies.entries()) {
    if (await knows(queue, sent, body.id, salt)) {
      known++;
      continue;
    }
    // Keep the file's order after everything already here.
    await queue.add({ id: body.id, queuedAt: now + n, state: "queued", body, attempts: 0 });
    added++;
  }
  await tx.done;
  if (added > 0) changed();
  return { added, known };
}

export async function loadSettings(waveId: string): Promise<KioskSettings | undefined> {
  return (await db()).get("settings", waveId);
}

export async function saveSettings(settings: KioskSettings): Promise<void> {
  const d = await db();
  const tx = d.transaction(["settings", "device"], "readwrite");
  await tx.objectStore("settings").put(settings);
  await tx.objectStore("device").put(settings.waveId, "lastWave");
  await tx.done;
}

export async function loadPin(): Promise<PinRecord | undefined> {
  const pin = await (await db()).get("device", "pin");
  return typeof pin === "object" && "hash" in pin ? pin : undefined;
}

export async function savePin(pin: PinRecord): Promise<void> {
  await (await db()).put("device", pin, "pin");
}

export async function loadPinLock(): Promise<PinLock> {
  const lock = await (await db()).get("device", "pinLock");
  return typeof lock === "object" && "failures" in lock ? lock : noPinLock;
}

/** Counts one more wrong PIN, read and written in one transaction so two tabs guessing at once both count. */
export async function recordWrongPin(now = Date.now()): Promise<PinLock> {
  const d = await db();
  const tx = d.transaction("device", "readwrite");
  const stored = await tx.store.get("pinLock");
  const next = afterWrongPin(typeof stored === "object" && "failures" in stored ? stored : noPinLock, now);
  await tx.store.put(next, "pinLock");
  await tx.done;
  return next;
}

/** The right PIN: the count starts again. */
export async function clearPinLock(): Promise<void> {
  await (await db()).delete("device", "pinLock");
}

/** The wave this device was last set up for: where /kiosk (the installed app's start) goes. */
export async function lastWave(): Promise<string | undefined> {
  const wave = await (await db()).get("device", "lastWave");
  return typeof wave === "string" ? wave : undefined;
}

/** Leaving kiosk mode: the installed app opens on the list of waves again. The queue stays. */
export async function forgetLastWave(): Promise<void> {
  await (await db()).delete("device", "lastWave");
}

export async function saveForm(form: WaveForm, at: Date): Promise<void> {
  await (await db()).put("forms", { waveId: form.wave.id, savedAt: at.toISOString(), form });
}

export async function loadForm(waveId: string): Promise<WaveForm | undefined> {
  return (await (await db()).get("forms", waveId))?.form;
}
