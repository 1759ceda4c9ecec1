// The working-day calendar for case deadlines: the built-in Chinese calendar, and the organisation's own holidays
// and make-up working days on top of it. Pure functions: dates in, dates out.
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  builtInCalendarCovers,
  type CalendarOverrides,
  isWorkingDay,
} from "../../server/cases/calendar";

const overrides = (holidays: string[], workdays: string[] = []): CalendarOverrides => ({
  holidays: new Set(holidays),
  workdays: new Set(workdays),
});

describe("addWorkingDays", () => {
  const cases: [string, string, number, CalendarOverrides | undefined, string][] = [
    ["15 days from Monday 2 Nov 2026", "2026-11-02", 15, undefined, "2026-11-23"],
    ["across the 2026 National Day holiday", "2026-09-30", 1, undefined, "2026-10-08"],
    ["an extra holiday inside the window", "2026-11-02", 15, overrides(["2026-11-10"]), "2026-11-24"],
    [
      "an extra holiday on a weekend changes nothing",
      "2026-11-02",
      15,
      overrides(["2026-11-07"]),
      "2026-11-23",
    ],
    ["a Saturday worked", "2026-11-02", 15, overrides([], ["2026-11-07"]), "2026-11-20"],
    [
      "a holiday and a Saturday worked",
      "2026-11-02",
      15,
      overrides(["2026-11-10"], ["2026-11-07"]),
      "2026-11-23",
    ],
    ["2027, beyond the built-in notices: Monday to Friday", "2027-01-29", 5, undefined, "2027-02-05"],
    [
      "2027 with the Spring Festival added by the plant",
      "2027-02-05",
      1,
      overrides(["2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]),
      "2027-02-15",
    ],
  ];
  it.each(cases)("%s", (_name, from, days, calendar, expected) => {
    expect(addWorkingDays(from, days, calendar)).toBe(expected);
  });

  it("says which days are working days, overrides first", () => {
    const calendar = overrides(["2026-11-10"], ["2026-10-01"]);
    expect(
      ["2026-11-09", "2026-11-10", "2026-10-01", "2026-10-02", "2026-11-07"].map((d) =>
        isWorkingDay(d, calendar),
      ),
    ).toEqual([true, false, true, false, false]);
  });
});

describe("builtInCalendarCovers", () => {
  it.each([
    [2025, true],
    [2026, true],
    [2027, false],
  ])("%i → %s", (year, covered) => {
    expect(builtInCalendarCovers(year)).toBe(covered);
  });
});
