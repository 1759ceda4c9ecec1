import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSurveyDefinition } from "../../server/catalogue/checkSurvey";
import { deriveSurveyItems } from "../../server/catalogue/surveyItems";
import type { CatalogueEntry, SurveyProblem } from "../../server/catalogue/types";
import { compatSurveysDir } from "../helpers/compatSurveys";

const topics = new Set(["safety", "canteen"]);
const rating = (name: string, extra: Record<string, unknown> = {}) => ({ type: "rating", name, ...extra });
const page = (...elements: unknown[]) => ({ elements });
const matrix = (name: string, extra: Record<string, unknown> = {}) => ({
  type: "matrix",
  name,
  topic: "safety",
  columns: [1, 2, 3, 4, 5],
  rows: ["a", "b"],
  ...extra,
});

const cases: { name: string; definition: unknown; problems: SurveyProblem[] }[] = [
  { name: "a valid survey", definition: page(rating("q", { topic: "safety" })), problems: [] },
  {
    name: "an array",
    definition: [rating("q")],
    problems: [{ path: "", message: "the survey definition must be a JSON object" }],
  },
  {
    name: "null",
    definition: null,
    problems: [{ path: "", message: "the survey definition must be a JSON object" }],
  },
  {
    name: "an element survey-core crashes on",
    definition: { elements: [null] },
    problems: [
      {
        path: "",
        message: "survey-core cannot load the definition: Cannot read properties of null (reading 'type')",
      },
    ],
  },
  {
    name: "an unknown question type",
    definition: page({ type: "ratingx", name: "x" }, rating("q")),
    problems: [{ path: "x", message: 'survey-core does not know the element type "ratingx"' }],
  },
  {
    name: "an element without type",
    definition: page({ name: "x" }, rating("q")),
    problems: [{ path: "x", message: 'an element has no "type"' }],
  },
  {
    name: "a question without name",
    definition: page({ type: "rating", title: { default: "Hello", "zh-cn": "你好" } }),
    problems: [{ path: "", message: 'a rating element (title "Hello") has no name' }],
  },
  {
    name: "unknown plain properties (designer extras)",
    definition: page(rating("q", { color: "red", choices: [{ value: 1, price: 3 }] })),
    problems: [],
  },
  {
    name: "a custom property on a panel and on choices",
    definition: page({
      type: "panel",
      name: "p",
      topic: "safety",
      elements: [
        {
          type: "radiogroup",
          name: "g",
          choices: [
            { value: 1, enps: true },
            { value: 2, enps: true },
          ],
        },
      ],
    }),
    problems: [
      { path: "p", message: "topic can be set only on a question, not on a panel" },
      { path: "", message: "enps can be set only on a question, not on a choiceitem" },
    ],
  },
  {
    name: "no questions",
    definition: { pages: [] },
    problems: [{ path: "", message: "the survey has no questions" }],
  },
  {
    name: "a duplicate name on an analysed question, across pages and panels",
    definition: {
      pages: [
        page(rating("q", { topic: "safety" })),
        page({ type: "panel", name: "p", elements: [rating("q", { topic: "safety" })] }),
      ],
    },
    problems: [
      {
        path: "q",
        message:
          'the name "q" is used by another question too; a question with topic, enps or demand needs a unique name',
      },
    ],
  },
  {
    name: "a duplicate name with another type",
    definition: page({ type: "text", name: "t" }, { type: "comment", name: "t" }),
    problems: [
      {
        path: "t",
        message:
          'the name "t" is also used by a text question; questions may share a name only to share one answer, which needs the same type',
      },
    ],
  },
  {
    name: "a shared name of the same type (SurveyJS shares the answer)",
    definition: page(
      { type: "comment", name: "c" },
      { type: "comment", name: "c" },
      { type: "html", name: "c" },
    ),
    problems: [],
  },
  {
    name: "the same name inside a dynamic panel template and outside",
    definition: page(
      { type: "text", name: "total" },
      { type: "paneldynamic", name: "items", templateElements: [{ type: "expression", name: "total" }] },
    ),
    problems: [],
  },
  {
    name: "a topic not in the catalogue",
    definition: page(rating("q", { topic: "weather" })),
    problems: [{ path: "q", message: 'topic "weather" is not in the topic catalogue (topics.json)' }],
  },
  {
    name: "a topic that is not a string",
    definition: page(rating("q", { topic: 5 })),
    problems: [{ path: "q", message: "topic must be a string (found 5)" }],
  },
  {
    name: "a topic on a checkbox",
    definition: page({ type: "checkbox", name: "c", topic: "safety", choices: [1, 2, 3] }),
    problems: [
      {
        path: "c",
        message:
          "topic needs a numeric scale question (rating, matrix, radiogroup, dropdown); this one is a checkbox",
      },
    ],
  },
  {
    name: "a topic on a radiogroup with text choices",
    definition: page({ type: "radiogroup", name: "g", topic: "safety", choices: [1, "good"] }),
    problems: [{ path: "g", message: 'choice values must be numbers to form a scale (found "good")' }],
  },
  {
    name: "a topic on a dropdown with numeric choices",
    definition: page({
      type: "dropdown",
      name: "d",
      topic: "safety",
      choices: [1, 2, 3, 4],
      showNoneItem: true,
    }),
    problems: [],
  },
  {
    name: "a topic on a multiple-choice matrix",
    definition: page(matrix("m", { cellType: "checkbox" })),
    problems: [{ path: "m", message: 'a matrix with cellType "checkbox" is multiple-choice, not a scale' }],
  },
  {
    name: "a topic on a matrix with text columns",
    definition: page(matrix("m", { columns: ["bad", "good"] })),
    problems: [{ path: "m", message: 'column values must be numbers to form a scale (found "bad")' }],
  },
  {
    name: "a topic on a matrix without rows",
    definition: page(matrix("m", { rows: [] })),
    problems: [{ path: "m", message: "a matrix with a topic needs at least one row" }],
  },
  {
    name: "a matrix row value used twice",
    definition: page(matrix("m", { rows: ["a", "a"] })),
    problems: [{ path: "m", message: 'row value "a" is used twice; give each row a unique value' }],
  },
  {
    name: "a question named like a matrix row's item id",
    definition: page(matrix("m"), rating("m.a", { topic: "safety" })),
    problems: [
      { path: "m.a", message: 'item id "m.a" is also produced by question "m"; rename one of them' },
    ],
  },
  {
    name: "an inverted scale",
    definition: page(rating("q", { topic: "safety", rateMin: 5, rateMax: 1 })),
    problems: [{ path: "q", message: "rateMin (5) must be less than rateMax (1)" }],
  },
  {
    name: "a one-point scale",
    definition: page(rating("q", { topic: "safety", rateMin: 3, rateMax: 3 })),
    problems: [{ path: "q", message: "rateMin (3) must be less than rateMax (3)" }],
  },
  {
    name: "a one-value rateValues scale",
    definition: page(rating("q", { topic: "safety", rateValues: [1] })),
    problems: [{ path: "q", message: "a scale needs at least 2 points; this one has 1" }],
  },
  {
    name: "an inverted rating without a topic (it shows nothing)",
    definition: page(rating("q", { rateMin: 10, rateMax: 0 })),
    problems: [{ path: "q", message: "rateMin (10) must be less than rateMax (0)" }],
  },
  {
    name: "favourableMin outside the scale",
    definition: page(rating("q", { topic: "safety", favourableMin: 6, unfavourableMax: 0 })),
    problems: [
      { path: "q", message: "favourableMin (6) is outside the scale 1–5" },
      { path: "q", message: "unfavourableMax (0) is outside the scale 1–5" },
    ],
  },
  {
    name: "favourableMin not a number",
    definition: page(rating("q", { topic: "safety", favourableMin: "high" })),
    problems: [{ path: "q", message: "favourableMin must be a number" }],
  },
  {
    name: "overlapping thresholds",
    definition: page(rating("q", { topic: "safety", favourableMin: 3, unfavourableMax: 3 })),
    problems: [{ path: "q", message: "favourableMin (3) must be greater than unfavourableMax (3)" }],
  },
  {
    name: "favourableMin meeting the default unfavourableMax",
    definition: page(rating("q", { topic: "safety", favourableMin: 2 })),
    problems: [{ path: "q", message: "favourableMin (2) must be greater than unfavourableMax (2)" }],
  },
  {
    name: "valid overrides",
    definition: page(rating("q", { topic: "safety", favourableMin: 5, unfavourableMax: 3 })),
    problems: [],
  },
  {
    name: "thresholds without a topic",
    definition: page(rating("q", { favourableMin: 4, unfavourableMax: 2 })),
    problems: [
      { path: "q", message: "favourableMin applies only to a question with a topic" },
      { path: "q", message: "unfavourableMax applies only to a question with a topic" },
    ],
  },
  {
    name: "enps on a 1..5 rating",
    definition: page(rating("nps", { enps: true })),
    problems: [
      {
        path: "nps",
        message:
          "enps needs a rating question from 0 to 10 (rateMin 0, rateMax 10); this one has the points 1, 2, 3, 4, 5",
      },
    ],
  },
  {
    name: "enps on a radiogroup",
    definition: page({ type: "radiogroup", name: "nps", enps: true, choices: [0, 10] }),
    problems: [
      {
        path: "nps",
        message:
          "enps needs a rating question from 0 to 10 (rateMin 0, rateMax 10); this one is a radiogroup",
      },
    ],
  },
  {
    name: "two enps items",
    definition: page(
      rating("nps1", { enps: true, rateMin: 0, rateMax: 10 }),
      rating("nps2", { enps: true, rateMin: 0, rateMax: 10 }),
    ),
    problems: [{ path: "nps2", message: 'only one question may have enps; "nps1" already has it' }],
  },
  {
    name: "topic together with enps",
    definition: page(rating("nps", { enps: true, topic: "safety", rateMin: 0, rateMax: 10 })),
    problems: [
      { path: "nps", message: "a question cannot have both topic and enps; the eNPS item has no topic" },
    ],
  },
  {
    name: "demand on a rating",
    definition: page(rating("d", { demand: true })),
    problems: [{ path: "d", message: "demand needs a comment or text question; this one is a rating" }],
  },
  {
    name: "demand on a comment and a text",
    definition: page(
      { type: "comment", name: "d1", demand: true },
      { type: "text", name: "d2", demand: true },
    ),
    problems: [],
  },
  {
    name: "topic inside a dynamic panel",
    definition: page({
      type: "paneldynamic",
      name: "pd",
      templateElements: [rating("q", { topic: "safety" })],
    }),
    problems: [
      {
        path: "q",
        message:
          'topic, enps and demand cannot be used inside dynamic panel "pd"; move the question out of the panel',
      },
    ],
  },
  {
    name: "valueName on an analysed question",
    definition: page(rating("q", { topic: "safety", valueName: "shared" })),
    problems: [
      {
        path: "q",
        message: 'valueName "shared" is not supported with topic, enps or demand: answers are read by name',
      },
    ],
  },
];

