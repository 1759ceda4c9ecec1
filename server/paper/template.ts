// Writes a wave's data-entry template: XLSX (forms sheet with drop-down lists, notes, units, groups) or CSV
// (UTF-8 with BOM, header only). One row per paper form; the headers are the column names the import reads.
import ExcelJS from "exceljs";
import type { ColumnPlan, PaperChoice } from "./columns";
import type { PaperPlan } from "./paperForm";
import { columnLetter } from "./readSheet";

/** Rows of the forms sheet that carry drop-down lists and formats; more rows can be typed, just unchecked. */
export const templateRows = 2000;

const kindNotes: Record<ColumnPlan["kind"], { zh: string; en: string }> = {
  form_no: {
    zh: "必填;每份问卷一个编号,不可重复",
    en: "required; one number per paper form, never repeated",
  },
  unit: {
    zh: "从下拉列表选择(编号 名称),或填单位编号(见“units”表)或单位名称",
    en: "pick from the drop-down (id and name), or type the unit id (see the units sheet) or the unit's name",
  },
  group: {
    zh: "填写群体:从下拉列表选择,或写它的编号(见“groups”表)或名称",
    en: "pick from the drop-down, or type the group id (see the groups sheet) or its name",
  },
  date: { zh: "日期,格式 2026-10-15", en: "a date such as 2026-10-15" },
  scale: { zh: "填分值", en: "the point ticked" },
  number: { zh: "填数字", en: "a number" },
  choice: { zh: "填一个选项(值或文字)", en: "one choice (its value or its text)" },
  multi_choice: {
    zh: "可多选,用 ; 或 、 分隔",
    en: "several choices, separated by ; or 、",
  },
  boolean: { zh: "是 / 否", en: "yes / no" },
  text: { zh: "文字", en: "text" },
  comment: { zh: "文字(照抄问卷上的原话)", en: "text (copy the writer's words)" },
};

function choiceList(choices: readonly PaperChoice[] | undefined): string {
  return (choices ?? [])
    .map((c) => {
      const value = String(c.value);
      const zh = c.text["zh-cn"];
      const en = c.text.default;
      return value === zh && value === en ? value : `${value} = ${zh} / ${en}`;
    })
    .join("; ");
}

function range(column: ColumnPlan): string {
  if (column.min === undefined && column.max === undefined) return "";
  return ` [${column.min ?? ""}–${column.max ?? ""}]`;
}

/** "st-1 中心站1": the import reads a unit or group written so (and by its id or name alone). */
const labelled = (entry: { id: string; name: { "zh-cn": string } }) =>
  entry.name["zh-cn"] && entry.name["zh-cn"] !== entry.id ? `${entry.id} ${entry.name["zh-cn"]}` : entry.id;

/**
 * What a drop-down offers for a column: units and groups as id and name, values for scales, Chinese texts for
 * choices. The import takes other forms too (names alone, a choice's value, 1/0 for yes/no), so no list refuses
 * what is typed: Excel only warns.
 */
function listEntries(column: ColumnPlan, plan: PaperPlan): string[] | null {
  if (column.kind === "unit") return plan.units.map(labelled);
  if (column.kind === "group") return plan.groups.map(labelled);
  if (column.kind === "boolean") return ["是", "否"];
  if (column.kind === "scale") return (column.choices ?? []).map((c) => String(c.value));
  if (column.kind === "choice") return (column.choices ?? []).map((c) => c.text["zh-cn"] || String(c.value));
  return null;
}

/** Excel's question when a typed cell is not in the list: "Yes" keeps it, and the import checks it. */
const listWarning: Partial<Record<ColumnPlan["kind"], string>> = {
  unit: "不在下拉列表中。单位编号或单位名称都可以，选“是”保留，导入时核对。 / Not in the list. A unit id or name is fine: choose Yes to keep it; the import checks it.",
  group:
    "不在下拉列表中。填写群体的编号或名称都可以，选“是”保留，导入时核对。 / Not in the list. A group id or name is fine: choose Yes to keep it; the import checks it.",
  choice:
    "不在下拉列表中。选项的值或文字都可以，选“是”保留，导入时核对。 / Not in the list. A choice's value or text is fine: choose Yes to keep it; the import checks it.",
};

// exceljs writes range-wide validations but its typings only declare the per-cell one.
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

