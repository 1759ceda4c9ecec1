// The paper template's columns for every question type a paper grid can hold, and how a cell's text becomes
// SurveyJS data (or a problem naming row and column): table-driven, no database.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { paperLayout } from "../../server/paper/columns";
import { convertRow, formNumberKey, type RowProblem } from "../../server/paper/convertCells";
import type { CellValue } from "../../server/paper/readSheet";
import { paperMessages } from "../../web/src/paper/messages";
import { problemText, zhProblems } from "../../web/src/paper/problemText";

const survey = {
  pages: [
    {
      name: "p",
      elements: [
        { type: "boolean", name: "smoker", isRequired: true },
        {
          type: "checkbox",
          name: "meals",
          choices: [
            { value: "breakfast", text: { default: "Breakfast", "zh-cn": "早餐" } },
            { value: "lunch", text: { default: "Lunch", "zh-cn": "午餐" } },
            { value: "dinner", text: { default: "Dinner", "zh-cn": "晚餐" } },
          ],
        },
        { type: "text", name: "years", inputType: "number", min: 0, max: 50 },
        { type: "text", name: "joined", inputType: "date" },
        {
          type: "multipletext",
          name: "shift",
          items: [{ name: "start" }, { name: "hours", inputType: "number" }],
        },
        { type: "paneldynamic", name: "family", templateElements: [{ type: "text", name: "who" }] },
        { type: "matrix", name: "rate", columns: [1, 2, 3], rows: ["bus", "canteen"], eachRowRequired: true },
        { type: "rating", name: "overall", rateMin: 1, rateMax: 5 },
      ],
    },
  ],
};
const layout = paperLayout(survey);
const vocabulary = {
  units: [{ id: "team-1", name: { default: "Production team", "zh-cn": "采油班" } }],
  groups: [{ id: "staff", name: { default: "Staff", "zh-cn": "职工" } }],
};

describe("paperLayout", () => {
  it("gives one column per answer a form holds, and names what a grid cannot hold", () => {
    expect(layout.columns.map((c) => [c.name, c.kind, c.required])).toEqual([
      ["form_no", "form_no", true],
      ["unit_id", "unit", true],
      ["group_id", "group", true],
      ["filled_on", "date", false],
      ["smoker", "boolean", true],
      ["meals", "multi_choice", false],
      ["years", "number", false],
      ["joined", "date", false],
      ["shift.start", "text", false],
      ["shift.hours", "number", false],
      ["rate.bus", "scale", true],
      ["rate.canteen", "scale", true],
      ["overall", "scale", false],
    ]);
    expect(layout.omitted).toEqual([{ questionName: "family", type: "paneldynamic" }]);
    expect(layout.columns.find((c) => c.name === "years")).toMatchObject({ min: 0, max: 50 });
  });
});

const base = { form_no: "7", unit_id: "team-1", group_id: "staff" };

describe("convertRow", () => {
  const cases: [string, Record<string, CellValue>, Record<string, unknown> | RowProblem[]][] = [
    ["是 is yes", { smoker: "是" }, { smoker: true }],
    ["0 is no", { smoker: 0 }, { smoker: false }],
    ["choices by Chinese text, 、-separated", { meals: "早餐、晚餐" }, { meals: ["breakfast", "dinner"] }],
    [
      "choices by value and English text, ;-separated",
      { meals: "lunch; Dinner" },
      { meals: ["lunch", "dinner"] },
    ],
    ["a list from the keying screen", { meals: ["lunch"] }, { meals: ["lunch"] }],
    // The question's order whatever the keying order: the same form keyed twice has the same answer.
    [
      "choices keyed backwards come in the question's order",
      { meals: "dinner;breakfast" },
      { meals: ["breakfast", "dinner"] },
    ],
    [
      "choices separated by spaces, as the keying screen takes them",
      { meals: "晚餐 早餐  午餐" },
      { meals: ["breakfast", "lunch", "dinner"] },
    ],
    ["a list keyed backwards", { meals: ["dinner", "lunch", "dinner"] }, { meals: ["lunch", "dinner"] }],
    ["the year 1 stays the year 1 (not 1901)", { joined: "0001-01-01" }, { joined: "0001-01-01" }],
    ["a full-width number", { years: "１２" }, { years: 12 }],
    ["a Chinese date", { joined: "2019年3月5日" }, { joined: "2019-03-05" }],
    ["an Excel date cell", { joined: new Date(Date.UTC(2019, 2, 5)) }, { joined: "2019-03-05" }],
    ["a date as Excel's serial number", { joined: 43529 }, { joined: "2019-03-05" }],
    [
      "multiple-text items and matrix rows",
      { "shift.hours": "8", "rate.bus": 3 },
      { shift: { hours: 8 }, rate: { bus: 3 } },
    ],
    [
      "a word for yes/no that is neither",
      { smoker: "maybe" },
      [
        {
          row: 2,
          column: "smoker",
          code: "not_yes_no",
          message: '"maybe" is not yes or no: write 是 or 否 (yes/no, 1/0).',
        },
      ],
    ],
    [
      "one unknown choice among several",
      { meals: "早餐,夜宵" },
      [
        {
          row: 2,
          column: "meals",
          code: "unknown_choice",
          message:
            '"夜宵" is not a choice of this question; use one of: breakfast (早餐), lunch (午餐), dinner (晚餐).',
        },
      ],
    ],
    [
      "text in a number column",
      { years: "ten" },
      [
        {
          row: 2,
          column: "years",
          code: "not_a_number",
          message: '"ten" is not a number (write 0 to 50).',
          params: { value: "ten", min: 0, max: 50 },
        },
      ],
    ],
    [
      "February 30th",
      { joined: "2019-02-30" },
      [
        {
          row: 2,
          column: "joined",
          code: "not_a_date",
          message: '"2019-02-30" is not a date: write it as YYYY-MM-DD, e.g. 2026-10-15.',
        },
      ],
    ],
  ];
  it.each(cases)("%s", (_name, cells, expected) => {
    const problems: RowProblem[] = [];
    const form = convertRow(
      2,
      new Map(Object.entries({ ...base, ...cells })),
      layout.columns,
      vocabulary,
      problems,
    );
    if (Array.isArray(expected)) expect(problems).toEqual(expected);
    else {
      expect(problems).toEqual([]);
      expect(form.data).toEqual(expected);
    }
  });

  it("reads the envelope: unit and group by id or name, and names every empty required one", () => {
    const problems: RowProblem[] = [];
    const form = convertRow(
      3,
      new Map(Object.entries({ form_no: " 7 ", unit_id: "采油班", group_id: "Staff" })),
      layout.columns,
      vocabulary,
      problems,
    );
    expect([form.formNo, form.unitId, form.groupId, problems]).toEqual(["7", "team-1", "staff", []]);
    const missing: RowProblem[] = [];
    convertRow(4, new Map([["smoker", "否"]]), layout.columns, vocabulary, missing);
    expect(missing.map((p) => [p.column, p.code])).toEqual([
      ["form_no", "required"],
      ["unit_id", "required"],
      ["group_id", "required"],
    ]);
  });
});

