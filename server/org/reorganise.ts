// Reorganisations between rounds: rename a unit, move it (and its subtree) under another parent, or merge it into
// another unit (its sub-units and staff move there; it is retired, and its responses count for the unit that
// carries it on). Each change is one transaction with its history row, the organisation snapshot of every round not
// yet closed, and the audit line. It does not load whole trees (units.ts does).
import { appendAudit } from "../auth/audit";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { snapshotWaves } from "../waves/waves";
import { maxTreeLevels } from "./units";

export interface ReorgContext {
  actor: string;
  now: Date;
}

export interface UnitRow {
  id: string;
  parent_id: string | null;
  path: string;
  level: number;
  headcount: number;
}

export async function liveUnit(db: Database, id: string, path: string): Promise<UnitRow> {
  const [row] = await queryRows<UnitRow>(
    db.write,
    "SELECT id, parent_id, path, level, headcount FROM units WHERE id = $1 AND retired_at IS NULL",
    [id],
  );
  if (!row) throw new ApiError(404, "unit_not_found", `There is no unit "${id}".`, path);
  return row;
}

/** Re-records the organisation of every round that has not closed yet: closed rounds keep the one they had. */
export async function snapshotOpenWaves(db: Database, now: Date): Promise<void> {
  await snapshotWaves(db, "w.closes_at > $1::TIMESTAMP", [toUtcTimestamp(now)]);
}

/** What unit_changes records; an import records the same kinds, one row per unit and change. */
export type UnitChangeKind =
  | "rename"
  | "move"
  | "merge"
  | "add"
  | "retire"
  | "restore"
  | "headcount"
  | "kind";

const auditActions: Record<UnitChangeKind, string> = {
  rename: "unit_renamed",
  move: "unit_moved",
  merge: "unit_merged",
  add: "unit_added",
  retire: "unit_retired",
  restore: "unit_restored",
  headcount: "unit_headcount_set",
  kind: "unit_kind_changed",
};

export async function record(
  db: Database,
  ctx: ReorgContext,
  kind: UnitChangeKind,
  unitId: string,
  intoUnitId: string | null,
  detail: Record<string, unknown>,
): Promise<void> {
  await db.write.run(
    `INSERT INTO unit_changes ("at", kind, unit_id, into_unit_id, detail) VALUES ($1::TIMESTAMP, $2, $3, $4, $5::JSON)`,
    [toUtcTimestamp(ctx.now), kind, unitId, intoUnitId, JSON.stringify({ ...detail, by: ctx.actor })],
  );
  await snapshotOpenWaves(db, ctx.now);
  await appendAudit(db.write, {
    at: ctx.now,
    actor: ctx.actor,
    action: auditActions[kind],
    target: unitId,
    detail: { intoUnitId, ...detail },
  });
}

export async function renameUnit(
  db: Database,
  unitId: string,
  names: { nameZh?: string; nameEn?: string },
  ctx: ReorgContext,
): Promise<void> {
  await inTransaction(db.write, async () => {
    await liveUnit(db, unitId, "unitId");
    const [old] = await queryRows<{ name_zh: string; name_en: string }>(
      db.write,
      "SELECT name_zh, name_en FROM units WHERE id = $1",
      [unitId],
    );
    await db.write.run(
      "UPDATE units SET name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en) WHERE id = $1",
      [unitId, names.nameZh ?? null, names.nameEn ?? null],
    );
    await record(db, ctx, "rename", unitId, null, { from: old, to: names });
  });
}

/** Moves `unitId` and its subtree under `parentId` (paths and levels follow); refused past the levels a tree may have. */
async function moveSubtree(db: Database, unit: UnitRow, parent: UnitRow, path: string): Promise<void> {
  // Retired units below count too: a restore would bring them back at their level.
  const [deepest] = await queryRows<{ level: number }>(
    db.write,
    "SELECT max(level) AS level FROM units WHERE starts_with(path, $1)",
    [unit.path],
  );
  const deepestAfter = (deepest?.level ?? unit.level) + parent.level + 1 - unit.level;
  if (deepestAfter >= maxTreeLevels) {
    throw new ApiError(
      400,
      "tree_too_deep",
      `Under "${parent.id}", unit "${unit.id}" or a unit below it would be on level ${deepestAfter + 1} of the tree (the root is level 1); an organisation may have at most ${maxTreeLevels} levels.`,
      path,
    );
  }
  const newPath = `${parent.path}${unit.id}/`;
  await db.write.run(
    `UPDATE units SET path = $2 || substr(path, length($1) + 1), level = level + $3 WHERE starts_with(path, $1)`,
    [unit.path, newPath, parent.level + 1 - unit.level],
  );
  await db.write.run("UPDATE units SET parent_id = $2 WHERE id = $1", [unit.id, parent.id]);
}

function checkNotInside(unit: UnitRow, target: UnitRow, path: string, what: string): void {
  if (target.path.startsWith(unit.path)) {
    throw new ApiError(400, "bad_unit_tree", `A unit cannot be ${what} itself or a unit below it.`, path);
  }
}

export async function moveUnit(
  db: Database,
  unitId: string,
  parentId: string,
  ctx: ReorgContext,
): Promise<void> {
  await inTransaction(db.write, async () => {
    const unit = await liveUnit(db, unitId, "unitId");
    if (unit.parent_id === null)
      throw new ApiError(400, "bad_unit_tree", "The root of the organisation cannot move.", "unitId");
    const parent = await liveUnit(db, parentId, "parentId");
    checkNotInside(unit, parent, "parentId", "moved under");
    await moveSubtree(db, unit, parent, "parentId");
    await record(db, ctx, "move", unitId, parentId, { fromParentId: unit.parent_id });
  });
}

/**
 * Merges `unitId` into `intoId`: its sub-units move under `intoId`, its staff join it, it is retired, and every
 * response of it (or of units merged into it before) counts for `intoId` from now on, in every round.
 */
export async function mergeUnit(
  db: Database,
  unitId: string,
  intoId: string,
  ctx: ReorgContext,
): Promise<void> {
  await inTransaction(db.write, async () => {
    const unit = await liveUnit(db, unitId, "unitId");
    if (unit.parent_id === null)
      throw new ApiError(400, "bad_unit_tree", "The root of the organisation cannot be merged.", "unitId");
    const into = await liveUnit(db, intoId, "intoUnitId");
    checkNotInside(unit, into, "intoUnitId", "merged into");
    const children = await queryRows<UnitRow>(
      db.write,
      "SELECT id, parent_id, path, level, headcount FROM units WHERE parent_id = $1 AND retired_at IS NULL",
      [unitId],
    );
    for (const child of children) await moveSubtree(db, child, into, "intoUnitId");
    await db.write.run("UPDATE units SET headcount = headcount + $2 WHERE id = $1", [intoId, unit.headcount]);
    await db.write.run("UPDATE units SET headcount = 0, retired_at = $2::TIMESTAMP WHERE id = $1", [
      unitId,
      toUtcTimestamp(ctx.now),
    ]);
    await db.write.run("UPDATE unit_map SET unit_id = $2 WHERE unit_id = $1", [unitId, intoId]);
    await db.write.run("INSERT INTO unit_map VALUES ($1, $2)", [unitId, intoId]);
    // Accounts scoped to the merged unit keep seeing its people, now in the unit that carries them.
    await db.write.run("UPDATE users SET scope_unit_id = $2 WHERE scope_unit_id = $1", [unitId, intoId]);
    await record(db, ctx, "merge", unitId, intoId, {
      movedUnits: children.map((c) => c.id),
      headcount: unit.headcount,
    });
  });
}
