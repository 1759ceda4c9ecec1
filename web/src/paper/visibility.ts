// Which questions the survey's own logic hides for the answers keyed so far (visibleIf), so the keying screen can
// skip their fields. Advice only: the server validates visibility itself and drops values of hidden questions.
import { Model } from "survey-core";
import { registerCustomProperties } from "../../../server/catalogue/customProperties";
import { cellOf } from "./keying";
import type { PaperColumn, PaperDescription } from "./paperApi";

// The surveys use topic/enps/demand; survey-core must know them before it parses a definition.
registerCustomProperties();

export function surveyModel(paper: PaperDescription): Model {
  return new Model(paper.survey);
}

/** A cell as the SurveyJS value it stands for (the type the survey's conditions compare against). */
function answerOf(column: PaperColumn, cell: string): unknown {
  const choices = column.choices ?? [];
  const choice = (part: string) => choices.find((c) => String(c.value) === part)?.value ?? part;
  switch (column.kind) {
    case "scale":
    case "number":
      return Number.isFinite(Number(cell)) ? Number(cell) : cell;
    case "choice":
      return choice(cell);
    case "multi_choice":
      return cell.split(";").map(choice);
    case "boolean":
      return cell === "1" ? choices[0]?.value : choices[1]?.value;
    default:
      return cell;
  }
}

/** Names of the columns whose question is hidden by the survey's logic for what is typed so far. */
export function hiddenColumns(
  model: Model,
  paper: PaperDescription,
  typed: Readonly<Record<string, string>>,
): Set<string> {
  const data: Record<string, unknown> = {};
  for (const column of paper.columns) {
    if (column.questionName === null) continue;
    const cell = cellOf(column, typed[column.name] ?? "", paper);
    if (cell === null) continue;
    const value = answerOf(column, cell);
    const row = column.name.startsWith(`${column.questionName}.`)
      ? column.name.slice(column.questionName.length + 1)
      : null;
    if (row === null) data[column.name] = value;
    else data[column.questionName] = { ...(data[column.questionName] as object), [row]: value };
  }
  model.data = data;
  const hidden = new Set<string>();
  for (const column of paper.columns) {
    if (column.questionName === null) continue;
    const question = model.getQuestionByName(column.questionName);
    if (question && !question.isVisible) hidden.add(column.name);
  }
  return hidden;
}
