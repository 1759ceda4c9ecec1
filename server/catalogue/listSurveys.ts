// The questionnaire register as admins browse it: every survey with its versions, which rounds used each, and the
// size of each. Reads only; registering versions is registerSurvey's, and a definition is never parsed here.
import { type Database, queryRows } from "../storage/database";

export interface SurveyVersionSummary {
  version: number;
  createdAt: string;
  /** Waves opened on this version: such a version is immutable (DESIGN.md), tagging makes a new one. */
  usedByWaves: string[];
  /** Analysable items (scale questions, matrix rows, eNPS, demand) survey_items derived for it. */
  itemCount: number;
}

export interface SurveySummary {
  id: string;
  /** The latest version's title as written in the definition (plain or localised); the id when it has none. */
  title: string | Record<string, string>;
  latestVersion: number;
  versions: SurveyVersionSummary[];
}

export async function listSurveys(db: Database): Promise<SurveySummary[]> {
  const rows = await queryRows<{
    id: string;
    version: number;
    created_at: string;
    title: string | null;
    waves: string | null;
    items: number;
  }>(
    db.read,
    `SELECT s.id, s.version, strftime(s.created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
       json_extract(s.definition, '$.title')::VARCHAR AS title,
       (SELECT to_json(list(w.id ORDER BY w.period_start, w.id))::VARCHAR FROM waves w
          WHERE w.survey_id = s.id AND w.survey_version = s.version) AS waves,
       (SELECT count(*) FROM survey_items i WHERE i.survey_id = s.id AND i.survey_version = s.version)::INTEGER AS items
     FROM surveys s ORDER BY s.id, s.version DESC`,
  );
  const byId = new Map<string, SurveySummary>();
  for (const r of rows) {
    let survey = byId.get(r.id);
    if (!survey) {
      // Rows come newest version first: the first row of a survey carries its current title.
      survey = { id: r.id, title: titleOf(r.title, r.id), latestVersion: r.version, versions: [] };
      byId.set(r.id, survey);
    }
    survey.versions.push({
      version: r.version,
      createdAt: r.created_at,
      usedByWaves: r.waves ? (JSON.parse(r.waves) as string[]) : [],
      itemCount: r.items,
    });
  }
  return [...byId.values()];
}

function titleOf(json: string | null, fallback: string): string | Record<string, string> {
  if (json === null) return fallback;
  const title: unknown = JSON.parse(json);
  if (typeof title === "string" && title.trim()) return title;
  if (title && typeof title === "object" && !Array.isArray(title)) {
    const texts = Object.fromEntries(
      Object.entries(title).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    if (Object.keys(texts).length > 0) return texts;
  }
  return fallback;
}

/** The waves opened on one version, oldest period first. */
export async function wavesUsingVersion(db: Database, id: string, version: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db.read,
    "SELECT id FROM waves WHERE survey_id = $1 AND survey_version = $2 ORDER BY period_start, id",
    [id, version],
  );
  return rows.map((r) => r.id);
}
