// `npm run restore -- <backup file>`: puts a checked backup in place of MINYI_DB, keeping the old file beside it.
// Only with the server stopped: it refuses while a server holds the database, and never leaves a half-written one.
import { readConfig } from "../config";
import { restoreDatabase } from "../storage/backup";

async function main(argv: string[]): Promise<void> {
  const [file, ...extra] = argv;
  if (!file || extra.length > 0) {
    throw new Error(
      "usage: npm run restore -- <backup file>   (stop the server first; MINYI_DB is the target)",
    );
  }
  const { MINYI_DB } = readConfig();
  const restored = await restoreDatabase(file, MINYI_DB, new Date());
  const rows = (table: string) => restored.tables[table]?.rows ?? 0;
  console.log(
    `restored ${file} to ${MINYI_DB}: schema version ${restored.schemaVersion}, ${rows("responses")} responses, ` +
      `${rows("answers")} answers, ${rows("cases")} cases, ${rows("users")} accounts`,
  );
  if (restored.previous) console.log(`the database it replaced is kept as ${restored.previous}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
