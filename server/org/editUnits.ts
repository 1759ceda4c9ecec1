// Keeping the tree current one unit at a time: add a unit, retire one, set a headcount. Each change is one
// transaction with its history row, the organisation of every round not yet closed, and the audit line (see
// reorganise.ts). Renames, moves and merges are in reorganise.ts; whole-tree imports in importTree.ts.
import { randomBytes } from "node:crypto";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { idPattern } from "./checkOrgRows";
import { liveUnit, type ReorgContext, record } from "./reorganise";
import { maxTreeLevels, type UnitKind } from "./units";

export interface NewUnit {
  id?: string;
  parentId: string;
  nameZh: string;
  nameEn?: string;
  kind: UnitKind;
  headcount?: number;
}

/** An id made for a unit the admin did not name: its kind and 8 random hex digits ("team-3f9a01c2"). */
function madeId(kind: UnitKind): string {
  return `${kind}-${randomBytes(4).toString("hex")}`;
}

/** Adds a unit under a live parent, last among its siblings; answers its id. */
export async function addUnit(db: Database, input: NewUnit, ctx: ReorgContext): Promise<string> {
  const id = input.id ?? madeId(input.kind);
  if (!idPattern.test(id)) {
    throw new ApiError(400, "bad_unit_id", `The id "${id}" must be 1-100 letters, digits, _ . or -.`, "id");
  }
  await inTransaction(db.write, async () => {
    const parent = await liveUnit(db, input.parentId, "parentId");
    if (parent.level + 1 >= maxTreeLevels) {
      throw new ApiError(
        400,
        "tree_too_deep",
        `Under "${parent.id}", the new unit would be on level ${parent.level + 2} of the tree (the root is level 1); an organisation may have at most ${maxTreeLevels} levels.`,
        "parentId",
      );
    }
    // Retired units keep their id for history (and merged ones for the responses they carry), so no id comes back.
    const taken = await queryRows(db.write, "SELECT 1 FROM units WHERE id = $1", [id]);
    if (taken.length > 0) {
      throw new ApiError(
        409,
        "unit_id_taken",
        `There is already a unit "${id}" (perhaps a retired one); choose another id.`,
        "id",
      );
    }
    const [last] = await queryRows<{ sort: number }>(
      db.write,
      "SELECT coalesce(max(sort), 0) + 1 AS sort FROM units",
    );
    const nameEn = input.nameEn?.trim() || input.nameZh;
    await db.write.run(
      `INSERT INTO units (id, parent_id, name_zh, name_en, kind, level, path, headcount, sort, retired_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)`,
      [
        id,
        parent.id,
        input.nameZh,
        nameEn,
        input.kind,
        parent.level + 1,
        `${parent.path}${id}/`,
        input.headcount ?? 0,
        last?.sort ?? 1,
      ],
    );
    await record(db, ctx, "add", id, parent.id, {
      nameZh: input.nameZh,
      nameEn,
      kind: input.kind,
      headcount: input.headcount ?? 0,
    });
  });
  return id;
}

/** Accounts whose scope is the unit: a retired scope would leave them seeing nothing, so it is refused first. */
export async function accountsScopedTo(
  db: Database,
  unitIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ scope_unit_id: string; username: string }>(
    db.write,
    `SELECT scope_unit_id, username FROM users WHERE scope_unit_id IN (SELECT unnest(from_json($1::VARCHAR, '["VARCHAR"]')))
     ORDER BY username`,
    [JSON.stringify(unitIds)],
  );
  const byUnit = new Map<string, string[]>();
  for (const r of rows) byUnit.set(r.scope_unit_id, [...(byUnit.get(r.scope_unit_id) ?? []), r.username]);
  return byUnit;
}

/**
 * Retires a unit: it stops taking responses and leaves pickers and the live tree; its responses stay (under its
 * own id, in every round it had). Refused for the root, for a unit with live sub-units, and for one that accounts
 * are scoped to.
 */
export async function retireUnit(db: Database, unitId: string, ctx: ReorgContext): Promise<void> {
  await inTransaction(db.write, async () => {
    const unit = await liveUnit(db, unitId, "unitId");
    if (unit.parent_id === null) {
      throw new ApiError(400, "bad_unit_tree", "The root of the organisation cannot be retired.", "unitId");
    }
    const children = await queryRows<{ id: string }>(
      db.write,
      "SELECT id FROM units WHERE parent_id = $1 AND retired_at IS NULL ORDER BY sort, id",
      [unitId],
    );
    if (children.length > 0) {
      throw new ApiError(
        409,
        "unit_has_sub_units",
        `Unit "${unitId}" still has sub-units (${children.map((c) => c.id).join(", ")}): move, merge or retire them first.`,
        "unitId",
      );
    }
    const accounts = (await accountsScopedTo(db, [unitId])).get(unitId) ?? [];
    if (accounts.length > 0) {
      throw new ApiError(
        409,
        "unit_has_accounts",
        `Accounts are scoped to unit "${unitId}" (${accounts.join(", ")}): give them another scope first.`,
        "unitId",
      );
    }
    // Its staff are no longer anyone's to ask: rounds from now on leave them out of response rates. Closed rounds
    // keep the headcount they had (wave_units), and the history row keeps it too.
    await db.write.run("UPDATE units SET retired_at = $2::TIMESTAMP, headcount = 0 WHERE id = $1", [
      unitId,
      toUtcTimestamp(ctx.now),
    ]);
    await record(db, ctx, "retire", unitId, unit.parent_id, { headcount: unit.headcount });
  });
}

