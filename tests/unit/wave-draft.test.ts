// The survey-round admin page's pure parts (web/src/admin/waves): times on the plant's clock whatever the browser's
// zone, and the request bodies a form draft makes — only the changed fields for a reschedule.
import { describe, expect, it } from "vitest";
import { draftOf, newWaveBody, scheduleBody } from "../../web/src/admin/waves/draft";
import {
  fromPlantInput,
  offsetLabel,
  showPlantTime,
  toPlantInput,
} from "../../web/src/admin/waves/plantTime";
import type { AdminWave } from "../../web/src/admin/waves/wavesApi";

describe("plant time", () => {
  it.each([
    [480, "UTC+08:00"],
    [0, "UTC+00:00"],
    [-330, "UTC-05:30"],
  ])("labels an offset of %i minutes %s", (minutes, label) => {
    expect(offsetLabel(minutes)).toBe(label);
  });

  it("turns an instant into a Beijing input value and back, midnight across the UTC date", () => {
    expect(toPlantInput("2026-12-31T16:00:00.000Z", 480)).toBe("2027-01-01T00:00");
    expect(fromPlantInput("2027-01-01T00:00", 480)).toBe("2027-01-01T00:00:00+08:00");
    expect(new Date(fromPlantInput("2027-01-01T00:00", 480) ?? "").toISOString()).toBe(
      "2026-12-31T16:00:00.000Z",
    );
    expect(showPlantTime("2026-11-02T08:05:00.000Z", 480)).toBe("2026-11-02 16:05");
  });

  it.each(["", "2027-01-01", "2027-01-01T24:99", "tomorrow"])("refuses %j as an input time", (value) => {
    expect(fromPlantInput(value, 480)).toBeNull();
  });
});

const wave: AdminWave = {
  id: "w1",
  surveyId: "plant-satisfaction",
  surveyVersion: 1,
  title: "2027年第一季度",
  periodStart: "2027-01-01",
  periodEnd: "2027-03-31",
  opensAt: "2026-12-31T16:00:00.000Z",
  closesAt: "2027-01-31T16:00:00.000Z",
  channels: ["paper", "online"],
  status: "scheduled",
  responses: 0,
  actions: ["schedule", "open"],
};

describe("request bodies from a draft", () => {
  it("makes POST /api/waves' body with the plant offset on both times", () => {
    expect(newWaveBody({ ...draftOf(wave, 480), surveyVersion: "" }, 480)).toEqual({
      surveyId: "plant-satisfaction",
      title: "2027年第一季度",
      periodStart: "2027-01-01",
      periodEnd: "2027-03-31",
      opensAt: "2027-01-01T00:00:00+08:00",
      closesAt: "2027-02-01T00:00:00+08:00",
      channels: ["online", "paper"],
    });
  });

  it.each([
    ["no title", { title: "  " }, "missing"],
    ["no channel", { channels: [] }, "missing"],
    ["no close time", { closesAt: "" }, "badTime"],
  ])("asks for what is missing: %s", (_what, change, problem) => {
    expect(newWaveBody({ ...draftOf(wave, 480), ...change }, 480)).toBe(problem);
  });

  it("sends a reschedule only the fields that changed (channel order is no change)", () => {
    const draft = draftOf(wave, 480);
    expect(scheduleBody(draft, wave, 480)).toEqual({});
    expect(scheduleBody({ ...draft, closesAt: "2027-02-15T18:00", title: "Q1" }, wave, 480)).toEqual({
      title: "Q1",
      closesAt: "2027-02-15T18:00:00+08:00",
    });
  });
});
