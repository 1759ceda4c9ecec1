// The rounds as the admin screen lists them (with their response counts and what may still be done with each), and
// a new round's settings copied from an earlier one. Reads only; the changes are waveActions.ts'.
import { readSettings } from "../../analytics/catalogue";
import { getSurveyVersion } from "../catalogue/registerSurvey";
import { ApiError } from "../errors";
import { type Database, queryRows } from "../storage/database";
import { nextWaveSettings } from "./nextWave";
import { type WaveAction, waveActions } from "./waveActions";
import { type Channel, getWave, listWaves, type Wave } from "./waves";

export interface AdminWave extends Wave {
  /** Responses stored for the round, every channel and unit together. */
  responses: number;
  actions: WaveAction[];
}

export interface AdminWaves {
  /** The plant's offset from UTC in minutes: the admin screen shows and takes times on this clock. */
  tzOffsetMinutes: number;
  waves: AdminWave[];
}

export async function listAdminWaves(db: Database, now: Date): Promise<AdminWaves> {
  const counts = await queryRows<{ wave_id: string; n: number }>(
    db.read,
    "SELECT wave_id, count(*) AS n FROM responses GROUP BY wave_id",
  );
  const byWave = new Map(counts.map((c) => [c.wave_id, c.n]));
  const waves = (await listWaves(db, now)).map((w) => ({
    ...w,
    responses: byWave.get(w.id) ?? 0,
    actions: waveActions(w),
  }));
  return { tzOffsetMinutes: (await readSettings(db.read)).tzOffsetMinutes, waves };
}

export interface CopiedWave {
  surveyId: string;
  surveyVersion: number;
  title: string;
  periodStart: string;
  periodEnd: string;
  opensAt: string;
  closesAt: string;
  channels: Channel[];
}

/**
 * The settings of the round after `waveId`: the same survey at its latest version (a version made by tagging since
 * is the one to collect on), the same channels, the next period, the window moved on with it, the title updated.
 */
export async function copyWaveSettings(db: Database, waveId: string, now: Date): Promise<CopiedWave> {
  const wave = await getWave(db, waveId, now);
  if (!wave) throw new ApiError(404, "wave_not_found", `There is no survey round "${waveId}".`);
  const latest = await getSurveyVersion(db, wave.surveyId);
  const { tzOffsetMinutes } = await readSettings(db.read);
  return {
    surveyId: wave.surveyId,
    surveyVersion: latest?.version ?? wave.surveyVersion,
    ...nextWaveSettings(wave, tzOffsetMinutes),
    channels: wave.channels,
  };
}
