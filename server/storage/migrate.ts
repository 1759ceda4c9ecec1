// Brings a database of any older version up to the newest schema, one numbered migration per transaction.
// It never downgrades: a database newer than this code is refused rather than guessed at.
import { type Database, inTransaction, queryRows } from "./database";
import { migrations as allMigrations, type Migration } from "./migrations";

export async function migrate(
  db: Database,
  migrations: readonly Migration[] = allMigrations,
): Promise<number[]> {
  await db.write.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`);
  const applied = new Set(
    (await queryRows<{ version: number }>(db.write, "SELECT version FROM schema_migrations")).map(
      (r) => r.version,
    ),
  );
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const ahead = [...applied].filter((v) => v > newest);
  if (ahead.length > 0) {
    throw new Error(
      `Database ${db.path} has schema version ${Math.max(...ahead)}, newer than this build (${newest}). Upgrade minyi.`,
    );
  }
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await inTransaction(db.write, async () => {
      await db.write.run(m.sql);
      await db.write.run("INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)", [
        m.version,
        m.name,
      ]);
    });
    done.push(m.version);
  }
  return done;
}
