// "Copy last wave's settings" (server/waves/nextWave.ts): the next period of each kind, the window moved on the
// plant's clock with month ends kept, and the period in the title rewritten in its own style — or left alone.
import { describe, expect, it } from "vitest";
import {
  nextPeriod,
  nextTitle,
  nextWaveSettings,
  periodStep,
  shiftInstant,
} from "../../server/waves/nextWave";

const beijing = 480;

describe("periodStep and nextPeriod", () => {
  it.each([
    ["a quarter", "2026-10-01", "2026-12-31", { months: 3 }, "2027-01-01", "2027-03-31"],
    ["the first quarter", "2027-01-01", "2027-03-31", { months: 3 }, "2027-04-01", "2027-06-30"],
    ["a month", "2026-10-01", "2026-10-31", { months: 1 }, "2026-11-01", "2026-11-30"],
    ["January (February is short)", "2027-01-01", "2027-01-31", { months: 1 }, "2027-02-01", "2027-02-28"],
    ["February of a leap year", "2028-02-01", "2028-02-29", { months: 1 }, "2028-03-01", "2028-03-31"],
    ["December", "2026-12-01", "2026-12-31", { months: 1 }, "2027-01-01", "2027-01-31"],
    ["a half-year", "2026-07-01", "2026-12-31", { months: 6 }, "2027-01-01", "2027-06-30"],
    ["a year", "2026-01-01", "2026-12-31", { months: 12 }, "2027-01-01", "2027-12-31"],
    ["two months not on a quarter", "2026-02-01", "2026-03-31", { months: 2 }, "2026-04-01", "2026-05-31"],
    ["two weeks", "2026-11-02", "2026-11-15", { days: 14 }, "2026-11-16", "2026-11-29"],
    ["one day", "2026-11-02", "2026-11-02", { days: 1 }, "2026-11-03", "2026-11-03"],
    ["mid-month to mid-month", "2026-10-15", "2026-11-14", { days: 31 }, "2026-11-15", "2026-12-15"],
    ["a quarter ending a day early", "2026-10-01", "2026-12-30", { days: 91 }, "2026-12-31", "2027-03-31"],
  ])("%s: %s..%s steps %o to %s..%s", (_what, periodStart, periodEnd, step, nextStart, nextEnd) => {
    expect(periodStep({ periodStart, periodEnd })).toEqual(step);
    expect(nextPeriod({ periodStart, periodEnd })).toEqual({
      periodStart: nextStart,
      periodEnd: nextEnd,
      step,
    });
  });
});

describe("shiftInstant on the plant's clock", () => {
  it.each([
    // Midnight in Beijing is 16:00 UTC the day before: the step is taken on the Beijing date, not the UTC one.
    [
      "opening at midnight on a quarter's first day",
      "2026-09-30T16:00:00.000Z",
      { months: 3 },
      "2026-12-31T16:00:00.000Z",
    ],
    [
      "a month end with no period is just a day number",
      "2026-09-30T15:59:00.000Z",
      { months: 3 },
      "2026-12-30T15:59:00.000Z",
    ],
    [
      "31 January + 1 month is February's last day",
      "2027-01-31T02:00:00.000Z",
      { months: 1 },
      "2027-02-28T02:00:00.000Z",
    ],
    ["15 October + 3 months", "2026-10-15T01:30:00.000Z", { months: 3 }, "2027-01-15T01:30:00.000Z"],
    [
      "30 January (not a month end) + 1 month is clamped",
      "2027-01-30T02:00:00.000Z",
      { months: 1 },
      "2027-02-28T02:00:00.000Z",
    ],
    ["days are exact", "2026-11-02T00:00:00.000Z", { days: 14 }, "2026-11-16T00:00:00.000Z"],
  ])("%s", (_what, iso, step, expected) => {
    expect(shiftInstant(iso, step, beijing)).toBe(expected);
  });

  it.each([
    // [what, iso, months, old period end → new period end, expected]
    [
      "the quarter's last day stays its last day",
      "2026-09-30T15:59:00.000Z",
      3,
      ["2026-09-30", "2026-12-31"],
      "2026-12-31T15:59:00.000Z",
    ],
    [
      "28 February closing a January round is no month end: 28 March",
      "2027-02-28T10:00:00.000Z",
      1,
      ["2027-01-31", "2027-02-28"],
      "2027-03-28T10:00:00.000Z",
    ],
    [
      "28 February closing February's round is its end: 31 March",
      "2027-02-28T10:00:00.000Z",
      1,
      ["2027-02-28", "2027-03-31"],
      "2027-03-31T10:00:00.000Z",
    ],
    [
      "a yearly window ending 28 February 2027 ends 28 February 2028, not the 29th",
      "2027-02-28T10:00:00.000Z",
      12,
      ["2026-12-31", "2027-12-31"],
      "2028-02-28T10:00:00.000Z",
    ],
    [
      "30 April closing a March round: 30 May",
      "2026-04-30T10:00:00.000Z",
      1,
      ["2026-03-31", "2026-04-30"],
      "2026-05-30T10:00:00.000Z",
    ],
  ] as const)("%s", (_what, iso, months, [from, to], expected) => {
    expect(shiftInstant(iso, { months }, beijing, { from, to })).toBe(expected);
  });

  it("takes the month end on the given clock: 31 December 20:00 UTC is 1 January in Beijing", () => {
    // 1 January 04:00 Beijing + 3 months = 1 April 04:00 Beijing; in UTC terms the same instant shifted.
    expect(shiftInstant("2026-12-31T20:00:00.000Z", { months: 3 }, beijing)).toBe("2027-03-31T20:00:00.000Z");
    // On UTC, 31 December is a month end, so it goes to 31 March.
    expect(shiftInstant("2026-12-31T20:00:00.000Z", { months: 3 }, 0)).toBe("2027-03-31T20:00:00.000Z");
    expect(shiftInstant("2026-11-30T20:00:00.000Z", { months: 3 }, 0)).toBe("2027-02-28T20:00:00.000Z");
    // In Beijing that instant is already 1 December: the 1st stays the 1st.
    expect(shiftInstant("2026-11-30T20:00:00.000Z", { months: 3 }, beijing)).toBe("2027-02-28T20:00:00.000Z");
  });
});

