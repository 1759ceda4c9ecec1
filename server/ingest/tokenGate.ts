// Single-use invitation tokens at submission time, inside the batch's write transaction: which new responses need
// one, whether each is valid and unused, and spending them with the insert. It never learns which slip went where.
import type { DuckDBConnection } from "@duckdb/node-api";
import { ApiError } from "../errors";
import { queryRows } from "../storage/database";
import type { ResponseRecord, StoredResponse } from "./storeResponses";

export interface GatedResponse {
  record: ResponseRecord;
  /** sha256 of the token the envelope carried; the plain token never gets this far. */
  tokenHash?: string;
}

export interface Admission {
  /** Responses refused for their token, by response id: nothing of them is stored. */
  refused: Map<string, ApiError>;
  /** Token hashes to mark used, by response id, once that response is inserted. */
  spend: Map<string, string>;
}

/**
 * Decides, for the new responses of one batch, which may be stored as far as tokens go. A unit of a wave with tokens
 * takes online and on-site responses only with a valid unused token (paper is keyed in by staff); a resend of a
 * stored response needs none, so `lookup` (the store's, on the same transaction) tells which ids are stored.
 */
export async function admitTokens(
  write: DuckDBConnection,
  items: readonly GatedResponse[],
  lookup: (ids: string[]) => Promise<Map<string, StoredResponse>>,
): Promise<Admission> {
  const admission: Admission = { refused: new Map(), spend: new Map() };
  if (items.length === 0) return admission;
  const pair = (r: ResponseRecord) => `${r.waveId}\u0000${r.unitId}`;
  const pairs = [...new Set(items.map((i) => pair(i.record)))].map((p) => p.split("\u0000"));
  const gated = new Set(
    (
      await queryRows<{ wave_id: string; unit_id: string }>(
        write,
        // Only a unit that issued slips itself needs one: a unit that took over a merged one keeps taking its own
        // people without (they never had slips), and accepts the merged unit's slips (below).
        `SELECT DISTINCT t.wave_id, t.unit_id FROM invitation_tokens t
         JOIN (SELECT unnest(from_json($1::VARCHAR, '[["VARCHAR"]]')) AS p) q
           ON t.wave_id = q.p[1] AND t.unit_id = q.p[2]`,
        [JSON.stringify(pairs)],
      )
    ).map((r) => `${r.wave_id}\u0000${r.unit_id}`),
  );
  // Every channel of the public endpoint needs the slip, "paper" included: anyone may claim that channel there.
  // Forms keyed in by staff go through the paper import (server/paper), which never passes this gate.
  const needing = items.filter((i) => i.tokenHash !== undefined || gated.has(pair(i.record)));
  if (needing.length === 0) return admission;
  const stored = await lookup(needing.map((i) => i.record.id));
  const fresh = needing.filter((i) => !stored.has(i.record.id));
  const hashes = fresh.flatMap((i) => (i.tokenHash === undefined ? [] : [i.tokenHash]));
  const tokens = new Map(
    (
      await queryRows<{ token_hash: string; wave_id: string; unit_id: string; used: boolean }>(
        write,
        // A slip printed for a unit merged since then counts for the unit that carries it on, as its link does.
        `SELECT token_hash, wave_id, coalesce(um.unit_id, t.unit_id) AS unit_id, used FROM invitation_tokens t
         LEFT JOIN unit_map um ON um.old_unit_id = t.unit_id
         WHERE token_hash IN (SELECT unnest(from_json($1::VARCHAR, '["VARCHAR"]')))`,
        [JSON.stringify(hashes)],
      )
    ).map((t) => [t.token_hash, t]),
  );
  const spentNow = new Set<string>();
  for (const { record, tokenHash } of fresh) {
    const token = tokenHash === undefined ? undefined : tokens.get(tokenHash);
    if (tokenHash === undefined) admission.refused.set(record.id, tokenRequired(record.unitId));
    else if (!token || token.wave_id !== record.waveId || token.unit_id !== record.unitId) {
      admission.refused.set(record.id, unknownToken());
    } else if (token.used || spentNow.has(tokenHash)) admission.refused.set(record.id, tokenUsed());
    else {
      spentNow.add(tokenHash);
      admission.spend.set(record.id, tokenHash);
    }
  }
  return admission;
}

/** Marks the tokens of the responses just inserted as used, in the same transaction as the insert. */
export async function spendTokens(write: DuckDBConnection, hashes: readonly string[]): Promise<void> {
  if (hashes.length === 0) return;
  await write.run(
    `UPDATE invitation_tokens SET used = true
     WHERE token_hash IN (SELECT unnest(from_json($1::VARCHAR, '["VARCHAR"]')))`,
    [JSON.stringify(hashes)],
  );
}

function tokenRequired(unitId: string): ApiError {
  return new ApiError(
    400,
    "token_required",
    `Answers for unit "${unitId}" in this survey round are collected with personal slips: open the link or QR code on your slip.`,
    "token",
  );
}

function unknownToken(): ApiError {
  return new ApiError(
    400,
    "unknown_token",
    "The code on this slip is not valid for this survey round and unit. Check that you opened the link on your own slip.",
    "token",
  );
}

function tokenUsed(): ApiError {
  return new ApiError(
    409,
    "token_used",
    "This slip has already been used to answer; each slip is good for one response. Ask for a new slip if you have not answered yet.",
    "token",
  );
}
