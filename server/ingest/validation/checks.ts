// Value checkers for single answers: choices, text inputs, numbers, files, signatures and the survey's validators.
// They judge one value against rules fixed at compile time; visibility, required and containers are plan.ts's job.
import { ConditionRunner, type ExpressionRunner, type SurveyValidator } from "survey-core";
import { type CheckContext, type Checked, INVALID, isPlainObject, plural, show, showList } from "./issues";

/** Returns the value to keep (possibly normalised, e.g. "3" → 3 for a choice 3) or INVALID after reporting. */
export type Checker = (value: unknown, path: string, ctx: CheckContext) => Checked;

export const acceptAnything: Checker = (value) => value;

function report(ctx: CheckContext, path: string, code: string, message: string): typeof INVALID {
  ctx.issues.push({ path, code, message });
  return INVALID;
}

/** SurveyJS compares choice values loosely ("3" equals 3), so a choice is looked up by its text form. */
export function choiceKey(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return String(value);
  return null;
}

/** The allowed values of a choice question, with the phrase that tells a person what to send instead. */
export class ChoiceSet {
  readonly byKey = new Map<string, unknown>();
  readonly values: unknown[] = [];
  /** Set when the choices are exactly the integers min..max (a rating scale). */
  readonly range: [number, number] | null;
  private readonly single: string;
  private readonly multiple: string;

