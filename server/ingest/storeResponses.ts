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

// A plain INSERT of ids known to be new: the caller looked them up in the same transaction (`lookup`). ON CONFLICT
// DO NOTHING … RETURNING did both in one statement but cost 3–5× as much (6–10 ms against 2 ms per 50 responses in
// bench/ingest.ts's storage figure); the primary key still refuses a duplicate, failing the whole transaction.
const insertResponsesSql = `INSERT INTO responses
  SELECT r.id::UUID, r.wave, r.unit, r.grp, r.channel, r.started::TIMESTAMP, r.submitted::TIMESTAMP,
         r.received::TIMESTAMP, r.collected::TIMESTAMP, r.receipt, r.hash, r.data::JSON
  FROM (SELECT unnest(from_json($1::VARCHAR, '[{"id":"VARCHAR","wave":"VARCHAR","unit":"VARCHAR","grp":"VARCHAR",
    "channel":"VARCHAR","started":"VARCHAR","submitted":"VARCHAR","received":"VARCHAR","collected":"VARCHAR",
    "receipt":"VARCHAR","hash":"VARCHAR","data":"VARCHAR"}]')) AS r)`;

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
    const stored = await this.lookup(records.map((r) => r.id));
    const seen = new Set<string>();
    const fresh = records.filter((r) => !stored.has(r.id) && !seen.has(r.id) && seen.add(r.id));
    await this.insertFresh(fresh);
    return new Set(fresh.map((r) => r.id));
  }

  /**
   * Inserts records whose ids `lookup` just found absent, in this same transaction, each id once, with their answers
   * and the cases their demands become. A stored id makes DuckDB refuse the whole statement (primary key).
   */
  async insertFresh(records: readonly ResponseRecord[]): Promise<void> {
    if (records.length === 0) return;
    const s = await this.prepared();
    s.responses.bindVarchar(1, JSON.stringify(records.map(responseRow)));
    await s.responses.run();
    const answers: unknown[] = [];
    for (const r of records) {
      for (const a of r.answers) {
        answers.push({ r: r.id, i: a.itemId, k: a.kind, n: a.valueNum, t: a.valueText, p: a.position });
      }
    }
    if (answers.length > 0) {
      s.answers.bindVarchar(1, JSON.stringify(answers));
      await s.answers.run();
    }
    const inserted = new Set(records.map((r) => r.id));
    const cases = intakeRows(records, inserted, (at) => time(at) as string, randomUUID);
    if (cases.length > 0) {
      const json = JSON.stringify(cases);
      s.cases.bindVarchar(1, json);
      await s.cases.run();
      s.caseEvents.bindVarchar(1, json);
      await s.caseEvents.run();
    }
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
