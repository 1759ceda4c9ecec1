import { describe, expect, it } from "vitest";
import type { AnswerRow } from "../../server/catalogue/types";
import { compileSurvey } from "../../server/ingest/compileSurvey";

// Flattening kept data into long-format rows: one case per kind of question, exact rows in survey order.
const survey = compileSurvey({
  elements: [
    { type: "rating", name: "pay_1", topic: "pay" },
    { type: "rating", name: "enps", enps: true, rateMin: 0, rateMax: 10 },
    { type: "radiogroup", name: "shift", choices: [{ value: 1, text: "Day" }, 2] },
    { type: "dropdown", name: "canteen", topic: "canteen", choices: [1, 2, 3], showOtherItem: true },
    { type: "checkbox", name: "bus", choices: ["a", "b", 3] },
    { type: "tagbox", name: "tags", choices: ["x", "y"] },
    { type: "ranking", name: "rank", choices: ["pay", "safety", "food"] },
    { type: "text", name: "nick" },
    { type: "text", name: "age", inputType: "number" },
    { type: "comment", name: "demands", demand: true },
    { type: "comment", name: "other_notes" },
    { type: "boolean", name: "union" },
    { type: "boolean", name: "agree", valueTrue: "Yes", valueFalse: "No" },
    { type: "matrix", name: "office", topic: "office_style", columns: [1, 2, 3, 4, 5], rows: ["prod", "hr"] },
    { type: "matrix", name: "level", columns: ["low", "high"], rows: ["noise"] },
    {
      type: "matrixdropdown",
      name: "tools",
      choices: [1, 2, 3],
      columns: [
        { name: "score" },
        { name: "note", cellType: "text" },
        { name: "kinds", cellType: "checkbox", choices: ["a", "b"] },
      ],
      rows: ["pump", "valve"],
    },
    {
      type: "matrixdynamic",
      name: "kids",
      columns: [
        { name: "age", cellType: "text", inputType: "number" },
        { name: "school", cellType: "dropdown", choices: ["primary", "middle"] },
      ],
    },
    {
      type: "paneldynamic",
      name: "relatives",
      templateElements: [
        { type: "dropdown", name: "kind", choices: ["father", "mother"] },
        { type: "boolean", name: "alive" },
      ],
    },
    { type: "multipletext", name: "wage", items: [{ name: "base", inputType: "number" }, { name: "note" }] },
    { type: "file", name: "photo" },
    { type: "signaturepad", name: "sign" },
    { type: "text", name: "x", inputType: "number" },
    { type: "expression", name: "double", expression: "{x} * 2" },
  ],
});

const row = (
  itemId: string,
  kind: AnswerRow["kind"],
  valueNum: number | null,
  valueText: string | null,
  position: number | null = null,
): AnswerRow => ({ itemId, kind, valueNum, valueText, position });

type Case = { name: string; data: Record<string, unknown>; rows: AnswerRow[] };

const cases: Case[] = [
  { name: "scale answer (topic)", data: { pay_1: 4 }, rows: [row("pay_1", "scale", 4, null)] },
  { name: "eNPS answer", data: { enps: 9 }, rows: [row("enps", "enps", 9, null)] },
  { name: "choice without topic", data: { shift: 2 }, rows: [row("shift", "choice", 2, "2")] },
  {
    name: "other choice of a scale question, with its text",
    data: { canteen: "other", "canteen-Comment": "no canteen here" },
    rows: [row("canteen", "choice", null, "other"), row("canteen-Comment", "text", null, "no canteen here")],
  },
  {
    name: "checkbox: one row per selected value",
    data: { bus: ["a", 3] },
    rows: [row("bus", "choice", null, "a"), row("bus", "choice", 3, "3")],
  },
  { name: "tagbox", data: { tags: ["y"] }, rows: [row("tags", "choice", null, "y")] },
  {
    name: "ranking: one row per position",
    data: { rank: ["safety", "food", "pay"] },
    rows: [
      row("rank", "rank", null, "safety", 1),
      row("rank", "rank", null, "food", 2),
      row("rank", "rank", null, "pay", 3),
    ],
  },
  { name: "text", data: { nick: "Li" }, rows: [row("nick", "text", null, "Li")] },
  { name: "number input", data: { age: 41 }, rows: [row("age", "number", 41, null)] },
  {
    name: "demand comment",
    data: { demands: "Fix the bus" },
    rows: [row("demands", "demand", null, "Fix the bus")],
  },
  { name: "plain comment", data: { other_notes: "fine" }, rows: [row("other_notes", "text", null, "fine")] },
  {
    name: "boolean",
    data: { union: false, agree: "Yes" },
    rows: [row("union", "boolean", 0, "false"), row("agree", "boolean", 1, "Yes")],
  },
  {
    name: "matrix with topic: scale rows",
    data: { office: { prod: 5, hr: 2 } },
    rows: [row("office.prod", "scale", 5, null), row("office.hr", "scale", 2, null)],
  },
  {
    name: "matrix without topic: choice rows",
    data: { level: { noise: "high" } },
    rows: [row("level.noise", "choice", null, "high")],
  },
  {
    name: "matrixdropdown cells",
    data: { tools: { pump: { score: 3, note: "leaks", kinds: ["a", "b"] }, valve: { score: 1 } } },
    rows: [
      row("tools.pump.score", "choice", 3, "3"),
      row("tools.pump.note", "text", null, "leaks"),
      row("tools.pump.kinds", "choice", null, "a"),
      row("tools.pump.kinds", "choice", null, "b"),
      row("tools.valve.score", "choice", 1, "1"),
    ],
  },
  {
    name: "matrixdynamic rows: position is the row number",
    data: { kids: [{ age: 7, school: "primary" }, { age: 12 }] },
    rows: [
      row("kids.age", "number", 7, null, 1),
      row("kids.school", "choice", null, "primary", 1),
      row("kids.age", "number", 12, null, 2),
    ],
  },
  {
    name: "paneldynamic: position is the panel number",
    data: { relatives: [{ kind: "father", alive: true }, { kind: "mother" }] },
    rows: [
      row("relatives.kind", "choice", null, "father", 1),
      row("relatives.alive", "boolean", 1, "true", 1),
      row("relatives.kind", "choice", null, "mother", 2),
    ],
  },
  {
    name: "multipletext items",
    data: { wage: { base: 5200, note: "plus bonus" } },
    rows: [row("wage.base", "number", 5200, null), row("wage.note", "text", null, "plus bonus")],
  },
  {
    name: "file, signature and expression values are not flattened",
    data: {
      photo: [{ name: "a.png", type: "image/png", content: "data:image/png;base64,AAAA" }],
      sign: "data:image/png;base64,AAAA",
      x: 2,
      double: 4,
    },
    rows: [row("x", "number", 2, null)],
  },
  {
    name: "empty strings and empty lists produce no rows",
    data: { nick: "", bus: [], rank: [], demands: "  ", kids: [], office: {} },
    rows: [],
  },
];

describe("flatten", () => {
  it.each(cases)("$name", ({ data, rows }) => {
    const validated = survey.validate(data);
    expect(validated.ok).toBe(true);
    expect(survey.flatten(validated.ok ? validated.data : {})).toEqual(rows);
  });

  it("keeps survey order across questions", () => {
    const result = survey.validate({ enps: 10, pay_1: 3, nick: "Wu" });
    expect(result.ok && survey.flatten(result.data).map((r) => r.itemId)).toEqual(["pay_1", "enps", "nick"]);
  });
});