describe("checkSurveyDefinition", () => {
  it.each(cases)("$name", ({ definition, problems }) => {
    expect(checkSurveyDefinition(definition, topics)).toEqual(problems);
  });
});

describe("surveys/plant-satisfaction.json", () => {
  const definition = JSON.parse(readFileSync("surveys/plant-satisfaction.json", "utf8"));
  const catalogue = JSON.parse(readFileSync("surveys/topics.json", "utf8")) as CatalogueEntry[];

  it("passes the check against surveys/topics.json", () => {
    expect(checkSurveyDefinition(definition, new Set(catalogue.map((t) => t.id)))).toEqual([]);
  });

  it("has at least 40 scale items, several for every topic, one eNPS item and two demand questions", () => {
    const items = deriveSurveyItems(definition);
    const scale = items.filter((i) => i.kind === "scale");
    expect(scale.length).toBeGreaterThanOrEqual(40);
    for (const topic of catalogue) {
      expect(scale.filter((i) => i.topic === topic.id).length, topic.id).toBeGreaterThanOrEqual(4);
    }
    expect(items.filter((i) => i.kind === "enps").map((i) => i.itemId)).toEqual(["enps"]);
    expect(items.filter((i) => i.kind === "demand").map((i) => i.itemId)).toEqual(["demands", "suggestions"]);
  });

  it("is bilingual and leaves the locale to the client", () => {
    expect(definition.locale).toBeUndefined();
    const untranslated: string[] = [];
    const localisable = new Set([
      "title",
      "description",
      "text",
      "completedHtml",
      "minRateDescription",
      "maxRateDescription",
      "otherText",
      "pagePrevText",
      "pageNextText",
      "completeText",
    ]);
    const visit = (value: unknown, path: string) => {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) visit(v, `${path}/${i}`);
      } else if (value && typeof value === "object") {
        for (const [key, v] of Object.entries(value)) {
          if (localisable.has(key)) {
            const text = v as Record<string, unknown>;
            if (!(typeof text?.default === "string" && typeof text["zh-cn"] === "string")) {
              untranslated.push(`${path}/${key}`);
            }
          } else visit(v, `${path}/${key}`);
        }
      }
    };
    visit(definition, "");
    expect(untranslated).toEqual([]);
  });
});

describe("compat surveys (admin uploads carry no custom properties)", () => {
  const dir = compatSurveysDir;
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));

  it("are all present", () => {
    expect(files.length).toBe(28);
  });

  it.each(files)("%s has no problems", (file) => {
    const definition = JSON.parse(readFileSync(join(dir, file), "utf8"));
    expect(checkSurveyDefinition(definition, new Set())).toEqual([]);
  });
});
