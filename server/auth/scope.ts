// A user's scope is a unit and its subtree. These helpers answer "is this unit inside?" and "is the scope the
// whole organisation?"; they never say whether a unit outside exists (callers answer 404 as for no unit).
import { type Database, queryRows } from "../storage/database";

/** True when `unitId` is the scope unit or below it. */
export async function unitInScope(db: Database, scopeUnitId: string, unitId: string): Promise<boolean> {
  const rows = await queryRows(
    db.read,
    `SELECT 1 FROM units u, units s WHERE u.id = $1 AND s.id = $2 AND starts_with(u.path, s.path)`,
    [unitId, scopeUnitId],
  );
  return rows.length > 0;
}

/** True when the scope is the root of the organisation (the user sees everything). */
export async function scopeIsRoot(db: Database, scopeUnitId: string): Promise<boolean> {
  const rows = await queryRows(db.read, "SELECT 1 FROM units WHERE id = $1 AND parent_id IS NULL", [
    scopeUnitId,
  ]);
  return rows.length > 0;
}
