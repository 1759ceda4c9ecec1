// Shared vocabulary of the validation stage: the issue shape, the "invalid" marker and value helpers.
// It decides nothing about any question type; checks.ts and plan.ts do.

/** `path` names the question as the respondent's data does: "pay_1", "office/prod_dept", "relatives[1]/name". */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/** Returned by a checker instead of a value when it has pushed at least one issue. */
export const INVALID: unique symbol = Symbol("invalid");
export type Checked = unknown | typeof INVALID;

/** What a checker may read: where to report, and the values conditions and dynamic choices see. */
export interface CheckContext {
  issues: ValidationIssue[];
  /** The values of the current scope: the survey's data, plus `panel`/`row` inside dynamic panels and matrices. */
  values: Record<string, unknown>;
  /** Passed to survey-core's expression engine (functions such as displayValue look up `survey`). */
  properties: Record<string, unknown>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** SurveyJS's notion of "not answered": nothing, blank text, an empty list, or an object of empty answers. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) {
    for (const key in value) if (!isEmptyValue(value[key])) return false;
    return true;
  }
  return false;
}

/** Quotes a name or value for a message: "pay_1", 3, true. */
export function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/** A readable list of allowed values, cut short so a 115-item dropdown does not produce a wall of text. */
export function showList(values: readonly unknown[], max = 8): string {
  const shown = values.slice(0, max).map(show).join(", ");
  return values.length > max ? `${shown} … (${values.length} in all)` : shown;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