  constructor(values: Iterable<unknown>, description?: string) {
    for (const value of values) {
      const key = choiceKey(value);
      if (key === null || this.byKey.has(key)) continue;
      this.byKey.set(key, value);
      this.values.push(value);
    }
    const range = integerRange(this.values);
    this.range = range;
    if (description) {
      this.single = description;
      this.multiple = `a list of ${description}`;
    } else if (range) {
      this.single = `a number from ${range[0]} to ${range[1]}`;
      this.multiple = `a list of numbers from ${range[0]} to ${range[1]}`;
    } else if (this.values.length === 0) {
      this.single = "one of its choices, but it has none to choose from";
      this.multiple = "empty, as it has no choices to choose from";
    } else {
      this.single = `one of its choices: ${showList(this.values)}`;
      this.multiple = `a list of its choices: ${showList(this.values)}`;
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  describeOne(): string {
    return this.single;
  }

  describeMany(): string {
    return this.multiple;
  }
}

/** [min, max] when the values are exactly the integers min..max, so "a number from 1 to 5" says it all. */
function integerRange(values: readonly unknown[]): [number, number] | null {
  if (values.length < 2 || !values.every((v) => typeof v === "number" && Number.isInteger(v))) return null;
  const sorted = [...(values as number[])].sort((a, b) => a - b);
  const first = sorted[0] as number;
  const last = sorted[sorted.length - 1] as number;
  return last - first === sorted.length - 1 ? [first, last] : null;
}

export type ChoiceSource = (ctx: CheckContext) => ChoiceSet;

export interface SingleChoiceOptions {
  choices: ChoiceSource;
  /** storeOthersAsComment: false — the "other" text is stored as the value itself, so any text is allowed. */
  otherTextAsValue: boolean;
}

export function singleChoiceChecker(options: SingleChoiceOptions): Checker {
  return (value, path, ctx) => {
    const set = options.choices(ctx);
    const key = choiceKey(value);
    if (key === null)
      return report(ctx, path, "wrong_type", `Answer to "${path}" must be ${set.describeOne()}.`);
    if (set.byKey.has(key)) return set.byKey.get(key);
    if (options.otherTextAsValue && typeof value === "string") return value;
    // On a numeric scale a wrong number is out of range rather than "not a choice".
    const code = set.range !== null && typeof value === "number" ? "out_of_range" : "not_a_choice";
    return report(ctx, path, code, `Answer to "${path}" must be ${set.describeOne()}.`);
  };
}

export interface MultiChoiceOptions extends SingleChoiceOptions {
  /** Keys of choices that must be chosen alone: "none", "refused", "dontknow". */
  exclusive: ReadonlySet<string>;
  minSelected: number;
  maxSelected: number;
  /** Checkbox valuePropertyName: each selection is stored as {[name]: value}. */
  valuePropertyName: string | null;
  /** A dynamic panel shares this value, so selection objects also carry that panel's answers. */
  sharedWithPanel: boolean;
}

export function multiChoiceChecker(options: MultiChoiceOptions): Checker {
  return (value, path, ctx) => {
    const set = options.choices(ctx);
    if (!Array.isArray(value)) {
      return report(ctx, path, "wrong_type", `Answer to "${path}" must be ${set.describeMany()}.`);
    }
    const before = ctx.issues.length;
    const seen = new Set<string>();
    const kept: unknown[] = [];
    let otherTexts = 0;
    let exclusiveKey: string | null = null;
    value.forEach((element, index) => {
      let choice: unknown = element;
      let holder: Record<string, unknown> | null = null;
      if (options.valuePropertyName !== null) {
        const vpn = options.valuePropertyName;
        // A panel sharing the value may hold entries the checkbox did not make; they are the panel's to judge.
        if (options.sharedWithPanel && isPlainObject(element) && !(vpn in element)) return;
        if (!isPlainObject(element) || !(vpn in element)) {
          report(
            ctx,
            `${path}[${index}]`,
            "wrong_type",
            `"${path}[${index}]" must be an object like {"${vpn}": …}.`,
          );
          return;
        }
        holder = element;
        choice = element[vpn];
        if (!options.sharedWithPanel) {
          for (const extra of Object.keys(element)) {
            if (extra === vpn) continue;
            report(
              ctx,
              `${path}[${index}]/${extra}`,
              "unknown_key",
              `"${path}[${index}]/${extra}" is not part of this answer; remove it.`,
            );
          }
        }
      }
      const key = choiceKey(choice);
      let canonical: unknown;
      if (key !== null && set.byKey.has(key)) {
        canonical = set.byKey.get(key);
      } else if (options.otherTextAsValue && typeof choice === "string" && otherTexts === 0) {
        otherTexts++;
        canonical = choice;
      } else {
        report(
          ctx,
          path,
          "not_a_choice",
          `Answer to "${path}" contains ${show(choice)}, which is not allowed: it must be ${set.describeMany()}.`,
        );
        return;
      }
      const canonicalKey = choiceKey(canonical) as string;
      if (seen.has(canonicalKey)) {
        report(ctx, path, "duplicate_choice", `Answer to "${path}" lists ${show(canonical)} more than once.`);
        return;
      }
      seen.add(canonicalKey);
      if (options.exclusive.has(canonicalKey)) exclusiveKey = canonicalKey;
      kept.push(holder ? { ...holder, [options.valuePropertyName as string]: canonical } : canonical);
    });
    if (ctx.issues.length > before) return INVALID;
    if (exclusiveKey !== null && kept.length > 1) {
      return report(
        ctx,
        path,
        "exclusive_choice",
        `Answer to "${path}" combines ${show(set.byKey.get(exclusiveKey))} with other choices; it must be chosen alone.`,
      );
    }
    if (options.maxSelected > 0 && kept.length > options.maxSelected) {
      return report(
        ctx,
        path,
        "too_many_choices",
        `Answer to "${path}" may have at most ${plural(options.maxSelected, "choice")}; it has ${kept.length}.`,
      );
    }
    // "None of these" alone is a complete answer however many choices are otherwise required.
    if (options.minSelected > 0 && exclusiveKey === null && kept.length < options.minSelected) {
      return report(
        ctx,
        path,
        "too_few_choices",
        `Answer to "${path}" needs at least ${plural(options.minSelected, "choice")}; it has ${kept.length}.`,
      );
    }
    return kept;
  };
}

export interface RankingOptions {
  /** The choices visible for this answer (after choicesFromQuestion and choice visibleIf). */
  choices: ChoiceSource;
  /** selectToRankEnabled: the respondent ranks a chosen subset rather than every choice. */
  subset: boolean;
  minSelected: number;
  maxSelected: number;
}

export function rankingChecker(options: RankingOptions): Checker {
  return (value, path, ctx) => {
    const set = options.choices(ctx);
    const every = `must rank each of its choices exactly once: ${showList(set.values)}`;
    if (!Array.isArray(value)) return report(ctx, path, "wrong_type", `Answer to "${path}" ${every}.`);
    const seen = new Set<string>();
    const kept: unknown[] = [];
    for (const element of value) {
      const key = choiceKey(element);
      if (key === null || !set.byKey.has(key)) {
        return report(
          ctx,
          path,
          "not_a_choice",
          `Answer to "${path}" ranks ${show(element)}, which is not one of its choices.`,
        );
      }
      if (seen.has(key)) {
        return report(
          ctx,
          path,
          "duplicate_choice",
          `Answer to "${path}" ranks ${show(element)} more than once.`,
        );
      }
      seen.add(key);
      kept.push(set.byKey.get(key));
    }
    if (!options.subset && kept.length !== set.size) {
      return report(ctx, path, "not_a_permutation", `Answer to "${path}" ${every}; it ranks ${kept.length}.`);
    }
    if (options.subset && options.maxSelected > 0 && kept.length > options.maxSelected) {
      return report(
        ctx,
        path,
        "too_many_choices",
        `Answer to "${path}" may rank at most ${plural(options.maxSelected, "choice")}; it ranks ${kept.length}.`,
      );
    }
    if (options.subset && options.minSelected > 0 && kept.length < options.minSelected) {
      return report(
        ctx,
        path,
        "too_few_choices",
        `Answer to "${path}" must rank at least ${plural(options.minSelected, "choice")}; it ranks ${kept.length}.`,
      );
    }
    return kept;
  };
}

/** A bound of a text input: fixed in the JSON, or an expression (minValueExpression) evaluated per answer. */
export type Bound = { fixed: number | string | null; expression: ExpressionRunner | null };

function boundValue(bound: Bound, ctx: CheckContext): unknown {
  if (bound.expression) return bound.expression.runValues(ctx.values, ctx.properties);
  return bound.fixed;
}

/** Browser input formats; SurveyJS stores what the <input> produces. */
const FORMATS: Record<string, { pattern: RegExp; word: string; example: string }> = {
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, word: "a date", example: "2026-07-01" },
  "datetime-local": {
    pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/,
    word: "a date and time",
    example: "2026-07-01T08:30",
  },
  time: { pattern: /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, word: "a time", example: "08:30" },
  month: { pattern: /^\d{4}-\d{2}$/, word: "a month", example: "2026-07" },
  week: { pattern: /^\d{4}-W\d{2}$/, word: "a week", example: "2026-W27" },
  color: { pattern: /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, word: "a colour", example: "#ff8800" },
};

export interface TextOptions {
  inputType: string;
  /** A numeric or currency input mask makes survey-core store a number in a plain text question. */
  numberAllowed: boolean;
  maxLength: number;
  min: Bound;
  max: Bound;
}

export function isNumericInput(inputType: string): boolean {
  return inputType === "number" || inputType === "range";
}

/** Number inputs accept a numeric string too (paper keying, old clients) and keep it as a number. */
function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function numberBound(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  return toNumber(value);
}

function rangeText(min: unknown, max: unknown, word: string): string {
  if (min !== null && max !== null) return `${word} from ${min} to ${max}`;
  if (min !== null) return `${word} of at least ${min}`;
  return `${word} of at most ${max}`;
}

export function textChecker(options: TextOptions): Checker {
  if (isNumericInput(options.inputType)) {
    return (value, path, ctx) => {
      const n = toNumber(value);
      const min = numberBound(boundValue(options.min, ctx));
      const max = numberBound(boundValue(options.max, ctx));
      const wanted = min === null && max === null ? "a number" : rangeText(min, max, "a number");
      if (n === null) return report(ctx, path, "wrong_type", `Answer to "${path}" must be ${wanted}.`);
      if ((min !== null && n < min) || (max !== null && n > max)) {
        return report(ctx, path, "out_of_range", `Answer to "${path}" must be ${wanted}.`);
      }
      return n;
    };
  }
  const format = FORMATS[options.inputType];
  return (value, path, ctx) => {
    if (options.numberAllowed && typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value !== "string") {
      return report(ctx, path, "wrong_type", `Answer to "${path}" must be ${format ? format.word : "text"}.`);
    }
    if (format) {
      if (!format.pattern.test(value)) {
        return report(
          ctx,
          path,
          "invalid_format",
          `Answer to "${path}" must be ${format.word} like ${format.example}.`,
        );
      }
      // Fixed-width ISO forms compare correctly as strings.
      const min = boundValue(options.min, ctx);
      const max = boundValue(options.max, ctx);
      const lo = typeof min === "string" && min !== "" ? min : null;
      const hi = typeof max === "string" && max !== "" ? max : null;
      if ((lo !== null && value < lo) || (hi !== null && value > hi)) {
        return report(
          ctx,
          path,
          "out_of_range",
          `Answer to "${path}" must be ${rangeText(lo, hi, format.word)}.`,
        );
      }
    }
    if (options.maxLength > 0 && value.length > options.maxLength) {
      return report(
        ctx,
        path,
        "too_long",
        `Answer to "${path}" must be at most ${plural(options.maxLength, "character")} long; it has ${value.length}.`,
      );
    }
    return value;
  };
}

export interface SliderOptions {
  min: number;
  max: number;
  range: boolean;
}

export function sliderChecker(options: SliderOptions): Checker {
  const wanted = `a number from ${options.min} to ${options.max}`;
  const inRange = (v: unknown): v is number =>
    typeof v === "number" && Number.isFinite(v) && v >= options.min && v <= options.max;
  if (!options.range) {
    return (value, path, ctx) => {
      if (typeof value !== "number")
        return report(ctx, path, "wrong_type", `Answer to "${path}" must be ${wanted}.`);
      if (!inRange(value)) return report(ctx, path, "out_of_range", `Answer to "${path}" must be ${wanted}.`);
      return value;
    };
  }
  return (value, path, ctx) => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "number")) {
      return report(
        ctx,
        path,
        "wrong_type",
        `Answer to "${path}" must be a list of numbers from ${options.min} to ${options.max}.`,
      );
    }
    if (!value.every(inRange)) {
      return report(
        ctx,
        path,
        "out_of_range",
        `Answer to "${path}" must only hold numbers from ${options.min} to ${options.max}.`,
      );
    }
    for (let i = 1; i < value.length; i++) {
      if ((value[i] as number) < (value[i - 1] as number)) {
        return report(
          ctx,
          path,
          "out_of_range",
          `Answer to "${path}" must list its numbers in ascending order.`,
        );
      }
    }
    return value;
  };
}