describe("formNumberKey", () => {
  it.each([
    ["7", "7"],
    ["007", "7"],
    ["０７", "7"],
    [" 0 0 7\t", "7"],
    ["0", "0"],
    ["000", "0"],
    ["A-007", "A-007"],
    ["Ａ－００７", "A-007"],
    ["A 007", "A007"],
    ["12345678901234567890123", "12345678901234567890123"],
  ])("%j is form %j", (written, key) => {
    expect(formNumberKey(written)).toBe(key);
  });

  it("the row's form number is the normalised one", () => {
    const problems: RowProblem[] = [];
    const form = convertRow(
      2,
      new Map(Object.entries({ ...base, form_no: "００ ７" })),
      layout.columns,
      vocabulary,
      problems,
    );
    expect([form.formNo, problems]).toEqual(["7", []]);
  });
});

describe("problem texts", () => {
  const source = (path: string) => readFileSync(path, "utf8");
  // Every snake_case literal of the validator's checks is an issue code (the message texts are sentences).
  const validator = ["checks.ts", "plan.ts", "scope.ts"].flatMap((file) => [
    ...source(`server/ingest/validation/${file}`).matchAll(/"([a-z]+(?:_[a-z]+)+)"/g),
  ]);
  const paper = ["convertCells.ts", "importForms.ts"].flatMap((file) => [
    ...source(`server/paper/${file}`).matchAll(/(?:code: |bad\(|lookUp\([^"]*)"([a-z]+(?:_[a-z]+)*)"/g),
  ]);
  const codes = new Set([
    ...validator.map((m) => m[1] as string),
    ...paper.map((m) => m[1] as string),
    "required",
    "invalid_answer", // validateSafely, when the validator cannot judge an answer
  ]);

  it("finds the codes it checks (so it cannot pass by finding none)", () => {
    for (const code of [
      "digits_not_allowed",
      "expression_failed",
      "date_outside_round",
      "unknown_unit",
      "not_yes_no",
    ])
      expect(codes).toContain(code);
  });

  it("every code the import and the survey's validator can answer with has a Chinese text", () => {
    expect([...codes].filter((code) => !(code in zhProblems)).sort()).toEqual([]);
  });
});

describe("import problems in Chinese", () => {
  const zh = (problem: Parameters<typeof problemText>[1]) =>
    problemText(paperMessages["zh-cn"], problem, "zh-cn");
  const base = { row: 4, column: "q1", message: "server's sentence" };

  it("name the value found and the range, or the row a form number repeats, where the server gives them", () => {
    expect(zh({ ...base, code: "out_of_range", params: { value: "7", min: 1, max: 5 } })).toBe(
      "7 超出了该题的取值范围（1–5）。",
    );
    expect(zh({ ...base, code: "out_of_range", params: { value: "2031-01-01" } })).toBe(
      "2031-01-01 超出了该题的取值范围。",
    );
    expect(zh({ ...base, code: "not_a_number", params: { value: "很多", min: 0, max: 10 } })).toBe(
      "“很多”不是数字，请填写 0–10 之间的数字。",
    );
    expect(zh({ ...base, column: "form_no", code: "duplicate_form_no", params: { firstRow: 3 } })).toBe(
      "与第 3 行的问卷编号重复，每份纸质问卷须有自己的编号。",
    );
  });

  it("fall back to the code's sentence without them, and English keeps the server's sentence", () => {
    expect(zh({ ...base, code: "out_of_range" })).toBe(zhProblems.out_of_range);
    expect(
      problemText(paperMessages.en, { ...base, code: "out_of_range", params: { value: "7" } }, "en"),
    ).toBe("server's sentence");
  });
});
