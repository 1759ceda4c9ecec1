// The dashboard's demands panel (诉求办理) for one unit's staff: the quarter of the chosen round against the one
// before, the trend over the last 8 quarters, and the quarter by department and by topic. Each is a case figures
// query, so scope and suppression are exactly those of POST /api/analytics/cases.
import type { DuckDBConnection } from "@duckdb/node-api";
import { quarterDates, quarterOf } from "../../server/cases/calendar";
import type { Viewer } from "../breakdown";
import { readCaseSnapshot } from "./catalogue";
import { runCaseFigures } from "./figures";
import { type CaseFiguresQuery, type CaseFiguresResult, caseMeasureNames } from "./query";

export interface CasesPanel {
  /** The quarter of the chosen round (`2026-Q4`). */
  quarter: string;
  /** The trend's quarters, oldest first, ending with `quarter`; the one before it is the comparison. */
  quarters: string[];
  trend: CaseFiguresResult;
  departments: CaseFiguresResult;
  topics: CaseFiguresResult;
}

const trendQuarters = 8;

/** The `count` quarters ending with `quarter`, oldest first. */
export function quartersEnding(quarter: string, count: number): string[] {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return Array.from({ length: count }, (_, i) => {
    const back = count - 1 - i;
    const index = year * 4 + (q - 1) - back;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  });
}

export async function casesPanel(
  read: DuckDBConnection,
  viewer: Viewer,
  unitId: string,
  roundStart: string,
  now: Date,
): Promise<CasesPanel> {
  const quarter = quarterOf(roundStart);
  const quarters = quartersEnding(quarter, trendQuarters);
  const snap = (await readCaseSnapshot(read, viewer.scopeUnitId)) ?? undefined;
  const run = (query: Omit<CaseFiguresQuery, "measures" | "filters">) =>
    runCaseFigures(
      read,
      {
        measures: [...caseMeasureNames],
        filters: [{ member: "unit", operator: "within", values: [unitId] }],
        ...query,
      },
      viewer,
      now,
      snap,
    );
  const thisQuarter = quarterDates(quarter);
  return {
    quarter,
    quarters,
    trend: await run({
      dimensions: ["period:quarter"],
      dateRange: [quarterDates(quarters[0] as string)[0], thisQuarter[1]],
    }),
    departments: await run({ dimensions: ["department"], dateRange: thisQuarter }),
    topics: await run({ dimensions: ["topic"], dateRange: thisQuarter }),
  };
}
