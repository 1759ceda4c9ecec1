// Reads the organisation's working-day overrides (extra holidays, 调休 working days) for case deadlines, and says
// which years the built-in calendar covers. It only reads; settings.ts writes them.
import type { DuckDBConnection } from "@duckdb/node-api";
import { builtInCalendarCovers, type CalendarOverrides } from "../cases/calendar";
import { queryRows } from "../storage/database";

export interface CalendarDay {
  date: string;
  kind: "holiday" | "workday";
  note: string;
}

export async function readCalendarDays(read: DuckDBConnection): Promise<CalendarDay[]> {
  return queryRows<CalendarDay>(
    read,
    "SELECT strftime(day, '%Y-%m-%d') AS date, kind, note FROM calendar_overrides ORDER BY day",
  );
}

/** What addWorkingDays takes: read once per deadline decision, so a change applies to the next case at once. */
export async function readCalendarOverrides(read: DuckDBConnection): Promise<CalendarOverrides> {
  const days = await readCalendarDays(read);
  return {
    holidays: new Set(days.filter((d) => d.kind === "holiday").map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === "workday").map((d) => d.date)),
  };
}

/** Last year to next year, and every year an override falls in: whether chinese-days has its holiday notice. */
export function calendarYears(
  days: readonly CalendarDay[],
  today: string,
): { year: number; builtIn: boolean }[] {
  const current = Number(today.slice(0, 4));
  const years = new Set([current - 1, current, current + 1, ...days.map((d) => Number(d.date.slice(0, 4)))]);
  return [...years].sort((a, b) => a - b).map((year) => ({ year, builtIn: builtInCalendarCovers(year) }));
}
