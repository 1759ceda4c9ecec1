// Reads what case figures need to know: the unit tree and the caller's scope, the topics, the departments, every
// survey round and the organisation's settings. Reads only; it judges nothing (validate does).
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../../server/storage/database";
import { type CatalogueUnit, readCatalogue, readSettings, readUnits, type Settings } from "../catalogue";
import type { Label } from "../query";

export interface CaseSnapshot {
  units: ReadonlyMap<string, CatalogueUnit>;
  scope: CatalogueUnit;
  topics: Map<string, Label>;
  /** Live office departments, whoever's scope: a leader of an area sees which department answers its staff. */
  departments: Map<string, Label>;
  /** Every round of every survey (a case names the round it was written in). */
  waves: Map<string, Label>;
  settings: Settings;
}

/** Null when the scope unit no longer exists (the account then sees nothing). */
export async function readCaseSnapshot(
  read: DuckDBConnection,
  scopeUnitId: string,
): Promise<CaseSnapshot | null> {
  const units = await readUnits(read);
  const scope = units.get(scopeUnitId);
  if (!scope) return null;
  const departments = await queryRows<{ id: string; name_zh: string; name_en: string }>(
    read,
    "SELECT id, name_zh, name_en FROM units WHERE kind = 'department' AND retired_at IS NULL ORDER BY sort",
  );
  const waves = await queryRows<{ id: string; title: string }>(
    read,
    "SELECT id, title FROM waves ORDER BY period_start, opens_at, id",
  );
  return {
    units,
    scope,
    topics: await readCatalogue(read, "topics"),
    departments: new Map(departments.map((d) => [d.id, { default: d.name_en, "zh-cn": d.name_zh }])),
    waves: new Map(waves.map((w) => [w.id, w.title])),
    settings: await readSettings(read),
  };
}
