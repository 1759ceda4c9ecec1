// `npm run import -- <file.xlsx|file.csv> --wave <id> [--dry-run] [--override-closed]`: imports keyed-in paper
// forms from a terminal, with the same checks as the import page. It opens the database itself: server stopped.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { loadCatalogue, syncCatalogue } from "../catalogue/loadCatalogue";
import { readConfig } from "../config";
import { ApiError } from "../errors";
import { ReferenceCache } from "../ingest/referenceCache";
import { ImportInvalid, importPaperForms } from "../paper/importForms";
import { openDatabase, queryRows } from "../storage/database";
import { migrate } from "../storage/migrate";

const usage = `usage:
  npm run import -- <file.xlsx|file.csv> --wave <wave id> [--dry-run] [--override-closed]
  (--override-closed imports into a round that is closed or not open yet; the server must be stopped)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      wave: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "override-closed": { type: "boolean", default: false },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0 || !values.wave) throw new Error(usage);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const config = readConfig();
  const db = await openDatabase(config.MINYI_DB);
  try {
    await migrate(db);
    await syncCatalogue(db, await loadCatalogue(config.MINYI_SURVEYS_DIR));
    const [root] = await queryRows<{ id: string }>(db.read, "SELECT id FROM units WHERE parent_id IS NULL");
    if (!root) throw new Error("the database has no organisation yet; load one first (MINYI_ORG_CSV)");
    const dryRun = values["dry-run"] === true;
    const report = await importPaperForms(
      { db, reference: new ReferenceCache(db), now: () => new Date() },
      { username: "cli", role: "cli", scopeUnitId: root.id },
      {
        waveId: values.wave,
        source: { kind: "file", bytes, fileName: basename(file) },
        dryRun,
        overrideClosed: values["override-closed"] === true,
      },
    );
    const forms = report.rows.length;
    console.log(
      dryRun
        ? `${file}: all ${forms} forms are valid (dry run: nothing stored; ${report.imported} new, ${report.unchanged} already imported)`
        : `${file}: imported ${report.imported} forms into ${values.wave}; ${report.unchanged} were already imported unchanged`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ImportInvalid) {
      console.error(`${file}: ${error.message}`);
      for (const p of error.problems) console.error(`  row ${p.row}, ${p.column}: ${p.message} [${p.code}]`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ApiError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