const q4 = { periodStart: "2026-10-01", periodEnd: "2026-12-31" };
const oct = { periodStart: "2026-10-01", periodEnd: "2026-10-31" };
const h2 = { periodStart: "2026-07-01", periodEnd: "2026-12-31" };
const year = { periodStart: "2026-01-01", periodEnd: "2026-12-31" };
const q3 = { periodStart: "2026-07-01", periodEnd: "2026-09-30" };
const fortnight = { periodStart: "2026-11-02", periodEnd: "2026-11-15" };

describe("nextTitle", () => {
  it.each([
    ["2026年第四季度厂情民意满意度调查", q4, "2027年第一季度厂情民意满意度调查"],
    ["2026年第4季度满意度", q4, "2027年第1季度满意度"],
    ["2026年四季度满意度", q4, "2027年一季度满意度"],
    ["2026年度第四季度", q4, "2027年度第一季度"],
    ["2026年第三季度", q3, "2026年第四季度"],
    ["Staff survey 2026-Q4", q4, "Staff survey 2027-Q1"],
    ["Staff survey 2026Q4", q4, "Staff survey 2027Q1"],
    ["Staff survey 2026 q4", q4, "Staff survey 2027 q1"],
    ["Staff survey Q4 2026", q4, "Staff survey Q1 2027"],
    ["Staff survey Q4-2026", q4, "Staff survey Q1-2027"],
    ["2026年第四季度（2026-10-01至2026-12-31）", q4, "2027年第一季度（2027-01-01至2027-03-31）"],
    ["2026年第四季度（2026年10月至12月）", q4, "2027年第一季度（2027年1月至3月）"],
    ["Q4 2026 (2026-10 to 2026-12)", q4, "Q1 2027 (2027-01 to 2027-03)"],
    ["2026年第三季度（2026年7月—2026年9月）", q3, "2026年第四季度（2026年10月—2026年12月）"],
    ["2026—2027年度", { periodStart: "2026-07-01", periodEnd: "2027-06-30" }, "2027—2028年度"],
    ["2026—2027年度", year, "2027—2028年度"],
    ["2026年度（2026-01-01至2026-12-31）", year, "2027年度（2027-01-01至2027-12-31）"],
    ["Survey H2-2026", h2, "Survey H1-2027"],
    ["2026年第四季度 / 2026-Q4", q4, "2027年第一季度 / 2027-Q1"],
    ["2026年10月食堂调查", oct, "2026年11月食堂调查"],
    ["2026年10月", { periodStart: "2026-12-01", periodEnd: "2026-12-31" }, "2026年10月"],
    ["2026年12月食堂调查", { periodStart: "2026-12-01", periodEnd: "2026-12-31" }, "2027年1月食堂调查"],
    ["2026年09月食堂调查", { periodStart: "2026-09-01", periodEnd: "2026-09-30" }, "2026年10月食堂调查"],
    ["Canteen 2026-10", oct, "Canteen 2026-11"],
    ["Canteen October 2026", oct, "Canteen November 2026"],
    ["2026年下半年", h2, "2027年上半年"],
    ["Survey 2026-H2", h2, "Survey 2027-H1"],
    ["2026年度职工满意度调查", year, "2027年度职工满意度调查"],
    ["Staff survey 2026", year, "Staff survey 2027"],
    // A title that names another period than its own, or none, or a period that is no calendar unit: unchanged.
    ["2026年第三季度满意度", q4, "2026年第三季度满意度"],
    ["Staff survey 2025-Q4", q4, "Staff survey 2025-Q4"],
    ["厂情民意满意度调查", q4, "厂情民意满意度调查"],
    ["2026年11月上半月走访", fortnight, "2026年11月上半月走访"],
    ["Staff survey 2026", q4, "Staff survey 2026"],
  ])("%s (%o) → %s", (title, period, expected) => {
    expect(nextTitle(title, period)).toBe(expected);
  });
});

describe("nextWaveSettings", () => {
  it("moves the demo's quarterly round on by a quarter: opening and closing at Beijing midnight", () => {
    expect(
      nextWaveSettings(
        {
          title: "2026年第四季度厂情民意满意度调查",
          periodStart: "2026-10-01",
          periodEnd: "2026-12-31",
          opensAt: "2026-09-30T16:00:00.000Z",
          closesAt: "2026-12-31T16:00:00.000Z",
        },
        beijing,
      ),
    ).toEqual({
      title: "2027年第一季度厂情民意满意度调查",
      periodStart: "2027-01-01",
      periodEnd: "2027-03-31",
      opensAt: "2026-12-31T16:00:00.000Z",
      closesAt: "2027-03-31T16:00:00.000Z",
    });
  });

  it("keeps a fortnight's window exactly as long, a fortnight later", () => {
    expect(
      nextWaveSettings(
        {
          title: "Quick pulse",
          ...fortnight,
          opensAt: "2026-11-02T01:00:00.000Z",
          closesAt: "2026-11-09T10:00:00.000Z",
        },
        beijing,
      ),
    ).toEqual({
      title: "Quick pulse",
      periodStart: "2026-11-16",
      periodEnd: "2026-11-29",
      opensAt: "2026-11-16T01:00:00.000Z",
      closesAt: "2026-11-23T10:00:00.000Z",
    });
  });
});
