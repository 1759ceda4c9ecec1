// Fills in a SurveyJS questionnaire as a respondent would: required visible questions, some optional ones,
// follow-ups only when their visibleIf holds. It does not validate (compileSurvey does) nor know the stories.
import { ConditionRunner, type ItemValue, Model, type Question } from "survey-core";
import { registerCustomProperties } from "../catalogue/customProperties";
import type { SurveyDefinition } from "../catalogue/types";
import type { Rng } from "./prng";
import { type ScaleSampler, scaleSampler } from "./scaleSampler";

/** Who is answering, as far as the answers go. Targets are on 1–5, mapped onto each question's scale. */
export interface RespondentProfile {
  /** Mean this respondent would give items of `topic` (null: a rating without topic). */
  target(topic: string | null, itemId: string): number;
  /** The text written into a demand question, or null to leave it empty; `satisfaction` is 0..1 per topic. */
  demand(questionName: string, satisfaction: TopicSatisfaction): string | null;
  /** Text for an optional follow-up comment about `topic` (e.g. "why so low?"), or null to skip it. */
  remark(topic: string | null): string | null;
  /** Text typed into an "other (please specify)" box. */
  otherText(): string;
  /** Position (0..1) on the eNPS scale of this respondent's willingness to recommend, given their answers. */
  recommend(satisfaction: TopicSatisfaction): number;
}

/** The respondent's own answers so far, per topic, as the mean of (value − min) / (max − min). */
export interface TopicSatisfaction {
  overall: number | null;
  byTopic: ReadonlyMap<string, number>;
}

type Kind =
  | "scale"
  | "enps"
  | "rating"
  | "single"
  | "multiple"
  | "boolean"
  | "ranking"
  | "matrix"
  | "demand"
  | "comment"
  | "text"
  | "none"
  | "unsupported";

/** A condition and the top-level data keys it reads (lower-cased, as survey-core matches them). */
interface Condition {
  runner: ConditionRunner;
  reads: string[];
}

interface QuestionGen {
  name: string; // the data key (valueName)
  type: string;
  kind: Kind;
  /** visibleIf of the question and of every panel and page around it: all must hold. */
  conditions: Condition[];
  /** `visible: false` without a visibleIf somewhere in the chain: never shown. */
  hidden: boolean;
  isRequired: boolean;
  requiredIf: ConditionRunner | null;
  topic: string | null;
  sampler: ScaleSampler | null;
  points: number[];
  choices: unknown[];
  otherValue: unknown | null;
  otherKey: string | null; // `name-Comment` when the other text is stored beside the value
  valueTrue: unknown;
  valueFalse: unknown;
  rows: string[];
  allRowsRequired: boolean;
  minSelected: number;
  maxSelected: number;
  numericRange: [number, number] | null;
  maxLength: number;
  /** For a follow-up comment: the topic of the first question its visibleIf reads. */
  aboutTopic: string | null;
}

export interface AnswerPlan {
  questions: QuestionGen[];
  properties: Record<string, unknown>;
}

const SKIP_OPTIONAL_SCALE = 0.015;
const SKIP_MATRIX_ROW = 0.12; // people skip departments they never deal with
const SKIP_MATRIX = 0.04;
const ANSWER_OPTIONAL_CHOICE = 0.85;
const PICK_OTHER = 0.04;

function prop<T = unknown>(obj: object, name: string): T {
  return (obj as Record<string, unknown>)[name] as T;
}

function runner(expression: unknown): ConditionRunner | null {
  return typeof expression === "string" && expression.trim() !== "" ? new ConditionRunner(expression) : null;
}

