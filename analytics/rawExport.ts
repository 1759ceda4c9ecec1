// Exports anonymised raw answers (one row per answer) as CSV, or as Parquet files partitioned Hive-style by wave
// (wave=<id>/data_0.parquet) for Spark, Trino or DuckDB. Units and groups are coarsened by rawAnonymise so every
// released wave × unit × group holds at least minGroupSize responses — pools formed over the whole organisation,
// so an export can only choose whole pools (by wave, unit subtree and scope) and two exports cannot be subtracted
// or laid side by side to isolate anyone. Free text, channel and collection dates are never exported, nor the
// response id (a per-export pseudonym).
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { zipSync } from "fflate";
import { z } from "zod";
import { queryRows } from "../server/storage/database";
import { readSnapshot } from "./catalogue";
import { QueryError } from "./errors";
import { parseWith } from "./parse";
import { anonymiseCells, cellKey } from "./rawAnonymise";
import { countedUnits } from "./registry";
import { validate } from "./validate";

export const RawExportQuery = z.strictObject({
  surveyId: z.string().min(1).max(100),
  waveIds: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  /** Pools released inside these units' subtrees; whole pools only. */
  unitsWithin: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  minGroupSize: z.number().int().min(1).max(10_000).optional(),
  format: z.enum(["csv", "parquet"]),
});
export type RawExportQuery = z.infer<typeof RawExportQuery>;

export interface RawExport {
  fileName: string;
  contentType: string;
  body: Uint8Array;
  /** Answer rows written, and responses left out because their group could not reach the minimum anywhere. */
  rows: number;
  withheldResponses: number;
}

