// Derives the analysable items of a survey: scale questions, scale-matrix rows, the eNPS item, demand questions.
// It assumes a definition checkSurveyDefinition passed; questions that are not usable items are skipped, not reported.
import type { Model } from "survey-core";
import {
  bilingual,
  customProperties,
  defaultThresholds,
  loadSurveyModel,
  matrixRows,
  questionTitle,
  scaleOf,
  surveyQuestions,
} from "./surveyModel";
import type { SurveyDefinition, SurveyItem } from "./types";

// Fixed by the eNPS definition (DESIGN.md): promoters answer 9–10, detractors 0–6.
const ENPS = { scaleMin: 0, scaleMax: 10, favourableMin: 9, unfavourableMax: 6 } as const;

export function deriveSurveyItems(definition: SurveyDefinition): SurveyItem[] {
  return deriveItemsFromModel(loadSurveyModel(definition));
}

export function deriveItemsFromModel(model: Model): SurveyItem[] {
  const items: SurveyItem[] = [];
  const push = (item: Omit<SurveyItem, "sort">) => items.push({ ...item, sort: items.length });
  const none = { scaleMin: null, scaleMax: null, favourableMin: null, unfavourableMax: null };

  for (const { question, templateOf } of surveyQuestions(model)) {
    if (templateOf !== null) continue;
    const props = customProperties(question);
    const name = question.name;
    const title = questionTitle(question);
    if (props.enps) {
      push({
        itemId: name,
        questionName: name,
        kind: "enps",
        topic: null,
        ...ENPS,
        titleZh: title.zh,
        titleEn: title.en,
      });
      continue;
    }
    if (props.demand) {
      push({
        itemId: name,
        questionName: name,
        kind: "demand",
        topic: null,
        ...none,
        titleZh: title.zh,
        titleEn: title.en,
      });
      continue;
    }
    if (typeof props.topic !== "string") continue;
    const scale = scaleOf(question);
    if (!scale?.ok) continue;

    const defaults = defaultThresholds(scale.points);
    const scaleFields = {
      scaleMin: scale.points[0] as number,
      scaleMax: scale.points[scale.points.length - 1] as number,
      favourableMin: finiteOr(props.favourableMin, defaults.favourableMin),
      unfavourableMax: finiteOr(props.unfavourableMax, defaults.unfavourableMax),
    };
    const base = { questionName: name, kind: "scale" as const, topic: props.topic, ...scaleFields };
    if (question.getType() !== "matrix") {
      push({ itemId: name, ...base, titleZh: title.zh, titleEn: title.en });
      continue;
    }
    for (const row of matrixRows(question)) {
      const rowValue = String(row.value);
      const rowText = bilingual(row.locText, rowValue);
      push({
        itemId: `${name}.${rowValue}`,
        ...base,
        titleZh: `${title.zh} — ${rowText.zh}`,
        titleEn: `${title.en} — ${rowText.en}`,
      });
    }
  }
  return items;
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
