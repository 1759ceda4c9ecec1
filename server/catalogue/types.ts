// Shapes shared by the survey catalogue, ingest and the demo. Texts are bilingual like SurveyJS texts.

/** A SurveyJS localisable string: plain, or {"default": "English", "zh-cn": "中文"}. */
export type LocalizedText = string | Record<string, string>;

/** A topic or group from surveys/topics.json or surveys/groups.json. */
export interface CatalogueEntry {
  id: string;
  name: { default: string; "zh-cn": string };
}

/** SurveyJS JSON as stored; survey-core decides what is valid. */
export type SurveyDefinition = Record<string, unknown>;

/** An analysable item of a survey version: a scale question, a matrix row, the eNPS item or a demand question. */
export interface SurveyItem {
  itemId: string; // SurveyJS name, or matrixName.rowValue
  questionName: string;
  kind: "scale" | "enps" | "demand";
  topic: string | null;
  scaleMin: number | null;
  scaleMax: number | null;
  favourableMin: number | null;
  unfavourableMax: number | null;
  titleZh: string;
  titleEn: string;
  sort: number;
}

/** One long-format answer row (see the answers table). */
export interface AnswerRow {
  itemId: string;
  kind: "scale" | "enps" | "number" | "choice" | "rank" | "text" | "demand" | "boolean";
  valueNum: number | null;
  valueText: string | null;
  position: number | null;
}

export interface SurveyProblem {
  path: string; // question name (or page/panel name) the problem is about
  message: string;
}
