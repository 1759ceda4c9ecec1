// Reads an uploaded data-entry file (XLSX, or CSV in UTF-8 or the GB18030 Excel saves in Chinese locales) into a
// header and rows of raw cell values, numbered as the spreadsheet shows them. It knows nothing of surveys.
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { Unzip, UnzipInflate, unzipSync } from "fflate";
import { ApiError } from "../errors";

/** A cell as a spreadsheet holds it; JSON rows from the keying screen may also send a list for multiple choice. */
export type CellValue = string | number | boolean | Date | null | readonly string[];

export interface SheetRow {
  /** Row number as the spreadsheet shows it: the header is row 1. */
  row: number;
  cells: Map<string, CellValue>;
}

export interface Sheet {
  header: string[];
  rows: SheetRow[];
}

/** Far above one plant's staff; a bigger file is a mistake (a whole export pasted in), not a batch of forms. */
export const maxRows = 20_000;

const zipMagic = [0x50, 0x4b, 0x03, 0x04];

export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return zipMagic.every((b, i) => bytes[i] === b);
}

const unreadable = () =>
  new ApiError(
    400,
    "unreadable_file",
    "This file is neither an XLSX workbook nor a CSV text. Save it from Excel as .xlsx (or CSV UTF-8) and upload it again.",
  );

/**
 * What an XLSX may unpack to: a filled template of 20,000 forms is ~30 MB unpacked; a 10 MiB upload of a zip bomb
 * would be gigabytes, and exceljs inflates every part of a workbook into memory.
 */
export const maxUnpackedBytes = 100 * 1024 * 1024;

/** `rowLimit`: rows a file may hold (paper forms by default; the organisation import allows more). */
export async function readSheet(
  bytes: Uint8Array,
  unpackLimit = maxUnpackedBytes,
  rowLimit = maxRows,
): Promise<Sheet> {
  if (bytes.length === 0)
    throw new ApiError(400, "empty_file", "The file is empty: upload the filled template.");
  if (looksLikeXlsx(bytes)) {
    refuseZipBomb(bytes, unpackLimit);
    return toSheet(await readXlsx(bytes), rowLimit);
  }
  return toSheet(await readCsv(bytes, rowLimit), rowLimit);
}

/**
 * Refuses a workbook that unpacks to more than `limit`: first by the sizes its central directory declares (no
 * inflating), then by inflating it for real, since those sizes are the sender's word and can lie.
 */
function refuseZipBomb(bytes: Uint8Array, limit: number): void {
  let declared = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        declared += file.originalSize;
        return false;
      },
    });
  } catch {
    throw unreadable();
  }
  const mb = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
  if (declared <= limit && inflatedBytesUpTo(bytes, limit) <= limit) return;
  throw new ApiError(
    400,
    "file_too_large",
    `This workbook unpacks to ${declared > limit ? mb(declared) : `more than ${mb(limit)}`}, more than the ${mb(limit)} a batch of paper forms can need. Copy only the forms into the downloaded template (or save them as CSV) and upload that.`,
  );
}

/**
 * Inflates every part, fed 4 KiB of the zip at a time so no output chunk is large, counting the bytes and keeping
 * none; stops once past `limit`. A zip whose declared sizes are small but whose parts inflate to gigabytes would
 * otherwise be inflated whole by exceljs.
 */
function inflatedBytesUpTo(bytes: Uint8Array, limit: number): number {
  let total = 0;
  try {
    const unzip = new Unzip((file) => {
      file.ondata = (error, chunk) => {
        if (error) throw error;
        total += chunk.length;
        if (total > limit) file.terminate();
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    const step = 4096;
    for (let at = 0; at < bytes.length && total <= limit; at += step) {
      unzip.push(bytes.subarray(at, at + step), at + step >= bytes.length);
    }
  } catch {
    throw unreadable();
  }
  return total;
}

/** Rows of cells with their spreadsheet row number; header first. */
type Grid = { row: number; values: CellValue[] }[];

async function readXlsx(bytes: Uint8Array): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable();
  }
  // The template's data sheet comes first; notes, units and groups sheets follow and are not read.
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable();
  const grid: Grid = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (isFormulaWithoutValue(cell.value)) {
        throw new ApiError(
          400,
          "formula_without_value",
          `Cell ${cell.address} is a formula with no saved value; open the file in Excel and save it again, or type the value.`,
        );
      }
      values[col - 1] = plainCell(cell.value);
    });
    grid.push({ row: row.number, values });
  });
  return grid;
}

/**
 * A workbook written by a program (not Excel) may store a formula without the value it computes; reading it as
 * text would give "[object Object]". Excel saves the value along with the formula.
 */
function isFormulaWithoutValue(value: ExcelJS.CellValue): boolean {
  if (value === null || typeof value !== "object" || value instanceof Date) return false;
  const isFormula = "formula" in value || "sharedFormula" in value;
  return isFormula && ((value as { result?: unknown }).result ?? null) === null;
}

