// Turns one row of a data-entry file into a form: form number, unit, group, date filled in, and SurveyJS data,
// with a problem per cell that cannot be read. It does not judge the answers (the survey's validator does).
import type { Bilingual, ColumnPlan, PaperChoice } from "./columns";
import type { CellValue } from "./readSheet";

export interface RowProblem {
  row: number;
  column: string;
  code: string;
  message: string;
  /**
   * What a translated message needs besides the code: the cell as found and the allowed range (out_of_range,
   * not_a_number), or the row a duplicate form number first appeared on (duplicate_form_no). The English
   * `message` says the same.
   */
  params?: { value?: string; min?: number; max?: number; firstRow?: number };
}

export interface ConvertedRow {
  formNo: string | null;
  unitId: string | null;
  groupId: string | null;
  /** YYYY-MM-DD, or null when left blank. */
  filledOn: string | null;
  data: Record<string, unknown>;
}

/** Who and what a row may name: the caller's units and the groups, by id and by name. */
export interface Vocabulary {
  units: readonly { id: string; name: Bilingual }[];
  groups: readonly { id: string; name: Bilingual }[];
}

type Converted =
  | { ok: true; value: unknown }
  | { ok: false; code: string; message: string; params?: RowProblem["params"] };

const ok = (value: unknown): Converted => ({ ok: true, value });
const bad = (code: string, message: string, params?: RowProblem["params"]): Converted =>
  params ? { ok: false, code, message, params } : { ok: false, code, message };

export const maxFormNoLength = 64;

export function convertRow(
  row: number,
  cells: ReadonlyMap<string, CellValue>,
  columns: readonly ColumnPlan[],
  vocabulary: Vocabulary,
  problems: RowProblem[],
): ConvertedRow {
  const out: ConvertedRow = { formNo: null, unitId: null, groupId: null, filledOn: null, data: {} };
  for (const column of columns) {
    const raw = cells.get(column.name);
    if (isBlank(raw)) {
      if (column.questionName === null && column.required) {
        problems.push({
          row,
          column: column.name,
          code: "required",
          message: `${column.name} is empty: ${requiredHint[column.kind] ?? "fill it in"}.`,
        });
      }
      continue;
    }
    const converted = convertCell(column, raw as CellValue, vocabulary);
    if (!converted.ok) {
      const { code, message, params } = converted;
      problems.push({ row, column: column.name, code, message, ...(params ? { params } : {}) });
      continue;
    }
    if (column.questionName !== null) place(out.data, column.target, converted.value);
    else if (column.name === "form_no") out.formNo = converted.value as string;
    else if (column.name === "unit_id") out.unitId = converted.value as string;
    else if (column.name === "group_id") out.groupId = converted.value as string;
    else if (column.name === "filled_on") out.filledOn = converted.value as string;
  }
  return out;
}

const requiredHint: Partial<Record<string, string>> = {
  form_no: "write the number printed or written on the paper form",
  unit: "use a unit id from the units sheet",
  group: "use a group id from the groups sheet",
};

function place(data: Record<string, unknown>, target: readonly string[], value: unknown): void {
  const [first, second] = target;
  if (first === undefined) return;
  if (second === undefined) {
    data[first] = value;
    return;
  }
  const inner = (data[first] ?? {}) as Record<string, unknown>;
  inner[second] = value;
  data[first] = inner;
}

