// The queue as a file, the last resort when a tablet never gets back online: what export writes and import
// accepts. Pure: building and checking the JSON only; queue.ts stores, the operator panel reads and saves files.
import { validate as isUuid } from "uuid";
import type { ResponseBody } from "../api";
import type { QueueItem } from "./queue";

export const queueFileFormat = "minyi-kiosk-queue";
export const queueFileVersion = 1;

export interface QueueFileItem {
  body: ResponseBody;
  state: "queued" | "failed";
  queuedAt: string;
  attempts: number;
  lastError?: QueueItem["lastError"];
}

export interface QueueFile {
  format: typeof queueFileFormat;
  version: typeof queueFileVersion;
  exportedAt: string;
  items: QueueFileItem[];
}

/** Every item not sent yet (sent ones leave the queue), with its body as it will be sent and why it failed. */
export function buildQueueFile(items: QueueItem[], now: Date): QueueFile {
  const unsent = items.filter((i): i is QueueItem & { body: ResponseBody } => i.body !== undefined);
  return {
    format: queueFileFormat,
    version: queueFileVersion,
    exportedAt: now.toISOString(),
    items: unsent.map((i) => ({
      body: i.body,
      state: i.state,
      queuedAt: new Date(i.queuedAt).toISOString(),
      attempts: i.attempts,
      ...(i.lastError ? { lastError: i.lastError } : {}),
    })),
  };
}

export type QueueFileProblem =
  | { kind: "notJson" }
  | { kind: "notQueueFile" }
  | { kind: "unknownVersion"; version: number }
  | { kind: "badItem"; index: number; field: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown) => typeof v === "string" && v.length > 0;

/** Which envelope field of a body is wrong, or null. The server checks the answers themselves on sending. */
function badBodyField(body: Record<string, unknown>): string | null {
  if (!isText(body.id) || !isUuid(body.id as string)) return "id";
  if (!isText(body.waveId)) return "waveId";
  if (!isText(body.unitId)) return "unitId";
  if (!isText(body.groupId)) return "groupId";
  if (body.channel !== "onsite") return "channel";
  if (body.startedAt !== undefined && typeof body.startedAt !== "string") return "startedAt";
  if (typeof body.submittedAt !== "string") return "submittedAt";
  if (!isObject(body.data)) return "data";
  return null;
}

/** The bodies of a queue file, or what is wrong with it; one bad item rejects the whole file. */
export function parseQueueFile(
  text: string,
): { ok: true; bodies: ResponseBody[] } | { ok: false; problem: QueueFileProblem } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: { kind: "notJson" } };
  }
  if (!isObject(json) || json.format !== queueFileFormat || !Array.isArray(json.items)) {
    return { ok: false, problem: { kind: "notQueueFile" } };
  }
  if (json.version !== queueFileVersion) {
    return { ok: false, problem: { kind: "unknownVersion", version: Number(json.version) } };
  }
  const bodies: ResponseBody[] = [];
  for (const [index, item] of json.items.entries()) {
    if (!isObject(item) || !isObject(item.body))
      return { ok: false, problem: { kind: "badItem", index, field: "body" } };
    const field = badBodyField(item.body);
    if (field) return { ok: false, problem: { kind: "badItem", index, field } };
    bodies.push(item.body as unknown as ResponseBody);
  }
  return { ok: true, bodies };
}
