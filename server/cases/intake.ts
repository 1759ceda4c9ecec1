// Intake: every non-empty answer to a demand question becomes a case in the same transaction that stores its
// response (online, on-site, paper and demo alike), so no demand is lost and none is taken twice. The topic comes
// from the question when it has one; the category is a first guess from the question (建议 / suggest) for triage.
import type { ResponseRecord } from "../ingest/storeResponses";

export interface IntakeRow {
  c: string;
  r: string;
  i: string;
  p: number | null;
  t: string;
  ch: string;
  w: string;
  u: string;
  rc: string;
  at: string;
}

/** One row per non-empty demand answer of the records just inserted; `at` is the response's stored time. */
export function intakeRows(
  records: readonly ResponseRecord[],
  inserted: ReadonlySet<string>,
  storedTime: (at: Date) => string,
  newId: () => string,
): IntakeRow[] {
  const rows: IntakeRow[] = [];
  for (const record of records) {
    if (!inserted.has(record.id)) continue;
    for (const a of record.answers) {
      const text = a.kind === "demand" ? (a.valueText ?? "").trim() : "";
      if (text === "") continue;
      rows.push({
        c: newId(),
        r: record.id,
        i: a.itemId,
        p: a.position,
        t: text,
        ch: record.channel,
        w: record.waveId,
        u: record.unitId,
        rc: record.receipt,
        at: storedTime(record.receivedAt),
      });
    }
  }
  return rows;
}

const rowType = `[{"c":"VARCHAR","r":"VARCHAR","i":"VARCHAR","p":"INTEGER","t":"VARCHAR","ch":"VARCHAR",
  "w":"VARCHAR","u":"VARCHAR","rc":"VARCHAR","at":"VARCHAR"}]`;

export const insertIntakeCasesSql = `INSERT INTO cases (id, channel, response_id, item_id, position, wave_id, unit_id,
    receipt, text, category, topic, status, created_at, updated_at)
  SELECT n.c::UUID, n.ch, n.r::UUID, n.i, n.p, n.w, n.u, n.rc, n.t,
    CASE WHEN regexp_matches(lower(n.i || ' ' || coalesce(si.title_en, '') || ' ' || coalesce(si.title_zh, '')),
                             'suggest|建议') THEN 'suggestion' ELSE 'demand' END,
    si.topic, 'new', n.at::TIMESTAMP, n.at::TIMESTAMP
  FROM (SELECT unnest(from_json($1::VARCHAR, '${rowType}'), recursive := true)) n
  JOIN waves w ON w.id = n.w
  LEFT JOIN survey_items si ON si.survey_id = w.survey_id AND si.survey_version = w.survey_version
                           AND si.item_id = n.i`;

export const insertIntakeEventsSql = `INSERT INTO case_events
  SELECT n.c::UUID, 1, n.at::TIMESTAMP, 'system', 'received', NULL, 'new', '{}'
  FROM (SELECT unnest(from_json($1::VARCHAR, '${rowType}'), recursive := true)) n`;