function isBlank(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

function text(value: CellValue): string {
  if (value instanceof Date) return isoDate(value);
  if (Array.isArray(value)) return value.join(";");
  return String(value).trim();
}

function convertCell(column: ColumnPlan, raw: CellValue, vocabulary: Vocabulary): Converted {
  switch (column.kind) {
    case "form_no": {
      const formNo = formNumberKey(text(raw));
      if (formNo.length > maxFormNoLength) {
        return bad("form_no_too_long", `The form number is longer than ${maxFormNoLength} characters.`);
      }
      return ok(formNo);
    }
    case "unit":
      // Unknown and outside the caller's scope answer alike: a unit one may not see does not exist for one.
      return lookUp(text(raw), vocabulary.units, "unknown_unit", (v) => `There is no unit "${v}".`);
    case "group":
      return lookUp(
        text(raw),
        vocabulary.groups,
        "unknown_group",
        (v) => `There is no respondent group "${v}".`,
      );
    case "date":
      return dateOf(raw);
    case "number":
    case "scale": {
      const n = numberOf(raw);
      if (n !== null) return ok(n);
      if (column.choices) {
        const choice = matchChoice(text(raw), column.choices);
        if (choice) return ok(choice.value);
      }
      return bad("not_a_number", `"${text(raw)}" is not a number${rangeHint(column)}.`, {
        value: text(raw),
        ...rangeOf(column),
      });
    }
    case "choice": {
      const choice = matchChoice(text(raw), column.choices ?? []);
      return choice ? ok(choice.value) : bad("unknown_choice", notAChoice(text(raw), column));
    }
    case "multi_choice": {
      const parts = Array.isArray(raw)
        ? raw.map((p) => String(p).trim())
        : text(raw)
            .split(/[;；、,，\n]/)
            .map((p) => p.trim());
      const choices = column.choices ?? [];
      const picked = new Set<PaperChoice>();
      for (const part of parts.filter((p) => p !== "")) {
        // "1 3" as the keying screen takes it; a choice whose text has a space still matches whole first.
        const words = matchChoice(part, choices) ? [part] : part.split(/\s+/);
        for (const word of words) {
          const choice = matchChoice(word, choices);
          if (!choice) return bad("unknown_choice", notAChoice(part, column));
          picked.add(choice);
        }
      }
      // In the question's order, however it was keyed: "b;a" and "a b" are the same answer (and the same hash).
      return ok(choices.filter((c) => picked.has(c)).map((c) => c.value));
    }
    case "boolean":
      return booleanOf(raw, column);
    case "text":
    case "comment":
      return ok(text(raw).toWellFormed());
    default:
      return bad("unknown_column", `Column ${column.name} cannot be read.`);
  }
}

/**
 * The form number a row is known by (its id and the duplicate check): full-width characters as plain ones (NFKC),
 * no spaces anywhere, and a number of digits only as the number it is — "００７", "0 07" and "7" are one form,
 * because Excel drops leading zeros when a CSV goes through it. Letters and signs stay as written ("A-007").
 */
export function formNumberKey(written: string): string {
  const key = written.normalize("NFKC").replace(/\s+/g, "");
  return /^\d+$/.test(key) ? key.replace(/^0+(?=\d)/, "") : key;
}

function lookUp(
  value: string,
  entries: readonly { id: string; name: Bilingual }[],
  code: string,
  message: (value: string) => string,
): Converted {
  const byId = entries.find((e) => e.id === value);
  if (byId) return ok(byId.id);
  // "st-1 中心站1", as the template's drop-down lists offer them: the id, then that same entry's name.
  const labelled = /^(\S+)\s+(.+)$/.exec(value);
  const withName = labelled && entries.find((e) => e.id === labelled[1]);
  if (
    withName &&
    labelled &&
    [withName.name["zh-cn"], withName.name.default].some((n) => fold(n) === fold(labelled[2] ?? ""))
  ) {
    return ok(withName.id);
  }
  // A name works too when exactly one entry has it (people type names, not ids).
  const wanted = fold(value);
  const byName = entries.filter((e) => fold(e.name["zh-cn"]) === wanted || fold(e.name.default) === wanted);
  if (byName.length === 1) return ok((byName[0] as { id: string }).id);
  return bad(code, message(value));
}

/** Case, surrounding space and full-width letters do not make a different answer. */
function fold(value: string): string {
  return value.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
}

function matchChoice(value: string, choices: readonly PaperChoice[]): PaperChoice | undefined {
  const wanted = fold(value);
  return (
    choices.find((c) => fold(String(c.value)) === wanted) ??
    choices.find((c) => fold(c.text["zh-cn"]) === wanted || fold(c.text.default) === wanted)
  );
}

function notAChoice(value: string, column: ColumnPlan): string {
  const listed = (column.choices ?? []).map((c) =>
    String(c.value) === c.text["zh-cn"] ? String(c.value) : `${c.value} (${c.text["zh-cn"]})`,
  );
  return `"${value}" is not a choice of this question; use one of: ${listed.join(", ")}.`;
}

function rangeHint(column: ColumnPlan): string {
  if (column.min !== undefined && column.max !== undefined) return ` (write ${column.min} to ${column.max})`;
  return "";
}

/** A column's range, as far as it has one, for a problem's params. */
export function rangeOf(column: ColumnPlan): { min?: number; max?: number } {
  return {
    ...(column.min !== undefined ? { min: column.min } : {}),
    ...(column.max !== undefined ? { max: column.max } : {}),
  };
}

/** A cell as the person typed it, for a problem's message. */
export const cellText = (raw: CellValue | undefined) => (raw === undefined || raw === null ? "" : text(raw));

function numberOf(raw: CellValue): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== "string") return null;
  const t = raw.normalize("NFKC").trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const yes = new Set(["是", "对", "有", "yes", "y", "true", "1", "√", "✓", "✔"]);
const no = new Set(["否", "不是", "错", "无", "没有", "no", "n", "false", "0", "×", "✗"]);

function booleanOf(raw: CellValue, column: ColumnPlan): Converted {
  const [valueTrue, valueFalse] = column.choices ?? [];
  if (!valueTrue || !valueFalse) return bad("unknown_column", `Column ${column.name} cannot be read.`);
  if (raw === true) return ok(valueTrue.value);
  if (raw === false) return ok(valueFalse.value);
  const t = fold(text(raw));
  if (yes.has(t) || t === fold(String(valueTrue.value))) return ok(valueTrue.value);
  if (no.has(t) || t === fold(String(valueFalse.value))) return ok(valueFalse.value);
  return bad("not_yes_no", `"${text(raw)}" is not yes or no: write 是 or 否 (yes/no, 1/0).`);
}

function isoDate(date: Date): string {
  // exceljs gives a date cell's day as midnight UTC, whatever the time zone it was typed in.
  return date.toISOString().slice(0, 10);
}

/** Excel's day 25569 is 1970-01-01; serials in this window are the years 1954–2119. */
const excelEpochDay = 25_569;

function dateOf(raw: CellValue): Converted {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? badDate(String(raw)) : ok(isoDate(raw));
  if (typeof raw === "number") {
    if (!Number.isInteger(raw) || raw < 20_000 || raw > 80_000) return badDate(String(raw));
    return ok(isoDate(new Date((raw - excelEpochDay) * 86_400_000)));
  }
  const t = text(raw).normalize("NFKC");
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!m) return badDate(t);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  // Date.UTC takes the years 0–99 as 1900–1999: "0001-01-01" must stay year 1 (then refused as outside the round).
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return badDate(t);
  return ok(isoDate(date));
}

function badDate(value: string): Converted {
  return bad("not_a_date", `"${value}" is not a date: write it as YYYY-MM-DD, e.g. 2026-10-15.`);
}
