// Importing the whole tree from a CSV or XLSX file: the diff against the live tree (added, restored, moved, renamed,
// kind changed, retired, headcounts) for a preview, and applying it in one transaction when the tree has not changed
// since. Merges are never inferred from a file: a unit missing from it is retired, its responses stay its own.
import { createHash } from "node:crypto";
import { appendAudit } from "../auth/audit";
import { ApiError, type ErrorBody } from "../errors";
import { maxUnpackedBytes, readSheet } from "../paper/readSheet";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { checkOrgRows, type OrgProblem, orgColumns, type RowUnit } from "./checkOrgRows";
import { accountsScopedTo } from "./editUnits";
import { type ReorgContext, snapshotOpenWaves, type UnitChangeKind } from "./reorganise";
import { placeUnits, type UnitKind } from "./units";

export class OrgFileInvalid extends ApiError {
  constructor(readonly problems: OrgProblem[]) {
    super(
      422,
      "invalid_org_file",
      `The file has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}; nothing was changed. Correct ${problems.length === 1 ? "it" : "them"} and upload the file again.`,
    );
  }

  override toBody(): ErrorBody & { error: { errors: OrgProblem[] } } {
    return { error: { code: this.code, message: this.message, errors: this.problems } };
  }
}

interface Names {
  nameZh: string;
  nameEn: string;
}
type Named = { id: string } & Names;

export interface OrgDiff {
  /** Of the live tree this diff was taken against; apply refuses if the tree differs by then. */
  baseFingerprint: string;
  /** Units in the file. */
  units: number;
  added: (RowUnit & { row: number })[];
  /** Retired units the file brings back (not merged ones: their responses count for another unit now). */
  restored: RowUnit[];
  moved: (Named & { row: number; from: Named | null; to: Named })[];
  renamed: { row: number; id: string; from: Names; to: Names }[];
  kindChanged: (Named & { row: number; from: UnitKind; to: UnitKind })[];
  /** Live units the file leaves out. */
  retired: (Named & { kind: UnitKind; headcount: number })[];
  headcountChanged: (Named & { row: number; from: number; to: number })[];
  /** Own headcounts summed over the live tree, and over the file. */
  headcount: { before: number; after: number };
  /** Units in the file that stay exactly as they are. */
  unchanged: number;
}

interface StoredUnit extends Named {
  parentId: string | null;
  kind: UnitKind;
  headcount: number;
  retired: boolean;
  mergedInto: string | null;
}

