import { describe, expect, it } from "vitest";
import { type CompiledSurvey, compileSurvey, type ValidationIssue } from "../../server/ingest/compileSurvey";

// The survey's own logic: hidden answers are dropped (never an error), requiredIf, triggers and calculated values.
type Case = {
  name: string;
  survey: Record<string, unknown>;
  data: Record<string, unknown>;
  keep?: Record<string, unknown>;
  issues?: ValidationIssue[];
};

const issue = (path: string, code: string, message: string): ValidationIssue => ({ path, code, message });
const required = (path: string) =>
  issue(path, "required", `"${path}" is required while it is shown; answer it.`);

const cache = new Map<Record<string, unknown>, CompiledSurvey>();
function compiled(survey: Record<string, unknown>): CompiledSurvey {
  let result = cache.get(survey);
  if (!result) {
    result = compileSurvey(survey);
    cache.set(survey, result);
  }
  return result;
}

const questionIf = {
  elements: [
    { type: "radiogroup", name: "bus", choices: ["yes", "no"] },
    {
      type: "rating",
      name: "bus_rating",
      visibleIf: "{bus} = 'yes'",
      isRequired: true,
      showCommentArea: true,
    },
    { type: "comment", name: "never", visible: false },
    { type: "expression", name: "echo", expression: "{bus}", visibleIf: "{bus} = 'yes'" },
  ],
};

const panelIf = {
  elements: [
    { type: "boolean", name: "canteen" },
    {
      type: "panel",
      name: "canteen_panel",
      visibleIf: "{canteen} = true",
      elements: [
        { type: "rating", name: "food", isRequired: true },
        { type: "panel", name: "inner", elements: [{ type: "comment", name: "menu" }] },
      ],
    },
  ],
};

const pageIf = {
  pages: [
    { name: "p1", elements: [{ type: "radiogroup", name: "role", choices: ["staff", "leader"] }] },
    {
      name: "p2",
      visibleIf: "{role} = 'leader'",
      elements: [{ type: "rating", name: "team_size_ok", isRequired: true }],
    },
  ],
};

const requiredIf = {
  elements: [
    { type: "radiogroup", name: "a", choices: ["item1", "item2", "item3"] },
    { type: "text", name: "b", requiredIf: "{a} = 'item1'" },
    { type: "text", name: "c", isRequired: true, requiredIf: "{a} = 'item3'" },
    {
      type: "matrixdynamic",
      name: "m",
      columns: [{ cellType: "text", name: "col1", requiredIf: "{a} = 'item2'" }],
    },
  ],
};

const visibleTrigger = {
  triggers: [
    { type: "visible", name: "type", operator: "equal", value: "sedan", questions: ["Sedan"] },
    { type: "visible", name: "type", operator: "equal", value: "sports", questions: ["Sports"] },
  ],
  elements: [
    { type: "radiogroup", name: "type", choices: ["sedan", "sports"] },
    { type: "radiogroup", name: "Sedan", visible: false, isRequired: true, choices: ["BMW M5"] },
    { type: "radiogroup", name: "Sports", visible: false, isRequired: true, choices: ["Porsche 911"] },
  ],
};

const setValueTrigger = {
  triggers: [
    {
      type: "setvalue",
      name: "copy",
      operator: "equal",
      value: "Yes",
      setToName: "name",
      setValue: "Jon Snow",
    },
    {
      type: "setvalue",
      name: "copy",
      operator: "equal",
      value: "Yes",
      setToName: "source",
      setValue: "profile",
    },
    {
      type: "setvalue",
      name: "copy",
      operator: "equal",
      value: "Yes",
      setToName: "note",
      isVariable: true,
      setValue: "x",
    },
  ],
  elements: [
    { type: "radiogroup", name: "copy", choices: ["Yes", "No"] },
    { type: "text", name: "name", isRequired: true },
  ],
};

const calculated = {
  calculatedValues: [
    { name: "adult", expression: "{age} >= 18", includeIntoResult: true },
    { name: "internal", expression: "{age} * 2" },
  ],
  elements: [
    { type: "text", name: "age", inputType: "number" },
    { type: "boolean", name: "drinks", visibleIf: "{adult} = true" },
  ],
};

const completeTrigger = {
  triggers: [{ type: "complete", name: "exit1", operator: "equal", value: "Yes" }],
  pages: [
    { elements: [{ type: "radiogroup", name: "exit1", choices: ["Yes", "No"] }] },
    { elements: [{ type: "text", name: "name", isRequired: true }] },
  ],
};

const choicesFrom = {
  elements: [
    { type: "checkbox", name: "car", choices: ["Ford", "BMW", "Audi"] },
    {
      type: "ranking",
      name: "bestcar",
      visibleIf: "{car.length} > 1",
      choicesFromQuestion: "car",
      choicesFromQuestionMode: "selected",
    },
  ],
};

