// The tagging screen's edits: the rules it keeps itself (topic xor eNPS, one eNPS, thresholds only with a topic)
// and the changes it sends, only the tags that differ from the version shown.
import { describe, expect, it } from "vitest";
import {
  changesFrom,
  type Draft,
  setTags,
  setTopicOf,
  thresholdFrom,
} from "../../web/src/admin/surveys/taggingDraft";

const untagged = { topic: null, favourableMin: null, unfavourableMax: null, enps: false, demand: false };
const original: Draft = {
  q1: { ...untagged, topic: "safety", favourableMin: 5 },
  q2: { ...untagged },
  nps: { ...untagged, enps: true },
  remarks: { ...untagged },
};

describe("setTags", () => {
  it("keeps topic and eNPS apart and moves the one eNPS mark", () => {
    const marked = setTags(original, "q2", { enps: true });
    expect(marked.q2).toEqual({ ...untagged, enps: true });
    expect(marked.nps?.enps).toBe(false);
    expect(setTags(marked, "q2", { topic: "pay" }).q2).toEqual({ ...untagged, topic: "pay" });
  });

  it("drops the thresholds with the topic", () => {
    expect(setTags(original, "q1", { topic: null }).q1).toEqual(untagged);
  });

  it("sets one topic on many questions", () => {
    const next = setTopicOf(original, ["q1", "q2"], "commute");
    expect([next.q1?.topic, next.q2?.topic, next.q1?.favourableMin]).toEqual(["commute", "commute", 5]);
  });
});

describe("changesFrom", () => {
  it("sends only what differs, per question", () => {
    let draft = setTags(original, "q1", { favourableMin: null });
    draft = setTags(draft, "remarks", { demand: true });
    draft = setTags(draft, "q2", { topic: "pay" });
    draft = setTags(draft, "q2", { topic: null });
    expect(changesFrom(original, draft)).toEqual([
      { name: "q1", favourableMin: null },
      { name: "remarks", demand: true },
    ]);
    expect(changesFrom(original, original)).toEqual([]);
  });
});

describe("thresholdFrom", () => {
  it.each([
    ["", null],
    [" ", null],
    ["4", 4],
    ["2.5", 2.5],
    ["-", null],
  ])("%j → %j", (text, value) => expect(thresholdFrom(text)).toBe(value));
});