async function storedUnits(db: Database): Promise<StoredUnit[]> {
  const rows = await queryRows<{
    id: string;
    parent_id: string | null;
    name_zh: string;
    name_en: string;
    kind: UnitKind;
    headcount: number;
    retired: boolean;
    merged_into: string | null;
  }>(
    db.write,
    `SELECT u.id, u.parent_id, u.name_zh, u.name_en, u.kind, u.headcount, u.retired_at IS NOT NULL AS retired,
            m.unit_id AS merged_into
     FROM units u LEFT JOIN unit_map m ON m.old_unit_id = u.id ORDER BY u.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    kind: r.kind,
    headcount: r.headcount,
    retired: r.retired,
    mergedInto: r.merged_into,
  }));
}

/** A hash of everything an import reads from the tree: any change between preview and apply changes it. */
function fingerprint(units: readonly StoredUnit[]): string {
  const hash = createHash("sha256");
  for (const u of units) {
    hash.update(JSON.stringify([u.id, u.parentId, u.nameZh, u.nameEn, u.kind, u.headcount, u.retired]));
    hash.update("\n");
  }
  return hash.digest("hex").slice(0, 32);
}

/**
 * Units an organisation file may hold: a company of a million staff has ~44,000 units, and its export must import
 * again. Far above the paper import's 20,000 forms; checking the rows is linear, so this stays quick.
 */
export const maxOrgRows = 100_000;

/** The file's rows, checked; unreadable files answer readSheet's 400s, bad rows OrgFileInvalid. */
async function readOrgFile(bytes: Uint8Array): Promise<RowUnit[]> {
  let sheet: Awaited<ReturnType<typeof readSheet>>;
  try {
    sheet = await readSheet(bytes, maxUnpackedBytes, maxOrgRows);
  } catch (error) {
    // readSheet speaks of paper forms; these read better said of an organisation file.
    if (error instanceof ApiError && error.code === "no_header") {
      throw new ApiError(400, "no_header", `Row 1 must name the columns: ${orgColumns.join(",")}.`);
    }
    if (error instanceof ApiError && error.code === "too_many_rows") {
      throw new ApiError(
        400,
        "too_many_rows",
        `The file has more than ${maxOrgRows} rows (empty rows below the units count too); an organisation file holds at most ${maxOrgRows} units. Delete the empty rows, or check that this is the organisation file.`,
      );
    }
    if (error instanceof ApiError && error.code === "file_too_large") {
      throw new ApiError(
        400,
        "file_too_large",
        `This workbook unpacks to more than ${maxUnpackedBytes / 1024 / 1024} MB, far more than ${maxOrgRows} units need. Save the sheet of units alone as CSV (UTF-8) and upload that.`,
      );
    }
    throw error;
  }
  const { units, problems } = checkOrgRows(sheet.header, sheet.rows);
  if (problems.length > 0) throw new OrgFileInvalid(problems);
  return units;
}

/** What changes if `file` replaces the tree; problems that only the stored tree reveals are thrown. */
async function diffAgainst(db: Database, file: readonly RowUnit[]): Promise<OrgDiff> {
  const stored = await storedUnits(db);
  const byId = new Map(stored.map((u) => [u.id, u]));
  const inFile = new Map(file.map((u) => [u.id, u]));
  const named = (id: string | null): Named | null => {
    if (id === null) return null;
    const u = inFile.get(id) ?? byId.get(id);
    return u ? { id, nameZh: u.nameZh, nameEn: u.nameEn } : null;
  };
  const problems: OrgProblem[] = [];
  const liveRoot = stored.find((u) => u.parentId === null && !u.retired);
  const fileRoot = file.find((u) => u.parentId === null);
  if (liveRoot && fileRoot && fileRoot.id !== liveRoot.id) {
    problems.push({
      row: fileRoot.row,
      column: "id",
      code: "root_changed",
      message: `the root of the organisation is "${liveRoot.id}"; the file's root (the unit with no parent_id) must be it too, not "${fileRoot.id}".`,
      value: liveRoot.id,
    });
  }
  const diff: OrgDiff = {
    baseFingerprint: fingerprint(stored),
    units: file.length,
    added: [],
    restored: [],
    moved: [],
    renamed: [],
    kindChanged: [],
    retired: [],
    headcountChanged: [],
    headcount: {
      before: stored.filter((u) => !u.retired).reduce((sum, u) => sum + u.headcount, 0),
      after: file.reduce((sum, u) => sum + u.headcount, 0),
    },
    unchanged: 0,
  };
  for (const u of file) {
    const old = byId.get(u.id);
    if (!old) {
      diff.added.push(u);
      continue;
    }
    if (old.mergedInto !== null) {
      problems.push({
        row: u.row,
        column: "id",
        code: "merged_id",
        message: `unit "${u.id}" was merged into "${old.mergedInto}", which carries its responses on; a unit cannot come back under that id: give it a new one.`,
        value: u.id,
      });
      continue;
    }
    if (old.retired) {
      diff.restored.push(u);
      continue;
    }
    let changed = false;
    if (old.parentId !== u.parentId && u.parentId !== null) {
      diff.moved.push({
        row: u.row,
        id: u.id,
        nameZh: u.nameZh,
        nameEn: u.nameEn,
        from: named(old.parentId),
        to: named(u.parentId) as Named,
      });
      changed = true;
    }
    if (old.nameZh !== u.nameZh || old.nameEn !== u.nameEn) {
      diff.renamed.push({
        row: u.row,
        id: u.id,
        from: { nameZh: old.nameZh, nameEn: old.nameEn },
        to: { nameZh: u.nameZh, nameEn: u.nameEn },
      });
      changed = true;
    }
    if (old.kind !== u.kind) {
      diff.kindChanged.push({
        row: u.row,
        id: u.id,
        nameZh: u.nameZh,
        nameEn: u.nameEn,
        from: old.kind,
        to: u.kind,
      });
      changed = true;
    }
    if (old.headcount !== u.headcount) {
      diff.headcountChanged.push({
        row: u.row,
        id: u.id,
        nameZh: u.nameZh,
        nameEn: u.nameEn,
        from: old.headcount,
        to: u.headcount,
      });
      changed = true;
    }
    if (!changed) diff.unchanged += 1;
  }
  for (const u of stored) {
    if (u.retired || inFile.has(u.id)) continue;
    diff.retired.push({ id: u.id, nameZh: u.nameZh, nameEn: u.nameEn, kind: u.kind, headcount: u.headcount });
  }
  const accounts = await accountsScopedTo(
    db,
    diff.retired.map((u) => u.id),
  );
  for (const [unitId, usernames] of accounts) {
    problems.push({
      row: null,
      column: "id",
      code: "unit_has_accounts",
      message: `unit "${unitId}" is not in the file, so it would be retired, but accounts are scoped to it (${usernames.join(", ")}): keep it in the file or give them another scope first.`,
      value: unitId,
    });
  }
  if (problems.length > 0) throw new OrgFileInvalid(problems);
  return diff;
}

