// The kiosk's device storage in IndexedDB: the queue of finished responses waiting to be sent, the kiosk's
// settings (unit, fixed group, PIN hash) and a copy of each opened wave's form. No network here: see sync.ts.
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { ResponseBody, WaveForm } from "../api";

export type ItemState = "queued" | "sent" | "failed";

export interface ItemError {
  code: string;
  message: string;
  path?: string;
}

/**
 * One finished response. `body` is the exact JSON to send (id = the UUID made when the form started, so a resend
 * is idempotent); once the server has it, the body is dropped and only id, state and times remain, for counting
 * and to recognise a re-imported item.
 */
export interface QueueItem {
  id: string;
  /** When it was queued (ms since epoch): the send order. */
  queuedAt: number;
  state: ItemState;
  body?: ResponseBody;
  attempts: number;
  lastError?: ItemError;
  sentAt?: string;
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
  settings: { key: string; value: KioskSettings };
  device: { key: "pin" | "lastWave"; value: PinRecord | string };
  forms: { key: string; value: { waveId: string; savedAt: string; form: WaveForm } };
}

const dbName = "minyi-kiosk";
let opened: Promise<IDBPDatabase<KioskDb>> | null = null;

function db(): Promise<IDBPDatabase<KioskDb>> {
  opened ??= openDB<KioskDb>(dbName, 1, {
    upgrade(d) {
      d.createObjectStore("queue", { keyPath: "id" }).createIndex("byQueuedAt", "queuedAt");
      d.createObjectStore("settings", { keyPath: "waveId" });
      d.createObjectStore("device");
      d.createObjectStore("forms", { keyPath: "waveId" });
    },
  });
  return opened;
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

/** Adds a finished response; the same id twice (a double tap, a retry) is kept once. */
export async function enqueue(body: ResponseBody, now = Date.now()): Promise<void> {
  const d = await db();
  const tx = d.transaction("queue", "readwrite");
  if (!(await tx.store.get(body.id))) {
    await tx.store.add({ id: body.id, queuedAt: now, state: "queued", body, attempts: 0 });
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
  const counts: QueueCounts = { queued: 0, sent: 0, failed: 0, lastSentAt: null };
  for (const item of await listItems()) {
    counts[item.state]++;
    if (item.sentAt && (!counts.lastSentAt || item.sentAt > counts.lastSentAt))
      counts.lastSentAt = item.sentAt;
  }
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

/** The server has it: the answers leave the device, only what counting needs stays. */
export const markSent = (id: string, at: Date) =>
  update(id, (i) => ({
    id: i.id,
    queuedAt: i.queuedAt,
    state: "sent",
    attempts: i.attempts + 1,
    sentAt: at.toISOString(),
  }));

/** No answer, or one that says "later": stays queued with the reason, to be sent again as it is. */
export const markRetry = (id: string, error: ItemError) =>
  update(id, (i) => ({ ...i, attempts: i.attempts + 1, lastError: error }));

/** The server refused it, so nothing was stored: kept with the server's reason until the operator acts. */
export const markFailed = (id: string, error: ItemError) =>
  update(id, (i) => ({ ...i, state: "failed", attempts: i.attempts + 1, lastError: error }));

/** The operator's "retry": a failed item goes back in line (e.g. after the wave was reopened). */
export const requeue = (id: string) =>
  update(id, (i) => (i.state === "failed" && i.body ? { ...i, state: "queued" } : i));

const keepSentFor = 7 * 86_400_000;

/** Sent stubs older than a week go entirely; queued and failed items are never removed here. */
export async function purgeOldSent(now = Date.now()): Promise<number> {
  const d = await db();
  const tx = d.transaction("queue", "readwrite");
  let removed = 0;
  for (const item of await tx.store.getAll()) {
    if (item.state === "sent" && item.sentAt && now - Date.parse(item.sentAt) > keepSentFor) {
      await tx.store.delete(item.id);
      removed++;
    }
  }
  await tx.done;
  if (removed > 0) changed();
  return removed;
}

/** Adds the bodies whose id this device does not know yet, in one transaction: all or nothing. */
export async function addImported(
  bodies: ResponseBody[],
  now = Date.now(),
): Promise<{ added: number; known: number }> {
  const d = await db();
  const tx = d.transaction("queue", "readwrite");
  let added = 0;
  let known = 0;
  for (const [n, body] of bodies.entries()) {
    if (await tx.store.get(body.id)) {
      known++;
      continue;
    }
    // Keep the file's order after everything already here.
    await tx.store.add({ id: body.id, queuedAt: now + n, state: "queued", body, attempts: 0 });
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
  return typeof pin === "object" ? pin : undefined;
}

export async function savePin(pin: PinRecord): Promise<void> {
  await (await db()).put("device", pin, "pin");
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
