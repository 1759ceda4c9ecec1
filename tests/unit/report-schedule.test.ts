// Which period a report schedule makes next: the last whole month or quarter of the plant's calendar (UTC+8).
import { describe, expect, it } from "vitest";
import { lastCompletedPeriod } from "../../server/reports/schedules";

describe("lastCompletedPeriod", () => {
  it.each([
    ["monthly", "2026-12-01T06:00:00Z", "2026-11", "2026-11-30"],
    ["monthly", "2026-01-15T00:00:00Z", "2025-12", "2025-12-31"],
    // 2026-02-28T17:00Z is already 1 March in the plant: February has ended there.
    ["monthly", "2026-02-28T17:00:00Z", "2026-02", "2026-02-28"],
    ["monthly", "2026-02-28T15:00:00Z", "2026-01", "2026-01-31"],
    ["quarterly", "2026-12-01T06:00:00Z", "2026-Q3", "2026-09-30"],
    ["quarterly", "2026-10-01T00:00:00Z", "2026-Q3", "2026-09-30"],
    ["quarterly", "2026-02-10T00:00:00Z", "2025-Q4", "2025-12-31"],
    ["quarterly", "2026-07-01T00:00:00Z", "2026-Q2", "2026-06-30"],
  ] as const)("%s at %s → %s ending %s", (cadence, now, key, end) => {
    expect(lastCompletedPeriod(cadence, new Date(now))).toEqual({ key, end });
  });
});