export async function previewOrgImport(db: Database, bytes: Uint8Array): Promise<OrgDiff> {
  const file = await readOrgFile(bytes);
  return diffAgainst(db, file);
}

interface ChangeRow {
  kind: UnitChangeKind;
  unit_id: string;
  into_unit_id: string | null;
  detail: Record<string, unknown>;
}

/** The history rows of a diff: one per unit and change, as the single-unit actions record them. */
function changeRows(diff: OrgDiff, by: string): ChangeRow[] {
  const row = (
    kind: UnitChangeKind,
    unitId: string,
    into: string | null,
    detail: Record<string, unknown>,
  ) => ({
    kind,
    unit_id: unitId,
    into_unit_id: into,
    detail: { ...detail, by, imported: true },
  });
  return [
    ...diff.added.map((u) =>
      row("add", u.id, u.parentId, {
        nameZh: u.nameZh,
        nameEn: u.nameEn,
        kind: u.kind,
        headcount: u.headcount,
      }),
    ),
    ...diff.restored.map((u) => row("restore", u.id, u.parentId, { headcount: u.headcount })),
    ...diff.moved.map((m) => row("move", m.id, m.to.id, { fromParentId: m.from?.id ?? null })),
    ...diff.renamed.map((r) => row("rename", r.id, null, { from: r.from, to: r.to })),
    ...diff.kindChanged.map((k) => row("kind", k.id, null, { from: k.from, to: k.to })),
    ...diff.headcountChanged.map((h) => row("headcount", h.id, null, { from: h.from, to: h.to })),
    ...diff.retired.map((u) => row("retire", u.id, null, { headcount: u.headcount })),
  ];
}

/**
 * Applies the file in one transaction, if the live tree is still the one `baseFingerprint` was taken of: units
 * updated, added, restored and retired, one history row per change, the organisation of every round not yet
 * closed, and one audit line. Closed rounds keep the organisation they had.
 */
