// The plant's calendar for deadlines: working days skip weekends and Chinese public holidays and count the make-up
// working days (调休), as chinese-days has them from the State Council's yearly notice; a year the notice has not
// covered yet counts Monday to Friday. The organisation's own overrides (settings) come first. Dates are
// plant-local ISO dates (the organisation's UTC offset setting).
import chineseDays from "chinese-days";

/** The plant-local calendar date of an instant. */
export function localDate(at: Date, tzOffsetMinutes: number): string {
  return new Date(at.getTime() + tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The organisation's own calendar on top of the built-in one: extra holidays, and weekend days worked (调休). */
export interface CalendarOverrides {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export const noOverrides: CalendarOverrides = { holidays: new Set(), workdays: new Set() };

/** Whether `date` is a working day: an override first, then chinese-days (Monday to Friday past its last year). */
export function isWorkingDay(date: string, overrides: CalendarOverrides = noOverrides): boolean {
  if (overrides.holidays.has(date)) return false;
  if (overrides.workdays.has(date)) return true;
  return chineseDays.isWorkday(date);
}

/**
 * The date `days` working days after `date` (the day itself does not count, as in "答复时限 15 个工作日"). Pure:
 * the overrides come in as data, so deadlines are testable without a database.
 */
export function addWorkingDays(
  date: string,
  days: number,
  overrides: CalendarOverrides = noOverrides,
): string {
  if (overrides.holidays.size === 0 && overrides.workdays.size === 0)
    return chineseDays.findWorkday(days, date);
  let day = date;
  for (let left = days; left > 0; ) {
    day = nextDate(day);
    if (isWorkingDay(day, overrides)) left -= 1;
  }
  return day;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Whether chinese-days has the State Council's holiday notice for `year` (else it counts Monday to Friday). */
export function builtInCalendarCovers(year: number): boolean {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `2026-Q4` for a date in October to December 2026. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** The first and last dates of a quarter label like `2026-Q4`. */
export function quarterDates(quarter: string): [string, string] {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const first = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const last = new Date(Date.UTC(year, q * 3, 0));
  return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
}

/**
 * The instant rounded down to the hour: what a response, and everything its writer does later, is stored with. An
 * exact time could be joined with a proxy's log line (address + time) and name the writer.
 */
export function hourOf(at: Date): Date {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