export interface FileOptions {
  allowMultiple: boolean;
  maxSize: number;
}

const FILE_KEYS = new Set(["name", "type", "content"]);

export function fileChecker(options: FileOptions): Checker {
  return (value, path, ctx) => {
    if (!Array.isArray(value)) {
      return report(
        ctx,
        path,
        "wrong_type",
        `Answer to "${path}" must be a list of files, each {name, type, content}.`,
      );
    }
    const before = ctx.issues.length;
    value.forEach((file, index) => {
      const at = `${path}[${index}]`;
      if (!isPlainObject(file) || typeof file.name !== "string" || typeof file.content !== "string") {
        report(
          ctx,
          at,
          "invalid_format",
          `"${at}" must be a file {name, type, content} with a text name and content.`,
        );
        return;
      }
      if (file.type !== undefined && typeof file.type !== "string") {
        report(ctx, at, "invalid_format", `"${at}" must have a text "type" such as "image/png".`);
      }
      for (const key of Object.keys(file)) {
        if (!FILE_KEYS.has(key))
          report(ctx, `${at}/${key}`, "unknown_key", `"${at}/${key}" is not part of a file; remove it.`);
      }
      const bytes = dataUrlBytes(file.content);
      if (options.maxSize > 0 && bytes !== null && bytes > options.maxSize) {
        report(
          ctx,
          at,
          "file_too_large",
          `File ${show(file.name)} in "${path}" is ${bytes} bytes; at most ${options.maxSize} bytes are allowed.`,
        );
      }
    });
    if (ctx.issues.length > before) return INVALID;
    if (!options.allowMultiple && value.length > 1) {
      return report(
        ctx,
        path,
        "too_many_files",
        `Answer to "${path}" takes one file; it has ${value.length}.`,
      );
    }
    return value;
  };
}

