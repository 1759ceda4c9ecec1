// Checks a survey definition: survey-core must load it, and minyi's custom properties must make sense.
// It reads no files and touches no database; unknown plain properties are fine (designer JSON carries extras).
import type { JsonError, JsonRequiredPropertyError, JsonUnknownPropertyError, Question } from "survey-core";
import { deriveItemsFromModel } from "./surveyItems";
import {
  customProperties,
  defaultThresholds,
  loadSurveyModel,
  matrixRows,
  SCALE_TYPES,
  scaleOf,
  surveyQuestions,
} from "./surveyModel";
import type { SurveyProblem } from "./types";

const CUSTOM_PROPERTIES = new Set(["topic", "enps", "demand", "favourableMin", "unfavourableMax"]);
// Elements that never hold an answer, so sharing a name with them loses nothing.
const DISPLAY_ONLY = new Set(["html", "image"]);

/** Topic ids a definition may use, or `live` and `retired` ones (a retired topic gets its own message). */
export type TopicCatalogue =
  | ReadonlySet<string>
  | { live: ReadonlySet<string>; retired: ReadonlySet<string> };

export function checkSurveyDefinition(definition: unknown, catalogue: TopicCatalogue): SurveyProblem[] {
  const topics =
    "live" in catalogue ? catalogue : { live: catalogue, retired: new Set<string>() as ReadonlySet<string> };
  if (typeof definition !== "object" || definition === null || Array.isArray(definition)) {
    return [{ path: "", message: "the survey definition must be a JSON object" }];
  }
  let model: ReturnType<typeof loadSurveyModel>;
  try {
    model = loadSurveyModel(definition as Record<string, unknown>);
  } catch (error) {
    return [{ path: "", message: `survey-core cannot load the definition: ${(error as Error).message}` }];
  }

  const problems: SurveyProblem[] = model.jsonErrors?.flatMap(jsonErrorProblem) ?? [];
  const questions = surveyQuestions(model);
  if (questions.length === 0) problems.push({ path: "", message: "the survey has no questions" });

  // Name scopes: the survey itself, and each dynamic panel's template (its answers live inside the panel's value).
  const scopes = new Map<string, Question[]>();
  let firstEnps: string | null = null;
  for (const { question, templateOf } of questions) {
    const scopeKey = templateOf ?? "";
    const scope = scopes.get(scopeKey) ?? [];
    scopes.set(scopeKey, scope);
    const duplicate = duplicateNameProblem(question, scope);
    if (duplicate) problems.push(duplicate);
    scope.push(question);

    const props = customProperties(question);
    const path = question.name;
    const add = (message: string) => problems.push({ path, message });
    const analysed = props.topic !== undefined || props.enps || props.demand;

    if (analysed && templateOf !== null) {
      add(
        `topic, enps and demand cannot be used inside dynamic panel "${templateOf}"; move the question out of the panel`,
      );
      continue;
    }
    if (analysed && question.valueName && question.valueName !== question.name) {
      add(
        `valueName "${question.valueName}" is not supported with topic, enps or demand: answers are read by name`,
      );
    }
    problems.push(...topicProblems(question, props, topics).map((message) => ({ path, message })));
    if (props.topic === undefined && question.getType() === "rating") {
      const scale = scaleOf(question);
      if (scale && !scale.ok && !props.enps) add(scale.reason);
    }
    if (props.enps) {
      const enpsProblem = enpsProblemOf(question);
      if (enpsProblem) add(enpsProblem);
      else if (firstEnps !== null) add(`only one question may have enps; "${firstEnps}" already has it`);
      else firstEnps = question.name;
    }
    if (props.demand) {
      if (!["comment", "text"].includes(question.getType())) {
        add(`demand needs a comment or text question; this one is a ${question.getType()}`);
      }
      if (props.topic !== undefined) add("a question cannot have both topic and demand");
    }
  }

  // Item ids are only meaningful once every question is sound; before that they would restate the same fault.
  if (problems.length === 0) problems.push(...itemIdProblems(model));
  // survey-core reports a misplaced property once per element, e.g. once per choice; once per text is enough.
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function jsonErrorProblem(error: JsonError): SurveyProblem[] {
  const json = (error.jsonObj ?? {}) as Record<string, unknown>;
  const path = typeof json.name === "string" ? json.name : "";
  switch (error.type) {
    case "unknownproperty": {
      const unknown = error as JsonUnknownPropertyError;
      // Our properties exist only on questions; on a panel, page or choice they would be dropped silently.
      if (CUSTOM_PROPERTIES.has(unknown.propertyName)) {
        return [
          {
            path,
            message: `${unknown.propertyName} can be set only on a question, not on a ${unknown.className}`,
          },
        ];
      }
      return [];
    }
    case "incorrecttypeproperty":
      return [{ path, message: `survey-core does not know the element type ${JSON.stringify(json.type)}` }];
    case "missingtypeproperty":
      return [{ path, message: 'an element has no "type"' }];
    case "requiredproperty": {
      const required = error as JsonRequiredPropertyError;
      const title = titleHint(json.title);
      return [{ path, message: `a ${required.className} element${title} has no ${required.propertyName}` }];
    }
    default:
      return [{ path, message: error.message }];
  }
}

function titleHint(title: unknown): string {
  if (typeof title === "string") return ` (title ${JSON.stringify(title)})`;
  if (title && typeof title === "object") {
    const text = Object.values(title as Record<string, unknown>).find((v) => typeof v === "string");
    if (text !== undefined) return ` (title ${JSON.stringify(text)})`;
  }
  return "";
}

/**
 * SurveyJS lets questions share a name on purpose: they then share one answer. That only works for the same
 * type, and an analysed item must be unique because its name is its item id.
 */
function duplicateNameProblem(question: Question, earlier: readonly Question[]): SurveyProblem | null {
  if (DISPLAY_ONLY.has(question.getType())) return null;
  const other = earlier.find((q) => q.name === question.name && !DISPLAY_ONLY.has(q.getType()));
  if (!other) return null;
  const path = question.name;
  if (isAnalysed(question) || isAnalysed(other)) {
    return {
      path,
      message: `the name "${path}" is used by another question too; a question with topic, enps or demand needs a unique name`,
    };
  }
  if (other.getType() !== question.getType()) {
    return {
      path,
      message: `the name "${path}" is also used by a ${other.getType()} question; questions may share a name only to share one answer, which needs the same type`,
    };
  }
  return null;
}

function isAnalysed(question: Question): boolean {
  const props = customProperties(question);
  return props.topic !== undefined || props.enps || props.demand;
}

function topicProblems(
  question: Question,
  props: ReturnType<typeof customProperties>,
  topics: { live: ReadonlySet<string>; retired: ReadonlySet<string> },
): string[] {
  const messages: string[] = [];
  const hasThreshold = props.favourableMin !== undefined || props.unfavourableMax !== undefined;
  if (props.topic === undefined) {
    for (const name of ["favourableMin", "unfavourableMax"] as const) {
      if (props[name] !== undefined) messages.push(`${name} applies only to a question with a topic`);
    }
    return messages;
  }
  if (typeof props.topic !== "string") {
    messages.push(`topic must be a string (found ${JSON.stringify(props.topic)})`);
    return messages;
  }
  if (topics.retired.has(props.topic)) {
    messages.push(
      `topic "${props.topic}" is retired; choose a live topic, or restore it under Topics & groups`,
    );
  } else if (!topics.live.has(props.topic)) {
    messages.push(`topic "${props.topic}" is not in the topic catalogue (topics.json)`);
  }
  if (props.enps) messages.push("a question cannot have both topic and enps; the eNPS item has no topic");

  const scale = scaleOf(question);
  if (scale === null) {
    messages.push(
      `topic needs a numeric scale question (${SCALE_TYPES.join(", ")}); this one is a ${question.getType()}`,
    );
    return messages;
  }
  if (!scale.ok) {
    messages.push(scale.reason);
    return messages;
  }
  if (question.getType() === "matrix" && matrixRows(question).length === 0) {
    messages.push("a matrix with a topic needs at least one row");
  }
  if (!hasThreshold) return messages;

  const min = scale.points[0] as number;
  const max = scale.points[scale.points.length - 1] as number;
  const defaults = defaultThresholds(scale.points);
  let favourableMin = defaults.favourableMin;
  let unfavourableMax = defaults.unfavourableMax;
  let inRange = true;
  for (const name of ["favourableMin", "unfavourableMax"] as const) {
    const value = props[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      // survey-core has already coerced the raw text to NaN, so there is nothing useful to quote back.
      messages.push(`${name} must be a number`);
      inRange = false;
    } else if (value < min || value > max) {
      messages.push(`${name} (${value}) is outside the scale ${min}–${max}`);
      inRange = false;
    } else if (name === "favourableMin") favourableMin = value;
    else unfavourableMax = value;
  }
  if (inRange && favourableMin <= unfavourableMax) {
    messages.push(
      `favourableMin (${favourableMin}) must be greater than unfavourableMax (${unfavourableMax})`,
    );
  }
  return messages;
}

function enpsProblemOf(question: Question): string | null {
  const wanted = "enps needs a rating question from 0 to 10 (rateMin 0, rateMax 10)";
  if (question.getType() !== "rating") return `${wanted}; this one is a ${question.getType()}`;
  const scale = scaleOf(question);
  if (!scale?.ok) return `${wanted}; ${scale?.reason}`;
  const isZeroToTen = scale.points.length === 11 && scale.points.every((point, index) => point === index);
  return isZeroToTen ? null : `${wanted}; this one has the points ${scale.points.join(", ")}`;
}

/** A matrix row `m.a` could clash with a question literally named `m.a`, or two rows could share a value. */
function itemIdProblems(model: ReturnType<typeof loadSurveyModel>): SurveyProblem[] {
  const problems: SurveyProblem[] = [];
  const seen = new Map<string, string>();
  for (const item of deriveItemsFromModel(model)) {
    const owner = seen.get(item.itemId);
    if (owner === undefined) {
      seen.set(item.itemId, item.questionName);
    } else if (owner === item.questionName) {
      const row = item.itemId.slice(item.questionName.length + 1);
      problems.push({
        path: item.questionName,
        message: `row value "${row}" is used twice; give each row a unique value`,
      });
    } else {
      problems.push({
        path: item.questionName,
        message: `item id "${item.itemId}" is also produced by question "${owner}"; rename one of them`,
      });
    }
  }
  return problems;
}
