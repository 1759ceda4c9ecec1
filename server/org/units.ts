// The organisation tree: checks a whole tree (one root, known parents, no cycles), derives level and path,
// and stores it. It does not edit single units (administration does that) nor read files (see loadOrgCsv).
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows } from "../storage/database";

export const unitKinds = ["plant", "area", "station", "team", "department"] as const;
export type UnitKind = (typeof unitKinds)[number];

/**
 * Levels a tree may have, the root's included: a real organisation has fewer than 10 (plant, area, station,
 * team); a deeper file is a mistake, e.g. parent_id shifted by a row.
 */
export const maxTreeLevels = 20;

export interface UnitInput {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  kind: UnitKind;
  headcount: number;
}

export interface PlacedUnit extends UnitInput {
  level: number;
  path: string;
  sort: number;
}

/** The shape GET /api/waves/:id/form lists: names bilingual like survey texts. */
export interface FormUnit {
  id: string;
  parentId: string | null;
  name: { default: string; "zh-cn": string };
  level: number;
  headcount: number;
}

/** Orders a tree parent-first and gives each unit its level and path; throws ApiError naming the bad row. */
export function placeUnits(units: readonly UnitInput[]): PlacedUnit[] {
  const byId = new Map<string, UnitInput>();
  for (const [i, u] of units.entries()) {
    if (byId.has(u.id))
      throw new ApiError(400, "duplicate_unit", `Unit id "${u.id}" appears twice.`, `${i}/id`);
    byId.set(u.id, u);
  }
  const roots = units.filter((u) => u.parentId === null);
  if (roots.length !== 1) {
    throw new ApiError(
      400,
      "bad_unit_tree",
      `The organisation needs exactly one root unit (a unit with no parent); found ${roots.length}.`,
    );
  }
  for (const [i, u] of units.entries()) {
    if (u.parentId !== null && !byId.has(u.parentId)) {
      throw new ApiError(
        400,
        "unknown_parent",
        `Unit "${u.id}" names parent "${u.parentId}", which is not in the list.`,
        `${i}/parentId`,
      );
    }
  }
  const children = new Map<string, UnitInput[]>();
  for (const u of units) {
    if (u.parentId === null) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  // Depth first with a stack of its own, not recursion: a chain thousands deep must not overflow the call stack.
  const index = new Map(units.map((u, i) => [u.id, i]));
  const placed: PlacedUnit[] = [];
  const stack: { unit: UnitInput; level: number; parentPath: string }[] = [
    { unit: roots[0] as UnitInput, level: 0, parentPath: "/" },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { unit: u, level, parentPath } = next;
    if (level >= maxTreeLevels) {
      throw new ApiError(
        400,
        "tree_too_deep",
        `Unit "${u.id}" would be on level ${level + 1} of the tree (the root is level 1); an organisation may have at most ${maxTreeLevels} levels.`,
        `${index.get(u.id)}/parentId`,
      );
    }
    const path = `${parentPath}${u.id}/`;
    placed.push({ ...u, level, path, sort: placed.length });
    const below = children.get(u.id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) {
      stack.push({ unit: below[i] as UnitInput, level: level + 1, parentPath: path });
    }
  }
  if (placed.length !== units.length) {
    const reached = new Set(placed.map((p) => p.id));
    const cut = units.find((u) => !reached.has(u.id));
    throw new ApiError(
      400,
      "bad_unit_tree",
      `Unit "${cut?.id}" is not reachable from the root: its parents form a cycle.`,
    );
  }
  return placed;
}

/** Replaces the whole organisation in one transaction (used on an empty database: CSV load and demo). */
export async function replaceOrganisation(db: Database, units: readonly UnitInput[]): Promise<PlacedUnit[]> {
  const placed = placeUnits(units);
  await inTransaction(db.write, async () => {
    await db.write.run("DELETE FROM units");
    const appender = await db.write.createAppender("units");
    for (const u of placed) {
      appender.appendVarchar(u.id);
      if (u.parentId === null) appender.appendNull();
      else appender.appendVarchar(u.parentId);
      appender.appendVarchar(u.nameZh);
      appender.appendVarchar(u.nameEn);
      appender.appendVarchar(u.kind);
      appender.appendInteger(u.level);
      appender.appendVarchar(u.path);
      appender.appendInteger(u.headcount);
      appender.appendInteger(u.sort);
      appender.appendNull(); // retired_at: a loaded unit is live
      appender.endRow();
    }
    appender.closeSync();
  });
  return placed;
}

export async function countUnits(db: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db.read, "SELECT count(*) AS n FROM units");
  return row?.n ?? 0;
}

export async function listFormUnits(db: Database): Promise<FormUnit[]> {
  const rows = await queryRows<{
    id: string;
    parent_id: string | null;
    name_zh: string;
    name_en: string;
    level: number;
    headcount: number;
  }>(
    db.read,
    "SELECT id, parent_id, name_zh, name_en, level, headcount FROM units WHERE retired_at IS NULL ORDER BY sort",
  );
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    name: { default: r.name_en, "zh-cn": r.name_zh },
    level: r.level,
    headcount: r.headcount,
  }));
}

/** Adds or renames respondent groups; never deletes one, since stored responses point at it. */
export async function upsertGroups(
  db: Database,
  groups: readonly { id: string; nameZh: string; nameEn: string }[],
): Promise<void> {
  await inTransaction(db.write, async () => {
    for (const [sort, g] of groups.entries()) {
      await db.write.run(
        `INSERT INTO groups (id, name_zh, name_en, sort) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort`,
        [g.id, g.nameZh, g.nameEn, sort],
      );
    }
  });
}

export interface ScopedUnit extends FormUnit {
  kind: UnitKind;
}

/**
 * The scope unit and its subtree, parent first; empty when the scope unit is gone. The scope unit's own parent is
 * left out (null): above the scope is outside it.
 */
export async function listUnitsWithin(db: Database, scopeUnitId: string): Promise<ScopedUnit[]> {
  const rows = await queryRows<ScopedUnitRow>(
    db.read,
    `SELECT u.id, u.parent_id, u.name_zh, u.name_en, u.kind, u.level, u.headcount
     FROM units u JOIN units s ON s.id = $1 WHERE starts_with(u.path, s.path) AND u.retired_at IS NULL
     ORDER BY u.sort`,
    [scopeUnitId],
  );
  return scopedUnits(rows, scopeUnitId);
}

/** A unit row as listUnitsWithin and the wave's organisation (wave_units) both select it. */
export interface ScopedUnitRow {
  id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  kind: UnitKind;
  level: number;
  headcount: number;
}

/** Rows of a subtree as ScopedUnits; the top unit's own parent is left out (null): above it is outside the list. */
export function scopedUnits(rows: ScopedUnitRow[], topUnitId: string): ScopedUnit[] {
  return rows.map((r) => ({
    id: r.id,
    parentId: r.id === topUnitId ? null : r.parent_id,
    name: { default: r.name_en, "zh-cn": r.name_zh },
    kind: r.kind,
    level: r.level,
    headcount: r.headcount,
  }));
}
