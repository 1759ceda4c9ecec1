// The database on a small tmpfs that fills up during sustained submissions: every refusal is a 503 in the fixed
// error shape (never a hang), nothing acknowledged is lost, and the server recovers once space is freed.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statfsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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

const freeBytes = () => {
  const s = statfsSync(mountPoint);
  return s.bavail * s.bsize;
};

describe.skipIf(mounted !== true)(
  `a full disk under the database${mounted === true ? "" : ` — SKIPPED: ${mounted}`}`,
  () => {
    it.each([
      // No checkpoint during the test: the WAL append of a commit is what fails; DuckDB rolls back and lives on.
      ["the WAL cannot grow", "1GB", "stays up"],
      // A checkpoint after nearly every commit: the automatic checkpoint meets the full disk, DuckDB invalidates the
      // database, and the server must stop answering with it and exit for a restart.
      ["the checkpoint cannot write", "64KB", "exits 70"],
    ] as const)(
      "when %s: 503s in the error shape, nothing acknowledged lost, recovery after freeing space",
      async (name, threshold, expected) => {
        const file = join(mountPoint, `full-${threshold}.duckdb`);
        const filler = join(mountPoint, "filler");
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
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        };
        const workers = Array.from({ length: 16 }, worker);
        try {
          while (submissions.acknowledged.size < 200) await new Promise((r) => setTimeout(r, 50));
          // Leave a little under 1 MiB: a few batches fit, then writes meet ENOSPC.
          execFileSync("fallocate", ["-l", String(Math.max(4096, freeBytes() - 900_000)), filler]);
          const deadline = Date.now() + 60_000;
          while (
            submissions.refusals.length < 50 &&
            server.child.exitCode === null &&
            Date.now() < deadline
          ) {
            await new Promise((r) => setTimeout(r, 50));
          }
          // An exiting server first lets requests in flight finish (at most 2 s).
          if (server.child.exitCode === null) await new Promise((r) => setTimeout(r, 3_000));
          const exitCode = server.child.exitCode;
          expect(exitCode === null ? "stays up" : `exits ${exitCode}`).toBe(expected);
          expect(submissions.refusals.length, "the disk filled without any refusal").toBeGreaterThan(0);

          // Free the space; a server that gave its database up is started again, as a supervisor would.
          rmSync(filler);
          if (exitCode !== null) server = await startServer(env);
          const before = submissions.acknowledged.size;
          const recovered = Date.now() + 30_000;
          while (submissions.acknowledged.size < before + 200 && Date.now() < recovered) {
            await new Promise((r) => setTimeout(r, 50));
          }
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
            `${name}: ${submissions.refusals.length} refusals (503) while full, ${noAnswer.length} without answer, ` +
              `server ${exitCode === null ? "stayed up" : `exited ${exitCode} and was restarted`}; ` +
              `${submissions.acknowledged.size} acknowledged in all`,
          );
        } finally {
          stop = true;
          server.child.kill("SIGKILL");
          rmSync(filler, { force: true });
        }

        for (const refusal of submissions.refusals) {
          expect(refusal.status).toBe(503);
          expect(JSON.parse(refusal.body)).toEqual({
            error: { code: "storage_unavailable", message: expect.any(String) },
          });
        }
        // A live server answers every request; only one on its way out may drop the last few connections.
        if (expected === "stays up") expect(noAnswer).toEqual([]);
        const state = await inspectDatabase(file);
        expect([...submissions.acknowledged].filter((id) => state.responseRows.get(id) !== 1)).toEqual([]);
        expect(state.responseRows.size).toBe(submissions.bodies.size);
        expect([state.orphanAnswers, state.orphanCases]).toEqual([0, 0]);
        rmSync(file, { force: true });
        rmSync(`${file}.wal`, { force: true });
      },
      180_000,
    );
  },
);
