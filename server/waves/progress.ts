// Response progress of one wave: per unit of a subtree, responses by channel against headcount, for the unit
// itself and rolled up over its subtree, in the organisation the wave has (a closed wave keeps the one it closed
// with). Counts only — no answers — so it is not subject to group-size rules.
import { unitInScope } from "../auth/scope";
import { ApiError } from "../errors";
import { type ScopedUnit, type ScopedUnitRow, scopedUnits } from "../org/units";
import { type Database, queryRows } from "../storage/database";
import { type Channel, channels, getWave, type Wave } from "./waves";

export type ChannelCounts = Record<Channel, number> & { total: number };

export interface UnitProgress extends ScopedUnit {
  own: ChannelCounts;
  /** The unit and everything below it: headcount and responses. */
  subtree: ChannelCounts & { headcount: number };
}

export interface WaveProgress {
  wave: Wave;
  rootUnitId: string;
  units: UnitProgress[];
}

const emptyCounts = (): ChannelCounts => ({ online: 0, onsite: 0, paper: 0, total: 0 });

/**
 * Progress of `waveId` for `rootUnitId` (default: the user's scope unit) and its subtree. A unit outside the
 * user's scope answers the same 404 as a unit that does not exist.
 */
export async function waveProgress(
  db: Database,
  waveId: string,
  user: { scopeUnitId: string },
  now: Date,
  rootUnitId: string = user.scopeUnitId,
): Promise<WaveProgress> {
  const wave = await getWave(db, waveId, now);
  if (!wave) throw new ApiError(404, "wave_not_found", `There is no survey round "${waveId}".`);
  if (!(await unitInScope(db, user.scopeUnitId, rootUnitId))) {
    throw new ApiError(404, "unit_not_found", `There is no unit "${rootUnitId}".`, "unitId");
  }
  const units = await waveUnitsWithin(db, waveId, rootUnitId, user.scopeUnitId);
  if (units.length === 0) {
    throw new ApiError(
      404,
      "unit_not_found",
      `Unit "${rootUnitId}" was not part of the organisation of survey round "${waveId}".`,
      "unitId",
    );
  }
  // A response counts for its own unit where the wave's organisation has it; a unit merged away since (gone from an
  // open wave's organisation) counts for the unit that carries it on.
  const counts = await queryRows<{ unit_id: string; channel: Channel; n: number }>(
    db.read,
    `SELECT CASE WHEN wu.unit_id IS NULL THEN coalesce(um.unit_id, r.unit_id) ELSE r.unit_id END AS unit_id,
            r.channel, count(*) AS n
     FROM responses r LEFT JOIN wave_units wu ON wu.wave_id = r.wave_id AND wu.unit_id = r.unit_id
     LEFT JOIN unit_map um ON um.old_unit_id = r.unit_id
     WHERE r.wave_id = $1 GROUP BY ALL`,
    [waveId],
  );
  const byUnit = new Map<string, UnitProgress>();
  for (const u of units) {
    byUnit.set(u.id, { ...u, own: emptyCounts(), subtree: { ...emptyCounts(), headcount: 0 } });
  }
  for (const c of counts) {
    const p = byUnit.get(c.unit_id);
    if (!p || !(channels as readonly string[]).includes(c.channel)) continue;
    p.own[c.channel] += c.n;
    p.own.total += c.n;
  }
  // Units are listed parent first, so adding each unit's own figures to every ancestor up to the root rolls up.
  for (const u of units) {
    const own = byUnit.get(u.id) as UnitProgress;
    for (let at: UnitProgress | undefined = own; at; at = at.parentId ? byUnit.get(at.parentId) : undefined) {
      for (const ch of channels) at.subtree[ch] += own.own[ch];
      at.subtree.total += own.own.total;
      at.subtree.headcount += own.headcount;
      if (at.id === rootUnitId) break;
    }
  }
  return { wave, rootUnitId, units: [...byUnit.values()] };
}

/**
 * `rootUnitId` and its subtree in the wave's organisation (wave_units), in tree order, narrowed to the user's scope
 * as it is now: a unit that has left the scope since is not shown to it.
 */
async function waveUnitsWithin(
  db: Database,
  waveId: string,
  rootUnitId: string,
  scopeUnitId: string,
): Promise<ScopedUnit[]> {
  const rows = await queryRows<ScopedUnitRow>(
    db.read,
    `SELECT w.unit_id AS id, w.parent_id, w.name_zh, w.name_en, w.kind, w.level, w.headcount
     FROM wave_units w JOIN wave_units root ON root.wave_id = w.wave_id AND root.unit_id = $2
     JOIN units now ON now.id = w.unit_id JOIN units scope ON scope.id = $3
     WHERE w.wave_id = $1 AND starts_with(w.path, root.path) AND starts_with(now.path, scope.path)
     ORDER BY now.sort, w.unit_id`,
    [waveId, rootUnitId, scopeUnitId],
  );
  return scopedUnits(rows, rootUnitId);
}
