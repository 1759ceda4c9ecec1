// The paper form's structure: the round's template columns (the server's, in template order) grouped into
// numbered questions with their survey texts, sections and show-conditions. Pure: no I/O, no React.
import type { LocalizedText } from "../i18n";
import type { PaperColumn } from "./paperApi";

/** The parts of a SurveyJS element the paper form prints. */
export interface SurveyElement {
  type?: string;
  name?: string;
  title?: LocalizedText;
  description?: LocalizedText;
  visibleIf?: string;
  isRequired?: boolean;
  rateMin?: number;
  rateMax?: number;
  rateValues?: (number | { value: number; text?: LocalizedText })[];
  minRateDescription?: LocalizedText;
  maxRateDescription?: LocalizedText;
  columns?: { value: string | number; text?: LocalizedText }[];
  rows?: ({ value: string | number; text?: LocalizedText } | string)[];
  choices?: ({ value: string | number; text?: LocalizedText } | string | number)[];
  showOtherItem?: boolean;
  hasOther?: boolean;
  otherText?: LocalizedText;
  demand?: boolean;
  maxLength?: number;
  elements?: SurveyElement[];
  templateElements?: SurveyElement[];
}

export interface OutlineQuestion {
  number: number;
  name: string;
  title: LocalizedText;
  element: SurveyElement | undefined;
  /** Its template columns in order: one for most questions, one per row for a matrix, plus an "other" text. */
  columns: PaperColumn[];
}

export interface OutlineSection {
  title: LocalizedText | undefined;
  questions: OutlineQuestion[];
}

export interface Outline {
  /** form_no, unit, group, date: the boxes at the top of the form. */
  header: PaperColumn[];
  sections: OutlineSection[];
  numberOf: Map<string, number>;
  choiceTexts: Map<string, LocalizedText>;
}

const headerKinds = new Set(["form_no", "unit", "group", "date"]);

interface Located {
  element: SurveyElement;
  page: number;
  pageTitle: LocalizedText | undefined;
}

function locate(survey: Record<string, unknown>): Map<string, Located> {
  const found = new Map<string, Located>();
  const pages = (survey.pages as { title?: LocalizedText; elements?: SurveyElement[] }[] | undefined) ?? [
    { elements: survey.elements as SurveyElement[] | undefined },
  ];
  pages.forEach((page, index) => {
    const walk = (elements: SurveyElement[] | undefined) => {
      for (const element of elements ?? []) {
        if (element.name && !found.has(element.name))
          found.set(element.name, { element, page: index, pageTitle: page.title });
        walk(element.elements);
        walk(element.templateElements);
      }
    };
    walk(page.elements);
  });
  return found;
}

export function buildOutline(columns: PaperColumn[], survey: Record<string, unknown>): Outline {
  const located = locate(survey);
  const header = columns.filter((c) => headerKinds.has(c.kind));
  const byQuestion = new Map<string, PaperColumn[]>();
  for (const column of columns) {
    if (headerKinds.has(column.kind)) continue;
    const question = column.questionName ?? column.name;
    const list = byQuestion.get(question) ?? [];
    list.push(column);
    byQuestion.set(question, list);
  }
  const sections: OutlineSection[] = [];
  const numberOf = new Map<string, number>();
  let lastPage: number | undefined;
  let number = 0;
  for (const [name, own] of byQuestion) {
    const where = located.get(name);
    // A question the survey JSON does not place (it cannot happen with the server's columns) opens no section.
    if (!sections.length || (where && where.page !== lastPage)) {
      sections.push({ title: where?.pageTitle, questions: [] });
      lastPage = where?.page;
    }
    number += 1;
    numberOf.set(name, number);
    sections[sections.length - 1]?.questions.push({
      number,
      name,
      title: where?.element.title ?? (own.length === 1 ? own[0]?.title : undefined) ?? name,
      element: where?.element,
      columns: own,
    });
  }
  return { header, sections, numberOf, choiceTexts: choiceTexts(columns) };
}

/** A SurveyJS visibleIf in words: `{q9} <= 2 and {q10} notempty` → "Q9 ≤ 2 and Q10 is answered". */
export function conditionText(
  expression: string,
  numberOf: Map<string, number>,
  words: { question: (n: number) => string; answered: string; and: string; or: string },
  /** A quoted choice value in words (its text on the form), if it is one. */
  choiceText: (value: string) => string | undefined = () => undefined,
): string {
  return expression
    .replace(/'([^']*)'|"([^"]*)"/g, (m, a?: string, b?: string) => {
      const text = choiceText(a ?? b ?? "");
      return text === undefined ? m : `“${text}”`;
    })
    .replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const n = numberOf.get(name.split(".")[0] ?? name);
      return n === undefined ? name : words.question(n);
    })
    .replace(/\s+notempty\b/gi, ` ${words.answered}`)
    .replace(/\s+and\s+/gi, ` ${words.and} `)
    .replace(/\s+or\s+/gi, ` ${words.or} `)
    .replace(/<>|!=/g, "≠")
    .replace(/<=/g, "≤")
    .replace(/>=/g, "≥")
    .replace(/==/g, "=");
}

/** Every choice value of the form with its text, for conditions that name a choice. */
export function choiceTexts(columns: readonly PaperColumn[]): Map<string, LocalizedText> {
  const texts = new Map<string, LocalizedText>();
  for (const column of columns)
    for (const choice of column.choices ?? [])
      if (typeof choice.value === "string" && !texts.has(choice.value)) texts.set(choice.value, choice.text);
  return texts;
}

/** The scale's points: the question's own rate values if it has them, else min..max. */
export function scalePoints(column: PaperColumn, element: SurveyElement | undefined): number[] {
  if (element?.rateValues?.length)
    return element.rateValues.map((v) => (typeof v === "number" ? v : v.value));
  const min = column.min ?? element?.rateMin ?? 1;
  const max = column.max ?? element?.rateMax ?? 5;
  const points: number[] = [];
  for (let v = min; v <= max && points.length < 21; v++) points.push(v);
  return points;
}

export function rowText(element: SurveyElement | undefined, column: PaperColumn): LocalizedText {
  const rowValue = column.name.slice((column.questionName ?? "").length + 1);
  for (const row of element?.rows ?? []) {
    if (typeof row === "string") {
      if (row === rowValue) return row;
    } else if (String(row.value) === rowValue) return row.text ?? String(row.value);
  }
  return column.title;
}
