// The whole workbench query lives in the URL (?q=<JSON>), so a view can be bookmarked and shared. What the URL
// holds is only a suggestion: the server validates every query again.
import type { BreakdownQuery } from "../staff/api";

export function readQuery(): BreakdownQuery | null {
  const raw = new URLSearchParams(location.search).get("q");
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as BreakdownQuery;
    return typeof value === "object" && value !== null && typeof value.surveyId === "string" ? value : null;
  } catch {
    return null;
  }
}

export function writeQuery(query: BreakdownQuery): void {
  const q = new URLSearchParams(location.search);
  q.set("q", JSON.stringify(query));
  history.replaceState(null, "", `${location.pathname}?${q}`);
}

/** The view most analysts start from: each area by topic for the newest round, against the round before. */
export function defaultQuery(surveyId: string, latestWaveId: string | undefined): BreakdownQuery {
  return {
    surveyId,
    ...(latestWaveId ? { waveIds: [latestWaveId] } : {}),
    measures: ["mean", "favourable", "responses"],
    dimensions: ["unit:level_1", "topic"],
    ...(latestWaveId ? { compare: "previous_period" as const } : {}),
  };
}
