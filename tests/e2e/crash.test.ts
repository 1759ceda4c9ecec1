// Kills the real server with SIGKILL in the middle of a burst of submissions, then checks the promise of the
// submission API: every acknowledged response is stored exactly once, and unacknowledged ones can be retried.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../server/storage/database";
import { validAnswers } from "../helpers/dataPool";
import { prepareDatabase } from "../helpers/fixture";
import { startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("crash during a burst of submissions", () => {
  it("keeps every acknowledged response exactly once and lets the rest be retried", async () => {
    const dbFile = join(dir, "crash.duckdb");
    const fixture = await prepareDatabase(dbFile, new Date());
    const { openWaveId, definition } = fixture;
    fixture.db.close();

    const bodies = new Map<string, string>();
    const bodyFor = (id: string, i: number) => {
      let body = bodies.get(id);
      if (!body) {
        body = JSON.stringify({
          id,
          waveId: openWaveId,
          unitId: i % 2 === 0 ? "team-1" : "dept-hr",
          groupId: "staff",
          channel: "online",
          data: validAnswers(definition, i),
        });
        bodies.set(id, body);
      }
      return body;
    };
    const send = (url: string, id: string, i: number) =>
      fetch(`${url}/api/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: bodyFor(id, i),
      });

    const server = await startServer({ MINYI_DB: dbFile, MINYI_DEMO: "0" });
    const acknowledged = new Set<string>();
    const attempted: string[] = [];
    let stop = false;
    let next = 0;
    const worker = async () => {
      while (!stop) {
        const i = next++;
        const id = crypto.randomUUID();
        attempted.push(id);
        bodyFor(id, i);
        try {
          const res = await send(server.url, id, i);
          if (res.status === 201) acknowledged.add(id);
        } catch {
          // the connection died with the server: not acknowledged
        }
      }
    };
    const workers = Array.from({ length: 32 }, worker);
    // Kill once a good number is acknowledged, while requests are certainly in flight.
    while (acknowledged.size < 400) await new Promise((r) => setTimeout(r, 20));
    server.child.kill("SIGKILL");
    await server.stop();
    stop = true;
    await Promise.all(workers);
    expect(acknowledged.size).toBeGreaterThanOrEqual(400);

    // The database opens cleanly after the crash, replaying its WAL.
    const db = await openDatabase(dbFile);
    const stored = await queryRows<{ id: string; n: number }>(
      db.read,
      "SELECT id::VARCHAR AS id, count(*) AS n FROM responses GROUP BY id",
    );
    db.close();
    const storedIds = new Map(stored.map((r) => [r.id, r.n]));
    const lost = [...acknowledged].filter((id) => storedIds.get(id) !== 1);
    expect(lost).toEqual([]);
    expect(stored.every((r) => r.n === 1)).toBe(true);

    // Retrying everything after a restart: acknowledged → 200, the rest → 201 (or 200 if it was committed
    // but the answer never reached the client). Nothing doubles.
    const again = await startServer({ MINYI_DB: dbFile, MINYI_DEMO: "0" });
    try {
      const statuses = await Promise.all(
        attempted.map((id, i) => send(again.url, id, i).then((r) => r.status)),
      );
      attempted.forEach((id, i) => {
        if (acknowledged.has(id)) expect(statuses[i]).toBe(200);
        else expect([200, 201]).toContain(statuses[i]);
      });
    } finally {
      await again.stop();
    }
    const after = await openDatabase(dbFile);
    const [row] = await queryRows<{ n: number; d: number }>(
      after.read,
      "SELECT count(*) AS n, count(DISTINCT id) AS d FROM responses",
    );
    after.close();
    expect(row).toEqual({ n: attempted.length, d: attempted.length });
  }, 180_000);
});
