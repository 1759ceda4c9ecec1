// Derives the columns of a survey version's paper data-entry template: one per answer a paper form can hold.
// It reads survey-core's model only (no I/O) and converts no cells; convertCells.ts turns cell text into answers.
import { type ItemValue, Model, type Question, settings } from "survey-core";
import { registerCustomProperties } from "../catalogue/customProperties";
import { bilingual, questionTitle, surveyQuestions } from "../catalogue/surveyModel";
import type { SurveyDefinition } from "../catalogue/types";

/**
 * What a column holds, so a keying screen can render one input per column:
 * form_no (the number written on the paper form), unit / group (an id from the lists), date (YYYY-MM-DD),
 * scale (a rating point, min..max), number, choice (one of `choices`), multi_choice (several, `;`-separated),
 * boolean (one of two `choices`), text (one line), comment (free text, e.g. "other, please specify").
 */
export const columnKinds = [
  "form_no",
  "unit",
  "group",
  "date",
  "scale",
  "number",
  "choice",
  "multi_choice",
  "boolean",
  "text",
  "comment",
] as const;
export type ColumnKind = (typeof columnKinds)[number];

export interface Bilingual {
  default: string;
  "zh-cn": string;
}

export interface PaperChoice {
  value: string | number | boolean;
  text: Bilingual;
}

export interface PaperColumn {
  name: string;
  kind: ColumnKind;
  /** The SurveyJS question the column answers; null for form_no, unit_id, group_id and filled_on. */
  questionName: string | null;
  title: Bilingual;
  required: boolean;
  choices?: PaperChoice[];
  min?: number;
  max?: number;
  multiple?: boolean;
}

/** A column plus where its answer goes in SurveyJS data (never sent to clients). */
export interface ColumnPlan extends PaperColumn {
  /** Keys into the response data: ["q"], ["matrix", "row"], ["q-Comment"]; empty for the envelope columns. */
  target: string[];
}

export interface PaperLayout {
  columns: ColumnPlan[];
  /** Questions a fixed paper grid cannot hold (dynamic panels and matrices, files, signatures, …). */
  omitted: { questionName: string; type: string }[];
}

export const envelopeColumns: readonly ColumnPlan[] = [
  {
    name: "form_no",
    kind: "form_no",
    questionName: null,
    title: { default: "Form number (as written on the paper form)", "zh-cn": "问卷编号(纸质问卷上的编号)" },
    required: true,
    target: [],
  },
  {
    name: "unit_id",
    kind: "unit",
    questionName: null,
    title: { default: "Unit (id from the units sheet)", "zh-cn": "单位(单位表中的编号)" },
    required: true,
    target: [],
  },
  {
    name: "group_id",
    kind: "group",
    questionName: null,
    title: { default: "Respondent group (id from the groups sheet)", "zh-cn": "填写群体(群体表中的编号)" },
    required: true,
    target: [],
  },
  {
    name: "filled_on",
    kind: "date",
    questionName: null,
    title: { default: "Date filled in (YYYY-MM-DD; blank: today)", "zh-cn": "填写日期(年-月-日;空白为当天)" },
    required: false,
    target: [],
  },
];

const NO_VALUE = new Set(["html", "image", "empty", "expression"]);

export function paperLayout(definition: SurveyDefinition): PaperLayout {
  registerCustomProperties();
  // Design mode keeps isRequired as written rather than applying requiredIf to an empty response.
  const model = new Model();
  model.setDesignMode(true);
  model.fromJSON(definition);
  const suffix = model.commentSuffix || settings.commentSuffix;
  const columns: ColumnPlan[] = [...envelopeColumns];
  const omitted: PaperLayout["omitted"] = [];

  for (const { question, templateOf } of surveyQuestions(model)) {
    if (templateOf !== null) continue;
    const type = question.getType();
    if (NO_VALUE.has(type)) continue;
    const added = questionColumns(question, suffix);
    if (added === null) omitted.push({ questionName: question.name, type });
    else columns.push(...added);
  }
  return { columns, omitted };
}

/** The public shape (what GET /api/waves/:id/paper lists): the plan without its data targets. */
export function publicColumn({ target: _target, ...column }: ColumnPlan): PaperColumn {
  return column;
}

function prop<T = unknown>(obj: object, name: string): T {
  return (obj as Record<string, unknown>)[name] as T;
}

function titleOf(question: Question): Bilingual {
  const t = questionTitle(question);
  return { default: t.en, "zh-cn": t.zh };
}

function itemText(item: ItemValue): Bilingual {
  const t = bilingual(item.locText, String(item.value));
  return { default: t.en, "zh-cn": t.zh };
}

function joined(a: Bilingual, b: Bilingual): Bilingual {
  return { default: `${a.default} — ${b.default}`, "zh-cn": `${a["zh-cn"]} — ${b["zh-cn"]}` };
}

function choiceOf(item: ItemValue): PaperChoice {
  const value = item.value as unknown;
  const plain = typeof value === "number" || typeof value === "boolean" ? value : String(value);
  return { value: plain, text: itemText(item) };
}