/** exceljs wraps formulas, rich text and links in objects; a form's answer is what the cell shows. */
function plainCell(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("result" in value) return plainCell(value.result as ExcelJS.CellValue);
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

async function readCsv(bytes: Uint8Array, rowLimit: number): Promise<Grid> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel's plain "CSV" in a Chinese locale is GB18030 (GBK), not UTF-8.
    text = new TextDecoder("gb18030").decode(bytes);
  }
  if (text.includes("\u0000")) throw unreadable();
  let records: string[][];
  try {
    records = await parseInTurns(text, rowLimit);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new ApiError(
      400,
      "unreadable_file",
      `The CSV cannot be read: ${why}. Save it again as CSV and retry.`,
    );
  }
  // Excel numbers the records of a CSV as rows (a quoted multi-line cell stays in its row).
  return records.map((values, i) => ({ row: i + 1, values }));
}

/** Excel holds at most this many rows: a CSV with more records was not saved from a spreadsheet. */
export const maxCsvRecords = 1_048_576;

/**
 * csv-parse builds an error object, stack and all, for every record whose cell count differs from row 1's
 * (~60 µs each): 10 MiB of empty lines took ~6 minutes of CPU. A filled template has a few such rows at most.
 */
export const maxRaggedRecords = (rowLimit: number) => 2 * rowLimit;

const tooManyRecords = (rowLimit: number) =>
  new ApiError(
    400,
    "too_many_rows",
    `The file has more rows than a batch of paper forms can need (empty rows and rows shorter than row 1 count too); import at most ${rowLimit} forms at a time and delete the empty rows below them.`,
  );

/** Parsing 20,000 rows takes ~300 ms: fed in slices, with a turn of the event loop between them. */
async function parseInTurns(text: string, rowLimit: number): Promise<string[][]> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  const records: string[][] = [];
  let failure: unknown = null;
  parser.on("readable", () => {
    for (let record = parser.read(); record !== null; record = parser.read()) records.push(record);
    if (records.length > maxCsvRecords || parser.info.invalid_field_length > maxRaggedRecords(rowLimit)) {
      failure ??= tooManyRecords(rowLimit);
    }
  });
  parser.on("error", (error) => {
    failure = error;
  });
  const ended = new Promise<void>((resolve) => parser.on("close", resolve));
  for (let at = 0; at < text.length && failure === null; at += sliceChars) {
    parser.write(text.slice(at, at + sliceChars));
    await nextTurn();
  }
  // Ended, or, stopped early for a failure of its own (too many records), destroyed so that it closes.
  if (failure === null) parser.end();
  else parser.destroy();
  await ended;
  if (failure !== null) throw failure;
  return records;
}

// Small enough that a slice of short ragged records (~16,000 in 32 KiB) stops within ~1 s of crossing the limit.
const sliceChars = 32 * 1024;
export const rowsPerTurn = 200;
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function isBlank(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  return Array.isArray(value) && value.length === 0;
}

async function toSheet(grid: Grid, rowLimit: number): Promise<Sheet> {
  const headerRow = grid.find((r) => r.values.some((v) => !isBlank(v)));
  if (!headerRow) {
    throw new ApiError(
      400,
      "no_header",
      "The file has no header row: row 1 must name the columns (form_no, …).",
    );
  }
  if (headerRow.row !== 1) {
    throw new ApiError(
      400,
      "no_header",
      `Row 1 is empty; the column names must be in row 1 (they are in row ${headerRow.row}).`,
    );
  }
  const header = headerRow.values.map((v) => (isBlank(v) ? "" : String(v).trim()));
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of header) {
    if (name === "") continue;
    if (seen.has(name)) repeated.add(name);
    seen.add(name);
  }
  if (repeated.size > 0) {
    throw new ApiError(
      400,
      "duplicate_columns",
      `These columns appear more than once in row 1: ${[...repeated].join(", ")}. Keep one of each.`,
    );
  }
  const rows: SheetRow[] = [];
  for (const [index, { row, values }] of grid.entries()) {
    if (index % rowsPerTurn === rowsPerTurn - 1) await nextTurn();
    if (row === 1) continue;
    if (values.every(isBlank)) continue;
    const cells = new Map<string, CellValue>();
    for (const [i, value] of values.entries()) {
      if (isBlank(value)) continue;
      const name = header[i] ?? "";
      if (name === "") {
        throw new ApiError(
          400,
          "unnamed_column",
          `Row ${row} has a value in column ${columnLetter(i)}, which has no name in row 1. Name the column or clear it.`,
        );
      }
      cells.set(name, value as CellValue);
    }
    rows.push({ row, cells });
  }
  if (rows.length > rowLimit) {
    throw new ApiError(
      400,
      "too_many_rows",
      `The file has ${rows.length} forms; import at most ${rowLimit} at a time (split the file).`,
    );
  }
  return { header: header.filter((h) => h !== ""), rows };
}

/** Excel's column letter for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Rows sent as JSON by the keying screen ({column: value} each): numbered from 1 in the order sent. */
export async function sheetFromRows(records: readonly Record<string, CellValue>[]): Promise<Sheet> {
  const names = new Set<string>();
  for (const record of records) for (const name in record) names.add(name);
  const header = [...names];
  const rows: SheetRow[] = [];
  for (const [i, record] of records.entries()) {
    if (i % rowsPerTurn === rowsPerTurn - 1) await nextTurn();
    const cells = new Map<string, CellValue>();
    for (const [name, value] of Object.entries(record)) if (!isBlank(value)) cells.set(name, value);
    if (cells.size > 0) rows.push({ row: i + 1, cells });
  }
  if (rows.length > maxRows) {
    throw new ApiError(400, "too_many_rows", `Send at most ${maxRows} forms at a time.`);
  }
  return { header, rows };
}
