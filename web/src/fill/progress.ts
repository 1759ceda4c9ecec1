// Progress kept on the respondent's device, per wave: the draft while filling in, the receipt afterwards.
// Remote stations lose signal; a reload or a dead battery must not cost anyone their answers.
import type { ResponseBody } from "../api";
import { readJson, removeKey, writeJson } from "../storage";
import { newUuid } from "../uuid";

export interface Draft {
  /** The response id (idempotency key), made when the form starts and kept across retries. */
  id: string;
  startedAt: string;
  unitId: string;
  groupId: string;
  data: Record<string, unknown>;
  currentPageNo: number;
  /** The exact body last sent without an answer (network error, 5xx): a retry resends it byte for byte. */
  pending?: ResponseBody;
}

export interface SavedReceipt {
  id: string;
  receipt: string;
  /**
   * false when the response had no demand or suggestion, so the code leads to nothing. Receipts saved before this
   * flag existed lack it and are treated as having one: a code shown needlessly costs less than one withheld.
   */
  wroteDemand?: boolean;
}

const draftKey = (waveId: string) => `minyi:draft:${waveId}`;
const receiptKey = (waveId: string) => `minyi:receipt:${waveId}`;

export function startDraft(unitId: string, groupId: string): Draft {
  return { id: newUuid(), startedAt: new Date().toISOString(), unitId, groupId, data: {}, currentPageNo: 0 };
}

export function loadDraft(waveId: string): Draft | null {
  const d = readJson<Partial<Draft>>(draftKey(waveId));
  // Anything else was written by another version of the app or by hand: better to start again.
  const usable =
    typeof d?.id === "string" &&
    typeof d.startedAt === "string" &&
    typeof d.unitId === "string" &&
    typeof d.groupId === "string" &&
    typeof d.data === "object" &&
    d.data !== null;
  return usable ? ({ currentPageNo: 0, ...d } as Draft) : null;
}

export const saveDraft = (waveId: string, draft: Draft) => writeJson(draftKey(waveId), draft);
export const clearDraft = (waveId: string) => removeKey(draftKey(waveId));

export function loadReceipt(waveId: string): SavedReceipt | null {
  const r = readJson<Partial<SavedReceipt>>(receiptKey(waveId));
  return typeof r?.receipt === "string" && typeof r.id === "string" ? (r as SavedReceipt) : null;
}

export const saveReceipt = (waveId: string, receipt: SavedReceipt) => writeJson(receiptKey(waveId), receipt);
export const clearReceipt = (waveId: string) => removeKey(receiptKey(waveId));
