// The residual check's counts are kept between breakdowns only while the data is unchanged (analytics/liftedCounts.ts):
// a response stored after a breakdown must change what the next one hides, as if nothing had been kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBreakdown } from "../../analytics/breakdown";
import { forgetLiftedCounts } from "../../analytics/liftedCounts";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

const now = new Date("2026-11-20T04:00:00Z");
let fixture: Fixture;
beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
});
afterAll(() => fixture.db.close());

const responses = (from: number, count: number, channel: SeedResponse["channel"]): SeedResponse[] =>
  Array.from({ length: count }, (_, i) => ({
    no: from + i,
    wave: "wave-open",
    unit: "team-1",
    group: "staff",
    channel,
    at: "2026-11-19T02:00:00Z",
    answers: { safety_training: 4, enps: 9 },
  }));

// Online only: once two paper forms exist, the plant's total less this one gives the two away.
const onlineOnly = {
  surveyId: "plant-satisfaction",
  waveIds: ["wave-open"],
  measures: ["mean", "responses"],
  dimensions: ["topic"],
  filters: [{ member: "channel", operator: "is", values: ["online"] }],
};
const analyst = { scopeUnitId: "plant" };
const safety = async () => {
  const result = await runBreakdown(fixture.db.analytics, onlineOnly, analyst);
  return result.results.find((r) => r.dimensions.topic === "safety");
};

describe("lifted counts kept between breakdowns", () => {
  it("sees a response stored after the counts were kept", async () => {
    await insertResponses(fixture.db, responses(1, 12, "online"));
    expect(await safety()).toMatchObject({ n: 12, suppressed: false, measures: { mean: 4 } });
    // Asked again: served from the kept counts, the same answer.
    expect(await safety()).toMatchObject({ n: 12, suppressed: false, measures: { mean: 4 } });
    await insertResponses(fixture.db, responses(100, 2, "paper"));
    expect(await safety()).toMatchObject({ n: 12, suppressed: true, measures: { mean: null } });
  });

  it("gives what a cold start gives", async () => {
    const warm = await runBreakdown(fixture.db.analytics, onlineOnly, analyst);
    forgetLiftedCounts(fixture.db.analytics);
    const cold = await runBreakdown(fixture.db.analytics, onlineOnly, analyst);
    expect(warm.results).toEqual(cold.results);
    expect(warm.meta).toEqual(cold.meta);
  });
});
