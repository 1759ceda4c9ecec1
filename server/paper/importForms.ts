// Imports keyed-in paper forms (a filled template, or JSON rows from the keying screen) into a wave: every row is
// checked like an online submission; any problem anywhere imports nothing and every problem is reported.
import { readSettings } from "../../analytics/catalogue";
import type { Role } from "../auth/accounts";
import { appendAudit } from "../auth/audit";
import { ApiError, type ErrorBody } from "../errors";
import type { CompiledSurvey } from "../ingest/compileSurvey";
import { newReceipt } from "../ingest/receipt";
import type { ReferenceCache } from "../ingest/referenceCache";
import { type ResponseRecord, ResponseStore } from "../ingest/storeResponses";
import { collectionTime, envelopeHash, requireChannel, validateSafely } from "../ingest/submitResponse";
import { type Database, inTransaction } from "../storage/database";
import { readWave, type Wave, waveStatus } from "../waves/waves";
import type { ColumnPlan } from "./columns";
import { cellText, convertRow, type RowProblem, rangeOf } from "./convertCells";
import { paperFormNamespace, paperResponseId } from "./formIds";
import { getPaperPlan, type PaperPlan } from "./paperForm";
import { type CellValue, nextTurn, readSheet, rowsPerTurn, type Sheet, sheetFromRows } from "./readSheet";

export type ImportSource =
  | { kind: "file"; bytes: Uint8Array; fileName: string | null }
  | { kind: "rows"; rows: readonly Record<string, CellValue>[] };

export interface ImportRequest {
  waveId: string;
  source: ImportSource;
  dryRun: boolean;
  /** Admins only: import into a wave that is closed or not open yet (DESIGN.md). */
  overrideClosed: boolean;
}

export interface ImportedRow {
  row: number;
  formNo: string;
  id: string;
  status: "imported" | "unchanged";
}

export interface ImportReport {
  dryRun: boolean;
  imported: number;
  unchanged: number;
  rows: ImportedRow[];
}

export interface ImportDeps {
  db: Database;
  reference: ReferenceCache;
  now: () => Date;
}

export interface Importer {
  username: string;
  role: Role | "cli";
  scopeUnitId: string;
}

/** 422 with every problem of every row; nothing was stored. */
export class ImportInvalid extends ApiError {
  constructor(readonly problems: RowProblem[]) {
    const rows = new Set(problems.map((p) => p.row)).size;
    super(
      422,
      "import_invalid",
      `${rows} ${rows === 1 ? "row has" : "rows have"} problems; nothing was imported.`,
    );
  }

  override toBody(): ErrorBody & { error: { problems: RowProblem[] } } {
    return { error: { code: this.code, message: this.message, problems: this.problems } };
  }
}

export async function importPaperForms(
  deps: ImportDeps,
  user: Importer,
  request: ImportRequest,
): Promise<ImportReport> {
  const fileName = request.source.kind === "file" ? request.source.fileName : null;
  const audit = {
    waveId: request.waveId,
    fileName,
    format: request.source.kind === "rows" ? "rows" : "file",
    dryRun: request.dryRun,
    overrideClosed: request.overrideClosed,
  };
  try {
    return await runImport(deps, user, request, audit);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const problems = error instanceof ImportInvalid ? error.problems : [];
    // Refused imports are recorded too, with counts only: an audit entry never holds answers.
    await inTransaction(deps.db.write, () =>
      appendAudit(deps.db.write, {
        at: deps.now(),
        actor: user.username,
        action: "paper_import",
        target: request.waveId,
        detail: {
          ...audit,
          outcome: error.code,
          problems: problems.length,
          rowsWithProblems: new Set(problems.map((p) => p.row)).size,
        },
      }),
    );
    throw error;
  }
}