const cases: Case[] = [
  {
    name: "question visibleIf false: answer and its comment dropped",
    survey: questionIf,
    data: { bus: "no", bus_rating: 2, "bus_rating-Comment": "late", echo: "no" },
    keep: { bus: "no" },
  },
  {
    name: "question visibleIf true: answer kept and checked",
    survey: questionIf,
    data: { bus: "yes", bus_rating: 4, echo: "yes" },
    keep: { bus: "yes", bus_rating: 4, echo: "yes" },
  },
  {
    name: "question visibleIf true: required applies",
    survey: questionIf,
    data: { bus: "yes" },
    issues: [required("bus_rating")],
  },
  {
    name: "hidden answers are dropped even when invalid",
    survey: questionIf,
    data: { bus: "no", bus_rating: "terrible", never: 5 },
    keep: { bus: "no" },
  },
  {
    name: "panel visibleIf false: nested answers dropped",
    survey: panelIf,
    data: { canteen: false, food: 9, menu: "more rice" },
    keep: { canteen: false },
  },
  {
    name: "panel visibleIf true: nested answers checked",
    survey: panelIf,
    data: { canteen: true, menu: "more rice" },
    issues: [required("food")],
  },
  {
    name: "page visibleIf false: its answers dropped and nothing required",
    survey: pageIf,
    data: { role: "staff", team_size_ok: 3 },
    keep: { role: "staff" },
  },
  {
    name: "page visibleIf true: its questions required",
    survey: pageIf,
    data: { role: "leader" },
    issues: [required("team_size_ok")],
  },
  {
    name: "requiredIf true",
    survey: requiredIf,
    data: { a: "item1", c: "x" },
    issues: [required("b")],
  },
  {
    name: "requiredIf false replaces isRequired",
    survey: requiredIf,
    data: { a: "item1", b: "y" },
    keep: { a: "item1", b: "y" },
  },
  {
    name: "requiredIf on a matrix column",
    survey: requiredIf,
    data: { a: "item2", m: [{ col1: "ok" }, {}] },
    issues: [required("m[1]/col1")],
  },
  {
    name: "visible trigger shows its question",
    survey: visibleTrigger,
    data: { type: "sedan", Sedan: "BMW M5", Sports: "Porsche 911" },
    keep: { type: "sedan", Sedan: "BMW M5" },
  },
  {
    name: "visible trigger: a shown question is required",
    survey: visibleTrigger,
    data: { type: "sports" },
    issues: [required("Sports")],
  },
  {
    name: "setvalue trigger: values it set are accepted, also for a name no question owns",
    survey: setValueTrigger,
    data: { copy: "Yes", name: "Jon Snow", source: "profile" },
    keep: { copy: "Yes", name: "Jon Snow", source: "profile" },
  },
  {
    name: "setvalue trigger: a variable is not part of the data",
    survey: setValueTrigger,
    data: { copy: "Yes", name: "Jon Snow", note: "x" },
    issues: [issue("note", "unknown_key", '"note" is not a question of this survey; remove it.')],
  },
  {
    name: "calculated value with includeIntoResult is accepted and drives visibility",
    survey: calculated,
    data: { age: 30, adult: true, drinks: false },
    keep: { age: 30, adult: true, drinks: false },
  },
  {
    name: "calculated value is computed by the server for conditions",
    survey: calculated,
    data: { age: 12, adult: true, drinks: true },
    keep: { age: 12, adult: true },
  },
  {
    name: "calculated value without includeIntoResult is not data",
    survey: calculated,
    data: { age: 30, internal: 60 },
    issues: [issue("internal", "unknown_key", '"internal" is not a question of this survey; remove it.')],
  },
  {
    name: "complete trigger: pages after it are not required",
    survey: completeTrigger,
    data: { exit1: "Yes" },
    keep: { exit1: "Yes" },
  },
  {
    name: "complete trigger not fired: later pages required",
    survey: completeTrigger,
    data: { exit1: "No" },
    issues: [required("name")],
  },
  {
    name: "choicesFromQuestion selected: ranks exactly the selected cars",
    survey: choicesFrom,
    data: { car: ["Ford", "BMW"], bestcar: ["BMW", "Ford"] },
    keep: { car: ["Ford", "BMW"], bestcar: ["BMW", "Ford"] },
  },
  {
    name: "choicesFromQuestion selected: an unselected car is not a choice",
    survey: choicesFrom,
    data: { car: ["Ford", "BMW"], bestcar: ["BMW", "Audi"] },
    issues: [
      issue("bestcar", "not_a_choice", 'Answer to "bestcar" ranks "Audi", which is not one of its choices.'),
    ],
  },
  {
    name: "choicesFromQuestion selected: hidden with a single car",
    survey: choicesFrom,
    data: { car: ["Ford"], bestcar: ["Ford"] },
    keep: { car: ["Ford"] },
  },
];

describe("validate: survey logic", () => {
  it.each(cases)("$name", ({ survey, data, keep, issues }) => {
    const result = compiled(survey).validate(data);
    if (keep) expect(result).toEqual({ ok: true, data: keep });
    else expect(result).toEqual({ ok: false, issues });
  });

  it("keeps no state between validations of one compiled survey", () => {
    const survey = compileSurvey(questionIf);
    const first = { bus: "yes", bus_rating: 4 };
    const second = { bus: "no", bus_rating: 4 };
    expect(survey.validate(first)).toEqual({ ok: true, data: first });
    expect(survey.validate(second)).toEqual({ ok: true, data: { bus: "no" } });
    expect(survey.validate(first)).toEqual({ ok: true, data: first });
    expect(survey.validate({ bus: "yes" })).toEqual({ ok: false, issues: [required("bus_rating")] });
    expect(survey.validate(first)).toEqual({ ok: true, data: first });
  });

  it("does not change the data it is given", () => {
    const survey = compileSurvey(calculated);
    const data = { age: "12", adult: true, drinks: true };
    const copy = structuredClone(data);
    survey.validate(data);
    expect(data).toEqual(copy);
  });
});
