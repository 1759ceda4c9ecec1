import { describe, expect, it } from "vitest";
import { canonicalHash, canonicalJson } from "../../server/catalogue/canonicalJson";
import { deriveSurveyItems } from "../../server/catalogue/surveyItems";
import type { SurveyDefinition, SurveyItem } from "../../server/catalogue/types";

const t = (en: string, zh: string) => ({ default: en, "zh-cn": zh });
const unscaled = { scaleMin: null, scaleMax: null, favourableMin: null, unfavourableMax: null };

const cases: { name: string; definition: SurveyDefinition; items: SurveyItem[] }[] = [
  {
    name: "a 1..5 rating with bilingual title",
    definition: {
      elements: [
        {
          type: "rating",
          name: "food",
          topic: "canteen",
          rateMin: 1,
          rateMax: 5,
          title: t("Food quality", "饭菜质量"),
        },
      ],
    },
    items: [
      {
        itemId: "food",
        questionName: "food",
        kind: "scale",
        topic: "canteen",
        scaleMin: 1,
        scaleMax: 5,
        favourableMin: 4,
        unfavourableMax: 2,
        titleZh: "饭菜质量",
        titleEn: "Food quality",
        sort: 0,
      },
    ],
  },
  {
    name: "rateValues, an untitled question and a plain title",
    definition: {
      pages: [
        { elements: [{ type: "rating", name: "r", topic: "pay", rateValues: [0, 25, 50, 100] }] },
        {
          elements: [
            { type: "rating", name: "small", topic: "pay", rateCount: 3, rateMax: 3, title: "Plain" },
          ],
        },
      ],
    },
    items: [
      {
        itemId: "r",
        questionName: "r",
        kind: "scale",
        topic: "pay",
        scaleMin: 0,
        scaleMax: 100,
        favourableMin: 50,
        unfavourableMax: 25,
        titleZh: "r",
        titleEn: "r",
        sort: 0,
      },
      {
        // Three points leave no room for two on each side: the ends alone are favourable / unfavourable.
        itemId: "small",
        questionName: "small",
        kind: "scale",
        topic: "pay",
        scaleMin: 1,
        scaleMax: 3,
        favourableMin: 3,
        unfavourableMax: 1,
        titleZh: "Plain",
        titleEn: "Plain",
        sort: 1,
      },
    ],
  },
  {
    name: "matrix rows inherit the matrix topic and overrides; radiogroup scale",
    definition: {
      elements: [
        {
          type: "matrix",
          name: "office",
          topic: "office_style",
          favourableMin: 5,
          title: t("Service attitude", "服务态度"),
          columns: [1, 2, 3, 4, 5],
          rows: [{ value: "hr_dept", text: t("Human Resources", "人力资源科") }, "finance_dept"],
        },
        {
          type: "radiogroup",
          name: "g",
          topic: "pay",
          unfavourableMax: 1,
          choices: [1, 2, 3, 4, 5, 6, 7],
        },
        { type: "rating", name: "untagged" },
      ],
    },
    items: [
      {
        itemId: "office.hr_dept",
        questionName: "office",
        kind: "scale",
        topic: "office_style",
        scaleMin: 1,
        scaleMax: 5,
        favourableMin: 5,
        unfavourableMax: 2,
        titleZh: "服务态度 — 人力资源科",
        titleEn: "Service attitude — Human Resources",
        sort: 0,
      },
      {
        itemId: "office.finance_dept",
        questionName: "office",
        kind: "scale",
        topic: "office_style",
        scaleMin: 1,
        scaleMax: 5,
        favourableMin: 5,
        unfavourableMax: 2,
        titleZh: "服务态度 — finance_dept",
        titleEn: "Service attitude — finance_dept",
        sort: 1,
      },
      {
        itemId: "g",
        questionName: "g",
        kind: "scale",
        topic: "pay",
        scaleMin: 1,
        scaleMax: 7,
        favourableMin: 6,
        unfavourableMax: 1,
        titleZh: "g",
        titleEn: "g",
        sort: 2,
      },
    ],
  },
  {
    name: "the eNPS item and demand questions; other questions are not items",
    definition: {
      elements: [
        { type: "text", name: "age" },
        {
          type: "rating",
          name: "enps",
          enps: true,
          rateMin: 0,
          rateMax: 10,
          title: t("Recommend?", "推荐吗?"),
        },
        { type: "comment", name: "demands", demand: true, title: t("Demands", "诉求") },
        { type: "text", name: "idea", demand: true },
        { type: "comment", name: "other" },
        { type: "paneldynamic", name: "pd", templateElements: [{ type: "rating", name: "inner" }] },
      ],
    },
    items: [
      {
        itemId: "enps",
        questionName: "enps",
        kind: "enps",
        topic: null,
        scaleMin: 0,
        scaleMax: 10,
        favourableMin: 9,
        unfavourableMax: 6,
        titleZh: "推荐吗?",
        titleEn: "Recommend?",
        sort: 0,
      },
      {
        itemId: "demands",
        questionName: "demands",
        kind: "demand",
        topic: null,
        ...unscaled,
        titleZh: "诉求",
        titleEn: "Demands",
        sort: 1,
      },
      {
        itemId: "idea",
        questionName: "idea",
        kind: "demand",
        topic: null,
        ...unscaled,
        titleZh: "idea",
        titleEn: "idea",
        sort: 2,
      },
    ],
  },
  {
    name: "a title in one language serves both",
    definition: {
      elements: [
        { type: "rating", name: "q", topic: "safety", title: { "zh-cn": "安全" }, rateMin: 0, rateMax: 10 },
      ],
    },
    items: [
      {
        itemId: "q",
        questionName: "q",
        kind: "scale",
        topic: "safety",
        scaleMin: 0,
        scaleMax: 10,
        favourableMin: 9,
        unfavourableMax: 1,
        titleZh: "安全",
        titleEn: "安全",
        sort: 0,
      },
    ],
  },
];

describe("deriveSurveyItems", () => {
  it.each(cases)("$name", ({ definition, items }) => {
    expect(deriveSurveyItems(definition)).toEqual(items);
  });
});

describe("canonicalJson", () => {
  it.each([
    { value: { b: 1, a: [3, { d: null, c: "x" }] }, text: '{"a":[3,{"c":"x","d":null}],"b":1}' },
    { value: { 10: "ten", 2: "two", a: undefined }, text: '{"10":"ten","2":"two"}' },
    { value: [undefined, "é", 1.5], text: '[null,"é",1.5]' },
    { value: "plain", text: '"plain"' },
  ])("$text", ({ value, text }) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it("ignores key order in the hash but not array order", () => {
    expect(canonicalHash({ a: 1, b: [1, 2] })).toBe(canonicalHash({ b: [1, 2], a: 1 }));
    expect(canonicalHash({ a: 1, b: [1, 2] })).not.toBe(canonicalHash({ a: 1, b: [2, 1] }));
    expect(canonicalHash({})).toBe("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  });

  it("refuses what is not JSON", () => {
    expect(() => canonicalJson(undefined)).toThrow("canonicalJson: undefined is not a JSON value");
    expect(() => canonicalJson({ n: 1n })).toThrow("canonicalJson: a BigInt is not a JSON value");
  });
});