async function runImport(
  deps: ImportDeps,
  user: Importer,
  request: ImportRequest,
  audit: Record<string, unknown>,
): Promise<ImportReport> {
  const now = deps.now();
  if (request.overrideClosed && user.role !== "admin" && user.role !== "cli") {
    throw new ApiError(
      403,
      "override_not_allowed",
      "Only an administrator may import paper forms into a survey round outside its open window.",
      "overrideClosed",
    );
  }
  const plan = await getPaperPlan(deps.db, request.waveId, user, now);
  const { wave } = plan;
  requireChannel(wave, "paper");
  const status = waveStatus(wave.opensAt, wave.closesAt, now);
  if (status !== "open" && !request.overrideClosed) {
    throw status === "closed"
      ? new ApiError(
          409,
          "wave_closed",
          `The survey round "${wave.id}" closed at ${wave.closesAt}; an administrator may still import its paper forms with overrideClosed=1 (--override-closed).`,
        )
      : new ApiError(
          409,
          "wave_not_open_yet",
          `The survey round "${wave.id}" opens at ${wave.opensAt}; an administrator may import paper forms before then with overrideClosed=1 (--override-closed).`,
        );
  }
  const sheet =
    request.source.kind === "file"
      ? await readSheet(request.source.bytes)
      : await sheetFromRows(request.source.rows);
  checkColumns(sheet, plan.columns);
  if (sheet.rows.length === 0) {
    throw new ApiError(
      400,
      "no_forms",
      "The file has no filled-in rows: key each paper form on its own row under the column names (row 2 onwards) and upload it again.",
    );
  }
  const survey = await deps.reference.survey(wave.surveyId, wave.surveyVersion);
  const context: CheckContext = {
    namespace: await paperFormNamespace(deps.db),
    tzOffsetMinutes: (await readSettings(deps.db.read)).tzOffsetMinutes,
    now,
  };
  const { records, problems } = await checkRows(sheet, plan, survey, context);

  return inTransaction(deps.db.write, async () => {
    // The rows were checked against the round read above; a reschedule committed since (another version, the
    // paper channel dropped, another window) would leave them checked against the wrong round. Read inside the
    // write transaction, no reschedule can commit between this and the insert (and one after sees these rows).
    requireUnchanged(wave, await readWave(deps.db.write, wave.id, now));
    // Inside the write transaction, so a form keyed elsewhere meanwhile cannot slip between check and insert.
    const store = new ResponseStore(deps.db.write);
    const stored = await store.lookup(records.map((r) => r.record.id));
    const rows: ImportedRow[] = [];
    const fresh: ResponseRecord[] = [];
    for (const { row, formNo, record } of records) {
      const existing = stored.get(record.id);
      if (existing && existing.hash !== record.bodyHash) {
        problems.push({
          row,
          column: "form_no",
          code: "form_conflict",
          message: `Form number "${formNo}" is already imported with different answers. Check this row against the paper form; a different form needs its own number.`,
        });
        continue;
      }
      rows.push({ row, formNo, id: record.id, status: existing ? "unchanged" : "imported" });
      if (!existing) fresh.push(record);
    }
    if (problems.length > 0) throw new ImportInvalid(sortProblems(problems, plan.columns));
    if (!request.dryRun) await store.insertNew(fresh);
    const report: ImportReport = {
      dryRun: request.dryRun,
      imported: fresh.length,
      unchanged: rows.length - fresh.length,
      rows,
    };
    await appendAudit(deps.db.write, {
      at: now,
      actor: user.username,
      action: "paper_import",
      target: wave.id,
      detail: {
        ...audit,
        outcome: request.dryRun ? "dry_run" : "imported",
        rows: rows.length,
        imported: report.imported,
        unchanged: report.unchanged,
      },
    });
    return report;
  });
}

function requireUnchanged(checked: Wave, current: Wave | null): void {
  const same =
    current !== null &&
    current.surveyVersion === checked.surveyVersion &&
    current.channels.join(",") === checked.channels.join(",") &&
    current.opensAt === checked.opensAt &&
    current.closesAt === checked.closesAt;
  if (!same) {
    throw new ApiError(
      409,
      "wave_changed",
      `The survey round "${checked.id}" was changed while the file was being checked; nothing was imported. Upload the file again to check it against the round as it is now.`,
    );
  }
}

function checkColumns(sheet: Sheet, columns: readonly ColumnPlan[]): void {
  const known = new Set(columns.map((c) => c.name));
  const unknown = sheet.header.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      "unknown_columns",
      `The file has columns this survey round's template does not have: ${unknown.join(", ")}. Download the round's template again and copy the answers into it.`,
    );
  }
  const present = new Set(sheet.header);
  const missing = columns.filter((c) => c.questionName === null && c.required && !present.has(c.name));
  if (missing.length > 0) {
    throw new ApiError(
      400,
      "missing_columns",
      `The file lacks the column(s) ${missing.map((c) => c.name).join(", ")}; row 1 must name them as the template does.`,
    );
  }
}

interface CheckedRow {
  row: number;
  formNo: string;
  record: ResponseRecord;
}

interface CheckContext {
  namespace: string;
  /** The plant's time zone (analytics' settings): the days of the round and "today" are its calendar days. */
  tzOffsetMinutes: number;
  now: Date;
}

/** Paper forms are often handed out a few days before a round opens; earlier than that is a keying mistake. */
export const daysBeforeOpening = 7;

