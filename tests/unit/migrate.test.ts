// Numbered migrations against a real DuckDB file: an older database upgrades itself, a newer one is refused.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";
import { migrations } from "../../server/storage/migrations";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDb(): string {
  const d = mkdtempSync(join(tmpdir(), "minyi-migrate-"));
  dirs.push(d);
  return join(d, "m.duckdb");
}

const nextMigration = {
  version: 999,
  name: "test_column",
  sql: "ALTER TABLE settings ADD COLUMN note VARCHAR; INSERT INTO settings VALUES ('k', '1', 'upgraded');",
};

describe("migrate", () => {
  it("creates the schema on an empty database and is a no-op the second time", async () => {
    const db = await openDatabase(":memory:");
    expect(await migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const tables = await queryRows<{ name: string }>(
      db.read,
      "SELECT table_name AS name FROM information_schema.tables ORDER BY 1",
    );
    expect(tables.map((t) => t.name)).toEqual([
      "answers",
      "audit_log",
      "case_events",
      "cases",
      "current_cases",
      "current_responses",
      "groups",
      "invitation_tokens",
      "report_schedules",
      "reports",
      "responses",
      "schema_migrations",
      "sessions",
      "settings",
      "survey_items",
      "surveys",
      "topics",
      "unit_changes",
      "unit_links",
      "unit_map",
      "units",
      "users",
      "wave_units",
      "waves",
    ]);
    db.close();
  });

  it("upgrades a database made by an older version, keeping its data", async () => {
    const file = tempDb();
    const old = await openDatabase(file);
    await migrate(old, migrations);
    await old.write.run("INSERT INTO groups VALUES ('staff', '职工', 'Staff', 0)");
    old.close();

    const upgraded = await openDatabase(file);
    expect(await migrate(upgraded, [...migrations, nextMigration])).toEqual([999]);
    expect(await queryRows(upgraded.read, "SELECT id FROM groups")).toEqual([{ id: "staff" }]);
    expect(await queryRows(upgraded.read, "SELECT note FROM settings")).toEqual([{ note: "upgraded" }]);
    upgraded.close();
  });

  it("refuses a database newer than the code", async () => {
    const file = tempDb();
    const db = await openDatabase(file);
    await migrate(db, [...migrations, nextMigration]);
    await expect(migrate(db, migrations)).rejects.toThrow(
      `Database ${file} has schema version 999, newer than this build (${migrations.length}). Upgrade minyi.`,
    );
    db.close();
  });

  it("rolls back a failing migration whole", async () => {
    const db = await openDatabase(":memory:");
    await migrate(db);
    const broken = {
      version: 998,
      name: "broken",
      sql: "CREATE TABLE half (a INT); SELECT * FROM no_such_table;",
    };
    await expect(migrate(db, [...migrations, broken])).rejects.toThrow();
    expect(
      await queryRows(db.read, "SELECT table_name FROM information_schema.tables WHERE table_name = 'half'"),
    ).toEqual([]);
    expect(await queryRows(db.read, "SELECT version FROM schema_migrations WHERE version = 998")).toEqual([]);
    db.close();
  });
});