/** Decoded size of a base64 data URL; null for a link (storeDataAsText: false), whose size is not ours to know. */
function dataUrlBytes(content: string): number | null {
  if (!content.startsWith("data:")) return null;
  const comma = content.indexOf(",");
  if (comma < 0) return null;
  const payload = content.length - comma - 1;
  if (!content.slice(0, comma).endsWith(";base64")) return payload;
  const padding = content.endsWith("==") ? 2 : content.endsWith("=") ? 1 : 0;
  return Math.floor((payload * 3) / 4) - padding;
}

export function signatureChecker(storeDataAsText: boolean): Checker {
  return (value, path, ctx) => {
    if (typeof value !== "string") {
      return report(
        ctx,
        path,
        "wrong_type",
        `Answer to "${path}" must be an image data URL (data:image/png;base64,…).`,
      );
    }
    if (storeDataAsText && !/^data:image\/[a-z0-9.+-]+[;,]/i.test(value)) {
      return report(
        ctx,
        path,
        "invalid_format",
        `Answer to "${path}" must be an image data URL (data:image/png;base64,…).`,
      );
    }
    return value;
  };
}

/** The survey's own validators (numeric, text, email, regex, expression, answercount) as one check. */
export type ValidatorCheck = (value: unknown, path: string, ctx: CheckContext) => boolean;

