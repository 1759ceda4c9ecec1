// Compiles a survey version once into a reusable validator and flattener (no I/O; the caller caches the result).
// Compiling reads survey-core's model; validating and flattening a response never touch it again.
import type { AnswerRow, SurveyDefinition } from "../catalogue/types";
import { flattenAnswers } from "./flattenAnswers";
import { type ValidationResult, validateAnswers } from "./validateAnswers";
import { compilePlan } from "./validation/plan";

export type { ValidationIssue, ValidationResult } from "./validateAnswers";

export interface CompiledSurvey {
  /** The answers to keep, or why the data is refused. Hidden questions' answers are dropped, not refused. */
  validate(data: unknown): ValidationResult;
  /** Long-format rows of data that `validate` returned. */
  flatten(data: Record<string, unknown>): AnswerRow[];
}

export function compileSurvey(definition: SurveyDefinition): CompiledSurvey {
  // survey-core's Model costs ~2 ms per response to load data into and read back (set data, isVisible,
  // isRequired), far over the ingest budget; the plan evaluates the same conditions with survey-core's
  // ConditionRunner on the plain answers instead, and holds no per-response state.
  const plan = compilePlan(definition);
  return {
    validate: (data) => validateAnswers(plan, data),
    flatten: (data) => flattenAnswers(plan, data),
  };
}
