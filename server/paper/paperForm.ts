// What paper collection needs for one wave, for the caller's scope: the wave, its survey version, the units the
// caller may key forms for, the groups, and the template's columns. Any wave status; it reads, never writes.
import { getSurveyVersion } from "../catalogue/registerSurvey";
import type { SurveyDefinition } from "../catalogue/types";
import { ApiError } from "../errors";
import { type FormUnit, listUnitsWithin } from "../org/units";
import { type Database, queryRows } from "../storage/database";
import { getWave, type Wave } from "../waves/waves";
import { type Bilingual, type ColumnPlan, type PaperColumn, paperLayout, publicColumn } from "./columns";

export interface PaperForm {
  wave: Wave;
  survey: SurveyDefinition;
  units: FormUnit[];
  groups: { id: string; name: Bilingual }[];
  columns: PaperColumn[];
  omitted: { questionName: string; type: string }[];
}

/** PaperForm plus the columns' data targets, for the template writers and the importer. */
export interface PaperPlan extends Omit<PaperForm, "columns"> {
  columns: ColumnPlan[];
}

export async function getPaperPlan(
  db: Database,
  waveId: string,
  user: { scopeUnitId: string },
  now: Date,
): Promise<PaperPlan> {
  const wave = await getWave(db, waveId, now);
  if (!wave) throw new ApiError(404, "wave_not_found", `There is no survey round "${waveId}".`);
  const survey = await getSurveyVersion(db, wave.surveyId, wave.surveyVersion);
  if (!survey) throw new Error(`wave ${wave.id} names missing survey ${wave.surveyId}@${wave.surveyVersion}`);
  const groups = await queryRows<{ id: string; name_zh: string; name_en: string }>(
    db.read,
    "SELECT id, name_zh, name_en FROM groups WHERE retired_at IS NULL ORDER BY sort, id",
  );
  const units = await listUnitsWithin(db, user.scopeUnitId);
  const layout = paperLayout(survey.definition);
  return {
    wave,
    survey: survey.definition,
    units: units.map(({ kind: _kind, ...u }) => u),
    groups: groups.map((g) => ({ id: g.id, name: { default: g.name_en, "zh-cn": g.name_zh } })),
    columns: layout.columns,
    omitted: layout.omitted,
  };
}

export async function getPaperForm(
  db: Database,
  waveId: string,
  user: { scopeUnitId: string },
  now: Date,
): Promise<PaperForm> {
  const plan = await getPaperPlan(db, waveId, user, now);
  return { ...plan, columns: plan.columns.map(publicColumn) };
}
