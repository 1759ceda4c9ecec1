// Validates one response's SurveyJS data against a compiled survey plan and returns the answers to keep.
// Answers hidden by the survey's own logic are dropped, not reported; it stores and flattens nothing.
import { isPlainObject, type ValidationIssue } from "./validation/issues";
import type { SurveyPlan } from "./validation/plan";
import { validateScope } from "./validation/scope";

export type { ValidationIssue } from "./validation/issues";

export type ValidationResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; issues: ValidationIssue[] };

export function validateAnswers(plan: SurveyPlan, data: unknown): ValidationResult {
  if (!isPlainObject(data)) {
    return {
      ok: false,
      issues: [
        { path: "", code: "wrong_type", message: "The answers must be an object keyed by question name." },
      ],
    };
  }
  const issues: ValidationIssue[] = [];
  // Conditions read the response as sent (SurveyJS keeps hidden answers until completion, so the client's
  // conditions saw them too), plus calculated values, which survey-core computes rather than stores.
  let values: Record<string, unknown> = data;
  if (plan.calculated.length > 0) {
    values = { ...data };
    // Twice, so a calculated value that reads a later one still sees it.
    for (let pass = 0; pass < 2; pass++) {
      for (const calc of plan.calculated) values[calc.name] = calc.runner.runValues(values, plan.properties);
    }
  }

  let visibleOverride: Map<string, boolean> | null = null;
  if (plan.visibleTriggers.length > 0) {
    // survey-core runs every visible trigger when its value changes, success showing and failure hiding its
    // questions; against the final answers that is: the last trigger naming a question decides.
    visibleOverride = new Map();
    for (const trigger of plan.visibleTriggers) {
      const shown = trigger.condition.runValues(values, plan.properties);
      for (const name of trigger.questions) visibleOverride.set(name, shown);
    }
  }

  let completedAtPage = Number.POSITIVE_INFINITY;
  for (const trigger of plan.completeTriggers) {
    if (trigger.pageIndex < completedAtPage && trigger.condition.runValues(values, plan.properties)) {
      completedAtPage = trigger.pageIndex;
    }
  }

  const kept = validateScope(plan.pages, data, {
    ctx: { issues, values, properties: plan.properties },
    prefix: "",
    commentSuffix: plan.commentSuffix,
    visibleOverride,
    completedAtPage,
    extraKeys: plan.extraKeys,
    ownedKeys: plan.ownedKeys,
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, data: kept };
}
