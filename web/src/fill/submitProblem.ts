// Sorts a failed POST /api/responses into what the respondent can do about it (DESIGN.md error contract).
// Only "retryable" keeps the sent body for a byte-identical resend; every other answer means nothing was stored.
import type { ApiErrorInfo } from "../api";
import type { Messages } from "../i18n/messages";

export type SubmitProblem =
  | { kind: "retryable"; status: number }
  | { kind: "invalid"; message: string; path: string | undefined }
  | { kind: "unitOrGroup"; message: string }
  | { kind: "closed" }
  | { kind: "conflict" }
  | { kind: "tooLarge" }
  | { kind: "tokenUsed" }
  | { kind: "tokenInvalid" }
  | { kind: "other"; message: string };

export function classifySubmitError(status: number, error: ApiErrorInfo): SubmitProblem {
  if (status === 0 || status >= 500 || status === 408 || status === 429) return { kind: "retryable", status };
  if (status === 422) return { kind: "invalid", message: error.message, path: error.path };
  if (status === 413) return { kind: "tooLarge" };
  if (error.code === "wave_closed") return { kind: "closed" };
  if (error.code === "id_conflict") return { kind: "conflict" };
  // The slip's single-use token: already spent, or not one of this unit's (or missing where slips are required).
  if (error.code === "token_used") return { kind: "tokenUsed" };
  if (error.code === "unknown_token" || error.code === "token_required") return { kind: "tokenInvalid" };
  if (status === 400 && /unit|group/.test(error.code)) return { kind: "unitOrGroup", message: error.message };
  return { kind: "other", message: error.message };
}

/** The sentence shown to the respondent; the server's own message is added where it names the problem. */
export function describeSubmitProblem(p: SubmitProblem, t: Messages): string {
  switch (p.kind) {
    case "retryable":
      return p.status === 0 ? t.errNetwork : t.errServer;
    case "invalid":
      return `${t.errInvalid} ${p.message}`;
    case "unitOrGroup":
      return `${t.errUnitOrGroup} (${p.message})`;
    case "closed":
      return t.errClosed;
    case "conflict":
      return t.errConflict;
    case "tooLarge":
      return t.errTooLarge;
    case "tokenUsed":
      return t.errTokenUsed;
    case "tokenInvalid":
      return t.errTokenInvalid;
    case "other":
      return `${t.errOther} ${p.message}`;
  }
}
