// Free-text answers for analysts (not demands: those are cases): by unit, topic, question, group, wave or period,
// within the viewer's scope, with keyword counts, searchable. A text is never shown as coming from a group smaller than the comment group size
// (≥ 10): like raw exports, every (wave, unit, group) pool of writers climbs the unit tree (and merges groups at
// the top) until it holds that many responses, and a text is shown only under the pool it was released with.
// Filters choose whole pools, so no pair of queries can single out a small group by difference; no text carries a
// date finer than its wave.
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { loadSurveyModel, questionTitle, surveyQuestions } from "../server/catalogue/surveyModel";
import { queryRows } from "../server/storage/database";
import { type CatalogueUnit, readSnapshot, type Snapshot } from "./catalogue";
import { QueryError } from "./errors";
import { keywordCounts } from "./keywords";
import { parseWith } from "./parse";
import type { Label } from "./query";
import { anonymiseCells, cellKey, type Release } from "./rawAnonymise";

const CommentDimension = z.union([
  z.enum(["unit", "topic", "question", "group", "wave", "period:quarter", "period:year"]),
  z
    .string()
    .regex(/^unit:level_\d{1,2}$/, "is not a dimension for comments")
    .transform((s) => `unit:level_${Number(s.slice("unit:level_".length))}`),
]);

export const CommentsQuery = z.strictObject({
  surveyId: z.string().min(1).max(100),
  waveIds: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  /** Units whose subtrees to read (pools released inside them), groups and waves: nothing narrower. */
  unitsWithin: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  groups: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  groupBy: CommentDimension.optional(),
  search: z.string().trim().min(1).max(100).optional(),
  /** Texts per cell at most (keywords still count them all). */
  limit: z.number().int().min(1).max(500).default(100),
});
export type CommentsQuery = z.infer<typeof CommentsQuery>;

export interface CommentCell {
  key: Record<string, string>;
  /** Responses in the released pools the cell's texts come from (each pool ≥ the comment group size). */
  n: number;
  /** Texts in the cell that match. */
  count: number;
  keywords: { word: string; count: number }[];
  texts: { question: string; text: string; wave: string }[];
}

export interface CommentsResult {
  cells: CommentCell[];
  meta: {
    minGroupSize: number;
    /** Texts left out because their writers' pool could not reach the group size anywhere in scope. */
    withheld: number;
    labels: Record<string, Record<string, Label>>;
    questions: Record<string, Label>;
  };
}

interface TextRow {
  wave_id: string;
  unit_id: string;
  group_id: string;
  item_id: string;
  topic: string | null;
  text: string;
}

