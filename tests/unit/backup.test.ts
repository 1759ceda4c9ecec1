// Backup and restore on real DuckDB files: what a backup holds, what restore keeps and refuses, and the admin
// endpoint. Backups taken under load and the CLIs against a running server are in tests/resilience/backup.test.ts.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import {
  BackupError,
  backupDatabase,
  checkBackupFile,
  fingerprint,
  restoreDatabase,
} from "../../server/storage/backup";
import { type Database, openDatabase, queryRows } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";
import { validAnswers } from "../helpers/dataPool";
import { appFor, prepareDatabase, signedIn } from "../helpers/fixture";

const dir = mkdtempSync(join(tmpdir(), "minyi-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const now = new Date("2026-12-01T13:45:00.123Z");

async function filled(name: string): Promise<{ file: string; db: Database }> {
  const file = join(dir, name);
  const fixture = await prepareDatabase(file, new Date());
  const { app } = appFor(fixture);
  for (let i = 0; i < 12; i++) {
    const data = { ...validAnswers(fixture.definition, i), demands: i % 4 === 0 ? "希望增开通勤班车。" : "" };
    const res = await app.request("/api/responses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        waveId: "wave-open",
        unitId: "team-1",
        groupId: "staff",
        channel: "online",
        data,
      }),
    });
    expect(res.status).toBe(201);
  }
  await signedIn(fixture, app, new Date(), [["admin", "admin", "plant"]]);
  return { file, db: fixture.db };
}

const figures = async (db: Database) =>
  fingerprint(db.read, db.path.replace(/^.*\//, "").replace(/\.duckdb$/, ""));

describe("backupDatabase", () => {
  it("copies every table, row for row, into a file the app opens as it is", async () => {
    const { db } = await filled("source.duckdb");
    const source = await figures(db);
    const summary = await backupDatabase(db, join(dir, "backups"), now);
    db.close();
    expect(summary.name).toBe("source-20261201T134500Z.duckdb");
    expect(readdirSync(join(dir, "backups"))).toEqual([summary.name]);
    expect(statSync(summary.path).mode & 0o777).toBe(0o600);
    expect(summary.tables.responses).toBe(12);
    expect(summary.tables.cases).toBe(13); // 3 demands written here, 10 in the pooled answers' own texts
    expect(summary.tables.users).toBe(1);
    expect(Object.keys(summary.tables)).toEqual(Object.keys(source));
    for (const [table, f] of Object.entries(source)) expect(summary.tables[table], table).toBe(f.rows);

    const check = await checkBackupFile(summary.path);
    expect(check.tables).toEqual(source);
    const copy = await openDatabase(summary.path);
    expect(await migrate(copy)).toEqual([]);
    // Sequences go on where they stood: the next case number follows the last one.
    const [next] = await queryRows<{ n: number }>(copy.read, "SELECT nextval('case_number') AS n");
    expect(next?.n).toBe(14);
    copy.close();
  });

  it("names a second backup of the same second apart", async () => {
    const { db } = await filled("twice.duckdb");
    const first = await backupDatabase(db, join(dir, "twice"), now);
    const second = await backupDatabase(db, join(dir, "twice"), now);
    db.close();
    expect([first.name, second.name]).toEqual([
      "twice-20261201T134500Z.duckdb",
      "twice-20261201T134500Z-2.duckdb",
    ]);
  });
});

describe("restoreDatabase", () => {
  it("puts the backup in place and keeps the database it replaced", async () => {
    const { db, file } = await filled("live.duckdb");
    const summary = await backupDatabase(db, join(dir, "live-backups"), now);
    const backedUp = await figures(db);
    await db.write.run("DELETE FROM answers");
    await db.write.run("DELETE FROM case_events");
    await db.write.run("DELETE FROM cases");
    await db.write.run("DELETE FROM responses");
    const changed = await figures(db);
    db.close();

    const restored = await restoreDatabase(summary.path, file, new Date("2026-12-02T08:00:00Z"));
    expect(restored.previous).toBe(`${file}.before-restore-20261202T080000Z`);
    const back = await openDatabase(file);
    expect(await figures(back)).toEqual(backedUp);
    back.close();
    const kept = await checkBackupFile(restored.previous as string);
    expect(kept.tables.responses?.rows).toBe(0);
    expect(kept.tables).toEqual(changed);
    expect(readdirSync(dir).filter((f) => f.includes(".partial"))).toEqual([]);
  });

  it("restores into a place that has no database yet", async () => {
    const { db } = await filled("fresh-source.duckdb");
    const summary = await backupDatabase(db, join(dir, "fresh"), now);
    db.close();
    const target = join(dir, "new-home", "minyi.duckdb");
    expect((await restoreDatabase(summary.path, target, now)).previous).toBeNull();
    expect(existsSync(target)).toBe(true);
  });

  it.each([
    ["a missing file", "missing", "backup_missing", /There is no backup file/],
    ["a file that is not DuckDB", "garbage", "backup_unreadable", /cannot be opened as a DuckDB database/],
    ["a DuckDB file of something else", "foreign", "backup_foreign", /not a minyi one/],
    ["a backup from a newer minyi", "newer", "backup_too_new", /schema version 999/],
  ] as const)("refuses %s and leaves the target alone", async (_name, kind, code, message) => {
    const target = join(dir, `target-${kind}.duckdb`);
    const live = await openDatabase(target);
    await migrate(live);
    live.close();
    const file = join(dir, `${kind}.duckdb`);
    if (kind === "garbage") writeFileSync(file, "not a database\n".repeat(500));
    if (kind === "foreign" || kind === "newer") {
      const instance = await DuckDBInstance.create(file);
      const conn = await instance.connect();
      await conn.run("CREATE TABLE t (x INTEGER)");
      if (kind === "newer") {
        await conn.run(
          "CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, applied_at TIMESTAMP)",
        );
        await conn.run(
          "INSERT INTO schema_migrations VALUES (1, 'initial', now()::TIMESTAMP), (999, 'x', now()::TIMESTAMP)",
        );
      }
      conn.closeSync();
      instance.closeSync();
    }
    const error = await restoreDatabase(file, target, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).code).toBe(code);
    expect((error as BackupError).message).toMatch(message);
    expect(readdirSync(dir).filter((f) => f.startsWith(`target-${kind}`))).toEqual([`target-${kind}.duckdb`]);
  });
});

describe("POST /api/admin/backup", () => {
  it("writes a backup in the backup directory, answers its figures and records it in the audit log", async () => {
    const file = join(dir, "served.duckdb");
    const fixture = await prepareDatabase(file, new Date());
    const backupDir = join(dir, "served-backups");
    const app = createApp({ ...appFor(fixture).deps, backupDir });
    const { admin, analyst } = await signedIn(fixture, app, new Date(), [
      ["admin", "admin", "plant"],
      ["analyst", "analyst", "plant"],
    ]);
    const post = (cookie = "") => app.request("/api/admin/backup", { method: "POST", headers: { cookie } });
    expect((await post(analyst)).status).toBe(403);
    const res = await post(admin);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { name: string; bytes: number; tables: Record<string, number> };
    expect(readdirSync(backupDir)).toEqual([body.name]);
    expect(body.tables.users).toBe(2);
    expect(body.bytes).toBeGreaterThan(0);
    const [entry] = await queryRows<{ actor: string; target: string }>(
      fixture.db.read,
      "SELECT actor, target FROM audit_log WHERE action = 'backup'",
    );
    expect(entry).toEqual({ actor: "admin", target: body.name });
    fixture.db.close();
  });
});
