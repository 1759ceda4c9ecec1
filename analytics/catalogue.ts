// Reads what validate and format need to know about one survey and the organisation: its waves, items, the topic
// and group catalogues, the unit tree and the organisation's settings. Reads only; it judges nothing.
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows } from "../server/storage/database";
import type { Label } from "./query";
import { countedUnits } from "./registry";

export interface CatalogueUnit {
  id: string;
  parentId: string | null;
  level: number;
  path: string;
  headcount: number;
  label: Label;
}

export interface CatalogueWave {
  id: string;
  label: Label;
  periodStart: string;
}

export interface CatalogueItem {
  id: string;
  kind: "scale" | "enps" | "demand";
  topic: string | null;
  label: Label;
}

export interface Settings {
  /** Organisation minimum group size (≥ 3, default 5): a query may only raise it. */
  minGroupSize: number;
  /** Free-text answers are shown only for groups of at least this many (default 10). */
  commentMinGroupSize: number;
  /** The organisation's time zone as a UTC offset: period buckets and date ranges use local time. */
  tzOffsetMinutes: number;
}

export interface Snapshot {
  surveyId: string;
  surveyExists: boolean;
  /** The survey's waves, oldest period first. */
  waves: CatalogueWave[];
  items: Map<string, CatalogueItem>;
  topics: Map<string, Label>;
  groups: Map<string, Label>;
  units: ReadonlyMap<string, CatalogueUnit>;
  scope: CatalogueUnit;
  settings: Settings;
}

export const defaultSettings: Settings = { minGroupSize: 5, commentMinGroupSize: 10, tzOffsetMinutes: 480 };

const label = (en: string, zh: string): Label => ({ default: en, "zh-cn": zh });

export async function readSettings(read: DuckDBConnection): Promise<Settings> {
  const rows = await queryRows<{ key: string; value: string }>(
    read,
    "SELECT key, value::VARCHAR AS value FROM settings",
  );
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const num = (key: string, fallback: number) =>
    typeof stored[key] === "number" ? (stored[key] as number) : fallback;
  return {
    minGroupSize: Math.max(3, num("min_group_size", defaultSettings.minGroupSize)),
    // Never below 10 (DESIGN.md): free text is the easiest answer to recognise.
    commentMinGroupSize: Math.max(10, num("comment_min_group_size", defaultSettings.commentMinGroupSize)),
    tzOffsetMinutes: num("tz_offset_minutes", defaultSettings.tzOffsetMinutes),
  };
}

// The tree as last read, per connection, with the fingerprint it was read under. At a million staff the tree has
// ~44,000 units: reading them into objects took 0.7–1.3 s per query, while the fingerprint takes a few ms.
const unitCache = new WeakMap<
  DuckDBConnection,
  { fingerprint: string; units: ReadonlyMap<string, CatalogueUnit> }
>();

/**
 * The live unit tree, in display order (the breakdown's and the case figures' snapshots share it). Read again
 * whenever any column it is built from changes in any unit (a committed change: `read` sees only those); the map
 * and its units are shared between callers, so they are frozen.
 */
export async function readUnits(read: DuckDBConnection): Promise<ReadonlyMap<string, CatalogueUnit>> {
  const [print] = await queryRows<{ n: number; h: bigint | number | null }>(
    read,
    `SELECT count(*) AS n, sum(hash(id, parent_id, level, path, headcount, name_zh, name_en, sort))::VARCHAR AS h
     FROM units WHERE ${countedUnits}`,
  );
  const fingerprint = `${print?.n}:${print?.h}`;
  const cached = unitCache.get(read);
  if (cached?.fingerprint === fingerprint) return cached.units;
  const units = await loadUnits(read);
  unitCache.set(read, { fingerprint, units });
  return units;
}

async function loadUnits(read: DuckDBConnection): Promise<ReadonlyMap<string, CatalogueUnit>> {
  const unitRows = await queryRows<{
    id: string;
    parent_id: string | null;
    level: number;
    path: string;
    headcount: number;
    name_zh: string;
    name_en: string;
  }>(
    read,
    `SELECT id, parent_id, level, path, headcount, name_zh, name_en FROM units WHERE ${countedUnits} ORDER BY sort`,
  );
  return new Map(
    unitRows.map((u) => [
      u.id,
      Object.freeze({
        id: u.id,
        parentId: u.parent_id,
        level: u.level,
        path: u.path,
        headcount: u.headcount,
        label: Object.freeze(label(u.name_en, u.name_zh)),
      }),
    ]),
  );
}

/** The topic or respondent-group catalogue: id → bilingual name, in catalogue order. */
export async function readCatalogue(
  read: DuckDBConnection,
  table: "topics" | "groups",
): Promise<Map<string, Label>> {
  const rows = await queryRows<{ id: string; name_zh: string; name_en: string }>(
    read,
    `SELECT id, name_zh, name_en FROM ${table} ORDER BY sort`,
  );
  return new Map(rows.map((r) => [r.id, label(r.name_en, r.name_zh)] as const));
}

/** Null when the scope unit no longer exists (the account then sees nothing). */
export async function readSnapshot(
  read: DuckDBConnection,
  surveyId: string,
  scopeUnitId: string,
): Promise<Snapshot | null> {
  const units = await readUnits(read);
  const scope = units.get(scopeUnitId);
  if (!scope) return null;
  const [survey] = await queryRows(read, "SELECT 1 FROM surveys WHERE id = $1 LIMIT 1", [surveyId]);
  const waves = await queryRows<{ id: string; title: string; period_start: string }>(
    read,
    `SELECT id, title, strftime(period_start, '%Y-%m-%d') AS period_start FROM waves WHERE survey_id = $1
     ORDER BY period_start, opens_at, id`,
    [surveyId],
  );
  // Items of every version: a question keeps its id across versions, so the latest title wins.
  const items = await queryRows<{
    item_id: string;
    kind: CatalogueItem["kind"];
    topic: string | null;
    title_zh: string;
    title_en: string;
  }>(
    read,
    `SELECT item_id, arg_max(kind, survey_version) AS kind, arg_max(topic, survey_version) AS topic,
            arg_max(title_zh, survey_version) AS title_zh, arg_max(title_en, survey_version) AS title_en
     FROM survey_items WHERE survey_id = $1 GROUP BY item_id ORDER BY min(sort)`,
    [surveyId],
  );
  return {
    surveyId,
    surveyExists: survey !== undefined,
    waves: waves.map((w) => ({ id: w.id, label: w.title, periodStart: w.period_start })),
    items: new Map(
      items.map((i) => [
        i.item_id,
        {
          id: i.item_id,
          kind: i.kind,
          topic: i.topic,
          label: label(i.title_en ?? i.item_id, i.title_zh ?? i.item_id),
        },
      ]),
    ),
    topics: await readCatalogue(read, "topics"),
    groups: await readCatalogue(read, "groups"),
    units,
    scope,
    settings: await readSettings(read),
  };
}

/** True when `unit` is `ancestor` or lies below it. */
export function isWithin(unit: CatalogueUnit, ancestor: CatalogueUnit): boolean {
  return unit.path.startsWith(ancestor.path);
}