/** The data keys a condition reads (lower-cased); `{pay.row}` and `{list[0]}` read their first segment. */
function rootsOf(when: ConditionRunner): string[] {
  const roots = new Set<string>();
  for (const variable of when.getVariables()) {
    const lower = variable.toLowerCase();
    roots.add(lower);
    roots.add(lower.split(/[.[]/)[0] ?? lower);
  }
  return [...roots];
}

/** Reads a definition into what answering needs, once per survey version; throws if it cannot be loaded. */
export function planAnswers(definition: SurveyDefinition): AnswerPlan {
  registerCustomProperties();
  // Design mode keeps visible/isRequired as written, not as visibleIf leaves them for an empty response.
  const model = new Model();
  model.setDesignMode(true);
  model.fromJSON(definition);
  const storeOthersAsComment = prop<boolean>(model, "storeOthersAsComment") !== false;
  const commentSuffix = model.commentSuffix || "-Comment";
  const samplers = new Map<string, ScaleSampler>();
  const samplerFor = (points: number[]) => {
    const key = points.join(",");
    let sampler = samplers.get(key);
    if (!sampler) {
      const span = (points[points.length - 1] as number) - (points[0] as number);
      // About 0.7 of a point on a 1–5 scale: answers spread over three or four points around the mean.
      sampler = scaleSampler(points, span * 0.18);
      samplers.set(key, sampler);
    }
    return sampler;
  };

  const all = model.getAllQuestions(false, true, false) as Question[];
  const topicOf = new Map<string, string>();
  for (const q of all) {
    const topic = q.getPropertyValue("topic");
    if (typeof topic === "string" && topic !== "") topicOf.set(q.getValueName().toLowerCase(), topic);
  }

  const questions: QuestionGen[] = [];
  for (const q of all) {
    // cells and dynamic-panel templates are answered by their owner, if at all
    if (q.parentQuestion) continue;
    const conditions: Condition[] = [];
    let hidden = false;
    for (let el: object | null | undefined = q; el; el = prop<object | null>(el, "parent")) {
      const when = runner(prop(el, "visibleIf"));
      if (when) conditions.push({ runner: when, reads: rootsOf(when) });
      else if (prop<boolean>(el, "visible") === false) hidden = true;
    }
    const topicValue = q.getPropertyValue("topic");
    const topic = typeof topicValue === "string" && topicValue !== "" ? topicValue : null;
    const enps = q.getPropertyValue("enps") === true;
    const demand = q.getPropertyValue("demand") === true;
    const type = q.getType();
    const choiceItems = (prop<ItemValue[] | undefined>(q, "choices") ?? []) as ItemValue[];
    const choices = choiceItems.map((c) => c.value);
    const numericChoices = choices.length >= 2 && choices.every((v) => typeof v === "number");
    const showOther = prop<boolean>(q, "showOtherItem") === true;
    const storeSetting = prop<unknown>(q, "storeOthersAsComment");
    const otherBeside =
      storeSetting === "default" || storeSetting === undefined
        ? storeOthersAsComment
        : storeSetting !== false;
    const gen: QuestionGen = {
      name: q.getValueName(),
      type,
      kind: "unsupported",
      conditions,
      hidden,
      isRequired: q.isRequired === true,
      requiredIf: runner(prop(q, "requiredIf")),
      topic,
      sampler: null,
      points: [],
      choices,
      otherValue: showOther ? (prop<ItemValue>(q, "otherItem")?.value ?? "other") : null,
      otherKey: showOther && otherBeside ? q.getValueName() + commentSuffix : null,
      valueTrue: prop(q, "valueTrue") ?? true,
      valueFalse: prop(q, "valueFalse") ?? false,
      rows: [],
      allRowsRequired:
        prop<boolean>(q, "isAllRowRequired") === true || prop<boolean>(q, "eachRowRequired") === true,
      minSelected: Number(prop(q, "minSelectedChoices")) || 0,
      maxSelected: Number(prop(q, "maxSelectedChoices")) || 0,
      numericRange: null,
      maxLength: Number(prop(q, "maxLength")) || 0,
      aboutTopic: null,
    };
    switch (type) {
      case "rating": {
        gen.points = (prop<ItemValue[]>(q, "visibleRateValues") ?? []).map((item) => Number(item.value));
        gen.sampler = samplerFor(gen.points);
        gen.kind = enps ? "enps" : topic ? "scale" : "rating";
        break;
      }
      case "radiogroup":
      case "dropdown":
        if (topic && numericChoices) {
          gen.points = [...(choices as number[])].sort((a, b) => a - b);
          gen.sampler = samplerFor(gen.points);
          gen.kind = "scale";
        } else gen.kind = "single";
        break;
      case "checkbox":
      case "tagbox":
        gen.kind = "multiple";
        break;
      case "ranking":
        gen.kind = "ranking";
        break;
      case "boolean":
        gen.kind = "boolean";
        break;
      case "matrix": {
        if (prop<boolean>(q, "isMultiSelect") === true) break;
        gen.kind = "matrix";
        gen.rows = (prop<ItemValue[]>(q, "rows") ?? []).map((r) => String(r.value));
        gen.choices = (prop<ItemValue[]>(q, "columns") ?? []).map((c) => c.value);
        if (topic && gen.choices.length >= 2 && gen.choices.every((v) => typeof v === "number")) {
          gen.points = [...(gen.choices as number[])].sort((a, b) => a - b);
          gen.sampler = samplerFor(gen.points);
        }
        break;
      }
      case "comment":
        gen.kind = demand ? "demand" : "comment";
        break;
      case "text": {
        const inputType = prop<string>(q, "inputType") || "text";
        gen.kind = demand ? "demand" : "text";
        if (inputType === "number" || inputType === "range") {
          const min = Number(prop(q, "min"));
          const max = Number(prop(q, "max"));
          gen.numericRange = [Number.isFinite(min) ? min : 0, Number.isFinite(max) && max > 0 ? max : 100];
        } else if (inputType !== "text") gen.kind = "unsupported";
        break;
      }
      case "html":
      case "image":
      case "expression":
        gen.kind = "none";
        break;
    }
    // Choices loaded from a URL or another question are not in the definition: nothing to pick from here.
    const picksChoices = gen.kind === "single" || gen.kind === "multiple" || gen.kind === "ranking";
    if ((picksChoices || gen.kind === "matrix") && gen.choices.length === 0) gen.kind = "unsupported";
    if (gen.kind === "matrix" && gen.rows.length === 0) gen.kind = "unsupported";
    if (gen.kind === "comment" || gen.kind === "text") {
      for (const when of conditions) {
        const read = when.reads.map((v) => topicOf.get(v));
        gen.aboutTopic = read.find((t) => t !== undefined) ?? null;
        if (gen.aboutTopic) break;
      }
    }
    questions.push(gen);
  }
  return { questions, properties: { survey: model } };
}

/**
 * One response's SurveyJS data. Questions are answered in survey order so a condition sees the answers before
 * it, as in a real form; a final pass drops answers a later answer hid (the server would drop them too).
 */
export function answerSurvey(
  plan: AnswerPlan,
  rng: Rng,
  profile: RespondentProfile,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const sums = new Map<string, { sum: number; n: number }>();
  const satisfaction = (): TopicSatisfaction => {
    let sum = 0;
    let n = 0;
    const byTopic = new Map<string, number>();
    for (const [topic, s] of sums) {
      byTopic.set(topic, s.sum / s.n);
      sum += s.sum;
      n += s.n;
    }
    return { overall: n > 0 ? sum / n : null, byTopic };
  };
  const note = (topic: string, value: number, points: number[]) => {
    const min = points[0] as number;
    const max = points[points.length - 1] as number;
    const s = sums.get(topic) ?? { sum: 0, n: 0 };
    s.sum += (value - min) / (max - min);
    s.n += 1;
    sums.set(topic, s);
  };
  // survey-core looks a variable up by scanning every key of the values it is given; handing each condition
  // only the keys it reads makes answering several times faster on a long questionnaire.
  const lowerKeys = new Map<string, string>();
  const visible = (q: QuestionGen) =>
    !q.hidden &&
    q.conditions.every((c) => {
      const scoped: Record<string, unknown> = {};
      for (const read of c.reads) {
        const key = lowerKeys.get(read);
        if (key !== undefined) scoped[key] = values[key];
      }
      return c.runner.runValues(scoped, plan.properties) === true;
    });
  const set = (key: string, value: unknown) => {
    values[key] = value;
    lowerKeys.set(key.toLowerCase(), key);
  };

  for (const q of plan.questions) {
    if (q.kind === "none" || !visible(q)) continue;
    const required = q.requiredIf ? q.requiredIf.runValues(values, plan.properties) === true : q.isRequired;
    const value = answerOne(q, required, rng, profile, satisfaction, note);
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    set(q.name, value);
    if (q.otherKey && value === q.otherValue) set(q.otherKey, profile.otherText());
  }
  for (const q of plan.questions) {
    if (q.kind === "none" || !(q.name in values) || visible(q)) continue;
    delete values[q.name];
    lowerKeys.delete(q.name.toLowerCase());
    if (q.otherKey) {
      delete values[q.otherKey];
      lowerKeys.delete(q.otherKey.toLowerCase());
    }
  }
  return values;
}

function answerOne(
  q: QuestionGen,
  required: boolean,
  rng: Rng,
  profile: RespondentProfile,
  satisfaction: () => TopicSatisfaction,
  note: (topic: string, value: number, points: number[]) => void,
): unknown {
  switch (q.kind) {
    case "scale":
    case "rating": {
      if (!required && rng.chance(SKIP_OPTIONAL_SCALE)) return undefined;
      const value = drawScale(q, rng, profile.target(q.topic, q.name));
      if (q.topic) note(q.topic, value, q.points);
      return value;
    }
    case "enps": {
      const min = q.points[0] as number;
      const max = q.points[q.points.length - 1] as number;
      const position = Math.min(1, Math.max(0, profile.recommend(satisfaction())));
      return q.sampler?.draw(rng, min + (max - min) * position);
    }
    case "matrix": {
      if (!required && rng.chance(SKIP_MATRIX)) return undefined;
      const out: Record<string, unknown> = {};
      for (const row of q.rows) {
        if (!q.allRowsRequired && rng.chance(SKIP_MATRIX_ROW)) continue;
        if (q.sampler) {
          const value = drawScale(q, rng, profile.target(q.topic, `${q.name}.${row}`));
          if (q.topic) note(q.topic, value, q.points);
          out[row] = value;
        } else out[row] = rng.pick(q.choices);
      }
      if (Object.keys(out).length === 0) {
        if (!required) return undefined;
        const row = rng.pick(q.rows);
        out[row] = q.sampler
          ? drawScale(q, rng, profile.target(q.topic, `${q.name}.${row}`))
          : rng.pick(q.choices);
      }
      return out;
    }
    case "single": {
      if (!required && !rng.chance(ANSWER_OPTIONAL_CHOICE)) return undefined;
      if (q.otherValue !== null && rng.chance(PICK_OTHER)) return q.otherValue;
      return rng.pick(q.choices);
    }
    case "multiple": {
      if (!required && !rng.chance(ANSWER_OPTIONAL_CHOICE)) return undefined;
      const most = Math.min(q.choices.length, q.maxSelected > 0 ? q.maxSelected : 3);
      const count = Math.max(q.minSelected, 1, rng.int(1, Math.max(1, most)));
      return shuffled(rng, q.choices).slice(0, count);
    }
    case "ranking":
      if (!required && !rng.chance(ANSWER_OPTIONAL_CHOICE)) return undefined;
      return shuffled(rng, q.choices);
    case "boolean":
      if (!required && !rng.chance(ANSWER_OPTIONAL_CHOICE)) return undefined;
      return rng.chance(0.6) ? q.valueTrue : q.valueFalse;
    case "demand": {
      const text = profile.demand(q.name, satisfaction());
      return text === null && required ? "无" : clip(text, q.maxLength);
    }
    case "comment":
    case "text": {
      if (q.numericRange) {
        if (!required && !rng.chance(0.3)) return undefined;
        return rng.int(Math.ceil(q.numericRange[0]), Math.floor(q.numericRange[1]));
      }
      const text = profile.remark(q.aboutTopic);
      return text === null && required ? "无" : clip(text, q.maxLength);
    }
    case "unsupported":
      if (required) {
        throw new Error(
          `demo: cannot answer required question "${q.name}" of type ${q.type}; teach server/demo/answerSurvey.ts`,
        );
      }
      return undefined;
    default:
      return undefined;
  }
}

function drawScale(q: QuestionGen, rng: Rng, target: number): number {
  const min = q.points[0] as number;
  const max = q.points[q.points.length - 1] as number;
  const sampler = q.sampler as ScaleSampler;
  // Targets are stated on 1–5; other ranges get the same relative position.
  return sampler.draw(rng, min + ((target - 1) / 4) * (max - min));
}

function clip(text: string | null, maxLength: number): string | undefined {
  if (text === null) return undefined;
  return maxLength > 0 ? text.slice(0, maxLength) : text;
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
