// The public board (公示): answers approved for publication, per unit (the unit and everything below it). A case's
// own words appear only in the wording an analyst approved for the board; without it, topic and answer alone.
// Nobody's rating is shown: a rating is the writer's word to the plant, not to their colleagues.
import { readSettings } from "../../analytics/catalogue";
import { ApiError } from "../errors";
import { type Database, queryRows } from "../storage/database";
import { localDate } from "./calendar";
import { type Bilingual, equalityConditions, unitWithinSql } from "./caseViews";
import type { CaseCategory } from "./categories";

export interface BoardCase {
  number: number;
  unitName: Bilingual;
  category: CaseCategory;
  topic: string | null;
  publicText: string | null;
  departmentName: Bilingual | null;
  answer: string;
  actionTaken: string | null;
  publishedOn: string;
  adopted: boolean;
  reward: string | null;
}

export interface BoardFilter {
  unitId?: string;
  topic?: string;
  category?: CaseCategory;
  offset?: number;
  limit?: number;
}

export async function readBoard(
  db: Database,
  filter: BoardFilter,
): Promise<{ cases: BoardCase[]; total: number; adopted: number }> {
  const { tzOffsetMinutes } = await readSettings(db.read);
  const params: Record<string, string | number> = {};
  const conditions = ["c.status IN ('published', 'closed')", "c.answer IS NOT NULL"];
  if (filter.unitId) {
    const [unit] = await queryRows(db.read, "SELECT 1 FROM units WHERE id = $1", [filter.unitId]);
    if (!unit) throw new ApiError(404, "unit_not_found", `There is no unit "${filter.unitId}".`, "unitId");
    params.unit = filter.unitId;
    conditions.push(unitWithinSql("$unit"));
  }
  equalityConditions(filter, params, conditions);
  const where = conditions.join(" AND ");
  const from = `FROM current_cases c JOIN units u ON u.id = c.unit_id LEFT JOIN units d ON d.id = c.department_id`;
  const [totals] = await queryRows<{ n: number; adopted: number }>(
    db.read,
    `SELECT count(*) AS n, count(*) FILTER (WHERE c.adopted) AS adopted ${from} WHERE ${where}`,
    params,
  );
  const rows = await queryRows<{
    number: number;
    unit_zh: string;
    unit_en: string;
    category: CaseCategory;
    topic: string | null;
    public_text: string | null;
    dept_zh: string | null;
    dept_en: string | null;
    answer: string;
    action_taken: string | null;
    published_at: Date;
    adopted: boolean;
    reward: string | null;
  }>(
    db.read,
    `SELECT c.number, u.name_zh AS unit_zh, u.name_en AS unit_en, c.category, c.topic, c.public_text,
       d.name_zh AS dept_zh, d.name_en AS dept_en, c.answer, c.action_taken, c.published_at, c.adopted, c.reward
     ${from} WHERE ${where} ORDER BY c.published_at DESC, c.number DESC
     LIMIT ${Math.trunc(filter.limit ?? 50)} OFFSET ${Math.trunc(filter.offset ?? 0)}`,
    params,
  );
  return {
    total: totals?.n ?? 0,
    adopted: totals?.adopted ?? 0,
    cases: rows.map((r) => ({
      number: r.number,
      unitName: { default: r.unit_en, "zh-cn": r.unit_zh },
      category: r.category,
      topic: r.topic,
      publicText: r.public_text,
      departmentName:
        r.dept_zh === null || r.dept_en === null ? null : { default: r.dept_en, "zh-cn": r.dept_zh },
      answer: r.answer,
      actionTaken: r.action_taken,
      publishedOn: localDate(r.published_at, tzOffsetMinutes),
      adopted: r.adopted,
      reward: r.reward,
    })),
  };
}
