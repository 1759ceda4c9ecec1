// A few valid answer sets per survey, made once: generating one goes through survey-core page by page (~0.1 s),
// too slow to do per request in bursts of hundreds. Requests differ by id, so reusing answers is fine.
import type { SurveyDefinition } from "../../server/catalogue/types";
import { generateValidData } from "./generateValidData";

const pools = new WeakMap<SurveyDefinition, Record<string, unknown>[]>();

export function validAnswers(
  definition: SurveyDefinition,
  index: number,
  poolSize = 16,
): Record<string, unknown> {
  let pool = pools.get(definition);
  if (!pool) {
    pool = Array.from({ length: poolSize }, (_, seed) => generateValidData(definition, seed));
    pools.set(definition, pool);
  }
  return pool[index % pool.length] as Record<string, unknown>;
}
