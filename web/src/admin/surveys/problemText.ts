// An upload's or a tagging save's refusal in the user's language: a sentence naming the question, then the
// checker's own detail. In Chinese the checker's known sentences are translated; an unknown one stays as written.
import type { ApiErrorInfo } from "../../api";
import type { Lang } from "../../i18n";
import { staffMessages } from "../../staff/messages";
import { errorText } from "../../staff/useStaffText";
import { type SurveysMessages, surveysMessages } from "./messages";

const thresholdZh: Record<string, string> = { favourableMin: "满意下限", unfavourableMax: "不满意上限" };
const tagZh: Record<string, string> = { ...thresholdZh, topic: "主题", enps: "eNPS", demand: "诉求" };

// The sentences server/catalogue/checkSurvey.ts writes (tests/unit/survey-problem-text.test.ts keeps them in step).
const zhSentences: [RegExp, (...groups: string[]) => string][] = [
  [
    /topic needs a numeric scale question \([^)]*\); this one is a (\w+)/g,
    (type) => `主题只能设在数值量表题（评分、矩阵、单选、下拉）上，此题是 ${type}`,
  ],
  [
    /topic "([^"]*)" is not in the topic catalogue \(topics\.json\)/g,
    (topic) => `主题“${topic}”不在主题目录中`,
  ],
  [
    /(favourableMin|unfavourableMax) \((-?[\d.]+)\) is outside the scale (-?[\d.]+)–(-?[\d.]+)/g,
    (name, value, min, max) => `${thresholdZh[name]}（${value}）超出量表范围 ${min}–${max}`,
  ],
  [
    /favourableMin \((-?[\d.]+)\) must be greater than unfavourableMax \((-?[\d.]+)\)/g,
    (fav, unfav) => `满意下限（${fav}）必须大于不满意上限（${unfav}）`,
  ],
  [/(favourableMin|unfavourableMax) must be a number/g, (name) => `${thresholdZh[name]}必须是数字`],
  [
    /(favourableMin|unfavourableMax) applies only to a question with a topic/g,
    (name) => `${thresholdZh[name]}只适用于设了主题的题目`,
  ],
  [
    /enps needs a rating question from 0 to 10 \(rateMin 0, rateMax 10\); this one is a (\w+)/g,
    (type) => `eNPS 需要 0–10 分的评分题，此题是 ${type}`,
  ],
  [
    /enps needs a rating question from 0 to 10 \(rateMin 0, rateMax 10\); this one has the points ([\d., -]+\d)/g,
    (points) => `eNPS 需要 0–10 分的评分题，此题的分值是 ${points}`,
  ],
  [
    /only one question may have enps; "([^"]*)" already has it/g,
    (name) => `只能有一道题标为 eNPS，“${name}”已标记`,
  ],
  [
    /demand needs a comment or text question; this one is a (\w+)/g,
    (type) => `诉求只能设在文本题上，此题是 ${type}`,
  ],
  [/a question cannot have both topic and demand/g, () => "一道题不能同时设主题和诉求"],
  [
    /a question cannot have both topic and enps; the eNPS item has no topic/g,
    () => "一道题不能同时设主题和 eNPS（eNPS 题没有主题）",
  ],
  [
    /topic, enps and demand cannot be used inside dynamic panel "([^"]*)"; move the question out of the panel/g,
    (panel) => `动态面板“${panel}”内的题目不能设主题、eNPS 或诉求，请把题目移出面板`,
  ],
  [
    /the name "([^"]*)" is used by another question too; a question with topic, enps or demand needs a unique name/g,
    (name) => `名称“${name}”被多道题使用；设了主题、eNPS 或诉求的题目名称必须唯一`,
  ],
  [
    /(topic|enps|demand|favourableMin|unfavourableMax) can be set only on a question, not on a (\w+)/g,
    (tag, cls) => `${tagZh[tag]}只能设在题目上，不能设在 ${cls} 上`,
  ],
  [/survey-core does not know the element type ("[^"]*")/g, (type) => `SurveyJS 不认识题型 ${type}`],
  [/an element has no "type"/g, () => "有一个元素缺少 type"],
  [/survey-core cannot load the definition: /g, () => "SurveyJS 无法读取该问卷："],
  [/the survey has no questions/g, () => "问卷中没有题目"],
  [/the survey definition must be a JSON object/g, () => "问卷定义必须是 JSON 对象"],
  [/Version (\d+) has no question named "([^"]*)"\./g, (v, name) => `第 ${v} 版中没有名为“${name}”的题目。`],
  [
    / A matrix row takes its topic from its matrix: change "([^"]*)" instead\./g,
    (matrix) => `矩阵的行沿用矩阵的主题，请修改矩阵“${matrix}”。`,
  ],
];

/** The checker's detail in `lang`; English is the server's own text. */
export function problemDetail(message: string, lang: Lang): string {
  if (lang === "en") return message;
  return zhSentences.reduce(
    (text, [pattern, zh]) =>
      text.replace(pattern, (_match, ...groups: unknown[]) => zh(...(groups as string[]))),
    message,
  );
}

/** A refusal as a heading sentence and, for a refused definition, the checker's detail below it. */
export function refusalText(error: ApiErrorInfo, lang: Lang): { text: string; detail?: string } {
  const t: SurveysMessages = surveysMessages[lang];
  if (error.code === "invalid_survey" || error.code === "unknown_question") {
    const question = error.code === "invalid_survey" ? error.path : undefined;
    return {
      text: question ? t.refusedAt(question) : t.refused,
      detail: problemDetail(error.message, lang),
    };
  }
  if (error.code === "payload_too_large") return { text: t.tooLarge };
  if (error.code === "invalid_request" && error.path === "id") return { text: t.idRule };
  const own = t.errors[error.code];
  if (own) return { text: own };
  return { text: errorText(staffMessages[lang], error) };
}
