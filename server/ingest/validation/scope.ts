// Walks one name scope of answers (the data, a dynamic panel, a matrix row): visibility, required, each visible
// question's checker, unknown keys; hidden answers are dropped. It knows no question type: the plan's checkers do.
import type { ConditionRunner } from "survey-core";
import { type CheckContext, INVALID, isEmptyValue } from "./issues";

/** A question, matrix column or multiple-text item, as the walk needs it. */
export interface FieldPlan {
  kind: "question";
  name: string;
  /** The data key: SurveyJS valueName, else name. */
  valueName: string;
  type: string;
  /** The JSON `visible` flag (false: hidden unless a visible trigger shows it). */
  visible: boolean;
  visibleIf: ConditionRunner | null;
  isRequired: boolean;
  /** survey-core replaces isRequired by this condition's result whenever it is set. */
  requiredIf: ConditionRunner | null;
  /** html and image elements hold no answer, so their names are not data keys. */
  hasValue: boolean;
  /** The `name-Comment` key this question may send (other item or comment area), or null. */
  commentKey: string | null;
  check: (value: unknown, path: string, ctx: CheckContext) => unknown;
  validators: ((value: unknown, path: string, ctx: CheckContext) => boolean) | null;
  /** Index of the page the question sits on (for complete triggers); 0 inside templates. */
  pageIndex: number;
  /** A checkbox whose value a dynamic panel shares: the panel's kept value (which includes ours) wins. */
  yieldsSharedValue: boolean;
}

export interface ContainerPlan<F extends FieldPlan = FieldPlan> {
  kind: "container";
  name: string;
  visible: boolean;
  visibleIf: ConditionRunner | null;
  children: (F | ContainerPlan<F>)[];
}

export type ElementPlan<F extends FieldPlan = FieldPlan> = F | ContainerPlan<F>;

export interface ScopeOptions {
  ctx: CheckContext;
  /** Prepended to data keys in issue paths: "" at the top, "relatives[1]/" inside a panel. */
  prefix: string;
  commentSuffix: string;
  /** Visibility set by the survey's visible triggers, by question name (top scope only). */
  visibleOverride: ReadonlyMap<string, boolean> | null;
  /** Questions on pages after this index were never reached because a complete trigger fired. */
  completedAtPage: number;
  /** Keys the survey itself may write here (calculated values, trigger targets): kept as sent. */
  extraKeys: ReadonlySet<string>;
  /** Every data key some question of this scope owns, hidden or not; tells "-Comment" misuse from junk. */
  ownedKeys: ReadonlySet<string>;
}

export function validateScope(
  elements: readonly ElementPlan[],
  data: Record<string, unknown>,
  options: ScopeOptions,
): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const seen = new Set<string>();
  const { ctx } = options;

  const walk = (list: readonly ElementPlan[], parentVisible: boolean): void => {
    for (const element of list) {
      if (element.kind === "container") {
        const visible =
          parentVisible &&
          element.visible &&
          (element.visibleIf === null || element.visibleIf.runValues(ctx.values, ctx.properties));
        walk(element.children, visible);
        continue;
      }
      if (!element.hasValue) continue;
      seen.add(element.valueName);
      if (element.commentKey !== null) seen.add(element.commentKey);
      if (!parentVisible) continue;
      const shown = options.visibleOverride?.get(element.name) ?? element.visible;
      if (!shown) continue;
      if (element.visibleIf !== null && !element.visibleIf.runValues(ctx.values, ctx.properties)) continue;
      checkField(element, data, kept, options);
    }
  };
  walk(elements, true);

  for (const key in data) {
    if (seen.has(key)) continue;
    if (options.extraKeys.has(key)) {
      kept[key] = data[key];
      continue;
    }
    const path = options.prefix + key;
    if (key.endsWith(options.commentSuffix)) {
      const base = key.slice(0, -options.commentSuffix.length);
      if (options.ownedKeys.has(base)) {
        ctx.issues.push({
          path,
          code: "comment_not_allowed",
          message: `"${path}" is not allowed: "${options.prefix}${base}" has no "other" choice or comment box; remove it.`,
        });
        continue;
      }
    }
    ctx.issues.push({
      path,
      code: "unknown_key",
      message: `"${path}" is not a question of this survey; remove it.`,
    });
  }
  return kept;
}

function checkField(
  field: FieldPlan,
  data: Record<string, unknown>,
  kept: Record<string, unknown>,
  options: ScopeOptions,
): void {
  const { ctx } = options;
  const path = options.prefix + field.valueName;
  const value = data[field.valueName];
  if (isEmptyValue(value)) {
    const required =
      field.requiredIf !== null ? field.requiredIf.runValues(ctx.values, ctx.properties) : field.isRequired;
    if (required && field.pageIndex <= options.completedAtPage) {
      ctx.issues.push({
        path,
        code: "required",
        message: `"${path}" is required while it is shown; answer it.`,
      });
    }
  } else {
    const out = field.check(value, path, ctx);
    if (out !== INVALID && (field.validators === null || field.validators(out, path, ctx))) {
      if (!(field.yieldsSharedValue && field.valueName in kept)) kept[field.valueName] = out;
    }
  }
  if (field.commentKey === null) return;
  const comment = data[field.commentKey];
  if (comment === undefined || comment === null || comment === "") return;
  const commentPath = options.prefix + field.commentKey;
  if (typeof comment !== "string") {
    ctx.issues.push({ path: commentPath, code: "wrong_type", message: `"${commentPath}" must be text.` });
    return;
  }
  kept[field.commentKey] = comment;
}