export async function runComments(
  read: DuckDBConnection,
  body: unknown,
  viewer: { scopeUnitId: string },
): Promise<CommentsResult> {
  const q = parseWith(CommentsQuery, body);
  const snap = await readSnapshot(read, q.surveyId, viewer.scopeUnitId);
  if (!snap)
    throw new QueryError("scope_gone", "Your account's scope unit no longer exists; ask an administrator.");
  checkValues(q, snap);
  const k = snap.settings.commentMinGroupSize;
  const waveFilter = q.waveIds ?? snap.waves.map((w) => w.id);
  const params = [snap.scope.path, q.surveyId, ...waveFilter];
  const waveList = waveFilter.map((_, i) => `$${i + 3}`).join(", ") || "NULL";
  const scoped = `FROM current_responses r JOIN units u ON u.id = r.unit_id JOIN waves w ON w.id = r.wave_id
    WHERE starts_with(u.path, $1) AND w.survey_id = $2 AND r.wave_id IN (${waveList})`;
  // Pools are formed over the whole organisation and the chosen waves, before any other filter: what a filter or a
  // scope selects is then always a set of whole pools, the same whoever asks (a viewer gets the pools in its scope).
  const root = [...snap.units.values()].find((u) => u.parentId === null) ?? snap.scope;
  const counts = await queryRows<{ wave_id: string; unit_id: string; group_id: string; n: number }>(
    read,
    `SELECT r.wave_id, r.unit_id, r.group_id, count(*) AS n ${scoped} GROUP BY ALL`,
    [root.path, ...params.slice(1)],
  );
  const inScope = new Map(
    [...snap.units.values()].filter((u) => u.path.startsWith(snap.scope.path)).map((u) => [u.id, u]),
  );
  const pooled = anonymiseCells(
    counts.map((c) => ({ waveId: c.wave_id, unitId: c.unit_id, groupId: c.group_id, n: c.n })),
    snap.units,
    root.id,
    k,
  );
  const releases = new Map([...pooled].map(([key, rel]) => [key, rel && inScope.has(rel.unit) ? rel : null]));
  const poolSize = new Map<string, number>();
  for (const c of counts) {
    const rel = releases.get(cellKey(c.wave_id, c.unit_id, c.group_id));
    if (rel) poolSize.set(poolKey(c.wave_id, rel), (poolSize.get(poolKey(c.wave_id, rel)) ?? 0) + c.n);
  }
  const texts = await queryRows<TextRow>(
    read,
    `SELECT r.wave_id, r.unit_id, r.group_id, a.item_id, si.topic, a.value_text AS text
     FROM answers a JOIN current_responses r ON r.id = a.response_id JOIN units u ON u.id = r.unit_id
     JOIN waves w ON w.id = r.wave_id
     LEFT JOIN survey_items si ON si.survey_id = w.survey_id AND si.survey_version = w.survey_version
       AND si.item_id = regexp_replace(a.item_id, '-Comment$', '')
     WHERE starts_with(u.path, $1) AND w.survey_id = $2 AND r.wave_id IN (${waveList})
       -- Demands are cases now, read with their exact unit (cases keep no group): released here under a group's
       -- pool as well, one text could be matched across both and name its writer. They are read in 诉求承办.
       AND a.kind = 'text' AND a.value_text IS NOT NULL
     -- By the text's hash, not by time: the order must not hint at who wrote when.
     ORDER BY md5(a.value_text), a.item_id`,
    params,
  );

  const within = (q.unitsWithin ?? []).map((id) => snap.units.get(id) as CatalogueUnit);
  const needle = q.search?.toLowerCase();
  let withheld = 0;
  const cells = new Map<string, { key: string; pools: Set<string>; texts: CommentCell["texts"] }>();
  for (const t of texts) {
    const rel = releases.get(cellKey(t.wave_id, t.unit_id, t.group_id));
    if (!rel) {
      withheld++;
      continue;
    }
    const releasedAt = inScope.get(rel.unit) as CatalogueUnit;
    if (within.length > 0 && !within.some((w) => releasedAt.path.startsWith(w.path))) continue;
    if (q.groups && !q.groups.includes(rel.group)) continue;
    if (needle && !t.text.toLowerCase().includes(needle)) continue;
    const key = q.groupBy ? cellValue(q.groupBy, t, rel, releasedAt, snap) : "";
    if (key === null) continue;
    const cell = cells.get(key) ?? { key, pools: new Set<string>(), texts: [] };
    cell.pools.add(poolKey(t.wave_id, rel));
    cell.texts.push({ question: t.item_id, text: t.text, wave: t.wave_id });
    cells.set(key, cell);
  }
  const dim = q.groupBy;
  const out: CommentCell[] = [...cells.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((c) => ({
      key: dim ? { [dim]: c.key } : {},
      n: [...c.pools].reduce((s, p) => s + (poolSize.get(p) ?? 0), 0),
      count: c.texts.length,
      keywords: keywordCounts(c.texts.map((t) => t.text)),
      texts: c.texts.slice(0, q.limit),
    }));
  return {
    cells: out,
    meta: {
      minGroupSize: k,
      withheld,
      labels: {
        ...(dim
          ? {
              [dim]: Object.fromEntries(
                out.map((c) => [c.key[dim] as string, labelOf(dim, c.key[dim] as string, snap)]),
              ),
            }
          : {}),
        wave: Object.fromEntries(snap.waves.map((w) => [w.id, w.label])),
      },
      questions: await questionLabels(read, q.surveyId, [...new Set(texts.map((t) => t.item_id))]),
    },
  };
}

const poolKey = (waveId: string, rel: Release) => JSON.stringify([waveId, rel.unit, rel.group]);

/** The cell a released text belongs to; null leaves it out (a topic dimension and a text without a topic). */
function cellValue(
  dim: string,
  t: TextRow,
  rel: Release,
  releasedAt: CatalogueUnit,
  snap: Snapshot,
): string | null {
  if (dim === "unit") return rel.unit;
  const level = /^unit:level_(\d+)$/.exec(dim);
  if (level) {
    const n = Number(level[1]);
    if (releasedAt.level <= n) return releasedAt.id;
    let at: CatalogueUnit | undefined = releasedAt;
    while (at && at.level > n) at = at.parentId ? snap.units.get(at.parentId) : undefined;
    return at?.id ?? releasedAt.id;
  }
  if (dim === "group") return rel.group;
  if (dim === "wave") return t.wave_id;
  if (dim === "topic") return t.topic;
  if (dim === "question") return t.item_id;
  // Periods of a wave's own period: a text's exact date would say more about its writer than its pool does.
  const start = snap.waves.find((w) => w.id === t.wave_id)?.periodStart ?? "";
  const [year, month] = start.split("-").map(Number) as [number, number];
  if (dim === "period:year") return String(year);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

function labelOf(dim: string, id: string, snap: Snapshot): Label {
  if (dim.startsWith("unit")) return snap.units.get(id)?.label ?? id;
  if (dim === "group")
    return id === "*" ? { default: "All groups", "zh-cn": "全部群体" } : (snap.groups.get(id) ?? id);
  if (dim === "topic") return snap.topics.get(id) ?? id;
  if (dim === "wave") return snap.waves.find((w) => w.id === id)?.label ?? id;
  return id;
}

function checkValues(q: CommentsQuery, snap: Snapshot): void {
  q.waveIds?.forEach((id, i) => {
    if (!snap.waves.some((w) => w.id === id)) {
      throw new QueryError(
        "unknown_wave",
        `There is no wave "${id}" of survey "${q.surveyId}".`,
        `waveIds/${i}`,
      );
    }
  });
  q.unitsWithin?.forEach((id, i) => {
    const unit = snap.units.get(id);
    // A unit outside the scope is answered exactly like one that does not exist.
    if (!unit?.path.startsWith(snap.scope.path)) {
      throw new QueryError("unknown_value", `There is no unit "${id}".`, `unitsWithin/${i}`);
    }
  });
  q.groups?.forEach((id, i) => {
    if (id !== "*" && !snap.groups.has(id)) {
      throw new QueryError("unknown_value", `There is no respondent group "${id}".`, `groups/${i}`);
    }
  });
}

/**
 * Titles of the questions the texts answer, from the survey's latest version: comment questions are not analysable
 * items, so only the definition knows them. A `q-Comment` box is titled by its question `q`.
 */
async function questionLabels(
  read: DuckDBConnection,
  surveyId: string,
  ids: string[],
): Promise<Record<string, Label>> {
  if (ids.length === 0) return {};
  const [row] = await queryRows<{ definition: string }>(
    read,
    "SELECT definition::VARCHAR AS definition FROM surveys WHERE id = $1 ORDER BY version DESC LIMIT 1",
    [surveyId],
  );
  const titles = new Map<string, Label>();
  if (row) {
    for (const { question } of surveyQuestions(loadSurveyModel(JSON.parse(row.definition)))) {
      const title = questionTitle(question);
      titles.set(question.name, { default: title.en, "zh-cn": title.zh });
    }
  }
  return Object.fromEntries(
    ids.map((id) => [id, titles.get(id) ?? titles.get(id.replace(/-Comment$/, "")) ?? id]),
  );
}
