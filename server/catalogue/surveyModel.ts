// Loads a definition into survey-core and reads what minyi needs from it: questions, scales, custom properties, titles.
// It judges nothing (checkSurvey does) and writes nothing; both the checker and the item deriver build on it.
import {
  type ItemValue,
  type LocalizableString,
  Model,
  type Question,
  type QuestionMatrixModel,
  type QuestionPanelDynamicModel,
  type QuestionRatingModel,
  type QuestionSelectBase,
} from "survey-core";
import { registerCustomProperties } from "./customProperties";

/**
 * Loads with the custom properties registered, so topic/enps/demand are read rather than dropped as unknown. A copy:
 * survey-core writes into the JSON it loads (e.g. `cellType` on matrix columns), and the caller stores it as sent.
 */
export function loadSurveyModel(definition: Record<string, unknown>): Model {
  registerCustomProperties();
  return new Model(structuredClone(definition));
}

/**
 * Questions in survey order (pages, panels). Questions of a dynamic panel's template follow their panel with
 * `templateOf` set: their answers repeat per panel inside the panel's value, so they are a separate name scope
 * and cannot be analysed items. Matrix columns and multiple-text items are not questions here.
 */
export function surveyQuestions(model: Model): { question: Question; templateOf: string | null }[] {
  const found: { question: Question; templateOf: string | null }[] = [];
  const visit = (questions: Question[], templateOf: string | null) => {
    for (const question of questions) {
      found.push({ question, templateOf });
      if (question.getType() === "paneldynamic") {
        visit((question as QuestionPanelDynamicModel).template.questions, question.name);
      }
    }
  };
  visit(model.getAllQuestions(false, false, false), null);
  return found;
}

/** The custom properties as survey-core loaded them (unset ones are undefined). */
export function customProperties(question: Question): {
  topic: unknown;
  enps: boolean;
  demand: boolean;
  favourableMin: unknown;
  unfavourableMax: unknown;
} {
  const topic = question.getPropertyValue("topic");
  return {
    topic: topic === "" || topic === null ? undefined : topic,
    enps: question.getPropertyValue("enps") === true,
    demand: question.getPropertyValue("demand") === true,
    favourableMin: emptyToUndefined(question.getPropertyValue("favourableMin")),
    unfavourableMax: emptyToUndefined(question.getPropertyValue("unfavourableMax")),
  };
}

function emptyToUndefined(value: unknown): unknown {
  return value === "" || value === null ? undefined : value;
}

/** The distinct numeric points of a scale, ascending, or why the question is not a usable scale. */
export type ScaleResult = { ok: true; points: number[] } | { ok: false; reason: string };

export const SCALE_TYPES = ["rating", "matrix", "radiogroup", "dropdown"] as const;

/** null when the question type can never be a scale; otherwise its points or what is wrong with them. */
export function scaleOf(question: Question): ScaleResult | null {
  switch (question.getType()) {
    case "rating": {
      const rating = question as QuestionRatingModel;
      // survey-core silently shows no points for an inverted generated range; say which numbers to swap.
      if (rating.rateValues.length === 0 && rating.rateMin >= rating.rateMax) {
        return {
          ok: false,
          reason: `rateMin (${rating.rateMin}) must be less than rateMax (${rating.rateMax})`,
        };
      }
      return pointsOf(
        rating.visibleRateValues.map((item) => item.value),
        "rating values",
      );
    }
    case "matrix": {
      const matrix = question as QuestionMatrixModel;
      if (matrix.isMultiSelect) {
        return {
          ok: false,
          reason: `a matrix with cellType "${matrix.cellType}" is multiple-choice, not a scale`,
        };
      }
      return pointsOf(
        matrix.columns.map((column: ItemValue) => column.value),
        "column values",
      );
    }
    case "radiogroup":
    case "dropdown":
      return pointsOf(
        (question as QuestionSelectBase).choices.map((choice: ItemValue) => choice.value),
        "choice values",
      );
    default:
      return null;
  }
}

function pointsOf(values: unknown[], what: string): ScaleResult {
  const bad = values.find((value) => typeof value !== "number" || !Number.isFinite(value));
  if (bad !== undefined) {
    return { ok: false, reason: `${what} must be numbers to form a scale (found ${JSON.stringify(bad)})` };
  }
  const points = [...new Set(values as number[])].sort((a, b) => a - b);
  if (points.length < 2) {
    return { ok: false, reason: `a scale needs at least 2 points; this one has ${points.length}` };
  }
  return { ok: true, points };
}

/**
 * Default thresholds: the top two and bottom two points. A scale of 2 or 3 points has no room for two on
 * each side without the sides meeting, so there it is the single end point.
 */
export function defaultThresholds(points: readonly number[]): {
  favourableMin: number;
  unfavourableMax: number;
} {
  const span = points.length >= 4 ? 2 : 1;
  return {
    favourableMin: points[points.length - span] as number,
    unfavourableMax: points[span - 1] as number,
  };
}

/** Rows of a single-choice matrix; each becomes the item `matrixName.rowValue`. */
export function matrixRows(question: Question): ItemValue[] {
  return (question as QuestionMatrixModel).rows as ItemValue[];
}

/** Chinese and English text of a localisable string; a missing language falls back to the other, then to `fallback`. */
export function bilingual(text: LocalizableString, fallback: string): { zh: string; en: string } {
  const en = text.getLocaleText("default") || text.getLocaleText("en");
  const zh = text.getLocaleText("zh-cn");
  return { zh: zh || en || fallback, en: en || zh || fallback };
}

/** A question's title in both languages; survey-core's own fallback to the name applies when it has none. */
export function questionTitle(question: Question): { zh: string; en: string } {
  return bilingual(question.locTitle, question.name);
}
