// Whether a response carries something to follow: a non-empty answer to a question marked `demand: true`, the rule
// the server's intake turns into cases (server/cases/intake.ts). It reads the submitted data; it stores nothing.
import type { Model } from "survey-core";

const filled = (value: unknown) => typeof value === "string" && value.trim() !== "";

/**
 * checkSurvey allows `demand` only on top-level text and comment questions answered under their own name, so
 * the question's value (or its comment, when it shows one) is all there is to look at.
 */
export function wroteDemand(model: Model, data: Record<string, unknown>): boolean {
  return model
    .getAllQuestions(false, false, false)
    .some(
      (question) =>
        question.getPropertyValue("demand") === true &&
        (filled(data[question.name]) || filled(data[`${question.name}${model.commentSuffix}`])),
    );
}
