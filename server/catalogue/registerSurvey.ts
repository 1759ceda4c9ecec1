// Stores survey versions and their derived items, and adds the files' topics, groups and surveys to the database.
// A version is never changed once written: a changed definition gets the next version; an identical one is reused.
import { appendAudit } from "../auth/audit";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { canonicalHash } from "./canonicalJson";
import { checkSurveyDefinition } from "./checkSurvey";
import type { Catalogue } from "./loadCatalogue";
import { deriveSurveyItems } from "./surveyItems";
import type { CatalogueEntry, SurveyDefinition } from "./types";

export interface RegisteredSurvey {
  id: string;
  version: number;
  created: boolean;
}

/** For a version made from another (topic tagging): the base it must still be latest, and its own audit entry. */
export interface RegisterOptions {
  /** Refuse with 409 `stale_version` unless this is still the latest version (checked inside the transaction). */
  expectLatest?: number;
  audit?: { action: string; detail: Record<string, unknown> };
}

export interface SurveyVersion {
  id: string;
  version: number;
  definition: SurveyDefinition;
  hash: string;
}

/**
 * Registers `definition` as the newest version of survey `id` unless the newest already has the same canonical
 * hash (key order ignored). Throws ApiError 422 `invalid_survey` when the definition fails the checks, with
 * `path` naming the first question at fault. Runs in one transaction on `db.write`, queued behind any other writer.
 */
export async function registerSurvey(
  db: Database,
  id: string,
  definition: SurveyDefinition,
  /** Who registers it, for the audit log: an admin's username, or "system" for the start-up sync. */
  actor = "system",
  now: Date = new Date(),
  options: RegisterOptions = {},
): Promise<RegisteredSurvey> {
  const hash = canonicalHash(definition);
  return inTransaction(db.write, async () => {
    const [latest] = await queryRows<{ version: number; hash: string }>(
      db.write,
      "SELECT version, hash FROM surveys WHERE id = $1 ORDER BY version DESC LIMIT 1",
      [id],
    );
    const { expectLatest } = options;
    if (expectLatest !== undefined && latest?.version !== expectLatest) {
      throw staleVersion(id, expectLatest, latest?.version ?? 0);
    }
    if (latest && latest.hash === hash) return { id, version: latest.version, created: false };

    // Checked here rather than only at the route so nothing can store a version survey-core or analytics would choke on.
    const problems = checkSurveyDefinition(definition, await usableTopics(db, id, latest?.version));
    const [first] = problems;
    if (first) {
      const message = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
      throw new ApiError(422, "invalid_survey", message, first.path || undefined);
    }

    const version = (latest?.version ?? 0) + 1;
    await db.write.run(
      "INSERT INTO surveys (id, version, definition, hash, created_at) VALUES ($1, $2, $3::JSON, $4, $5::TIMESTAMP)",
      [id, version, JSON.stringify(definition), hash, toUtcTimestamp(now)],
    );
    for (const item of deriveSurveyItems(definition)) {
      await db.write.run(
        `INSERT INTO survey_items (survey_id, survey_version, item_id, question_name, kind, topic, scale_min, scale_max,
           favourable_min, unfavourable_max, title_zh, title_en, sort)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          id,
          version,
          item.itemId,
          item.questionName,
          item.kind,
          item.topic,
          item.scaleMin,
          item.scaleMax,
          item.favourableMin,
          item.unfavourableMax,
          item.titleZh,
          item.titleEn,
          item.sort,
        ],
      );
    }
    await appendAudit(db.write, {
      at: now,
      actor,
      action: options.audit?.action ?? "survey_version_created",
      target: id,
      detail: { version, ...options.audit?.detail },
    });
    return { id, version, created: true };
  });
}

/** 409 for a change made on a version that another has since replaced as the latest. */
export function staleVersion(id: string, base: number, latest: number): ApiError {
  return new ApiError(
    409,
    "stale_version",
    `Version ${base} of "${id}" is no longer the latest (version ${latest} is): reload and make the changes on the latest version.`,
    "baseVersion",
  );
}

/** The given version of a survey, or its latest when `version` is omitted; null when there is none. */
export async function getSurveyVersion(
  db: Database,
  id: string,
  version?: number,
): Promise<SurveyVersion | null> {
  const rows = await queryRows<{ id: string; version: number; definition: string; hash: string }>(
    db.read,
    version === undefined
      ? "SELECT id, version, definition::VARCHAR AS definition, hash FROM surveys WHERE id = $1 ORDER BY version DESC LIMIT 1"
      : "SELECT id, version, definition::VARCHAR AS definition, hash FROM surveys WHERE id = $1 AND version = $2",
    version === undefined ? [id] : [id, version],
  );
  const [row] = rows;
  if (!row) return null;
  return { id: row.id, version: row.version, definition: JSON.parse(row.definition), hash: row.hash };
}

/**
 * The topics a new version of survey `id` may use: the live ones, and retired ones the previous version already
 * carries, so retiring a topic never stops an unchanged question (or a re-registered file) from going on.
 */
async function usableTopics(
  db: Database,
  id: string,
  previousVersion: number | undefined,
): Promise<{ live: Set<string>; retired: Set<string> }> {
  const rows = await queryRows<{ id: string; usable: boolean }>(
    db.write,
    `SELECT id, retired_at IS NULL OR id IN (
       SELECT topic FROM survey_items WHERE survey_id = $1 AND survey_version = $2 AND topic IS NOT NULL) AS usable
     FROM topics`,
    [id, previousVersion ?? 0],
  );
  return {
    live: new Set(rows.filter((r) => r.usable).map((r) => r.id)),
    retired: new Set(rows.filter((r) => !r.usable).map((r) => r.id)),
  };
}

/**
 * Start-up sync: adds the topics and groups of the files that the database lacks (new ones after the existing ones,
 * in file order), then registers every survey file. Entries the database has are left alone: once an entry exists
 * the database is the truth, so an admin's rename, order or retirement survives every restart; rows no longer in a
 * file are kept because stored answers still refer to them.
 */
export async function syncCatalogue(
  db: Database,
  catalogue: Catalogue,
  now: Date = new Date(),
): Promise<RegisteredSurvey[]> {
  await inTransaction(db.write, async () => {
    await addMissingEntries(db, "topics", catalogue.topics);
    await addMissingEntries(db, "groups", catalogue.groups);
  });
  const registered: RegisteredSurvey[] = [];
  for (const survey of catalogue.surveys)
    registered.push(await registerSurvey(db, survey.id, survey.definition, "system", now));
  return registered;
}

async function addMissingEntries(
  db: Database,
  table: "topics" | "groups",
  entries: readonly CatalogueEntry[],
) {
  for (const entry of entries) {
    await db.write.run(
      `INSERT INTO ${table} (id, name_zh, name_en, sort)
       SELECT $1, $2, $3, (SELECT coalesce(max(sort), -1) + 1 FROM ${table})
       WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE id = $1)`,
      [entry.id, entry.name["zh-cn"], entry.name.default],
    );
  }
}
