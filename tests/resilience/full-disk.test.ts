// The database on a small tmpfs that fills up during sustained submissions: every refusal is a 503 in the fixed
// error shape (never a hang), nothing acknowledged is lost, and the server recovers once space is freed.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { queryRows } from "../../server/storage/database";
import { onFatalStorageError } from "../../server/storage/storageFailure";
import { validAnswers } from "../helpers/dataPool";
import { appFor, prepareDatabase, signedIn } from "../helpers/fixture";
import { inspectDatabase, prepareServedDatabase, Submissions, serverEnv } from "../helpers/resilience";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const root = mkdtempSync(join(tmpdir(), "minyi-disk-"));
const mountPoint = join(root, "small");
mkdirSync(mountPoint);
const sizeMiB = 64;
const mounted = tryMount();
afterAll(() => {
  if (mounted === true) execFileSync("umount", ["--lazy", mountPoint]);
  rmSync(root, { recursive: true, force: true });
});

function tryMount(): true | string {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m`, "tmpfs", mountPoint], { stdio: "pipe" });
    return true;
  } catch (error) {
    return `cannot mount a ${sizeMiB} MiB tmpfs here (needs root): ${String(error).split("\n")[0]}`;
  }
}

const filler = join(mountPoint, "filler");
/** Takes all the space but `leave` bytes. */
const fillDisk = (leave: number) => {
  const s = statfsSync(mountPoint);
  execFileSync("fallocate", ["-l", String(Math.max(4096, s.bavail * s.bsize - leave)), filler]);
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const storageUnavailable = { error: { code: "storage_unavailable", message: expect.any(String) } };

describe.skipIf(mounted !== true)(
  `a full disk under the database${mounted === true ? "" : ` — SKIPPED: ${mounted}`}`,
  () => {
    it.each([
      // No checkpoint during the test: the WAL append of a commit is what fails; DuckDB rolls back and lives on.
      ["the WAL cannot grow", "1GB"],
      // A checkpoint after nearly every commit, so checkpoints meet the full disk too. A failed checkpoint makes
      // DuckDB invalidate the database: the server must answer 503 and exit 70 for a restart. If the WAL append
      // fails first instead, the server is stopped while the disk is still full: its last checkpoint fails, and
      // it must still exit cleanly and lose nothing.
      ["checkpoints cannot write", "64KB"],
    ] as const)(
      "when %s: 503s in the error shape, nothing acknowledged lost, recovery after freeing space",
      async (name, threshold) => {
        const file = join(mountPoint, `full-${threshold}.duckdb`);
        await prepareServedDatabase(file);
        const env = serverEnv(file, { MINYI_CHECKPOINT_THRESHOLD: threshold });
        const submissions = new Submissions();
        let server: RunningServer = await startServer(env);
        let stop = false;
        const noAnswer: string[] = [];
        // Each client sends one response until it is acknowledged, backing off on a refusal, as the fill page does.
        const worker = async () => {
          while (!stop) {
            const id = submissions.newId();
            for (;;) {
              const outcome = await submissions.send(server.url, id);
              if (outcome === "acknowledged" || stop) break;
              if (outcome === "no_answer") noAnswer.push(id);
              await pause(100);
            }
          }
        };
        const workers = Array.from({ length: 16 }, worker);
        let how = "";
        try {
          while (submissions.acknowledged.size < 200) await pause(50);
          // Leave a little under 1 MiB: a few batches fit, then writes meet ENOSPC.
          fillDisk(900_000);
          const deadline = Date.now() + 60_000;
          while (
            submissions.refusals.length < 50 &&
            server.child.exitCode === null &&
            Date.now() < deadline
          ) {
            await pause(50);
          }
          expect(submissions.refusals.length, "the disk filled without any refusal").toBeGreaterThan(0);
          // An exiting server first lets requests in flight finish (at most 2 s).
          if (server.child.exitCode === null) await pause(3_000);
          if (server.child.exitCode !== null) {
            expect(server.child.exitCode).toBe(70);
            how = "DuckDB invalidated the database; the server exited 70 and was restarted";
          } else if (threshold === "1GB") {
            how = "the server stayed up";
          } else {
            expect(await server.stop()).toBe(0);
            how =
              "the WAL failed first; stopped on the full disk (its checkpoint failed), exited 0, restarted";
          }

          // Free the space; a server that is gone is started again, as a supervisor would.
          rmSync(filler);
          if (server.child.exitCode !== null) server = await startServer(env);
          const before = submissions.acknowledged.size;
          const recovered = Date.now() + 30_000;
          while (submissions.acknowledged.size < before + 200 && Date.now() < recovered) await pause(50);
          stop = true;
          await Promise.all(workers);
          expect(submissions.acknowledged.size, "no recovery after freeing space").toBeGreaterThanOrEqual(
            before + 200,
          );
          // Everything unanswered or refused goes again with the same id and body.
          for (const id of submissions.unacknowledged()) {
            expect(await submissions.send(server.url, id)).toBe("acknowledged");
          }
          expect(await server.stop()).toBe(0);
          console.log(
            `${name}: ${submissions.refusals.length} answers 503 while full, ${noAnswer.length} attempts without ` +
              `answer while the server was down; ${how}; ${submissions.acknowledged.size} acknowledged in all`,
          );
        } finally {
          stop = true;
          server.child.kill("SIGKILL");
          rmSync(filler, { force: true });
        }

        for (const refusal of submissions.refusals) {
          expect(refusal.status).toBe(503);
          expect(JSON.parse(refusal.body)).toEqual(storageUnavailable);
        }
        // A live server answers every request: connections fail only while it is down.
        if (how === "the server stayed up") expect(noAnswer).toEqual([]);
        const state = await inspectDatabase(file);
        expect([...submissions.acknowledged].filter((id) => state.responseRows.get(id) !== 1)).toEqual([]);
        expect(state.responseRows.size).toBe(submissions.bodies.size);
        expect([state.orphanAnswers, state.orphanCases]).toEqual([0, 0]);
        rmSync(file, { force: true });
        rmSync(`${file}.wal`, { force: true });
      },
      180_000,
    );

    it("once DuckDB has invalidated the database, requests get 503 and the server is told to exit", async () => {
      const fixture = await prepareDatabase(join(mountPoint, "invalidated.duckdb"), new Date());
      const { app } = appFor(fixture);
      const fatal: unknown[] = [];
      const unsubscribe = onFatalStorageError((error) => fatal.push(error));
      const submit = (n: number) =>
        app.request("/api/responses", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
            waveId: "wave-open",
            unitId: "team-1",
            groupId: "staff",
            channel: "online",
            data: validAnswers(fixture.definition, n),
          }),
        });
      try {
        for (let n = 0; n < 20; n++) expect((await submit(n)).status).toBe(201);
        fillDisk(0);
        // The checkpoint the WAL needs cannot be written: DuckDB's FATAL error.
        await expect(fixture.db.write.run("CHECKPOINT")).rejects.toThrow(/FATAL/);
        const res = await submit(99);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual(storageUnavailable);
        const read = await app.request("/api/waves");
        expect(read.status).toBe(503);
        expect(await read.json()).toEqual(storageUnavailable);
        expect(fatal).toHaveLength(1);
      } finally {
        unsubscribe();
        fixture.db.close();
        rmSync(filler, { force: true });
      }
      // Opened again with space, it holds the 20 acknowledged responses.
      const state = await inspectDatabase(join(mountPoint, "invalidated.duckdb"));
      expect(state.responseRows.size).toBe(20);
      rmSync(join(mountPoint, "invalidated.duckdb"), { force: true });
      rmSync(join(mountPoint, "invalidated.duckdb.wal"), { force: true });
    });

    it("a full backup directory fails the backup with 503, leaves no partial file, and serving goes on", async () => {
      // The database elsewhere, the backups on the small file system.
      const fixture = await prepareDatabase(join(root, "served.duckdb"), new Date());
      const backupDir = join(mountPoint, "backups");
      const app = createApp({ ...appFor(fixture).deps, backupDir });
      const { admin } = await signedIn(fixture, app, new Date(), [["admin", "admin", "plant"]]);
      try {
        mkdirSync(backupDir, { recursive: true });
        fillDisk(0);
        const res = await app.request("/api/admin/backup", {
          method: "POST",
          headers: { cookie: admin ?? "" },
        });
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual(storageUnavailable);
        expect(readdirSync(backupDir)).toEqual([]);
        const [row] = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM users");
        expect(row?.n).toBe(1);
        const stillServing = await app.request("/api/waves");
        expect(stillServing.status).toBe(200);
      } finally {
        fixture.db.close();
        rmSync(filler, { force: true });
      }
    });
  },
);
