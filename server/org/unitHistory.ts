// The organisation's change history, newest first, for the organisation page: every add, rename, move, merge,
// retirement, restoration, headcount and kind change, by one unit or all. It changes nothing.
import { type Database, queryRows } from "../storage/database";
import type { UnitChangeKind } from "./reorganise";

export interface UnitChange {
  seq: number;
  at: string;
  kind: UnitChangeKind;
  unitId: string;
  unitName: { default: string; "zh-cn": string } | null;
  intoUnitId: string | null;
  intoUnitName: { default: string; "zh-cn": string } | null;
  /** Who made it (absent on changes recorded before it was kept). */
  by: string | null;
  detail: Record<string, unknown>;
}

export interface UnitHistoryPage {
  entries: UnitChange[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: number | null;
}

export async function unitHistory(
  db: Database,
  query: { unitId?: string; limit: number; before?: number },
): Promise<UnitHistoryPage> {
  const rows = await queryRows<{
    seq: number;
    at: string;
    kind: UnitChangeKind;
    unit_id: string;
    into_unit_id: string | null;
    detail: string | null;
    a_zh: string | null;
    a_en: string | null;
    b_zh: string | null;
    b_en: string | null;
  }>(
    db.read,
    `SELECT c.seq, strftime(c."at", '%Y-%m-%dT%H:%M:%S.%gZ') AS "at", c.kind, c.unit_id, c.into_unit_id,
            c.detail::VARCHAR AS detail, a.name_zh AS a_zh, a.name_en AS a_en, b.name_zh AS b_zh, b.name_en AS b_en
     FROM unit_changes c LEFT JOIN units a ON a.id = c.unit_id LEFT JOIN units b ON b.id = c.into_unit_id
     WHERE ($1::VARCHAR IS NULL OR c.unit_id = $1 OR c.into_unit_id = $1)
       AND ($2::BIGINT IS NULL OR c.seq < $2)
     ORDER BY c.seq DESC LIMIT $3`,
    [query.unitId ?? null, query.before ?? null, query.limit + 1],
  );
  const name = (zh: string | null, en: string | null) =>
    zh === null ? null : { default: en ?? zh, "zh-cn": zh };
  const entries = rows.slice(0, query.limit).map((r) => {
    const { by, ...detail } = (r.detail ? JSON.parse(r.detail) : {}) as Record<string, unknown>;
    return {
      seq: r.seq,
      at: r.at,
      kind: r.kind,
      unitId: r.unit_id,
      unitName: name(r.a_zh, r.a_en),
      intoUnitId: r.into_unit_id,
      intoUnitName: name(r.b_zh, r.b_en),
      by: typeof by === "string" ? by : null,
      detail,
    };
  });
  const more = rows.length > query.limit;
  return { entries, nextBefore: more ? (entries.at(-1)?.seq ?? null) : null };
}
