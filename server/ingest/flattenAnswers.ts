// Turns a validated response's kept data into long-format answer rows (one per scale answer, choice, cell, rank…).
// It trusts its input (validateAnswers ran first), adds nothing identifying, and never flattens file or signature content.
import type { AnswerRow } from "../catalogue/types";
import { isEmptyValue, isPlainObject } from "./validation/issues";
import type { ElementPlan, QuestionPlan, SurveyPlan } from "./validation/plan";

const SCALAR_CHOICE_TYPES = new Set(["rating", "radiogroup", "dropdown", "imagepicker"]);
// The types surveyItems turns into scale items; a topic elsewhere (cells, panels, image pickers) names no item.
const SCALE_TYPES = new Set(["rating", "radiogroup", "dropdown", "matrix"]);
const MULTI_CHOICE_TYPES = new Set(["checkbox", "tagbox", "imagepicker"]);
// File uploads and signatures stay in the stored JSON only: they are content, not answers one can count,
// and may carry a face or a handwritten name. Expressions are computed by the survey, not given by anyone.
const NOT_FLATTENED = new Set(["file", "signaturepad", "expression", "html", "image"]);

export function flattenAnswers(plan: SurveyPlan, data: Record<string, unknown>): AnswerRow[] {
  const rows: AnswerRow[] = [];
  // Questions sharing one valueName (a checkbox and its dynamic panel) each flatten their own part of it.
  for (const question of plan.questions) {
    if (!question.hasValue) continue;
    flattenField(question, data[question.valueName], question.name, null, true, rows);
    if (question.commentKey === null) continue;
    const comment = data[question.commentKey];
    if (typeof comment === "string" && comment.trim() !== "") {
      rows.push(row(question.commentKey, question.demand ? "demand" : "text", null, comment, null));
    }
  }
  return rows;
}

function row(
  itemId: string,
  kind: AnswerRow["kind"],
  valueNum: number | null,
  valueText: string | null,
  position: number | null,
): AnswerRow {
  return { itemId, kind, valueNum, valueText, position };
}

function numberOf(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A choice row: its text always, its number when the choice value is a number. */
function choiceRow(itemId: string, value: unknown, position: number | null): AnswerRow {
  return row(itemId, "choice", numberOf(value), String(value), position);
}

/** A numeric answer of a top-level scale item is a scale (or eNPS) row; anything else is an ordinary choice. */
function scaleOrChoice(
  field: QuestionPlan,
  topLevel: boolean,
  itemId: string,
  value: unknown,
  position: number | null,
): AnswerRow {
  const n = numberOf(value);
  if (n !== null && topLevel && field.enps) return row(itemId, "enps", n, null, position);
  if (n !== null && topLevel && field.topic !== null && SCALE_TYPES.has(field.type)) {
    return row(itemId, "scale", n, null, position);
  }
  return choiceRow(itemId, value, position);
}

function flattenField(
  field: QuestionPlan,
  value: unknown,
  itemId: string,
  position: number | null,
  topLevel: boolean,
  rows: AnswerRow[],
): void {
  if (isEmptyValue(value) || NOT_FLATTENED.has(field.type)) return;
  if (MULTI_CHOICE_TYPES.has(field.type) && field.multiple) {
    if (!Array.isArray(value)) return;
    const vpn = field.valuePropertyName;
    for (const element of value) {
      const choice = vpn !== null && isPlainObject(element) ? element[vpn] : element;
      if (!isEmptyValue(choice)) rows.push(choiceRow(itemId, choice, position));
    }
    return;
  }
  if (SCALAR_CHOICE_TYPES.has(field.type)) {
    rows.push(scaleOrChoice(field, topLevel, itemId, value, position));
    return;
  }
  switch (field.type) {
    case "ranking":
      if (Array.isArray(value))
        value.forEach((item, index) => {
          rows.push(row(itemId, "rank", null, String(item), index + 1));
        });
      return;
    case "text":
    case "comment":
      if (field.numeric) {
        const n = numberOf(value);
        if (n !== null) rows.push(row(itemId, "number", n, null, position));
        return;
      }
      rows.push(row(itemId, field.demand ? "demand" : "text", null, String(value), position));
      return;
    case "boolean":
      rows.push(row(itemId, "boolean", value === field.valueTrue ? 1 : 0, String(value), position));
      return;
    case "slider":
      if (Array.isArray(value)) {
        value.forEach((n, index) => {
          rows.push(row(itemId, "number", numberOf(n), null, index + 1));
        });
      } else {
        rows.push(row(itemId, "number", numberOf(value), null, position));
      }
      return;
    case "matrix":
      if (!isPlainObject(value)) return;
      for (const rowKey in value) {
        const cell = value[rowKey];
        const cellId = `${itemId}.${rowKey}`;
        if (isEmptyValue(cell)) continue;
        if (Array.isArray(cell)) for (const choice of cell) rows.push(choiceRow(cellId, choice, position));
        else rows.push(scaleOrChoice(field, topLevel, cellId, cell, position));
      }
      return;
    case "matrixdropdown":
      if (!isPlainObject(value)) return;
      for (const rowKey in value) {
        const cells = value[rowKey];
        if (!isPlainObject(cells)) continue;
        for (const column of field.columns ?? []) {
          flattenField(
            column,
            cells[column.valueName],
            `${itemId}.${rowKey}.${column.name}`,
            position,
            false,
            rows,
          );
        }
      }
      return;
    case "matrixdynamic":
      if (!Array.isArray(value)) return;
      value.forEach((cells, index) => {
        if (!isPlainObject(cells)) return;
        for (const column of field.columns ?? []) {
          flattenField(column, cells[column.valueName], `${itemId}.${column.name}`, index + 1, false, rows);
        }
      });
      return;
    case "multipletext":
      if (!isPlainObject(value)) return;
      for (const item of field.columns ?? []) {
        flattenField(item, value[item.valueName], `${itemId}.${item.name}`, position, false, rows);
      }
      return;
    case "paneldynamic":
      if (!Array.isArray(value)) return;
      value.forEach((panel, index) => {
        if (isPlainObject(panel)) flattenTemplate(field.template ?? [], panel, itemId, index + 1, rows);
      });
      return;
    default:
      // Custom component types: keep plain text and numbers, skip shapes we cannot name.
      if (typeof value === "string") rows.push(row(itemId, "text", null, value, position));
      else if (numberOf(value) !== null) rows.push(row(itemId, "number", numberOf(value), null, position));
  }
}

function flattenTemplate(
  elements: readonly ElementPlan[],
  panel: Record<string, unknown>,
  itemId: string,
  position: number,
  rows: AnswerRow[],
): void {
  for (const element of elements) {
    if (element.kind === "container") {
      flattenTemplate(element.children, panel, itemId, position, rows);
    } else if (element.hasValue) {
      flattenField(element, panel[element.valueName], `${itemId}.${element.name}`, position, false, rows);
    }
  }
}
