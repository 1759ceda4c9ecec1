// Everything the fill page needs for one wave, in one answer: the wave, its survey version, units and groups.
// Public only while the wave is open; otherwise it says when it opens or that it has closed.

import { readSettings } from "../../analytics/catalogue";
import { getSurveyVersion } from "../catalogue/registerSurvey";
import type { SurveyDefinition } from "../catalogue/types";
import { ApiError } from "../errors";
import { type FormUnit, listFormUnits } from "../org/units";
import { type Language, readLanguages } from "../settings/settings";
import { type Database, queryRows } from "../storage/database";
import { getWave, type Wave } from "./waves";

export interface WaveForm {
  wave: Wave;
  survey: SurveyDefinition;
  units: FormUnit[];
  groups: { id: string; name: { default: string; "zh-cn": string } }[];
  /** Units that take this wave's online and on-site answers only with a single-use slip (invitation token). */
  slipUnitIds: string[];
  /** The organisation's minimum group size, for the page's promise of anonymity. */
  minGroupSize: number;
  /** The languages the organisation offers, the default first: the page offers no other. */
  languages: Language[];
}

export async function getWaveForm(db: Database, waveId: string, now: Date): Promise<WaveForm> {
  const wave = await getWave(db, waveId, now);
  if (!wave) throw new ApiError(404, "wave_not_found", `There is no survey round "${waveId}".`);
  if (wave.status === "scheduled") {
    throw new ApiError(409, "wave_not_open_yet", `This survey round opens at ${wave.opensAt}.`);
  }
  if (wave.status === "closed") {
    throw new ApiError(409, "wave_closed", `This survey round closed at ${wave.closesAt}.`);
  }
  const survey = await getSurveyVersion(db, wave.surveyId, wave.surveyVersion);
  if (!survey) throw new Error(`wave ${wave.id} names missing survey ${wave.surveyId}@${wave.surveyVersion}`);
  const groups = await queryRows<{ id: string; name_zh: string; name_en: string }>(
    db.read,
    // A retired group is offered no more (and refused on submission); its stored responses keep it.
    "SELECT id, name_zh, name_en FROM groups WHERE retired_at IS NULL ORDER BY sort, id",
  );
  // Said before the questionnaire starts, so nobody answers forty questions only to be told a slip was needed.
  const slipUnits = await queryRows<{ unit_id: string }>(
    db.read,
    "SELECT DISTINCT unit_id FROM invitation_tokens WHERE wave_id = $1 ORDER BY unit_id",
    [wave.id],
  );
  return {
    wave,
    survey: survey.definition,
    units: await listFormUnits(db),
    groups: groups.map((g) => ({ id: g.id, name: { default: g.name_en, "zh-cn": g.name_zh } })),
    slipUnitIds: slipUnits.map((u) => u.unit_id),
    minGroupSize: (await readSettings(db.read)).minGroupSize,
    languages: await readLanguages(db),
  };
}
