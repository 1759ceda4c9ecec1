// A validated response record as the batch writer stores it, made from generated answers, for tests and benchmarks
// that write below the HTTP layer (checkpoints, storage cost). It stores nothing itself.
import type { SurveyDefinition } from "../../server/catalogue/types";
import type { CompiledSurvey } from "../../server/ingest/compileSurvey";
import type { ResponseRecord } from "../../server/ingest/storeResponses";
import { validAnswers } from "./dataPool";

/** Answer set `seed` of `definition`, validated and flattened by `survey`, online in team-1 now. */
export function validRecord(
  survey: CompiledSurvey,
  definition: SurveyDefinition,
  waveId: string,
  seed: number,
  poolSize?: number,
): ResponseRecord {
  const checked = survey.validate(validAnswers(definition, seed, poolSize));
  if (!checked.ok) throw new Error(`generated answers invalid: ${checked.issues[0]?.message}`);
  const now = new Date();
  return {
    id: crypto.randomUUID(),
    waveId,
    unitId: "team-1",
    groupId: "staff",
    channel: "online",
    startedAt: null,
    submittedAt: null,
    receivedAt: now,
    collectedAt: now,
    receipt: `R-${seed}`,
    bodyHash: String(seed),
    data: checked.data,
    answers: survey.flatten(checked.data),
  };
}
