// kill -9 at seeded random moments while many clients submit and an admin imports paper forms, round after round on
// one database file: whatever was acknowledged is stored once, retries never double, an import is all or nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRng } from "../../server/demo/prng";
import {
  adminCookie,
  Imports,
  inspectDatabase,
  prepareServedDatabase,
  Submissions,
  serverEnv,
} from "../helpers/resilience";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-kill9-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rounds = 5;
const clients = 24;
const seed = Number(process.env.MINYI_RESILIENCE_SEED ?? 20261201);

describe("kill -9 during sustained submissions and paper imports", () => {
  it(`keeps its promises over ${rounds} crashes (seed ${seed})`, async () => {
    const file = join(dir, "kill9.duckdb");
    await prepareServedDatabase(file);
    const rng = createRng(seed);
    const submissions = new Submissions();
    const imports = new Imports();
    const env = serverEnv(file);
    const retriedIds = new Set<string>();

    for (let round = 1; round <= rounds + 1; round++) {
      const server = await startServer(env);
      const cookie = await adminCookie(server.url);
      // First what the last crash left unanswered, with the same id and body: 201 if it was lost, 200 if it was
      // committed but its answer never arrived. Never a second row.
      const retried = submissions.unacknowledged();
      for (const id of retried) retriedIds.add(id);
      await inParallel(retried, clients, (id) => submissions.send(server.url, id));
      for (const batch of [...imports.batches.keys()].filter((b) => !imports.acknowledged.has(b))) {
        expect(await imports.send(server.url, cookie, batch)).toBe("acknowledged");
      }
      expect(submissions.unacknowledged()).toEqual([]);
      if (round > rounds) {
        await server.stop();
        break;
      }

      // Then sustained load, and a kill at a point the seed picks: after some acknowledgements (so the load is on
      // whatever the machine's speed), plus a random delay that lands it anywhere in a batch or an import.
      const killAt = {
        acknowledged: submissions.acknowledged.size + rng.int(50, 300),
        delayMs: rng.int(0, 400),
      };
      await underLoad(server, submissions, imports, cookie, killAt);
      const state = await inspectDatabase(file, imports);
      const open = [...imports.batches.keys()].filter((b) => !imports.acknowledged.has(b));
      console.log(
        `round ${round}: killed ${killAt.delayMs} ms after ${killAt.acknowledged} acknowledged; ${submissions.acknowledged.size} of ${submissions.bodies.size} ` +
          `submissions acknowledged so far; unanswered import batches stored ${open.map((b) => state.storedForms.get(b)).join(", ")}`,
      );
      expect([...submissions.acknowledged].filter((id) => state.responseRows.get(id) !== 1)).toEqual([]);
      expect([...state.responseRows.values()].every((n) => n === 1)).toBe(true);
      for (const [batch, stored] of state.storedForms) {
        // All or nothing, and everything once acknowledged.
        expect([0, imports.size], `batch ${batch}`).toContain(stored);
        if (imports.acknowledged.has(batch)) expect(stored, `batch ${batch}`).toBe(imports.size);
      }
      expect([state.orphanAnswers, state.orphanCases]).toEqual([0, 0]);
    }

    // Nothing was ever refused: a request either got its 201/200 or no answer at all (the crash).
    expect(submissions.refusals).toEqual([]);
    expect(imports.refusals).toEqual([]);
    // Every retry was answered 201 (lost, stored now) or 200 (it had been stored); nothing was refused.
    for (const statuses of submissions.statuses.values()) {
      expect(statuses.every((s) => s === 201 || s === 200)).toBe(true);
    }
    for (const reports of imports.reports.values()) {
      for (const r of reports) expect(r.imported + r.unchanged).toBe(imports.size);
    }
    const retries = [...retriedIds].map((id) => submissions.statuses.get(id) ?? []);
    console.log(
      `retried after a crash: ${retries.filter((s) => s.at(-1) === 201).length} answered 201 (lost before commit), ` +
        `${retries.filter((s) => s.at(-1) === 200).length} answered 200 (committed, answer lost)`,
    );
    const final = await inspectDatabase(file, imports);
    const paperForms = imports.batches.size * imports.size;
    expect(final.tables.responses?.rows).toBe(submissions.bodies.size + paperForms);
    expect(final.responseRows.size).toBe(submissions.bodies.size + paperForms);
    expect([...final.storedForms.values()].every((n) => n === imports.size)).toBe(true);
    // The rounds did put real load under the kills.
    expect(submissions.bodies.size).toBeGreaterThan(rounds * 50);
    expect(imports.batches.size).toBeGreaterThanOrEqual(rounds);
  }, 240_000);
});

/** Submitting clients and one importing admin until the kill; resolves once all of them saw it. */
async function underLoad(
  server: RunningServer,
  submissions: Submissions,
  imports: Imports,
  cookie: string,
  killAt: { acknowledged: number; delayMs: number },
): Promise<void> {
  let killed = false;
  const submitter = async () => {
    while (!killed) await submissions.send(server.url, submissions.newId());
  };
  const importer = async () => {
    while (!killed) await imports.send(server.url, cookie, imports.newBatch());
  };
  const load = [...Array.from({ length: clients }, submitter), importer()];
  while (submissions.acknowledged.size < killAt.acknowledged) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, killAt.delayMs));
  server.child.kill("SIGKILL");
  await server.stop();
  killed = true;
  await Promise.all(load);
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
