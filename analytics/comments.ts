// Free-text answers for analysts: by unit, topic, period or group, within the viewer's scope and filters, with
// keyword counts, searchable. A cell's texts are shown only when the cell has at least the organisation's comment
// group size (default 10) of responses; smaller cells say how many texts they hold, never what they say.
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { loadSurveyModel, questionTitle, surveyQuestions } from "../server/catalogue/surveyModel";
import { queryRows } from "../server/storage/database";
import { readSnapshot } from "./catalogue";
import { compile } from "./compile";
import { QueryError } from "./errors";
import { execute } from "./execute";
import { labels } from "./format";
import { keywordCounts } from "./keywords";
import { BreakdownQuery, type Label } from "./query";
import { validate } from "./validate";

const CommentDimension = z.union([
  z.enum(["unit", "topic", "question", "group", "wave", "period:month", "period:quarter", "period:year"]),
  z.string().regex(/^unit:level_\d{1,2}$/, "is not a dimension for comments"),
]);

export const CommentsQuery = BreakdownQuery.pick({
  surveyId: true,
  waveIds: true,
  dateRange: true,
  filters: true,
})
  .extend({
    groupBy: CommentDimension.optional(),
    search: z.string().trim().min(1).max(100).optional(),
    /** Texts per cell at most (keywords still count them all). */
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type CommentsQuery = z.infer<typeof CommentsQuery>;

export interface CommentCell {
  key: Record<string, string>;
  /** Responses in the cell: what the comment group size is checked against. */
  n: number;
  /** Texts in the cell that match (shown or not). */
  count: number;
  hidden: boolean;
  keywords: { word: string; count: number }[];
  texts: { question: string; text: string; month: string }[];
}

export interface CommentsResult {
  cells: CommentCell[];
  meta: {
    minGroupSize: number;
    labels: Record<string, Record<string, Label>>;
    questions: Record<string, Label>;
  };
}

export async function runComments(
  read: DuckDBConnection,
  body: unknown,
  viewer: { scopeUnitId: string },
): Promise<CommentsResult> {
  const parsed = CommentsQuery.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join("/");
    throw new QueryError("invalid_query", `Field "${path}": ${issue?.message}.`, path || undefined);
  }
  const q = parsed.data;
  const snap = await readSnapshot(read, q.surveyId, viewer.scopeUnitId);
  if (!snap)
    throw new QueryError("scope_gone", "Your account's scope unit no longer exists; ask an administrator.");
  const dimensions = (q.groupBy ? [q.groupBy] : []) as BreakdownQuery["dimensions"];
  const plan = validate(
    {
      surveyId: q.surveyId,
      waveIds: q.waveIds,
      dateRange: q.dateRange,
      filters: q.filters,
      measures: ["responses"],
      dimensions,
    },
    snap,
  );
  const min = snap.settings.commentMinGroupSize;
  // The cells' sizes come from the breakdown itself, so a comment cell and a result row agree on n.
  const sizes = await execute(read, compile(plan.compile), plan.dimensions);
  const n = new Map(sizes.map((c) => [JSON.stringify(c.key), c.parts.n]));
  const textPlan = compile({ ...plan.compile, mode: "text", search: q.search });
  const rows = await queryRows<Record<string, string>>(read, textPlan.sql, textPlan.params);
  const byCell = new Map<string, { question: string; text: string; month: string }[]>();
  for (const r of rows) {
    const key = JSON.stringify(textPlan.dimensionColumns.map((c) => String(r[c])));
    const list = byCell.get(key) ?? [];
    list.push({ question: r.question as string, text: r.text as string, month: r.month as string });
    byCell.set(key, list);
  }
  const cells: CommentCell[] = [...byCell].map(([key, texts]) => {
    const parts = JSON.parse(key) as string[];
    const size = n.get(key) ?? 0;
    const hidden = size < min;
    return {
      key: Object.fromEntries(plan.dimensions.map((d, i) => [d, parts[i] as string])),
      n: size,
      count: texts.length,
      hidden,
      keywords: hidden ? [] : keywordCounts(texts.map((t) => t.text)),
      texts: hidden ? [] : texts.slice(0, q.limit),
    };
  });
  const rowsForLabels = cells.map((c) => ({ dimensions: c.key, measures: {}, n: c.n, suppressed: c.hidden }));
  return {
    cells,
    meta: {
      minGroupSize: min,
      labels: labels(plan.dimensions, rowsForLabels, snap),
      questions: await questionLabels(read, q.surveyId, [...new Set(rows.map((r) => r.question as string))]),
    },
  };
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
