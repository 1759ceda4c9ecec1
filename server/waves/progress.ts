// Response progress of one wave: per unit of a subtree, responses by channel against headcount, for the unit
// itself and rolled up over its subtree. Counts only — no answers — so it is not subject to group-size rules.
import { unitInScope } from "../auth/scope";
import { ApiError } from "../errors";
import { listUnitsWithin, type ScopedUnit } from "../org/units";
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
  const units = await listUnitsWithin(db, rootUnitId);
  const counts = await queryRows<{ unit_id: string; channel: Channel; n: number }>(
    db.read,
    `SELECT r.unit_id, r.channel, count(*) AS n FROM current_responses r
     JOIN units u ON u.id = r.unit_id JOIN units s ON s.id = $2
     WHERE r.wave_id = $1 AND starts_with(u.path, s.path) GROUP BY r.unit_id, r.channel`,
    [waveId, rootUnitId],
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