export async function templateXlsx(plan: PaperPlan): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "minyi";
  const forms = workbook.addWorksheet("forms", { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });
  const notes = workbook.addWorksheet("notes");
  const units = workbook.addWorksheet("units");
  const groups = workbook.addWorksheet("groups");
  const lists = workbook.addWorksheet("lists", { state: "hidden" });

  units.addRow(["id", "名称", "name", "level"]).font = { bold: true };
  for (const u of plan.units) units.addRow([u.id, u.name["zh-cn"], u.name.default, u.level]);
  groups.addRow(["id", "名称", "name"]).font = { bold: true };
  for (const g of plan.groups) groups.addRow([g.id, g.name["zh-cn"], g.name.default]);
  for (const ws of [units, groups]) {
    ws.getColumn(1).width = 20;
    ws.getColumn(2).width = 24;
    ws.getColumn(3).width = 32;
  }

  notes.addRow([
    `${plan.wave.title}(${plan.wave.surveyId} v${plan.wave.surveyVersion})`,
    "每行录入一份纸质问卷;空白格表示未作答。第1行的列名不要修改。",
    "One row per paper form; a blank cell is an unanswered question. Do not change the column names in row 1.",
  ]);
  notes.addRow([
    "column / 列名",
    "题目",
    "question",
    "required / 必填",
    "how to fill in / 填写方式",
    "choices / 选项",
  ]).font = { bold: true };
  for (const c of plan.columns) {
    const how = kindNotes[c.kind];
    notes.addRow([
      c.name,
      c.title["zh-cn"],
      c.title.default,
      c.required ? "是 yes" : "",
      `${how.zh} / ${how.en}${range(c)}`,
      choiceList(c.choices),
    ]);
  }
  [16, 40, 40, 10, 36, 60].forEach((width, i) => {
    notes.getColumn(i + 1).width = width;
  });

  const header = forms.addRow(plan.columns.map((c) => c.name));
  header.font = { bold: true };
  const validations = (forms as unknown as RangeValidations).dataValidations;
  let listColumn = 0;
  plan.columns.forEach((c, i) => {
    const letter = columnLetter(i);
    const cells = `${letter}2:${letter}${templateRows + 1}`;
    const cell = header.getCell(i + 1);
    cell.note = `${c.title["zh-cn"]}\n${c.title.default}\n${kindNotes[c.kind].zh}${range(c)}`;
    forms.getColumn(i + 1).width = Math.min(Math.max(c.name.length + 2, 10), 28);
    // Text columns stay text: Excel would turn form number 007 into 7 and a unit id like 1-2 into a date.
    if (c.kind === "form_no" || c.kind === "unit" || c.kind === "group" || c.kind === "text") {
      forms.getColumn(i + 1).numFmt = "@";
    }
    if (c.kind === "date") forms.getColumn(i + 1).numFmt = "yyyy-mm-dd";
    const entries = listEntries(c, plan);
    if (entries && entries.length > 0) {
      listColumn += 1;
      const at = columnLetter(listColumn - 1);
      lists.getCell(`${at}1`).value = c.name;
      entries.forEach((entry, row) => {
        lists.getCell(`${at}${row + 2}`).value = entry;
      });
      validations.add(cells, {
        type: "list",
        allowBlank: true,
        formulae: [`lists!$${at}$2:$${at}$${entries.length + 1}`],
        showErrorMessage: true,
        errorStyle: "warning",
        errorTitle: c.name,
        error: listWarning[c.kind] ?? listWarning.choice,
      });
      return;
    }
    if (c.kind === "number" && (c.min !== undefined || c.max !== undefined)) {
      validations.add(cells, {
        type: "decimal",
        operator: "between",
        allowBlank: true,
        formulae: [c.min ?? -1e15, c.max ?? 1e15],
        // A number is the only thing such a column takes, so outside its range Excel refuses it outright.
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: c.name,
        error: `${c.min ?? ""}–${c.max ?? ""}`,
      });
    }
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** CSV template: the header row only, UTF-8 with a BOM so Excel in a Chinese locale opens it correctly. */
export function templateCsv(plan: PaperPlan): Uint8Array {
  const line = plan.columns.map((c) => csvField(c.name)).join(",");
  return new TextEncoder().encode(`\uFEFF${line}\r\n`);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
