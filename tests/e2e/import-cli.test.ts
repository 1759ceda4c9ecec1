// `npm run import`: importing a keyed-in paper batch from a terminal into a real database file — a batch with
// mistakes is refused whole with every problem printed; fixed, it goes in; run again, nothing doubles.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paperLayout } from "../../server/paper/columns";
import { paperFormNamespace, paperResponseId } from "../../server/paper/formIds";
import { openDatabase, queryRows } from "../../server/storage/database";
import { createWave } from "../../server/waves/waves";
import { validAnswers } from "../helpers/dataPool";
import { plantSurvey, prepareDatabase } from "../helpers/fixture";
import { type PaperCell, paperRow } from "../helpers/paperRows";

const dir = mkdtempSync(join(tmpdir(), "minyi-import-cli-"));
const dbPath = join(dir, "cli.duckdb");
const env = { ...process.env, MINYI_DB: dbPath };
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "server/cli/import.ts", ...args], {
    env,
    encoding: "utf8",
  });

beforeAll(async () => {
  const now = new Date();
  const fixture = await prepareDatabase(dbPath, now);
  await createWave(fixture.db, {
    id: "paper-q4",
    surveyId: "plant-satisfaction",
    title: "2026年第四季度",
    periodStart: "2026-10-01",
    periodEnd: "2026-12-31",
    opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
    closesAt: new Date(now.getTime() + 86_400_000).toISOString(),
    channels: ["paper"],
  });
  fixture.db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const names = paperLayout(plantSurvey).columns.map((c) => c.name);

async function writeXlsx(file: string, rows: Record<string, PaperCell>[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("forms");
  sheet.addRow(names);
  for (const row of rows) sheet.addRow(names.map((n) => row[n] ?? null));
  const path = join(dir, file);
  writeFileSync(path, new Uint8Array(await workbook.xlsx.writeBuffer()));
  return path;
}

const batch = () =>
  [1, 2, 3].map((i) =>
    paperRow({ form_no: `P-${i}`, unit_id: "team-1", group_id: "staff" }, validAnswers(plantSurvey, i)),
  );

async function count(): Promise<number> {
  const db = await openDatabase(dbPath);
  try {
    const [row] = await queryRows<{ n: number }>(
      db.read,
      "SELECT count(*) AS n FROM responses WHERE channel = 'paper'",
    );
    return row?.n ?? 0;
  } finally {
    db.close();
  }
}

describe("npm run import", () => {
  it("refuses a batch with mistakes whole, printing every problem, and exits non-zero", async () => {
    const rows = batch();
    rows[0] = { ...(rows[0] as Record<string, PaperCell>), enps: 11 };
    rows[2] = { ...(rows[2] as Record<string, PaperCell>), group_id: "nobody", safety_ppe: "很好" };
    const file = await writeXlsx("mistakes.xlsx", rows);
    const result = run(file, "--wave", "paper-q4");
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      [
        `${file}: 2 rows have problems; nothing was imported.`,
        '  row 2, enps: Answer to "enps" must be a number from 0 to 10; the file has 11. [out_of_range]',
        '  row 4, group_id: There is no respondent group "nobody". [unknown_group]',
        '  row 4, safety_ppe: "很好" is not a number (write 1 to 5). [not_a_number]',
        "",
      ].join("\n"),
    );
    expect(await count()).toBe(0);
  });

  it("checks a fixed batch with --dry-run, imports it, and a second run doubles nothing", async () => {
    const file = await writeXlsx("fixed.xlsx", batch());
    const dry = run(file, "--wave", "paper-q4", "--dry-run");
    expect(dry.stdout.trim()).toBe(
      `${file}: all 3 forms are valid (dry run: nothing stored; 3 new, 0 already imported)`,
    );
    expect(dry.status).toBe(0);
    expect(await count()).toBe(0);
    const first = run(file, "--wave", "paper-q4");
    expect(first.stdout.trim()).toBe(
      `${file}: imported 3 forms into paper-q4; 0 were already imported unchanged`,
    );
    expect(first.status).toBe(0);
    const second = run(file, "--wave", "paper-q4");
    expect(second.stdout.trim()).toBe(
      `${file}: imported 0 forms into paper-q4; 3 were already imported unchanged`,
    );
    expect(await count()).toBe(3);
    const db = await openDatabase(dbPath);
    const audit = await queryRows<{ actor: string; detail: string }>(
      db.read,
      "SELECT actor, detail::VARCHAR AS detail FROM audit_log WHERE action = 'paper_import' ORDER BY seq",
    );
    // The CLI's ids are the server's: one namespace per installation, kept in the shared database's settings.
    const namespace = await paperFormNamespace(db);
    const ids = await queryRows<{ id: string }>(
      db.read,
      "SELECT id::VARCHAR AS id FROM responses WHERE channel = 'paper' ORDER BY id",
    );
    db.close();
    expect(ids.map((r) => r.id)).toEqual(
      ["P-1", "P-2", "P-3"].map((f) => paperResponseId(namespace, "paper-q4", f)).sort(),
    );
    expect(audit.map((a) => [a.actor, JSON.parse(a.detail).outcome, JSON.parse(a.detail).fileName])).toEqual([
      ["cli", "import_invalid", "mistakes.xlsx"],
      ["cli", "dry_run", "fixed.xlsx"],
      ["cli", "imported", "fixed.xlsx"],
      ["cli", "imported", "fixed.xlsx"],
    ]);
  });

  it("refuses a template with no forms in it", async () => {
    const file = await writeXlsx("empty-template.xlsx", []);
    const result = run(file, "--wave", "paper-q4");
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "The file has no filled-in rows: key each paper form on its own row under the column names (row 2 onwards) and upload it again.",
    );
  });

  it.each([
    ["no file", ["--wave", "paper-q4"], "usage:"],
    ["a missing file", [join(dir, "missing.xlsx"), "--wave", "paper-q4"], "cannot read"],
    [
      "an unknown wave",
      ["package.json", "--wave", "no-such-wave"],
      'There is no survey round "no-such-wave".',
    ],
  ])("%s fails with a message", (_name, args, message) => {
    const result = run(...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
