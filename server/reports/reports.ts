// Makes a periodic report (the printable page printed to PDF, plus the XLSX of its tables), keeps it, lists the
// reports a user may read (those of units in the user's scope) and hands out their files. Reports never change.
import { randomUUID } from "node:crypto";
import { blobValue } from "@duckdb/node-api";
import { readSnapshot } from "../../analytics/catalogue";
import { labelText } from "../../analytics/query";
import { buildReport } from "../../analytics/report";
import { appendAudit } from "../auth/audit";
import { sessionCookieName } from "../auth/middleware";
import { hashToken, insertSession, type SessionUser } from "../auth/sessions";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { renderPdf } from "./renderPdf";
import { reportXlsx } from "./reportXlsx";

export interface ReportSummary {
  id: string;
  surveyId: string;
  unitId: string;
  waveId: string;
  lang: "zh-cn" | "en";
  title: string;
  createdBy: string;
  createdAt: string;
}

export interface MakeReportInput {
  surveyId?: string;
  unitId?: string;
  waveId?: string;
  lang: "zh-cn" | "en";
}

const text = labelText;

export async function makeReport(
  db: Database,
  user: SessionUser,
  input: MakeReportInput,
  selfUrl: string | undefined,
  now: Date,
  /** For a scheduled report: its schedule and period, so that period is made once. */
  scheduled?: { scheduleId: string; period: string },
): Promise<ReportSummary> {
  const { lang: _lang, ...target } = input;
  const data = await buildReport(db, db.analytics, target, user, now);
  if (!selfUrl)
    throw new ApiError(
      503,
      "pdf_unavailable",
      "This server cannot print reports: it does not know its own address.",
    );
  const snap = await readSnapshot(db.read, data.surveyId, user.scopeUnitId);
  const unitNames = new Map([...(snap?.units.values() ?? [])].map((u) => [u.id, u.label]));
  const title = `${text(unitNames.get(data.unitId), input.lang, data.unitId)} · ${text(data.labels.waves[data.waveId], input.lang, data.waveId)}`;
  // The printer opens the report page as this user, with a session of its own that ends when it is done.
  const token = await inTransaction(db.write, () => insertSession(db.write, user.id, now));
  let pdf: Uint8Array;
  try {
    const q = new URLSearchParams({
      unit: data.unitId,
      wave: data.waveId,
      survey: data.surveyId,
      lang: input.lang,
      print: "1",
    });
    pdf = await renderPdf(`${selfUrl}/report?${q}`, { name: sessionCookieName, value: token });
  } finally {
    await inTransaction(db.write, () =>
      db.write.run("DELETE FROM sessions WHERE id_hash = $1", [hashToken(token)]),
    );
  }
  const xlsx = await reportXlsx(data, unitNames, input.lang);
  const id = randomUUID();
  await inTransaction(db.write, async () => {
    await db.write.run(
      `INSERT INTO reports (id, survey_id, unit_id, wave_id, lang, title, created_by, created_at, pdf, xlsx, schedule_id, period)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP, $9, $10, $11, $12)`,
      [
        id,
        data.surveyId,
        data.unitId,
        data.waveId,
        input.lang,
        title,
        user.username,
        toUtcTimestamp(now),
        blobValue(pdf),
        blobValue(xlsx),
        scheduled?.scheduleId ?? null,
        scheduled?.period ?? null,
      ],
    );
    await appendAudit(db.write, {
      at: now,
      actor: user.username,
      action: "report_created",
      target: id,
      detail: { unitId: data.unitId, waveId: data.waveId },
    });
  });
  return {
    id,
    surveyId: data.surveyId,
    unitId: data.unitId,
    waveId: data.waveId,
    lang: input.lang,
    title,
    createdBy: user.username,
    createdAt: now.toISOString(),
  };
}

const inScope = `JOIN units u ON u.id = r.unit_id JOIN units s ON s.id = $1 WHERE starts_with(u.path, s.path)`;

export async function listReports(db: Database, scopeUnitId: string): Promise<ReportSummary[]> {
  const rows = await queryRows<{
    id: string;
    survey_id: string;
    unit_id: string;
    wave_id: string;
    lang: "zh-cn" | "en";
    title: string;
    created_by: string;
    created_at: Date;
  }>(
    db.read,
    `SELECT r.id, r.survey_id, r.unit_id, r.wave_id, r.lang, r.title, r.created_by, r.created_at FROM reports r ${inScope}
     ORDER BY r.created_at DESC`,
    [scopeUnitId],
  );
  return rows.map((r) => ({
    id: r.id,
    surveyId: r.survey_id,
    unitId: r.unit_id,
    waveId: r.wave_id,
    lang: r.lang,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  }));
}

/** A report's file, if the report's unit lies in the user's scope; otherwise the same 404 as no report. */
export async function reportFile(
  db: Database,
  scopeUnitId: string,
  id: string,
  kind: "pdf" | "xlsx",
): Promise<{ body: Uint8Array; fileName: string }> {
  const [row] = await queryRows<{ file: Uint8Array; unit_id: string; wave_id: string }>(
    db.read,
    `SELECT r.${kind === "pdf" ? "pdf" : "xlsx"} AS file, r.unit_id, r.wave_id FROM reports r ${inScope} AND r.id = $2`,
    [scopeUnitId, id],
  );
  if (!row) throw new ApiError(404, "report_not_found", `There is no report "${id}".`);
  return { body: row.file, fileName: `minyi-report-${row.unit_id}-${row.wave_id}.${kind}` };
}
