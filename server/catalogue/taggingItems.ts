// What the topic-tagging screen shows for one survey version: every question and matrix row in survey order with
// its tags, scale and thresholds, and which tags it could carry (and why not). Reads only; checkSurvey judges edits.
import type { Model, PageModel, Question } from "survey-core";
import { ApiError } from "../errors";
import { type Database, queryRows } from "../storage/database";
import { wavesUsingVersion } from "./listSurveys";
import { getSurveyVersion } from "./registerSurvey";
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

/** Why a tag cannot go on an item; the UI words each one. */
export const cannotReasons = [
  "in_dynamic_panel",
  "value_name",
  "not_a_scale",
  "scale_unusable",
  "not_rating_0_10",
  "not_text",
  "matrix_row",
  "matrix_no_rows",
  "shared_name",
] as const;
export type CannotReason = (typeof cannotReasons)[number];

type Texts = { default: string; "zh-cn": string };

export interface TaggingItem {
  /** The question's SurveyJS name: what a tagging change names (a matrix row names its matrix). */
  name: string;
  /** The item id analytics uses: the name, or `matrix.rowValue` for a matrix row. */
  itemId: string;
  /** The row value for a matrix row; null for a question. */
  row: string | null;
  page: { name: string; title: Texts };
  title: Texts;
  type: string;
  topic: string | null;
  scale: [number, number] | null;
  /** The thresholds in force: the question's own, or the default top two / bottom two points. */
  favourableMin: number | null;
  unfavourableMax: number | null;
  /** Only what the definition itself sets; null means the default applies. */
  ownFavourableMin: number | null;
  ownUnfavourableMax: number | null;
  /** The default top two / bottom two points, shown where no own threshold is set. */
  defaultFavourableMin: number | null;
  defaultUnfavourableMax: number | null;
  enps: boolean;
  demand: boolean;
  /** For each tag, null when this item can carry it, else why not. */
  cannot: { topic: CannotReason | null; enps: CannotReason | null; demand: CannotReason | null };
}

export interface TaggingView {
  id: string;
  /** The version's title as written (plain or localised); the id when it has none. */
  title: string | Record<string, string>;
  version: number;
  latestVersion: number;
  usedByWaves: string[];
  items: TaggingItem[];
  topics: { id: string; name: Texts }[];
}

export async function taggingView(db: Database, id: string, version: number): Promise<TaggingView> {
  const survey = await getSurveyVersion(db, id, version);
  if (!survey)
    throw new ApiError(404, "survey_not_found", `Survey "${id}" has no version ${version}.`, "version");
  const latest = await getSurveyVersion(db, id);
  const items = taggingItems(loadSurveyModel(survey.definition));
  // A retired topic may not go on new questions; one this version already carries stays offered so it can be kept.
  const carried = [...new Set(items.map((i) => i.topic).filter((t): t is string => typeof t === "string"))];
  const topics = await queryRows<{ id: string; name_zh: string; name_en: string }>(
    db.read,
    "SELECT id, name_zh, name_en FROM topics WHERE retired_at IS NULL OR list_contains(from_json($1, '[\"VARCHAR\"]'), id) ORDER BY sort",
    [JSON.stringify(carried)],
  );
  return {
    id,
    title: titleOf(survey.definition.title, id),
    version,
    latestVersion: latest?.version ?? version,
    usedByWaves: await wavesUsingVersion(db, id, version),
    items,
    topics: topics.map((t) => ({ id: t.id, name: { default: t.name_en, "zh-cn": t.name_zh } })),
  };
}

// Elements that hold no answer: nothing to tag.
const DISPLAY_ONLY = new Set(["html", "image"]);