export async function setHeadcount(
  db: Database,
  unitId: string,
  headcount: number,
  ctx: ReorgContext,
): Promise<void> {
  await inTransaction(db.write, async () => {
    const unit = await liveUnit(db, unitId, "unitId");
    if (unit.headcount === headcount) return; // nothing changes, so nothing is recorded
    await db.write.run("UPDATE units SET headcount = $2 WHERE id = $1", [unitId, headcount]);
    await record(db, ctx, "headcount", unitId, null, { from: unit.headcount, to: headcount });
  });
}

export interface RetiredUnit {
  id: string;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  kind: UnitKind;
  retiredAt: string;
  /** The headcount it had when retired (retiring sets it to 0): a restore gives it back. */
  headcount: number;
  /** A merged unit's responses count for this unit; it cannot be restored. */
  mergedInto: string | null;
}

/** Retired units, in tree order, with what restoring one would bring back. */
export async function listRetiredUnits(db: Database): Promise<RetiredUnit[]> {
  const rows = await queryRows<{
    id: string;
    parent_id: string | null;
    name_zh: string;
    name_en: string;
    kind: UnitKind;
    retired_at: string;
    headcount: number | null;
    merged_into: string | null;
  }>(
    db.read,
    `SELECT u.id, u.parent_id, u.name_zh, u.name_en, u.kind, strftime(u.retired_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS retired_at,
            (SELECT CAST(c.detail->>'headcount' AS INTEGER) FROM unit_changes c
             WHERE c.unit_id = u.id AND c.kind = 'retire' ORDER BY c.seq DESC LIMIT 1) AS headcount,
            m.unit_id AS merged_into
     FROM units u LEFT JOIN unit_map m ON m.old_unit_id = u.id
     WHERE u.retired_at IS NOT NULL ORDER BY u.path`,
  );
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    kind: r.kind,
    retiredAt: r.retired_at,
    headcount: r.headcount ?? 0,
    mergedInto: r.merged_into,
  }));
}

/**
 * Brings a retired unit back where it was, with the headcount it had when retired: the undo of a retire without
 * importing the whole tree. Refused for a live unit, a merged one (its responses count for the unit it went into),
 * and one whose parent is retired (restore the parent first).
 */
export async function restoreUnit(db: Database, unitId: string, ctx: ReorgContext): Promise<void> {
  await inTransaction(db.write, async () => {
    const [unit] = await queryRows<{
      id: string;
      parent_id: string | null;
      path: string;
      level: number;
      retired: boolean;
      merged_into: string | null;
    }>(
      db.write,
      `SELECT u.id, u.parent_id, u.path, u.level, u.retired_at IS NOT NULL AS retired, m.unit_id AS merged_into
       FROM units u LEFT JOIN unit_map m ON m.old_unit_id = u.id WHERE u.id = $1`,
      [unitId],
    );
    if (!unit) throw new ApiError(404, "unit_not_found", `There is no unit "${unitId}".`, "unitId");
    if (!unit.retired) {
      throw new ApiError(409, "unit_not_retired", `Unit "${unitId}" is not retired.`, "unitId");
    }
    if (unit.merged_into !== null) {
      throw new ApiError(
        409,
        "unit_merged",
        `Unit "${unitId}" was merged into "${unit.merged_into}", which carries its responses on; it cannot come back: add a new unit instead.`,
        "unitId",
      );
    }
    const [parent] = await queryRows<{
      id: string;
      name_zh: string;
      name_en: string;
      path: string;
      level: number;
      retired: boolean;
    }>(
      db.write,
      "SELECT id, name_zh, name_en, path, level, retired_at IS NOT NULL AS retired FROM units WHERE id = $1",
      [unit.parent_id],
    );
    if (!parent || parent.retired) {
      throw new ApiError(
        409,
        "parent_retired",
        `The parent of unit "${unitId}", "${unit.parent_id}" (${parent?.name_zh ?? ""} / ${parent?.name_en ?? ""}), is retired: restore it first, or import the tree with the unit under a live parent.`,
        "unitId",
      );
    }
    const [retired] = await queryRows<{ headcount: number | null }>(
      db.write,
      `SELECT CAST(detail->>'headcount' AS INTEGER) AS headcount FROM unit_changes
       WHERE unit_id = $1 AND kind = 'retire' ORDER BY seq DESC LIMIT 1`,
      [unitId],
    );
    const headcount = retired?.headcount ?? 0;
    // Its path follows its parent's (kept current by moves, but recomputed so the subtree's paths agree).
    const path = `${parent.path}${unitId}/`;
    await db.write.run(
      "UPDATE units SET path = $2 || substr(path, length($1) + 1), level = level + $3 WHERE starts_with(path, $1)",
      [unit.path, path, parent.level + 1 - unit.level],
    );
    await db.write.run("UPDATE units SET retired_at = NULL, headcount = $2 WHERE id = $1", [
      unitId,
      headcount,
    ]);
    await record(db, ctx, "restore", unitId, parent.id, { headcount });
  });
}