export async function exportRawAnswers(
  read: DuckDBConnection,
  body: unknown,
  viewer: { scopeUnitId: string },
): Promise<RawExport> {
  const query = parseWith(RawExportQuery, body);
  const snap = await readSnapshot(read, query.surveyId, viewer.scopeUnitId);
  if (!snap)
    throw new QueryError("scope_gone", "Your account's scope unit no longer exists; ask an administrator.");
  // validate checks the waves, the units (in scope) and the minimum group size exactly as for a breakdown.
  const plan = validateAs(
    {
      surveyId: query.surveyId,
      waveIds: query.waveIds,
      minGroupSize: query.minGroupSize,
      measures: ["responses"],
      filters: query.unitsWithin
        ? [{ member: "unit", operator: "within", values: query.unitsWithin }]
        : undefined,
    },
    snap,
  );
  const { compile: c } = plan;
  const params: (string | number)[] = [];
  const bind = (v: string | number) => {
    params.push(v);
    return `$${params.length}`;
  };
  const scope = `u AS (SELECT id, path FROM units WHERE starts_with(path, ${bind(c.scopePath)}) AND ${countedUnits})`;
  const where = [`w.survey_id = ${bind(c.surveyId)}`];
  if (c.waveIds) where.push(`r.wave_id IN (${c.waveIds.map(bind).join(", ")})`);
  // Pools over every response of the chosen waves in the whole organisation, not the viewer's scope: a response is
  // then released under the same unit and group in every export, whoever asks, so exports of two scopes cannot be
  // laid side by side to place it more finely. A viewer receives the pools inside its scope; the unit choice below
  // picks whole pools.
  const root = [...snap.units.values()].find((u) => u.parentId === null) ?? snap.scope;
  const counts = await queryRows<{ wave_id: string; unit_id: string; group_id: string; n: number }>(
    read,
    `SELECT r.wave_id, r.unit_id, r.group_id, count(*) AS n FROM current_responses r
     JOIN waves w ON w.id = r.wave_id JOIN units u ON u.id = r.unit_id
     WHERE u.${countedUnits} AND w.survey_id = $1${c.waveIds ? ` AND r.wave_id IN (${c.waveIds.map((_, i) => `$${i + 2}`).join(", ")})` : ""}
     GROUP BY ALL`,
    [c.surveyId, ...(c.waveIds ?? [])],
  );
  const releases = anonymiseCells(
    counts.map((r) => ({ waveId: r.wave_id, unitId: r.unit_id, groupId: r.group_id, n: r.n })),
    snap.units,
    root.id,
    plan.minGroupSize,
  );
  const inScope = (unitId: string) => snap.units.get(unitId)?.path.startsWith(snap.scope.path) === true;
  const releasedTo = (r: { wave_id: string; unit_id: string; group_id: string }) => {
    const rel = releases.get(cellKey(r.wave_id, r.unit_id, r.group_id));
    return rel && inScope(rel.unit) ? rel : null;
  };
  const withheld = counts.filter((r) => inScope(r.unit_id) && releasedTo(r) === null);
  const within = (query.unitsWithin ?? []).map((id) => snap.units.get(id)?.path ?? "\u0000");
  const chosen = (unitId: string) => {
    const path = snap.units.get(unitId)?.path ?? "";
    return within.length === 0 || within.some((p) => path.startsWith(p));
  };

  const tag = randomBytes(6).toString("hex");
  const mapTable = `raw_map_${tag}`;
  const outTable = `raw_out_${tag}`;
  const dir = mkdtempSync(join(tmpdir(), "minyi-export-"));
  try {
    await read.run(
      `CREATE TEMP TABLE ${mapTable} (wave_id VARCHAR, unit_id VARCHAR, group_id VARCHAR, out_unit VARCHAR, out_group VARCHAR)`,
    );
    const released = counts.flatMap((r) => {
      const rel = releasedTo(r);
      return rel && chosen(rel.unit) ? [[r.wave_id, r.unit_id, r.group_id, rel.unit, rel.group]] : [];
    });
    for (let i = 0; i < released.length; i += 400) {
      const batch = released.slice(i, i + 400);
      await read.run(
        `INSERT INTO ${mapTable} VALUES ${batch.map((_, j) => `($${j * 5 + 1}, $${j * 5 + 2}, $${j * 5 + 3}, $${j * 5 + 4}, $${j * 5 + 5})`).join(", ")}`,
        batch.flat(),
      );
    }
    // A pseudonym per response, salted per export: rows of one respondent stay together, and no two exports join.
    const salt = bind(randomBytes(16).toString("hex"));
    await read.run(
      `CREATE TEMP TABLE ${outTable} AS WITH ${scope}
       SELECT substr(md5(CAST(r.id AS VARCHAR) || ${salt}), 1, 16) AS respondent, r.wave_id AS wave, m.out_unit AS unit,
              m.out_group AS "group", a.item_id AS item, si.topic,
              a.kind, a.value_num AS value, CASE WHEN a.kind = 'choice' THEN a.value_text END AS choice, a.position
       FROM answers a JOIN current_responses r ON r.id = a.response_id JOIN waves w ON w.id = r.wave_id JOIN u ON u.id = r.unit_id
       JOIN ${mapTable} m ON m.wave_id = r.wave_id AND m.unit_id = r.unit_id AND m.group_id = r.group_id
       LEFT JOIN survey_items si ON si.survey_id = w.survey_id AND si.survey_version = w.survey_version AND si.item_id = a.item_id
       WHERE ${[...where, "a.kind NOT IN ('text', 'demand')"].join(" AND ")}
       ORDER BY wave, unit, respondent, item, a.position`,
      params,
    );
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(read, `SELECT count(*) AS n FROM ${outTable}`);
    const quoted = (p: string) => `'${p.replace(/'/g, "''")}'`;
    const stamp = new Date().toISOString().slice(0, 10);
    const base = `${query.surveyId}-answers-${stamp}`;
    if (query.format === "csv") {
      const file = join(dir, "answers.csv");
      await read.run(`COPY ${outTable} TO ${quoted(file)} (FORMAT csv, HEADER)`);
      return {
        fileName: `${base}.csv`,
        contentType: "text/csv; charset=utf-8",
        body: readFileSync(file),
        rows: n,
        withheldResponses: sum(withheld),
      };
    }
    const out = join(dir, "parquet");
    await read.run(
      `COPY ${outTable} TO ${quoted(out)} (FORMAT parquet, PARTITION_BY (wave), OVERWRITE_OR_IGNORE)`,
    );
    const files: Record<string, Uint8Array> = {};
    for (const path of walk(out)) files[`${base}/${relative(out, path)}`] = readFileSync(path);
    return {
      fileName: `${base}-parquet.zip`,
      contentType: "application/zip",
      // Parquet is compressed already; storing saves the CPU.
      body: zipSync(files, { level: 0 }),
      rows: n,
      withheldResponses: sum(withheld),
    };
  } finally {
    await read.run(`DROP TABLE IF EXISTS ${mapTable}`).catch(() => undefined);
    await read.run(`DROP TABLE IF EXISTS ${outTable}`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** validate, with a refused unit named where the caller put it (unitsWithin/j, not the filter built from it). */
function validateAs(...args: Parameters<typeof validate>): ReturnType<typeof validate> {
  try {
    return validate(...args);
  } catch (error) {
    const m = error instanceof QueryError ? /^filters\/0\/values\/(\d+)$/.exec(error.path ?? "") : null;
    if (m && error instanceof QueryError)
      throw new QueryError(error.code, error.message, `unitsWithin/${m[1]}`);
    throw error;
  }
}

const sum = (rows: readonly { n: number }[]) => rows.reduce((s, r) => s + r.n, 0);

function walk(dir: string): string[] {
  if (!statSync(dir, { throwIfNoEntry: false })) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
