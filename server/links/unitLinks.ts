// Short links per wave and unit (/l/<code> opens the fill page with the unit fixed): listing a subtree's links,
// making the missing codes once, and resolving a code. No personal data is in a link: only a wave and a unit.
import type { DuckDBConnection } from "@duckdb/node-api";
import { unitInScope } from "../auth/scope";
import { ApiError } from "../errors";
import { listUnitsWithin } from "../org/units";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { getWave, type Wave } from "../waves/waves";
import { linkCodeLength, normaliseCode, randomCode } from "./codes";

type Bilingual = { default: string; "zh-cn": string };

export interface UnitLink {
  unitId: string;
  name: Bilingual;
  /** From the caller's scope unit down to this unit, e.g. "第五作业区 / 杏一中心站". */
  pathName: Bilingual;
  level: number;
  code: string;
  url: string;
}

export const shortUrl = (base: string, code: string) => `${base.replace(/\/+$/, "")}/l/${code}`;

/** The wave, or the 404 every endpoint of a wave answers. */
export async function requireWave(db: Database, waveId: string, now: Date): Promise<Wave> {
  const wave = await getWave(db, waveId, now);
  if (!wave) throw new ApiError(404, "wave_not_found", `There is no survey round "${waveId}".`);
  return wave;
}

/** A unit outside the caller's scope answers exactly as one that does not exist. */
export async function requireUnitInScope(db: Database, scopeUnitId: string, unitId: string): Promise<void> {
  const live = await queryRows(db.read, "SELECT 1 FROM units WHERE id = $1 AND retired_at IS NULL", [unitId]);
  if (live.length === 0 || !(await unitInScope(db, scopeUnitId, unitId))) {
    throw new ApiError(404, "unit_not_found", `There is no unit "${unitId}".`, "unitId");
  }
}

/**
 * The link codes of `unitIds` for the wave, making the missing ones. Call inside a write transaction on `write`:
 * what it reads cannot change before it inserts, so a unit never gets two codes.
 */
export async function ensureLinkCodes(
  write: DuckDBConnection,
  waveId: string,
  unitIds: readonly string[],
  now: Date,
): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  const read = async () => {
    const rows = await queryRows<{ unit_id: string; code: string }>(
      write,
      `SELECT unit_id, code FROM unit_links
       WHERE wave_id = $1 AND unit_id IN (SELECT unnest(from_json($2::VARCHAR, '["VARCHAR"]')))`,
      [waveId, JSON.stringify(unitIds)],
    );
    for (const r of rows) codes.set(r.unit_id, r.code);
  };
  await read();
  // A fresh random code can, rarely, be one already taken: it is skipped, and the next round draws again.
  for (let round = 0; round < 5 && codes.size < unitIds.length; round++) {
    const drawn = new Set<string>();
    const missing = unitIds.filter((id) => !codes.has(id));
    const rows = missing.map((unitId) => {
      let code = randomCode(linkCodeLength);
      while (drawn.has(code)) code = randomCode(linkCodeLength);
      drawn.add(code);
      return { code, wave: waveId, unit: unitId, at: toUtcTimestamp(now) };
    });
    await write.run(
      `INSERT INTO unit_links
       SELECT r.code, r.wave, r.unit, r.at::TIMESTAMP FROM (SELECT unnest(from_json($1::VARCHAR,
         '[{"code":"VARCHAR","wave":"VARCHAR","unit":"VARCHAR","at":"VARCHAR"}]')) AS r)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
    await read();
  }
  if (codes.size < unitIds.length) throw new Error("could not draw unused link codes");
  return codes;
}

/** The links of `rootUnitId` (default: the caller's scope unit) and its live subtree, for one wave. */
export async function listUnitLinks(
  db: Database,
  waveId: string,
  user: { scopeUnitId: string },
  base: string,
  now: Date,
  rootUnitId: string = user.scopeUnitId,
): Promise<UnitLink[]> {
  await requireWave(db, waveId, now);
  await requireUnitInScope(db, user.scopeUnitId, rootUnitId);
  const inScope = await listUnitsWithin(db, user.scopeUnitId);
  const byId = new Map(inScope.map((u) => [u.id, u]));
  const subtree = inScope.filter((u) => {
    for (let at: typeof u | undefined = u; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
      if (at.id === rootUnitId) return true;
    }
    return false;
  });
  const codes = await inTransaction(db.write, () =>
    ensureLinkCodes(
      db.write,
      waveId,
      subtree.map((u) => u.id),
      now,
    ),
  );
  return subtree.map((u) => {
    const trail: (typeof u)[] = [];
    for (let at: typeof u | undefined = u; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
      trail.unshift(at);
    }
    const code = codes.get(u.id) as string;
    return {
      unitId: u.id,
      name: u.name,
      pathName: {
        default: trail.map((t) => t.name.default).join(" / "),
        "zh-cn": trail.map((t) => t.name["zh-cn"]).join(" / "),
      },
      level: u.level,
      code,
      url: shortUrl(base, code),
    };
  });
}

/**
 * What a code opens: its wave and unit. A unit merged since the sheet was printed sends its people to the unit
 * that carries it on, so printed sheets stay good across a reorganisation.
 */
export async function resolveLink(db: Database, code: string): Promise<{ waveId: string; unitId: string }> {
  const [row] = await queryRows<{ wave_id: string; unit_id: string }>(
    db.read,
    `SELECT l.wave_id, coalesce(m.unit_id, l.unit_id) AS unit_id
     FROM unit_links l LEFT JOIN unit_map m ON m.old_unit_id = l.unit_id WHERE l.code = $1`,
    [normaliseCode(code)],
  );
  if (!row) {
    throw new ApiError(
      404,
      "link_not_found",
      `There is no survey link "${code}". Check the address on the sheet, or ask whoever gave it to you.`,
    );
  }
  return { waveId: row.wave_id, unitId: row.unit_id };
}