export function taggingItems(model: Model): TaggingItem[] {
  const items: TaggingItem[] = [];
  const questions = surveyQuestions(model).filter(({ question }) => !DISPLAY_ONLY.has(question.getType()));
  // Questions may share a name to share one answer, but an analysed item's name is its id: it must be unique.
  const uses = new Map<string, number>();
  for (const { question, templateOf } of questions) {
    const key = `${templateOf ?? ""}\u0000${question.name}`;
    uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  for (const { question, templateOf } of questions) {
    const shared = (uses.get(`${templateOf ?? ""}\u0000${question.name}`) ?? 0) > 1;
    const props = customProperties(question);
    const scale = scaleOf(question);
    const points = scale?.ok ? scale.points : null;
    const topic = typeof props.topic === "string" ? props.topic : null;
    const own = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
    const ownFavourableMin = own(props.favourableMin);
    const ownUnfavourableMax = own(props.unfavourableMax);
    const defaults = points ? defaultThresholds(points) : null;
    const item: TaggingItem = {
      name: question.name,
      itemId: question.name,
      row: null,
      page: pageOf(model, question, templateOf),
      title: texts(questionTitle(question)),
      type: question.getType(),
      topic,
      scale: points ? [points[0] as number, points[points.length - 1] as number] : null,
      favourableMin: points ? (ownFavourableMin ?? defaults?.favourableMin ?? null) : null,
      unfavourableMax: points ? (ownUnfavourableMax ?? defaults?.unfavourableMax ?? null) : null,
      ownFavourableMin,
      ownUnfavourableMax,
      defaultFavourableMin: defaults?.favourableMin ?? null,
      defaultUnfavourableMax: defaults?.unfavourableMax ?? null,
      enps: props.enps,
      demand: props.demand,
      cannot: shared
        ? { topic: "shared_name", enps: "shared_name", demand: "shared_name" }
        : cannotOf(question, templateOf, points),
    };
    items.push(item);
    if (question.getType() !== "matrix" || !points) continue;
    for (const row of matrixRows(question)) {
      const value = String(row.value);
      const rowText = bilingual(row.locText, value);
      items.push({
        ...item,
        itemId: `${question.name}.${value}`,
        row: value,
        title: { default: rowText.en, "zh-cn": rowText.zh },
        cannot: { topic: "matrix_row", enps: "matrix_row", demand: "matrix_row" },
      });
    }
  }
  return items;
}

/** The same rules checkSurvey applies, said before the admin tries rather than after. */
function cannotOf(
  question: Question,
  templateOf: string | null,
  points: number[] | null,
): TaggingItem["cannot"] {
  if (templateOf !== null) {
    return { topic: "in_dynamic_panel", enps: "in_dynamic_panel", demand: "in_dynamic_panel" };
  }
  if (question.valueName && question.valueName !== question.name) {
    return { topic: "value_name", enps: "value_name", demand: "value_name" };
  }
  const type = question.getType();
  const scale = scaleOf(question);
  const isZeroToTen =
    type === "rating" && points?.length === 11 && points.every((point, index) => point === index);
  const noRows = type === "matrix" && matrixRows(question).length === 0;
  return {
    topic:
      scale === null ? "not_a_scale" : points === null ? "scale_unusable" : noRows ? "matrix_no_rows" : null,
    enps: isZeroToTen ? null : "not_rating_0_10",
    demand: type === "comment" || type === "text" ? null : "not_text",
  };
}

function pageOf(model: Model, question: Question, templateOf: string | null): TaggingItem["page"] {
  // A dynamic panel's template questions sit on no page themselves; their panel does.
  const owner = templateOf === null ? question : model.getQuestionByName(templateOf);
  const page = owner?.page as PageModel | undefined;
  if (!page) return { name: "", title: { default: "", "zh-cn": "" } };
  return { name: page.name, title: texts(bilingual(page.locTitle, page.name)) };
}

function titleOf(title: unknown, fallback: string): string | Record<string, string> {
  if (typeof title === "string" && title.trim()) return title;
  if (title && typeof title === "object" && !Array.isArray(title)) {
    const entries = Object.entries(title).filter((e): e is [string, string] => typeof e[1] === "string");
    if (entries.length > 0) return Object.fromEntries(entries);
  }
  return fallback;
}

function texts(text: { zh: string; en: string }): Texts {
  return { default: text.en, "zh-cn": text.zh };
}
