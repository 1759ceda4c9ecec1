// Keeping the tree current one unit at a time: add a unit, retire one, set a headcount. Each change is one
// transaction with its history row, the organisation of every round not yet closed, and the audit line (see
// reorganise.ts). Renames, moves and merges are in reorganise.ts; whole-tree imports in importTree.ts.
import { randomBytes } from "node:crypto";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { idPattern } from "./checkOrgRows";
import { liveUnit, type ReorgContext, record } from "./reorganise";
import type { UnitKind } from "./units";

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