function numberOf(value: unknown): number | undefined {
  if (value === "" || value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Listed choices plus the "other", "none", "refuse" and "don't know" items the question shows. */
function selectChoices(question: Question): PaperChoice[] {
  const items = [...(prop<ItemValue[]>(question, "choices") ?? [])];
  for (const [flag, item] of [
    ["showNoneItem", "noneItem"],
    ["showRefuseItem", "refuseItem"],
    ["showDontKnowItem", "dontKnowItem"],
    ["showOtherItem", "otherItem"],
  ] as const) {
    const special = prop<ItemValue | undefined>(question, item);
    if (prop<boolean>(question, flag) === true && special) items.push(special);
  }
  return items.map(choiceOf);
}

function questionColumns(question: Question, suffix: string): ColumnPlan[] | null {
  const type = question.getType();
  const name = question.getValueName();
  const title = titleOf(question);
  const required = question.isRequired === true;
  const base = { questionName: question.name, title, required };
  const out: ColumnPlan[] = [];
  const commentColumn = (label: Bilingual): ColumnPlan => ({
    name: `${name}${suffix}`,
    kind: "comment",
    questionName: question.name,
    title: joined(title, label),
    required: false,
    target: [`${name}${suffix}`],
  });

  switch (type) {
    case "rating": {
      const points = (prop<ItemValue[]>(question, "visibleRateValues") ?? []).map(choiceOf);
      const numeric = points.map((p) => p.value).filter((v): v is number => typeof v === "number");
      out.push({
        name,
        kind: numeric.length === points.length && points.length > 0 ? "scale" : "choice",
        ...base,
        choices: points,
        ...(numeric.length > 0 ? { min: Math.min(...numeric), max: Math.max(...numeric) } : {}),
        target: [name],
      });
      break;
    }
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox":
    case "imagepicker": {
      const multiple =
        type === "checkbox" || type === "tagbox" || (type === "imagepicker" && prop(question, "multiSelect"));
      out.push({
        name,
        kind: multiple ? "multi_choice" : "choice",
        ...base,
        choices: selectChoices(question),
        ...(multiple ? { multiple: true } : {}),
        target: [name],
      });
      if (prop<boolean>(question, "showOtherItem") === true) {
        const other = prop<ItemValue>(question, "otherItem");
        out.push(commentColumn(itemText(other)));
      }
      break;
    }
    case "boolean": {
      const yes = prop<unknown>(question, "valueTrue");
      const no = prop<unknown>(question, "valueFalse");
      const plain = (v: unknown, fallback: boolean) =>
        v === undefined || v === null || v === "" ? fallback : (v as string | number | boolean);
      out.push({
        name,
        kind: "boolean",
        ...base,
        choices: [
          { value: plain(yes, true), text: { default: "Yes", "zh-cn": "是" } },
          { value: plain(no, false), text: { default: "No", "zh-cn": "否" } },
        ],
        target: [name],
      });
      break;
    }
    case "text": {
      const inputType = String(prop(question, "inputType") ?? "text");
      const numeric = inputType === "number" || inputType === "range";
      const min = numeric ? numberOf(prop(question, "min")) : undefined;
      const max = numeric ? numberOf(prop(question, "max")) : undefined;
      out.push({
        name,
        kind: numeric ? "number" : inputType === "date" ? "date" : "text",
        ...base,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        target: [name],
      });
      break;
    }
    case "comment":
      out.push({ name, kind: "comment", ...base, target: [name] });
      break;
    case "matrix": {
      const columns = (prop<ItemValue[]>(question, "columns") ?? []).map(choiceOf);
      const numeric = columns.every((c) => typeof c.value === "number");
      const multiple = prop<boolean>(question, "isMultiSelect") === true;
      const eachRow = prop<boolean>(question, "eachRowRequired") === true;
      for (const row of prop<ItemValue[]>(question, "rows") ?? []) {
        const rowValue = String(row.value);
        const values = columns.map((c) => c.value as number);
        out.push({
          name: `${name}.${rowValue}`,
          kind: multiple ? "multi_choice" : numeric && columns.length > 0 ? "scale" : "choice",
          questionName: question.name,
          title: joined(title, itemText(row)),
          required: eachRow,
          choices: columns,
          ...(multiple ? { multiple: true } : {}),
          ...(numeric && !multiple && columns.length > 0
            ? { min: Math.min(...values), max: Math.max(...values) }
            : {}),
          target: [name, rowValue],
        });
      }
      break;
    }
    case "multipletext": {
      for (const item of prop<{ name: string; locTitle: ItemValue["locText"]; inputType?: string }[]>(
        question,
        "items",
      ) ?? []) {
        const t = bilingual(item.locTitle, item.name);
        const numeric = item.inputType === "number";
        out.push({
          name: `${name}.${item.name}`,
          kind: numeric ? "number" : "text",
          questionName: question.name,
          title: joined(title, { default: t.en, "zh-cn": t.zh }),
          required: false,
          target: [name, item.name],
        });
      }
      break;
    }
    default:
      return null;
  }
  if (prop<boolean>(question, "showCommentArea") === true && !out.some((c) => c.kind === "comment")) {
    out.push(commentColumn({ default: "comment", "zh-cn": "备注" }));
  }
  return out;
}