async function checkRows(
  sheet: Sheet,
  plan: PaperPlan,
  survey: CompiledSurvey,
  { namespace, tzOffsetMinutes, now }: CheckContext,
): Promise<{ records: CheckedRow[]; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const records: CheckedRow[] = [];
  const firstRowOf = new Map<string, number>();
  const vocabulary = { units: plan.units, groups: plan.groups };
  const localDay = (at: Date | string) =>
    new Date(new Date(at).getTime() + tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
  // A form cannot have been filled in after today, nor outside the round (closesAt is the first moment after it).
  const today = localDay(now);
  const firstDay = localDay(new Date(new Date(plan.wave.opensAt).getTime() - daysBeforeOpening * 86_400_000));
  const lastDay = localDay(new Date(new Date(plan.wave.closesAt).getTime() - 1));
  const byQuestion = new Map<string, ColumnPlan>();
  for (const c of plan.columns)
    if (c.questionName !== null && !byQuestion.has(c.questionName)) byQuestion.set(c.questionName, c);
  const byName = new Map(plan.columns.map((c) => [c.name, c]));

  for (const [index, { row, cells }] of sheet.rows.entries()) {
    // A turn of the event loop every few rows: online submissions keep flowing while a big file is checked.
    if (index % rowsPerTurn === rowsPerTurn - 1) await nextTurn();
    const rowProblems: RowProblem[] = [];
    const form = convertRow(row, cells, plan.columns, vocabulary, rowProblems);
    if (form.formNo !== null) {
      const first = firstRowOf.get(form.formNo);
      if (first !== undefined) {
        rowProblems.push({
          row,
          column: "form_no",
          code: "duplicate_form_no",
          message: `Form number "${form.formNo}" is also on row ${first}; each paper form has its own number.`,
          params: { firstRow: first },
        });
      } else firstRowOf.set(form.formNo, row);
    }
    if (form.filledOn !== null && form.filledOn > today) {
      rowProblems.push({
        row,
        column: "filled_on",
        code: "future_date",
        message: `${form.filledOn} is after today (${today}); write the day the form was filled in.`,
      });
    } else if (form.filledOn !== null && (form.filledOn < firstDay || form.filledOn > lastDay)) {
      rowProblems.push({
        row,
        column: "filled_on",
        code: "date_outside_round",
        message: `${form.filledOn} is outside the survey round "${plan.wave.id}" (${firstDay} to ${lastDay}); write the day the form was filled in, or import it into the round it belongs to.`,
      });
    }
    // The survey's own validator, as for an online answer; a cell already refused is not reported twice.
    const checked = validateSafely(survey, form.data);
    if (!checked.ok) {
      const flagged = new Set(rowProblems.map((p) => p.column));
      for (const issue of checked.issues) {
        const column = columnOfPath(issue.path, byName, byQuestion);
        if (flagged.has(column)) continue;
        // The validator names a matrix row "matrix/row"; the file's column says "matrix.row".
        const message = issue.message.replaceAll(`"${issue.path}"`, `"${column}"`);
        const found = cellText(cells.get(column));
        const columnPlan = byName.get(column);
        // Out of range: say what the file has, beside the range the validator gives (a keying slip shows at once).
        if (issue.code === "out_of_range" && found !== "") {
          rowProblems.push({
            row,
            column,
            code: issue.code,
            message: `${message.replace(/\.$/, "")}; the file has ${found}.`,
            params: { value: found, ...(columnPlan ? rangeOf(columnPlan) : {}) },
          });
        } else rowProblems.push({ row, column, code: issue.code, message });
      }
    }
    problems.push(...rowProblems);
    if (rowProblems.length > 0 || !checked.ok) continue;
    const { formNo, unitId, groupId, filledOn } = form as typeof form & {
      formNo: string;
      unitId: string;
      groupId: string;
    };
    const id = paperResponseId(namespace, plan.wave.id, formNo);
    // Noon of that day in the plant: the form counts on the day written on it.
    const submittedAt =
      filledOn === null ? null : new Date(Date.parse(`${filledOn}T12:00:00Z`) - tzOffsetMinutes * 60_000);
    const envelope = {
      id,
      waveId: plan.wave.id,
      unitId,
      groupId,
      channel: "paper" as const,
      ...(submittedAt ? { submittedAt: submittedAt.toISOString() } : {}),
      // What the validator kept (hidden answers dropped, choices in the question's order), not how it was typed.
      data: checked.data,
    };
    records.push({
      row,
      formNo,
      record: {
        id,
        waveId: plan.wave.id,
        unitId,
        groupId,
        channel: "paper",
        startedAt: null,
        submittedAt,
        receivedAt: now,
        // A form keyed without a date counts on the day it is keyed, clamped into the round like any paper form.
        collectedAt: collectionTime("paper", submittedAt ?? now, now, plan.wave.opensAt, plan.wave.closesAt),
        receipt: newReceipt(),
        bodyHash: envelopeHash(envelope),
        data: checked.data,
        answers: survey.flatten(checked.data),
      },
    });
  }
  return { records, problems };
}

/** Validation paths name questions as the data does ("matrix/row", "q-Comment"); columns write "matrix.row". */
function columnOfPath(
  path: string,
  byName: ReadonlyMap<string, ColumnPlan>,
  byQuestion: ReadonlyMap<string, ColumnPlan>,
): string {
  const dotted = path.replaceAll("/", ".");
  if (byName.has(dotted)) return dotted;
  const question = path.split("/")[0] ?? "";
  return byName.get(question)?.name ?? byQuestion.get(question)?.name ?? question;
}

function sortProblems(problems: RowProblem[], columns: readonly ColumnPlan[]): RowProblem[] {
  const order = new Map(columns.map((c, i) => [c.name, i]));
  return problems.sort(
    (a, b) => a.row - b.row || (order.get(a.column) ?? 1e9) - (order.get(b.column) ?? 1e9),
  );
}
