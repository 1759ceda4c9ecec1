// Load and checks for the resilience suite: clients that submit responses and import paper forms against a real
// server and remember what was acknowledged, and what a database must look like after a crash. No assertions here.
import { paperFormNamespace, paperResponseId } from "../../server/paper/formIds";
import { fingerprint, type TableFigures } from "../../server/storage/backup";
import { openDatabase, queryRows } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";
import { createWave } from "../../server/waves/waves";
import { validAnswers } from "./dataPool";
import { type Fixture, plantSurvey, prepareDatabase } from "./fixture";
import { paperRow } from "./paperRows";

export const adminPassword = "correct horse battery";
export const paperWaveId = "wave-paper";

/** The fixture database plus an open round that takes paper forms; closed again, ready for a server. */
export async function prepareServedDatabase(file: string, now = new Date()): Promise<void> {
  const fixture: Fixture = await prepareDatabase(file, now);
  await createWave(fixture.db, {
    id: paperWaveId,
    surveyId: "plant-satisfaction",
    title: "paper forms",
    periodStart: "2026-10-01",
    periodEnd: "2026-12-31",
    opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
    closesAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    channels: ["online", "paper"],
  });
  fixture.db.close();
}

/** The environment a test server needs: the file, no demo, a known admin password (the admin is made at start). */
export const serverEnv = (file: string, extra: Record<string, string> = {}) => ({
  MINYI_DB: file,
  MINYI_DEMO: "0",
  MINYI_ADMIN_PASSWORD: adminPassword,
  ...extra,
});

export type Outcome = "acknowledged" | "refused" | "no_answer";

/**
 * Online submissions, each with an id made once and a body kept byte for byte, so a retry after a crash sends the
 * same id and the same body, as the fill page does.
 */
export class Submissions {
  readonly bodies = new Map<string, string>();
  readonly acknowledged = new Set<string>();
  /** Every status seen for each id, in order: what retries were answered. */
  readonly statuses = new Map<string, number[]>();
  /** Answers that were not 2xx: each must be in the fixed error shape. */
  readonly refusals: { status: number; body: string }[] = [];
  private next = 0;

  newId(): string {
    const i = this.next++;
    const id = crypto.randomUUID();
    this.bodies.set(
      id,
      JSON.stringify({
        id,
        waveId: "wave-open",
        unitId: i % 2 === 0 ? "team-1" : "dept-hr",
        groupId: "staff",
        channel: "online",
        data: validAnswers(plantSurvey, i),
      }),
    );
    return id;
  }

  async send(url: string, id: string, timeoutMs = 20_000): Promise<Outcome> {
    let res: Response;
    try {
      res = await fetch(`${url}/api/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: this.bodies.get(id),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      return "no_answer";
    }
    const text = await res.text().catch(() => null);
    if (text === null) return "no_answer";
    this.statuses.set(id, [...(this.statuses.get(id) ?? []), res.status]);
    if (res.status === 201 || res.status === 200) {
      this.acknowledged.add(id);
      return "acknowledged";
    }
    this.refusals.push({ status: res.status, body: text });
    return "refused";
  }

  unacknowledged(): string[] {
    return [...this.bodies.keys()].filter((id) => !this.acknowledged.has(id));
  }
}

/** Paper-form imports of `size` forms each, numbered `<batch>-<n>`, the same rows on every retry. */
export class Imports {
  readonly batches = new Map<string, Record<string, unknown>[]>();
  readonly acknowledged = new Set<string>();
  readonly reports = new Map<string, { imported: number; unchanged: number }[]>();
  readonly refusals: { status: number; body: string }[] = [];
  private next = 0;

  constructor(readonly size = 20) {}

  newBatch(): string {
    const batch = `B${++this.next}`;
    this.batches.set(
      batch,
      Array.from({ length: this.size }, (_, j) =>
        paperRow(
          { form_no: `${batch}-${j + 1}`, unit_id: j % 2 === 0 ? "team-1" : "st-1", group_id: "staff" },
          validAnswers(plantSurvey, j),
        ),
      ),
    );
    return batch;
  }

  async send(url: string, cookie: string, batch: string): Promise<Outcome> {
    try {
      const res = await fetch(`${url}/api/waves/${paperWaveId}/paper/import`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ rows: this.batches.get(batch) }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json()) as { imported: number; unchanged: number };
      if (res.status !== 201) {
        this.refusals.push({ status: res.status, body: JSON.stringify(body) });
        return "refused";
      }
      this.reports.set(batch, [...(this.reports.get(batch) ?? []), body]);
      this.acknowledged.add(batch);
      return "acknowledged";
    } catch {
      return "no_answer";
    }
  }

  formNumbers(batch: string): string[] {
    return (this.batches.get(batch) ?? []).map((row) => String(row.form_no));
  }
}

export async function adminCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: adminPassword }),
  });
  if (!res.ok) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie")?.split(";")[0] ?? "";
}

export interface DatabaseState {
  /** How many rows each response id has (a primary key makes 2 impossible unless the file is broken). */
  responseRows: Map<string, number>;
  /** Forms of each import batch found stored. */
  storedForms: Map<string, number>;
  tables: Record<string, TableFigures>;
  orphanAnswers: number;
  orphanCases: number;
}

/**
 * Opens the file as the server would after a crash (WAL replayed), upgrades it (a no-op when current), forces a
 * CHECKPOINT, reads every table to its end (DuckDB checks each block's checksum) and looks for dangling rows.
 */
export async function inspectDatabase(file: string, imports?: Imports): Promise<DatabaseState> {
  const db = await openDatabase(file);
  try {
    await migrate(db);
    await db.write.run("CHECKPOINT");
    const catalog = (await queryRows<{ name: string }>(db.read, "SELECT current_database() AS name"))[0]
      ?.name;
    const tables = await fingerprint(db.read, String(catalog));
    const rows = await queryRows<{ id: string; n: number }>(
      db.read,
      "SELECT id::VARCHAR AS id, count(*) AS n FROM responses GROUP BY id",
    );
    const responseRows = new Map(rows.map((r) => [r.id, r.n]));
    const storedForms = new Map<string, number>();
    if (imports) {
      const namespace = await paperFormNamespace(db);
      for (const batch of imports.batches.keys()) {
        const ids = imports.formNumbers(batch).map((n) => paperResponseId(namespace, paperWaveId, n));
        storedForms.set(batch, ids.filter((id) => responseRows.has(id)).length);
      }
    }
    const [orphans] = await queryRows<{ answers: number; cases: number }>(
      db.read,
      `SELECT (SELECT count(*) FROM answers a ANTI JOIN responses r ON r.id = a.response_id) AS answers,
              (SELECT count(*) FROM cases c ANTI JOIN responses r ON r.id = c.response_id
                WHERE c.response_id IS NOT NULL) AS cases`,
    );
    return {
      responseRows,
      storedForms,
      tables,
      orphanAnswers: orphans?.answers ?? -1,
      orphanCases: orphans?.cases ?? -1,
    };
  } finally {
    db.close();
  }
}
