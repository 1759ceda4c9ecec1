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
      "calendar_overrides",
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
    await old.write.run(
      "INSERT INTO groups (id, name_zh, name_en, sort) VALUES ('staff', '职工', 'Staff', 0)",
    );
    old.close();

    const upgraded = await openDatabase(file);
    expect(await migrate(upgraded, [...migrations, nextMigration])).toEqual([999]);
    expect(await queryRows(upgraded.read, "SELECT id FROM groups")).toEqual([{ id: "staff" }]);
    expect(await queryRows(upgraded.read, "SELECT note FROM settings")).toEqual([{ note: "upgraded" }]);
    upgraded.close();
  });

  it("makes cases of the demands stored before cases existed (migration 7), one per non-empty answer", async () => {
    const db = await openDatabase(":memory:");
    await migrate(db, migrations.slice(0, 6));
    await db.write.run(`
      INSERT INTO waves VALUES ('w', 's', 1, 'Q4', '2026-10-01', '2026-12-31', '2026-10-01', '2026-12-31', ['online'], '2026-10-01');
      INSERT INTO survey_items VALUES
        ('s', 1, 'demands', 'demands', 'demand', NULL, NULL, NULL, NULL, NULL, '困难或诉求', 'Demands', 1),
        ('s', 1, 'ideas', 'ideas', 'demand', 'canteen', NULL, NULL, NULL, NULL, '意见和建议', 'Your ideas', 2);
      INSERT INTO responses VALUES
        ('00000000-0000-4000-8000-000000000001', 'w', 'team-1', 'staff', 'paper', NULL, NULL,
         '2026-11-02 08:00:00', '2026-11-02 08:00:00', 'ABCDE-23456', 'h', '{}');
      INSERT INTO answers VALUES
        ('00000000-0000-4000-8000-000000000001', 'demands', 'demand', NULL, ' 宿舍没有热水 ', NULL),
        ('00000000-0000-4000-8000-000000000001', 'ideas', 'demand', NULL, '建议增加面食', NULL),
        ('00000000-0000-4000-8000-000000000001', 'other', 'demand', NULL, '   ', NULL),
        ('00000000-0000-4000-8000-000000000001', 'note', 'text', NULL, '不是诉求', NULL);`);
    await migrate(db);
    const cases = await queryRows(
      db.read,
      `SELECT number, channel, unit_id, receipt, text, category, topic, status FROM cases ORDER BY number`,
    );
    expect(cases).toEqual([
      {
        number: 1,
        channel: "paper",
        unit_id: "team-1",
        receipt: "ABCDE-23456",
        text: "宿舍没有热水",
        category: "demand",
        topic: null,
        status: "new",
      },
      {
        number: 2,
        channel: "paper",
        unit_id: "team-1",
        receipt: "ABCDE-23456",
        text: "建议增加面食",
        category: "suggestion",
        topic: "canteen",
        status: "new",
      },
    ]);
    const events = await queryRows(db.read, "SELECT seq, actor, action, to_status FROM case_events");
    expect(events).toEqual([
      { seq: 1, actor: "system", action: "received", to_status: "new" },
      { seq: 1, actor: "system", action: "received", to_status: "new" },
    ]);
    db.close();
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