export async function applyOrgImport(
  db: Database,
  bytes: Uint8Array,
  baseFingerprint: string,
  ctx: ReorgContext & { fileName: string | null },
): Promise<OrgDiff> {
  const file = await readOrgFile(bytes);
  return inTransaction(db.write, async () => {
    const diff = await diffAgainst(db, file);
    if (diff.baseFingerprint !== baseFingerprint) {
      throw new ApiError(
        409,
        "organisation_changed",
        "The organisation has changed since this file was previewed; nothing was changed. Preview the file again and check the changes.",
        "baseFingerprint",
      );
    }
    const at = toUtcTimestamp(ctx.now);
    const placed = placeUnits(file).map((u) => ({
      id: u.id,
      parent_id: u.parentId,
      name_zh: u.nameZh,
      name_en: u.nameEn,
      kind: u.kind,
      level: u.level,
      path: u.path,
      headcount: u.headcount,
      sort: u.sort,
    }));
    const staged = `(SELECT unnest(from_json($1::VARCHAR, '[{"id":"VARCHAR","parent_id":"VARCHAR","name_zh":"VARCHAR",
      "name_en":"VARCHAR","kind":"VARCHAR","level":"INTEGER","path":"VARCHAR","headcount":"INTEGER","sort":"INTEGER"}]'),
      recursive := true))`;
    const rows = JSON.stringify(placed);
    await db.write.run(
      `UPDATE units SET parent_id = s.parent_id, name_zh = s.name_zh, name_en = s.name_en, kind = s.kind,
         level = s.level, path = s.path, headcount = s.headcount, sort = s.sort, retired_at = NULL
       FROM ${staged} s WHERE units.id = s.id`,
      [rows],
    );
    await db.write.run(
      `INSERT INTO units (id, parent_id, name_zh, name_en, kind, level, path, headcount, sort, retired_at)
       SELECT s.id, s.parent_id, s.name_zh, s.name_en, s.kind, s.level, s.path, s.headcount, s.sort, NULL
       FROM ${staged} s WHERE s.id NOT IN (SELECT id FROM units)`,
      [rows],
    );
    // Retired units keep their place after the live ones, so tree order stays the file's.
    await db.write.run(
      `UPDATE units SET retired_at = coalesce(retired_at, $2::TIMESTAMP), sort = $3 + sort,
         headcount = CASE WHEN retired_at IS NULL THEN 0 ELSE headcount END
       WHERE id NOT IN (SELECT s.id FROM ${staged} s)`,
      [rows, at, placed.length],
    );
    // Retired units keep their place in the tree under their parents, as a move on the page keeps it: their paths
    // follow an ancestor the file moved, so their responses still roll up and stay in that ancestor's scope.
    await db.write.run(
      `UPDATE units SET path = t.path, level = t.level
       FROM (WITH RECURSIVE t(id, path, level) AS (
               SELECT id, '/' || id || '/', 0 FROM units WHERE parent_id IS NULL AND retired_at IS NULL
               UNION ALL
               SELECT u.id, t.path || u.id || '/', t.level + 1 FROM units u JOIN t ON u.parent_id = t.id
               WHERE t.level < 1000)
             SELECT * FROM t) t
       WHERE units.id = t.id AND units.retired_at IS NOT NULL AND (units.path <> t.path OR units.level <> t.level)`,
    );
    const changes = changeRows(diff, ctx.actor);
    if (changes.length > 0) {
      await db.write.run(
        `INSERT INTO unit_changes ("at", kind, unit_id, into_unit_id, detail)
         SELECT $1::TIMESTAMP, c.kind, c.unit_id, c.into_unit_id, c.detail
         FROM (SELECT unnest(from_json($2::VARCHAR,
           '[{"kind":"VARCHAR","unit_id":"VARCHAR","into_unit_id":"VARCHAR","detail":"JSON"}]'), recursive := true)) c`,
        [at, JSON.stringify(changes)],
      );
    }
    await snapshotOpenWaves(db, ctx.now);
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action: "units_imported",
      target: null,
      detail: {
        fileName: ctx.fileName,
        units: diff.units,
        added: diff.added.length,
        restored: diff.restored.length,
        moved: diff.moved.length,
        renamed: diff.renamed.length,
        kindChanged: diff.kindChanged.length,
        retired: diff.retired.length,
        headcountChanged: diff.headcountChanged.length,
        headcount: diff.headcount,
      },
    });
    return diff;
  });
}
