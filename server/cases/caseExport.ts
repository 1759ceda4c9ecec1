// Reads every case a filter matches, within the viewer's reach, with the round titles and topic names the export
// shows; the workbook itself is supervisionXlsx's. The same reach as the case list: texts only for case readers.
import { readSettings } from "../../analytics/catalogue";
import { type Database, queryRows } from "../storage/database";
import { localDate } from "./calendar";
import { type CaseFilter, type CaseViewer, listCases } from "./caseViews";
import type { CaseExport } from "./supervisionXlsx";

/** More than a plant of 7,000 writes in years; a filter is the way to a smaller file. */
export const maxExportedCases = 100_000;

export async function readCaseExport(
  db: Database,
  viewer: CaseViewer,
  filter: Omit<CaseFilter, "offset" | "limit">,
  now: Date,
): Promise<CaseExport> {
  const { tzOffsetMinutes } = await readSettings(db.read);
  const today = localDate(now, tzOffsetMinutes);
  const [page, waves, topics] = await Promise.all([
    listCases(db, viewer, { ...filter, offset: 0, limit: maxExportedCases }, today, tzOffsetMinutes),
    queryRows<{ id: string; title: string }>(db.read, "SELECT id, title FROM waves"),
    queryRows<{ id: string; name_zh: string; name_en: string }>(
      db.read,
      "SELECT id, name_zh, name_en FROM topics",
    ),
  ]);
  return {
    today,
    cases: page.cases,
    waveTitles: new Map(waves.map((w) => [w.id, w.title])),
    topicNames: new Map(topics.map((t) => [t.id, { zh: t.name_zh, en: t.name_en }])),
  };
}
