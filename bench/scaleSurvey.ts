// A generated SurveyJS questionnaire for bench/scale.ts: 40 five-point scale items over ten topics (four each) and
// one eNPS item, bilingual like the catalogue's. It is registered through registerSurvey like any other survey.
import type { SurveyDefinition } from "../server/catalogue/types";

/** `topics`: ten topic ids of the catalogue (bench/scale.ts takes its first ten), four items each. */
export function scaleSurvey(topics: readonly string[]): SurveyDefinition {
  const pages = topics.map((topic) => ({
    name: topic,
    elements: [1, 2, 3, 4].map((k) => ({
      type: "rating",
      name: `${topic}_${k}`,
      title: { default: `${topic} item ${k}`, "zh-cn": `${topic} 第${k}题` },
      topic,
      rateMin: 1,
      rateMax: 5,
    })),
  }));
  pages.push({
    name: "overall",
    elements: [
      {
        type: "rating",
        name: "enps",
        title: {
          default: "Would you recommend the group as a place to work?",
          "zh-cn": "您是否愿意推荐到集团工作?",
        },
        enps: true,
        rateMin: 0,
        rateMax: 10,
      } as never,
    ],
  });
  return {
    title: { default: "Group pulse survey", "zh-cn": "集团员工脉搏调查" },
    pages,
  } as unknown as SurveyDefinition;
}
