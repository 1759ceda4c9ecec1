// Generates a realistic, valid SurveyJS answer set for any survey, deterministically from a seed, answering through
// survey-core's own model page by page (so its logic reacts as in a browser). Test/bench helper; slow; not for the server.
import { type ItemValue, Model, type PanelModel, type Question, type SurveyValidator } from "survey-core";
import { registerCustomProperties } from "../../server/catalogue/customProperties";
import type { SurveyDefinition } from "../../server/catalogue/types";

type Rng = () => number;

/** mulberry32: tiny, fast, and the same sequence on every machine for one seed. */
function rngFor(seed: number): Rng {
  let a = (seed * 2654435761) >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function prop<T = unknown>(obj: object, name: string): T {
  return (obj as Record<string, unknown>)[name] as T;
}

const PHRASES = [
  "班车准点率还可以再提高",
  "The canteen could offer more vegetables.",
  "希望加强岗位技能培训",
  "Shift handover notes are often incomplete.",
  "Please fix the heating in the station office.",
  "建议优化夜班值守安排",
];

export function generateValidData(definition: SurveyDefinition, seed: number): Record<string, unknown> {
  registerCustomProperties();
  const model = new Model(definition);
  const rng = rngFor(seed);
  // Page by page and in order, so each answer can change what later questions show, as it does for a person.
  for (const page of model.pages) {
    for (const question of page.questions as Question[]) {
      if (page.isVisible && question.isVisible && question.isParentVisible) answer(question, rng);
    }
  }
  clearHidden(model);
  return JSON.parse(JSON.stringify(model.data)) as Record<string, unknown>;
}

/** Answers may hide questions answered earlier; a finished SurveyJS form drops those answers too. */
function clearHidden(model: Model): void {
  const questions = model.getAllQuestions(false, false, false) as Question[];
  const visibleKeys = new Set(
    questions
      .filter((q) => q.isVisible && q.isParentVisible && q.page?.isVisible)
      .map((q) => q.getValueName()),
  );
  for (const question of questions) {
    if (!visibleKeys.has(question.getValueName())) model.clearValue(question.getValueName());
  }
  for (const question of questions) {
    if (question.getType() !== "paneldynamic" || !visibleKeys.has(question.getValueName())) continue;
    for (const panel of prop<PanelModel[]>(question, "panels")) {
      for (const inner of panel.questions as Question[]) {
        if (!inner.isVisible || !inner.isParentVisible) inner.clearValue();
      }
    }
  }
}

function answer(question: Question, rng: Rng): void {
  const type = question.getType();
  if (type === "html" || type === "image" || type === "expression") return;
  if (question.isReadOnly) return;
  // Skip some optional questions, as people do; composite questions are always entered so their parts get answers.
  const composite = ["paneldynamic", "matrixdynamic", "matrixdropdown", "multipletext"].includes(type);
  if (!question.isRequired && !composite && rng() < 0.15) return;
  // Only text answers can miss a rule we did not model (regex, expression validators); survey-core's own
  // check is slow on big surveys, so it runs only where a retry can help.
  const guessed = type === "text" || type === "comment" || type === "multipletext";
  for (let attempt = 0; attempt < 6; attempt++) {
    setAnswer(question, rng);
    if (!guessed || !question.hasErrors(false)) return;
  }
  // No valid answer found (e.g. a regex we cannot guess): leave it empty unless it is required.
  if (!question.isRequired) question.clearValue();
}

function regularChoices(question: Question): ItemValue[] {
  const special = new Set(
    ["otherItem", "noneItem", "refuseItem", "dontKnowItem", "selectAllItem"]
      .map((name) => prop<ItemValue | undefined>(question, name))
      .filter((item): item is ItemValue => item !== undefined),
  );
  // Sorted: choicesOrder "random" shuffles visibleChoices with Math.random, which would break determinism.
  return (prop<ItemValue[]>(question, "visibleChoices") ?? [])
    .filter((item) => !special.has(item))
    .sort((a, b) => (String(a.value) < String(b.value) ? -1 : String(a.value) > String(b.value) ? 1 : 0));
}

function setAnswer(question: Question, rng: Rng): void {
  const type = question.getType();
  switch (type) {
    case "rating":
      question.value = pick(rng, prop<ItemValue[]>(question, "visibleRateValues")).value;
      return;
    case "radiogroup":
    case "dropdown":
      setSingleChoice(question, rng);
      return;
    case "imagepicker":
      if (prop<boolean>(question, "multiSelect")) {
        setMultiChoice(question, rng);
        return;
      }
      setSingleChoice(question, rng);
      return;
    case "checkbox":
    case "tagbox":
      setMultiChoice(question, rng);
      return;
    case "boolean": {
      const yes = rng() < 0.5;
      question.value = yes ? (prop(question, "valueTrue") ?? true) : (prop(question, "valueFalse") ?? false);
      return;
    }
    case "ranking": {
      const choices = shuffle(rng, regularChoices(question)).map((item) => item.value);
      if (prop<boolean>(question, "selectToRankEnabled")) {
        const max = prop<number>(question, "maxSelectedChoices") || choices.length;
        const min = Math.max(1, prop<number>(question, "minSelectedChoices") || 1);
        question.value = choices.slice(
          0,
          int(rng, Math.min(min, choices.length), Math.min(max, choices.length)),
        );
      } else {
        question.value = choices;
      }
      return;
    }
    case "text":
      question.value = textValue(question, prop<string>(question, "inputType") || "text", rng);
      return;
    case "comment":
      question.value = fitLength(pick(rng, PHRASES), question);
      return;
    case "matrix":
      setMatrix(question, rng);
      return;
    case "matrixdropdown":
    case "matrixdynamic":
      setMatrixCells(question, rng);
      return;
    case "multipletext": {
      const value: Record<string, unknown> = {};
      for (const item of prop<object[]>(question, "items")) {
        const editor = prop<Question>(item, "editor");
        value[prop<string>(item, "name")] = textValue(editor, prop<string>(item, "inputType") || "text", rng);
      }
      question.value = value;
      return;
    }
    case "paneldynamic":
      setPanels(question, rng);
      return;
    case "file":
      question.value = [{ name: `photo-${int(rng, 1, 99)}.png`, type: "image/png", content: TINY_PNG }];
      return;
    case "signaturepad":
      question.value = prop(question, "dataFormat") === "svg" ? TINY_SVG : TINY_PNG;
      return;
    case "slider": {
      const min = prop<number>(question, "min") ?? 0;
      const max = prop<number>(question, "max") ?? 100;
      if (prop(question, "sliderType") === "range") {
        const a = int(rng, min, max);
        const b = int(rng, a, max);
        question.value = [a, b];
      } else {
        question.value = int(rng, min, max);
      }
      return;
    }
    default:
      // A custom component: leave it to the survey's own default, if any.
      return;
  }
}

const TINY_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const TINY_SVG = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=";

function setSingleChoice(question: Question, rng: Rng): void {
  const regular = regularChoices(question);
  const other = prop<ItemValue>(question, "otherItem");
  // Now and then "other" with its text, which exercises the name-Comment key.
  if (prop<boolean>(question, "showOtherItem") && (regular.length === 0 || rng() < 0.1)) {
    question.value = other.value;
    question.comment = pick(rng, PHRASES);
    return;
  }
  if (regular.length === 0) return;
  question.value = pick(rng, regular).value;
}

function setMultiChoice(question: Question, rng: Rng): void {
  const regular = regularChoices(question).map((item) => item.value);
  if (regular.length === 0) return;
  const maxSelected = prop<number>(question, "maxSelectedChoices") || Math.min(3, regular.length);
  const minSelected = Math.max(1, prop<number>(question, "minSelectedChoices") || 1);
  const count = int(
    rng,
    Math.min(minSelected, regular.length),
    Math.min(Math.max(minSelected, maxSelected), regular.length),
  );
  const chosen = shuffle(rng, regular).slice(0, count);
  const vpn = prop<string | undefined>(question, "valuePropertyName");
  question.value = vpn ? chosen.map((value) => ({ [vpn]: value })) : chosen;
}

function setMatrix(question: Question, rng: Rng): void {
  const columns = (
    prop<ItemValue[]>(question, "visibleColumns") ?? prop<ItemValue[]>(question, "columns")
  ).map((column) => column.value);
  if (columns.length === 0) return;
  const multi = prop<boolean>(question, "isMultiSelect");
  const value: Record<string, unknown> = {};
  for (const row of prop<{ name: unknown }[]>(question, "visibleRows")) {
    value[String(row.name)] = multi
      ? shuffle(rng, columns).slice(0, int(rng, 1, columns.length))
      : pick(rng, columns);
  }
  question.value = value;
}

function setMatrixCells(question: Question, rng: Rng): void {
  if (question.getType() === "matrixdynamic") {
    const min = prop<number>(question, "minRowCount") ?? 0;
    const max = prop<number>(question, "maxRowCount") ?? 1000;
    const count = Math.min(max, Math.max(min, int(rng, 1, 3)));
    (question as unknown as { rowCount: number }).rowCount = count;
  }
  for (const row of prop<{ cells: { question: Question }[] }[]>(question, "visibleRows")) {
    for (const cell of row.cells) {
      const inner = cell.question;
      if (inner.isVisible && !inner.isReadOnly) answer(inner, rng);
    }
  }
}

function setPanels(question: Question, rng: Rng): void {
  const bound = prop<
    { isBindable?: unknown; getValueNameByPropertyName?: (name: string) => string } | undefined
  >(question, "bindings");
  const panelCountBound = Boolean(bound?.getValueNameByPropertyName?.("panelCount"));
  const panel = question as unknown as { panelCount: number; minPanelCount: number; maxPanelCount: number };
  // A panel sharing its value with a checkbox gets its panels from that checkbox's selection.
  const survey = question.survey as unknown as { getAllQuestions(): Question[] } | null;
  const shared = (survey?.getAllQuestions() ?? []).some(
    (other) => other !== question && other.getValueName() === question.getValueName(),
  );
  if (!panelCountBound && !shared && panel.panelCount === 0) {
    panel.panelCount = Math.min(
      panel.maxPanelCount || 100,
      Math.max(panel.minPanelCount || 0, int(rng, 1, 2)),
    );
  }
  for (const item of prop<PanelModel[]>(question, "panels")) {
    for (const inner of item.questions as Question[]) {
      if (inner.isVisible && inner.isParentVisible) answer(inner, rng);
    }
  }
}

function validatorsOf(question: object): SurveyValidator[] {
  return prop<SurveyValidator[] | undefined>(question, "validators") ?? [];
}

function numberBounds(question: object): [number, number] {
  let min = Number(prop(question, "min"));
  let max = Number(prop(question, "max"));
  if (!Number.isFinite(min) || prop(question, "min") === undefined || prop(question, "min") === "") min = 1;
  if (!Number.isFinite(max) || prop(question, "max") === undefined || prop(question, "max") === "")
    max = min + 99;
  for (const validator of validatorsOf(question)) {
    if (validator.getType() !== "numericvalidator") continue;
    const v = validator as unknown as { minValue?: number; maxValue?: number };
    if (typeof v.minValue === "number") min = Math.max(min, v.minValue);
    if (typeof v.maxValue === "number") max = Math.min(max, v.maxValue);
  }
  return [Math.ceil(min), Math.floor(Math.max(min, max))];
}

function fitLength(text: string, question: object): string {
  let out = text;
  for (const validator of validatorsOf(question)) {
    if (validator.getType() !== "textvalidator") continue;
    const v = validator as unknown as { minLength?: number; maxLength?: number; allowDigits?: boolean };
    while (v.minLength && out.length < v.minLength) out += ` ${text}`;
    if (v.maxLength && out.length > v.maxLength) out = out.slice(0, v.maxLength);
    if (v.allowDigits === false) out = out.replace(/\d/g, "");
  }
  const getMaxLength = prop<(() => number | null) | undefined>(question, "getMaxLength");
  const maxLength = getMaxLength ? getMaxLength.call(question) : null;
  return maxLength && maxLength > 0 ? out.slice(0, maxLength) : out;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function textValue(question: object, inputType: string, rng: Rng): unknown {
  switch (inputType) {
    case "number":
    case "range": {
      const [min, max] = numberBounds(question);
      return int(rng, min, max);
    }
    case "date":
    case "datetime-local":
    case "month":
    case "week": {
      const year = int(rng, 1960, 2005);
      const month = int(rng, 1, 12);
      const day = int(rng, 1, 28);
      let value =
        inputType === "month"
          ? `${year}-${pad(month)}`
          : inputType === "week"
            ? `${year}-W${pad(int(rng, 1, 52))}`
            : `${year}-${pad(month)}-${pad(day)}`;
      if (inputType === "datetime-local") value += `T${pad(int(rng, 7, 18))}:${pad(int(rng, 0, 59))}`;
      const min = prop<string | undefined>(question, "min");
      const max = prop<string | undefined>(question, "max");
      if (typeof min === "string" && min !== "" && value < min) value = min;
      if (typeof max === "string" && max !== "" && value > max) value = max;
      return value;
    }
    case "time":
      return `${pad(int(rng, 6, 20))}:${pad(int(rng, 0, 59))}`;
    case "color":
      return `#${int(rng, 0, 0xffffff).toString(16).padStart(6, "0")}`;
    case "email":
      return `staff${int(rng, 1, 9999)}@example.com`;
    case "tel":
      return `+86 138 ${int(rng, 1000, 9999)} ${int(rng, 1000, 9999)}`;
    case "url":
      return `https://example.com/page/${int(rng, 1, 999)}`;
    case "password":
      return `pw-${int(rng, 100000, 999999)}`;
    default: {
      const hasEmail = validatorsOf(question).some((v) => v.getType() === "emailvalidator");
      if (hasEmail) return `staff${int(rng, 1, 9999)}@example.com`;
      const hasNumeric = validatorsOf(question).some((v) => v.getType() === "numericvalidator");
      // A plain text input stores what was typed, so a number is kept as its text.
      if (hasNumeric) return String(int(rng, ...numberBounds(question)));
      return fitLength(pick(rng, PHRASES), question);
    }
  }
}
