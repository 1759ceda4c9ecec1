// Backups taken with `npm run backup` and the admin endpoint while clients keep submitting: each one opens, is one
// point in time, and `npm run restore` (server stopped, refused while it runs) brings exactly that data back.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { checkBackupFile, fingerprint } from "../../server/storage/backup";
import { openDatabase, queryRows } from "../../server/storage/database";
import {
  adminCookie,
  adminPassword,
  prepareServedDatabase,
  Submissions,
  serverEnv,
} from "../helpers/resilience";
import { startServer } from "../helpers/spawnServer";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "minyi-backups-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a CLI of server/cli the way `npm run` does; resolves with its exit code and output. */
async function cli(name: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", `server/cli/${name}.ts`, ...args],
      {
        env: { ...process.env, ...env },
      },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

type PerResponse = Map<string, string>;

/** Each response id with how many answers and cases it has: a response is whole, or absent. */
async function perResponse(file: string): Promise<PerResponse> {
  const db = await openDatabase(file);
  try {
    const rows = await queryRows<{ id: string; a: number; c: number }>(
      db.read,
      `SELECT r.id::VARCHAR AS id,
              (SELECT count(*) FROM answers a WHERE a.response_id = r.id) AS a,
              (SELECT count(*) FROM cases c WHERE c.response_id = r.id) AS c
       FROM responses r`,
    );
    return new Map(rows.map((r) => [r.id, `${r.a}/${r.c}`]));
  } finally {
    db.close();
  }
}

describe("backups while serving", () => {
  it("are consistent snapshots, and restore brings one back exactly", async () => {
    const file = join(dir, "minyi.duckdb");
    const backupDir = join(dir, "backups");
    await prepareServedDatabase(file);
    const env = serverEnv(file, { MINYI_BACKUP_DIR: backupDir });
    const server = await startServer(env);
    const port = new URL(server.url).port;
    const cliEnv = { ...env, PORT: port, HOST: "127.0.0.1", MINYI_BACKUP_PASSWORD: adminPassword };
    const submissions = new Submissions();
    let stop = false;
    const workers = Array.from({ length: 16 }, async () => {
      while (!stop) await submissions.send(server.url, submissions.newId());
    });

    // Four backups under load: two by the CLI (through the server, which holds the file), two by the endpoint.
    const taken: { name: string; before: Set<string> }[] = [];
    const cookie = await adminCookie(server.url);
    for (let i = 0; i < 4; i++) {
      while (submissions.acknowledged.size < 150 * (i + 1)) await new Promise((r) => setTimeout(r, 20));
      const before = new Set(submissions.acknowledged);
      if (i % 2 === 0) {
        const result = await cli("backup", [], cliEnv);
        expect(result.out).toContain("taken by the running server");
        expect(result.code, result.out).toBe(0);
        const name = /backup (\S+\.duckdb):/.exec(result.out)?.[1] ?? "";
        taken.push({ name, before });
      } else {
        const res = await fetch(`${server.url}/api/admin/backup`, { method: "POST", headers: { cookie } });
        expect(res.status).toBe(201);
        taken.push({ name: ((await res.json()) as { name: string }).name, before });
      }
    }
    // Restoring over a database a server holds is refused, and changes nothing.
    const refused = await cli("restore", [join(backupDir, taken[1]?.name ?? "")], cliEnv);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("is open in a running minyi server");
    expect(refused.out).toContain("Stop the server, then restore.");

    stop = true;
    await Promise.all(workers);
    expect(await server.stop()).toBe(0);
    expect(readdirSync(backupDir).sort()).toEqual(taken.map((t) => t.name).sort());
    expect(submissions.refusals).toEqual([]);

    const final = await perResponse(file);
    let previous = 0;
    for (const { name, before } of taken) {
      const path = join(backupDir, name);
      await checkBackupFile(path); // opens, known schema, every table read to its end, nothing dangling
      const snapshot = await perResponse(path);
      // One point in time: everything acknowledged before the backup was asked for is in it, each response
      // with all of its answers and cases as they are now, and later backups hold more.
      expect([...before].filter((id) => !snapshot.has(id))).toEqual([]);
      for (const [id, parts] of snapshot) expect(final.get(id), id).toBe(parts);
      expect(snapshot.size).toBeGreaterThan(previous);
      previous = snapshot.size;
    }

    // With the server stopped: a backup taken directly, then a restore of the second backup.
    const direct = await cli("backup", [], cliEnv);
    expect(direct.code, direct.out).toBe(0);
    expect(direct.out).toContain("server stopped: taken directly");
    const chosen = join(backupDir, taken[1]?.name ?? "");
    const restored = await cli("restore", [chosen], cliEnv);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(
      /the database it replaced is kept as .*minyi\.duckdb\.before-restore-\d{8}T\d{6}Z/,
    );

    const again = await startServer(env);
    const known = [...(await perResponse(chosen)).keys()][0] as string;
    expect(await submissions.send(again.url, known)).toBe("acknowledged");
    expect(submissions.statuses.get(known)?.at(-1)).toBe(200);
    expect(await again.stop()).toBe(0);

    // The restored database holds exactly what the backup holds (the resend above changed nothing).
    const backupTables = (await checkBackupFile(chosen)).tables;
    const db = await openDatabase(file);
    const restoredTables = await fingerprint(db.read, "minyi");
    db.close();
    expect(restoredTables).toEqual(backupTables);
    expect(restoredTables.responses?.rows).toBeLessThan(final.size);

    // A response acknowledged after that backup is not in it: its client's resend stores it anew.
    const inChosen = await perResponse(chosen);
    const missing = [...submissions.acknowledged].find((id) => !inChosen.has(id)) as string;
    const third = await startServer(env);
    expect(await submissions.send(third.url, missing)).toBe("acknowledged");
    expect(submissions.statuses.get(missing)?.at(-1)).toBe(201);
    expect(await third.stop()).toBe(0);
  }, 240_000);
});
