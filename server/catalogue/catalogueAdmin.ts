// Admins' changes to the topic and respondent-group catalogues: add, rename, reorder, retire and restore, each one
// transaction with its audit line. Nothing is ever deleted: stored answers and survey items keep naming the id.
import { appendAudit } from "../auth/audit";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";

export type CatalogueTable = "topics" | "groups";

export interface CatalogueListEntry {
  id: string;
  name: { default: string; "zh-cn": string };
  sort: number;
  retired: boolean;
}

export interface CatalogueContext {
  actor: string;
  now: Date;
}

/** Like loadCatalogue's check of topics.json and groups.json: ids end up in survey JSON and analytics filters. */
export const CATALOGUE_ID = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
// POST /api/topics/order is the reorder endpoint, so an entry called "order" could never be renamed.
const RESERVED_IDS = new Set(["order"]);

const noun = { topics: "topic", groups: "respondent group" } as const;
const single = { topics: "topic", groups: "group" } as const;

interface Row {
  id: string;
  name_zh: string;
  name_en: string;
  sort: number;
  retired: boolean;
}

const listSql = (table: CatalogueTable) =>
  `SELECT id, name_zh, name_en, sort, retired_at IS NOT NULL AS retired FROM ${table}`;

const entryOf = (r: Row): CatalogueListEntry => ({
  id: r.id,
  name: { default: r.name_en, "zh-cn": r.name_zh },
  sort: r.sort,
  retired: r.retired,
});

/** Every entry, retired ones included (they still name stored answers), in catalogue order. */
export async function listCatalogue(db: Database, table: CatalogueTable): Promise<CatalogueListEntry[]> {
  const rows = await queryRows<Row>(db.read, `${listSql(table)} ORDER BY sort, id`);
  return rows.map(entryOf);
}

async function entry(db: Database, table: CatalogueTable, id: string): Promise<Row> {
  const [row] = await queryRows<Row>(db.write, `${listSql(table)} WHERE id = $1`, [id]);
  if (!row) throw new ApiError(404, `${single[table]}_not_found`, `There is no ${noun[table]} "${id}".`);
  return row;
}

export async function createCatalogueEntry(
  db: Database,
  table: CatalogueTable,
  input: { id: string; nameZh: string; nameEn: string },
  ctx: CatalogueContext,
): Promise<CatalogueListEntry> {
  if (!CATALOGUE_ID.test(input.id) || RESERVED_IDS.has(input.id)) {
    throw new ApiError(
      400,
      "invalid_id",
      RESERVED_IDS.has(input.id)
        ? `"${input.id}" is reserved; choose another id.`
        : `The id "${input.id}" must be snake_case: a lower-case letter, then lower-case letters, digits and single underscores (e.g. "night_shift").`,
      "id",
    );
  }
  return inTransaction(db.write, async () => {
    const [taken] = await queryRows(db.write, `SELECT 1 FROM ${table} WHERE id = $1`, [input.id]);
    if (taken) {
      throw new ApiError(
        409,
        "duplicate_id",
        `There is already a ${noun[table]} "${input.id}" (perhaps retired: restore it instead).`,
        "id",
      );
    }
    await db.write.run(
      `INSERT INTO ${table} (id, name_zh, name_en, sort)
       VALUES ($1, $2, $3, (SELECT coalesce(max(sort), -1) + 1 FROM ${table}))`,
      [input.id, input.nameZh, input.nameEn],
    );
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action: `${single[table]}_created`,
      target: input.id,
      detail: { nameZh: input.nameZh, nameEn: input.nameEn },
    });
    return entryOf(await entry(db, table, input.id));
  });
}

export async function renameCatalogueEntry(
  db: Database,
  table: CatalogueTable,
  id: string,
  input: { nameZh?: string; nameEn?: string },
  ctx: CatalogueContext,
): Promise<CatalogueListEntry> {
  return inTransaction(db.write, async () => {
    const before = await entry(db, table, id);
    const nameZh = input.nameZh ?? before.name_zh;
    const nameEn = input.nameEn ?? before.name_en;
    await db.write.run(`UPDATE ${table} SET name_zh = $2, name_en = $3 WHERE id = $1`, [id, nameZh, nameEn]);
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action: `${single[table]}_renamed`,
      target: id,
      detail: { from: { nameZh: before.name_zh, nameEn: before.name_en }, to: { nameZh, nameEn } },
    });
    return entryOf(await entry(db, table, id));
  });
}

/** Puts the live entries in the given order; retired ones keep their relative order after them. */
export async function orderCatalogue(
  db: Database,
  table: CatalogueTable,
  ids: readonly string[],
  ctx: CatalogueContext,
): Promise<CatalogueListEntry[]> {
  await inTransaction(db.write, async () => {
    const rows = await queryRows<Row>(db.write, `${listSql(table)} ORDER BY sort, id`);
    const live = rows.filter((r) => !r.retired).map((r) => r.id);
    const liveSet = new Set(live);
    const seen = new Set<string>();
    const twice = ids.filter((id) => seen.has(id) || !seen.add(id));
    const missing = live.filter((id) => !seen.has(id));
    const extra = [...seen].filter((id) => !liveSet.has(id));
    if (twice.length + missing.length + extra.length > 0) {
      const parts = [
        missing.length ? `missing ${quoteAll(missing)}` : "",
        extra.length ? `not live ${noun[table]}s ${quoteAll(extra)}` : "",
        twice.length ? `given more than once ${quoteAll([...new Set(twice)])}` : "",
      ].filter(Boolean);
      throw new ApiError(
        400,
        "bad_order",
        `Give every live ${noun[table]} exactly once: ${parts.join("; ")}.`,
        "ids",
      );
    }
    const retired = rows.filter((r) => r.retired).map((r) => r.id);
    for (const [sort, id] of [...ids, ...retired].entries()) {
      await db.write.run(`UPDATE ${table} SET sort = $2 WHERE id = $1`, [id, sort]);
    }
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action: `${table}_reordered`,
      detail: { order: ids },
    });
  });
  return listCatalogue(db, table);
}

const quoteAll = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(", ");

/**
 * Retires (or restores) an entry. A retired topic cannot go on a question of a new survey version; a retired group
 * is no longer offered nor taken for new responses. History is untouched: analytics still show its name.
 */
export async function setCatalogueEntryRetired(
  db: Database,
  table: CatalogueTable,
  id: string,
  retired: boolean,
  ctx: CatalogueContext,
): Promise<CatalogueListEntry> {
  return inTransaction(db.write, async () => {
    const before = await entry(db, table, id);
    if (before.retired === retired) {
      throw new ApiError(
        409,
        retired ? "already_retired" : "not_retired",
        retired
          ? `The ${noun[table]} "${id}" is already retired.`
          : `The ${noun[table]} "${id}" is not retired; there is nothing to restore.`,
      );
    }
    await db.write.run(`UPDATE ${table} SET retired_at = $2::TIMESTAMP WHERE id = $1`, [
      id,
      retired ? toUtcTimestamp(ctx.now) : null,
    ]);
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action: `${single[table]}_${retired ? "retired" : "restored"}`,
      target: id,
    });
    return entryOf(await entry(db, table, id));
  });
}