export function validatorCheck(
  validators: readonly SurveyValidator[],
  implicitEmail: SurveyValidator | null,
): ValidatorCheck | null {
  const all = implicitEmail ? [...validators, implicitEmail] : [...validators];
  const checks = all.map(oneValidator).filter((c): c is ValidatorCheck => c !== null);
  if (checks.length === 0) return null;
  return (value, path, ctx) => {
    let ok = true;
    for (const check of checks) if (!check(value, path, ctx)) ok = false;
    return ok;
  };
}

type ValidatorFields = {
  text?: string;
  minValue?: number | null;
  maxValue?: number | null;
  minLength?: number;
  maxLength?: number;
  allowDigits?: boolean;
  minCount?: number | null;
  maxCount?: number | null;
  expression?: string;
};

function oneValidator(validator: SurveyValidator): ValidatorCheck | null {
  const fields = validator as unknown as ValidatorFields;
  const said = fields.text ? ` The survey says: "${fields.text}"` : "";
  const type = validator.getType();
  // survey-core's own validate() decides pass/fail (its semantics are the client's); we only word the issue.
  const fails = (value: unknown) => Boolean(validator.validate(value, "")?.error);
  switch (type) {
    case "numericvalidator":
      return (value, path, ctx) => {
        if (!fails(value)) return true;
        const min = fields.minValue ?? null;
        const max = fields.maxValue ?? null;
        const wanted = min === null && max === null ? "a number" : rangeText(min, max, "a number");
        const code = toNumber(value) === null ? "wrong_type" : "out_of_range";
        report(ctx, path, code, `Answer to "${path}" must be ${wanted}.${said}`);
        return false;
      };
    case "textvalidator":
      return (value, path, ctx) => {
        if (!fails(value)) return true;
        const text = typeof value === "string" ? value : String(value);
        if (fields.allowDigits === false && /\d/.test(text)) {
          report(ctx, path, "digits_not_allowed", `Answer to "${path}" must not contain digits.${said}`);
        } else if (fields.maxLength && text.length > fields.maxLength) {
          report(
            ctx,
            path,
            "too_long",
            `Answer to "${path}" must be at most ${plural(fields.maxLength, "character")} long; it has ${text.length}.${said}`,
          );
        } else {
          report(
            ctx,
            path,
            "too_short",
            `Answer to "${path}" must be at least ${plural(fields.minLength ?? 0, "character")} long; it has ${text.length}.${said}`,
          );
        }
        return false;
      };
    case "emailvalidator":
      return (value, path, ctx) => {
        if (!fails(value)) return true;
        report(
          ctx,
          path,
          "invalid_email",
          `Answer to "${path}" must be an e-mail address like name@example.com.${said}`,
        );
        return false;
      };
    case "regexvalidator":
      return (value, path, ctx) => {
        if (!fails(value)) return true;
        report(
          ctx,
          path,
          "pattern_mismatch",
          `Answer to "${path}" does not have the format the survey expects.${said}`,
        );
        return false;
      };
    case "answercountvalidator":
      return (value, path, ctx) => {
        if (!fails(value)) return true;
        const n = Array.isArray(value) ? value.length : 1;
        if (fields.maxCount && n > fields.maxCount) {
          report(
            ctx,
            path,
            "too_many_choices",
            `Answer to "${path}" may have at most ${plural(fields.maxCount, "choice")}; it has ${n}.${said}`,
          );
        } else {
          report(
            ctx,
            path,
            "too_few_choices",
            `Answer to "${path}" needs at least ${plural(fields.minCount ?? 0, "choice")}; it has ${n}.${said}`,
          );
        }
        return false;
      };
    case "expressionvalidator": {
      // survey-core's ExpressionValidator reads values from its owner question's survey, which has no data here,
      // so the same expression runs against this response's values instead.
      if (!fields.expression) return null;
      const condition = new ConditionRunner(fields.expression);
      return (_value, path, ctx) => {
        if (condition.runValues(ctx.values, ctx.properties)) return true;
        report(
          ctx,
          path,
          "expression_failed",
          `Answer to "${path}" fails the survey's check ${show(fields.expression)}.${said}`,
        );
        return false;
      };
    }
    default:
      return null;
  }
}
