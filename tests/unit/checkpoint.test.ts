// Checkpoints in quiet moments (server/storage/checkpoint.ts, BatchWriter): the log is folded into the database file
// once the queue stays empty, never while a write is queued, and nothing committed is lost by it.
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BatchWriter } from "../../server/ingest/batchWriter";
import { compileSurvey } from "../../server/ingest/compileSurvey";
import { checkpointIfDue } from "../../server/storage/checkpoint";
import { openDatabase, queryRows } from "../../server/storage/database";
import { type Fixture, prepareDatabase } from "../helpers/fixture";
import { validRecord } from "../helpers/responseRecords";

const dir = mkdtempSync(join(tmpdir(), "minyi-checkpoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walBytes = (file: string) => (existsSync(`${file}.wal`) ? statSync(`${file}.wal`).size : 0);

async function submitMany(writer: BatchWriter, fixture: Fixture, n: number) {
  const survey = compileSurvey(fixture.definition);
  const records = Array.from({ length: n }, (_, i) =>
    validRecord(survey, fixture.definition, fixture.openWaveId, i),
  );
  const outcomes = await Promise.all(records.map((record) => writer.submit({ record, waveClosed: false })));
  expect(outcomes.map((o) => o.status)).toEqual(records.map(() => 201));
  return records.map((r) => r.id);
}

describe("checkpoints in quiet moments", () => {
  it("checkpointIfDue folds a log over the threshold into the file and leaves a smaller one alone", async () => {
    const file = join(dir, "due.duckdb");
    const fixture = await prepareDatabase(file, new Date());
    await submitMany(new BatchWriter(fixture.db, 1000, 4, 60_000), fixture, 20);
    const before = walBytes(file);
    expect(before).toBeGreaterThan(0);
    expect(await checkpointIfDue(fixture.db, before + 1)).toBe(false);
    expect(walBytes(file)).toBe(before);
    expect(await checkpointIfDue(fixture.db, 1)).toBe(true);
    expect(walBytes(file)).toBe(0);
    fixture.db.close();
  });

  it("the batch writer checkpoints once the queue has been empty a while, and every response is still there", async () => {
    const file = join(dir, "quiet.duckdb");
    const fixture = await prepareDatabase(file, new Date());
    const writer = new BatchWriter(fixture.db, 1000, 4, 50, 1);
    const ids = await submitMany(writer, fixture, 30);
    expect(walBytes(file)).toBeGreaterThan(0);
    for (let i = 0; i < 100 && walBytes(file) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(walBytes(file)).toBe(0);
    await writer.close();
    fixture.db.close();
    const db = await openDatabase(file);
    const [row] = await queryRows<{ n: number }>(
      db.read,
      "SELECT count(*) AS n FROM responses WHERE list_contains(from_json($1::VARCHAR, '[\"VARCHAR\"]'), id::VARCHAR)",
      [JSON.stringify(ids)],
    );
    expect(row?.n).toBe(30);
    db.close();
  });
});
