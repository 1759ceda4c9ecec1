// The live organisation as the import reads it (id,parent_id,name_zh,name_en,kind,headcount), parent first: the
// template an admin edits and imports again. UTF-8 with a BOM so Excel shows the Chinese names. Retired units are
// left out (an import brings back any it names).
import { type Database, queryRows } from "../storage/database";
import { orgColumns } from "./checkOrgRows";
import { placeUnits, type UnitInput } from "./units";

function csvCell(value: string | number | null): string {
  const s = value === null ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export async function exportOrgCsv(db: Database): Promise<string> {
  const rows = await queryRows<{
    id: string;
    parent_id: string | null;
    name_zh: string;
    name_en: string;
    kind: UnitInput["kind"];
    headcount: number;
  }>(
    db.read,
    "SELECT id, parent_id, name_zh, name_en, kind, headcount FROM units WHERE retired_at IS NULL ORDER BY sort, id",
  );
  // Placed again, so that a unit moved under a later sibling still follows its parent in the file.
  const placed = placeUnits(
    rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      kind: r.kind,
      headcount: r.headcount,
    })),
  );
  const lines = [
    orgColumns.join(","),
    ...placed.map((u) => [u.id, u.parentId, u.nameZh, u.nameEn, u.kind, u.headcount].map(csvCell).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
