// Single-use invitation tokens per wave and unit, for response-rate control (one response per printed slip):
// issuing them (shown once, kept as hashes), counting issued/used, and telling a slip's holder whether it is still
// good. Submissions check them in ingest/tokenGate.
import { appendAudit } from "../auth/audit";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows } from "../storage/database";
import { hashToken, randomCode, tokenLength } from "./codes";
import { ensureLinkCodes, requireUnitInScope, requireWave, shortUrl } from "./unitLinks";

export const maxTokensPerIssue = 2000;

export interface IssuedTokens {
  waveId: string;
  unitId: string;
  code: string;
  /** The plain tokens, each with the slip's link; never stored, so this is the only time they can be printed. */
  tokens: { token: string; url: string }[];
}

export type SlipState = "unused" | "used" | "unknown";

export interface TokenCount {
  unitId: string;
  issued: number;
  used: number;
}

export async function issueTokens(
  db: Database,
  input: { waveId: string; unitId: string; count: number },
  user: { username: string; scopeUnitId: string },
  base: string,
  now: Date,
): Promise<IssuedTokens> {
  const wave = await requireWave(db, input.waveId, now);
  await requireUnitInScope(db, user.scopeUnitId, input.unitId);
  if (wave.status === "closed") {
    throw new ApiError(
      409,
      "wave_closed",
      `The survey round "${wave.id}" has closed; tokens for it could never be used.`,
      "waveId",
    );
  }
  if (!wave.channels.includes("online") && !wave.channels.includes("onsite")) {
    throw new ApiError(
      400,
      "channel_not_allowed",
      `The survey round "${wave.id}" collects on paper only, and paper forms need no tokens.`,
      "waveId",
    );
  }
  const drawn = new Set<string>();
  while (drawn.size < input.count) drawn.add(randomCode(tokenLength));
  const tokens = [...drawn];
  const code = await inTransaction(db.write, async () => {
    // 59 random bits per token: a clash with a stored hash would fail the insert and roll everything back.
    await db.write.run(
      `INSERT INTO invitation_tokens (token_hash, wave_id, unit_id)
       SELECT h, $2, $3 FROM (SELECT unnest(from_json($1::VARCHAR, '["VARCHAR"]')) AS h)`,
      [JSON.stringify(tokens.map(hashToken)), wave.id, input.unitId],
    );
    const codes = await ensureLinkCodes(db.write, wave.id, [input.unitId], now);
    // The count, never the tokens: the log must not be a way to tie a slip to anything.
    await appendAudit(db.write, {
      at: now,
      actor: user.username,
      action: "tokens_issued",
      target: wave.id,
      detail: { unitId: input.unitId, count: input.count },
    });
    return codes.get(input.unitId) as string;
  });
  const link = shortUrl(base, code);
  return {
    waveId: wave.id,
    unitId: input.unitId,
    code,
    tokens: tokens.map((token) => ({ token, url: `${link}?t=${token}` })),
  };
}

/** Issued and used tokens per unit of `rootUnitId`'s subtree (default: the caller's scope), units with tokens only. */
export async function countTokens(
  db: Database,
  waveId: string,
  user: { scopeUnitId: string },
  now: Date,
  rootUnitId: string = user.scopeUnitId,
): Promise<TokenCount[]> {
  await requireWave(db, waveId, now);
  await requireUnitInScope(db, user.scopeUnitId, rootUnitId);
  return queryRows<TokenCount>(
    db.read,
    `SELECT t.unit_id AS "unitId", count(*) AS issued, count(*) FILTER (WHERE t.used) AS used
     FROM invitation_tokens t JOIN units u ON u.id = t.unit_id JOIN units s ON s.id = $2
     WHERE t.wave_id = $1 AND starts_with(u.path, s.path)
     GROUP BY t.unit_id, u.sort ORDER BY u.sort`,
    [waveId, rootUnitId],
  );
}

/**
 * Whether a slip would be taken for this wave and unit, so the fill page and the kiosk can refuse a used or made-up
 * slip before the questionnaire instead of after it. It tells only what the slip's holder knows anyway (whether they
 * answered with it), and with ~59 random bits per token (12 symbols of 31) guessing codes through it finds nothing:
 * it is no enumeration aid. The same rules as ingest/tokenGate: a slip of a unit merged since it was printed is good
 * for the unit that carries it on; another wave's or unit's slip is "unknown". The submission still decides.
 */
export async function checkToken(
  db: Database,
  input: { waveId: string; unitId: string; token: string },
  now: Date,
): Promise<SlipState> {
  await requireWave(db, input.waveId, now);
  const [row] = await queryRows<{ wave_id: string; unit_id: string; used: boolean }>(
    db.read,
    `SELECT wave_id, coalesce(um.unit_id, t.unit_id) AS unit_id, used FROM invitation_tokens t
     LEFT JOIN unit_map um ON um.old_unit_id = t.unit_id
     WHERE token_hash = $1`,
    [hashToken(input.token)],
  );
  if (!row || row.wave_id !== input.waveId || row.unit_id !== input.unitId) return "unknown";
  return row.used ? "used" : "unused";
}
