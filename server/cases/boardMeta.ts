// What the public board filters by: the live organisation tree (as the fill page lists it) and the topic catalogue.
// Public like the board itself; it reads no case, so it says nothing about who wrote what.
import { type FormUnit, listFormUnits } from "../org/units";
import { type Database, queryRows } from "../storage/database";
import type { Bilingual } from "./caseViews";
import { type CaseCategory, caseCategories } from "./categories";

export interface BoardMeta {
  units: FormUnit[];
  topics: { id: string; name: Bilingual }[];
  categories: CaseCategory[];
}

export async function boardMeta(db: Database): Promise<BoardMeta> {
  const [units, topics] = await Promise.all([
    listFormUnits(db),
    queryRows<{ id: string; name_zh: string; name_en: string }>(
      db.read,
      "SELECT id, name_zh, name_en FROM topics ORDER BY sort, id",
    ),
  ]);
  return {
    units,
    topics: topics.map((t) => ({ id: t.id, name: { default: t.name_en, "zh-cn": t.name_zh } })),
    categories: [...caseCategories],
  };
}
