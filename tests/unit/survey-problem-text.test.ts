// The checker's refusals in Chinese: each sentence server/catalogue/checkSurvey.ts writes about tags, run through the
// checker itself, comes out translated, so a reworded server sentence shows up here rather than as English in the UI.
import { describe, expect, it } from "vitest";
import { checkSurveyDefinition } from "../../server/catalogue/checkSurvey";
import { problemDetail, refusalText } from "../../web/src/admin/surveys/problemText";

const topics = new Set(["safety"]);
const page = (...elements: Record<string, unknown>[]) => ({ pages: [{ name: "p1", elements }] });
const rating = { type: "rating", name: "q1", rateMin: 1, rateMax: 5 };

/** The checker's message for a definition, as registerSurvey joins it into the 422. */
function refusal(definition: unknown): string {
  return checkSurveyDefinition(definition, topics)
    .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
    .join("; ");
}

const cases: [string, unknown, string][] = [
  [
    "a topic on a non-scale question",
    page({ type: "checkbox", name: "q1", choices: [1, 2], topic: "safety" }),
    "q1: 主题只能设在数值量表题（评分、矩阵、单选、下拉）上，此题是 checkbox",
  ],
  ["an unknown topic", page({ ...rating, topic: "weather" }), "q1: 主题“weather”不在主题目录中"],
  [
    "a threshold outside the scale",
    page({ ...rating, topic: "safety", unfavourableMax: 0 }),
    "q1: 不满意上限（0）超出量表范围 1–5",
  ],
  [
    "thresholds that meet",
    page({ ...rating, topic: "safety", favourableMin: 3, unfavourableMax: 3 }),
    "q1: 满意下限（3）必须大于不满意上限（3）",
  ],
  [
    "a threshold without a topic",
    page({ ...rating, favourableMin: 4 }),
    "q1: 满意下限只适用于设了主题的题目",
  ],
  [
    "eNPS on a 1–5 rating",
    page({ ...rating, enps: true }),
    "q1: eNPS 需要 0–10 分的评分题，此题的分值是 1, 2, 3, 4, 5",
  ],
  [
    "eNPS on a comment",
    page({ type: "comment", name: "q1", enps: true }),
    "q1: eNPS 需要 0–10 分的评分题，此题是 comment",
  ],
  [
    "two eNPS questions",
    page(
      { type: "rating", name: "a", rateMin: 0, rateMax: 10, enps: true },
      { type: "rating", name: "b", rateMin: 0, rateMax: 10, enps: true },
    ),
    "b: 只能有一道题标为 eNPS，“a”已标记",
  ],
  ["a demand on a rating", page({ ...rating, demand: true }), "q1: 诉求只能设在文本题上，此题是 rating"],
  [
    "a topic inside a dynamic panel",
    page({ type: "paneldynamic", name: "d", templateElements: [{ ...rating, topic: "safety" }] }),
    "q1: 动态面板“d”内的题目不能设主题、eNPS 或诉求，请把题目移出面板",
  ],
  ["a survey with no questions", page(), "问卷中没有题目"],
];

describe("problemDetail in Chinese", () => {
  it.each(cases)("translates %s", (_what, definition, zh) => {
    const message = refusal(definition);
    expect(message).not.toBe("");
    expect(problemDetail(message, "zh-cn")).toBe(zh);
  });

  it("keeps the server's sentence in English, and an unknown one as written", () => {
    expect(problemDetail("q1: something new", "zh-cn")).toBe("q1: something new");
    const message = refusal(page({ ...rating, topic: "weather" }));
    expect(problemDetail(message, "en")).toBe(message);
  });
});

describe("refusalText", () => {
  it("names the question in the heading and gives the detail below", () => {
    const error = {
      code: "invalid_survey",
      message: 'q1: topic "weather" is not in the topic catalogue (topics.json)',
      path: "q1",
    };
    expect(refusalText(error, "zh-cn")).toEqual({
      text: "问卷未通过检查（题目“q1”），未保存任何内容。",
      detail: "q1: 主题“weather”不在主题目录中",
    });
    expect(refusalText(error, "en")).toEqual({
      text: "The questionnaire was not accepted (question “q1”); nothing was stored.",
      detail: error.message,
    });
  });

  it("words the other refusals in the user's language", () => {
    const stale = { code: "stale_version", message: "Version 1 …", path: "baseVersion" };
    expect(refusalText(stale, "zh-cn").text).toBe(
      "有人在此期间保存了更新的版本。请刷新页面，在最新版本上修改。",
    );
    expect(refusalText({ code: "invalid_request", message: "…", path: "id" }, "en").text).toBe(
      "An id is letters, digits, - and _ only, starting with a letter or digit (at most 100).",
    );
    expect(refusalText({ code: "network_error", message: "TypeError" }, "zh-cn").text).toBe(
      "无法连接服务器，请检查网络。",
    );
  });
});
