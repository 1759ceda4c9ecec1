// Inserts fully validated responses, their long-format answers and the cases their demands become. Rows travel as
// one JSON text per table and are unpacked by DuckDB (prepared once), off the JavaScript thread. It opens no
// transaction: the caller commits, so a response and its cases are stored together or not at all.
import { randomUUID } from "node:crypto";
import type { DuckDBConnection, DuckDBPreparedStatement } from "@duckdb/node-api";
import { hourOf } from "../cases/calendar";
import { insertIntakeCasesSql, insertIntakeEventsSql, intakeRows } from "../cases/intake";
import type { AnswerRow } from "../catalogue/types";
import { toUtcTimestamp } from "../storage/database";

export interface ResponseRecord {
  id: string;
  waveId: string;
  unitId: string;
  groupId: string;
  channel: string;
  startedAt: Date | null;
  submittedAt: Date | null;
  receivedAt: Date;
  collectedAt: Date;
  receipt: string;
  bodyHash: string;
  data: Record<string, unknown>;
  answers: readonly AnswerRow[];
}

export interface StoredResponse {
  hash: string;
  receipt: string;
}

// ON CONFLICT DO NOTHING uses the primary-key index to skip ids already stored, so the common case (a new id)
// costs no separate look-up; RETURNING tells which ones went in.
const insertResponsesSql = `INSERT INTO responses
  SELECT r.id::UUID, r.wave, r.unit, r.grp, r.channel, r.started::TIMESTAMP, r.submitted::TIMESTAMP,
         r.received::TIMESTAMP, r.collected::TIMESTAMP, r.receipt, r.hash, r.data::JSON
  FROM (SELECT unnest(from_json($1::VARCHAR, '[{"id":"VARCHAR","wave":"VARCHAR","unit":"VARCHAR","grp":"VARCHAR",
    "channel":"VARCHAR","started":"VARCHAR","submitted":"VARCHAR","received":"VARCHAR","collected":"VARCHAR",
    "receipt":"VARCHAR","hash":"VARCHAR","data":"VARCHAR"}]')) AS r)
  ON CONFLICT DO NOTHING
  RETURNING id::VARCHAR AS id`;

const insertAnswersSql = `INSERT INTO answers
  SELECT a.r::UUID, a.i, a.k, a.n, a.t, a.p
  FROM (SELECT unnest(from_json($1::VARCHAR,
    '[{"r":"VARCHAR","i":"VARCHAR","k":"VARCHAR","n":"DOUBLE","t":"VARCHAR","p":"INTEGER"}]')) AS a)`;

const lookupSql = `SELECT id::VARCHAR AS id, body_hash, receipt FROM responses
  WHERE id IN (SELECT unnest(from_json($1::VARCHAR, '["VARCHAR"]'))::UUID)`;

/** Prepared statements on one connection; use it only under that connection's write transaction. */
export class ResponseStore {
  private statements: Promise<
    Record<"responses" | "answers" | "lookup" | "cases" | "caseEvents", DuckDBPreparedStatement>
  > | null = null;

  constructor(private readonly conn: DuckDBConnection) {}

  /** Inserts the records whose id is not stored yet, with their answers; returns the ids inserted. */
  async insertNew(records: readonly ResponseRecord[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const s = await this.prepared();
    s.responses.bindVarchar(1, JSON.stringify(records.map(responseRow)));
    const reader = await s.responses.runAndReadAll();
    const inserted = new Set(reader.getRowObjectsJS().map((r) => String(r.id)));
    const answers: unknown[] = [];
    for (const r of records) {
      if (!inserted.has(r.id)) continue;
      for (const a of r.answers) {
        answers.push({ r: r.id, i: a.itemId, k: a.kind, n: a.valueNum, t: a.valueText, p: a.position });
      }
    }
    if (answers.length > 0) {
      s.answers.bindVarchar(1, JSON.stringify(answers));
      await s.answers.run();
    }
    const cases = intakeRows(records, inserted, (at) => time(at) as string, randomUUID);
    if (cases.length > 0) {
      const json = JSON.stringify(cases);
      s.cases.bindVarchar(1, json);
      await s.cases.run();
      s.caseEvents.bindVarchar(1, json);
      await s.caseEvents.run();
    }
    return inserted;
  }

  async lookup(ids: readonly string[]): Promise<Map<string, StoredResponse>> {
    if (ids.length === 0) return new Map();
    const s = await this.prepared();
    s.lookup.bindVarchar(1, JSON.stringify(ids));
    const rows = (await s.lookup.runAndReadAll()).getRowObjectsJS();
    return new Map(
      rows.map((r) => [String(r.id), { hash: String(r.body_hash), receipt: String(r.receipt) }]),
    );
  }

  private prepared() {
    this.statements ??= (async () => ({
      responses: await this.conn.prepare(insertResponsesSql),
      answers: await this.conn.prepare(insertAnswersSql),
      lookup: await this.conn.prepare(lookupSql),
      cases: await this.conn.prepare(insertIntakeCasesSql),
      caseEvents: await this.conn.prepare(insertIntakeEventsSql),
    }))();
    return this.statements;
  }
}

function responseRow(r: ResponseRecord) {
  return {
    id: r.id,
    wave: r.waveId,
    unit: r.unitId,
    grp: r.groupId,
    channel: r.channel,
    started: time(r.startedAt),
    submitted: time(r.submittedAt),
    received: time(r.receivedAt),
    collected: time(r.collectedAt),
    receipt: r.receipt,
    hash: r.bodyHash,
    data: JSON.stringify(r.data),
  };
}

/** Stored to the hour, never to the millisecond (see hourOf); periods (month, quarter, year) need no more. */
function time(value: Date | null): string | null {
  return value === null ? null : toUtcTimestamp(hourOf(value));
}
