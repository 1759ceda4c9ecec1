// The demo's pure generators: organisation, wave calendar, seeded randomness, calibrated scales, filling.
// No database here (demo.test.ts seeds a real DuckDB); generated answers are checked by compileSurvey.
import { describe, expect, it } from "vitest";
import { answerSurvey, planAnswers, type RespondentProfile } from "../../server/demo/answerSurvey";
import { demoOrganisation, demoRemoteStationIds } from "../../server/demo/organisation";
import { createRng } from "../../server/demo/prng";
import { scaleSampler } from "../../server/demo/scaleSampler";
import { demoWaves } from "../../server/demo/waves";
import { compileSurvey } from "../../server/ingest/compileSurvey";
import { placeUnits } from "../../server/org/units";
import { waveStatus } from "../../server/waves/waves";
import { plantSurvey } from "../helpers/fixture";

const defaultSeed = 20260101;

describe("demoOrganisation", () => {
  it("builds one plant of about 7,000 staff with the planned kinds of unit", () => {
    const units = demoOrganisation(defaultSeed);
    const placed = placeUnits(units); // throws unless it is one tree
    const byKind: Record<string, [number, number]> = {};
    for (const u of placed) {
      const entry = byKind[u.kind] ?? [0, 0];
      entry[0] += 1;
      entry[1] += u.headcount;
      byKind[u.kind] = entry;
    }
    expect(byKind).toEqual({
      plant: [1, 15],
      area: [8, 290],
      station: [42, 247],
      team: [136, 6208],
      department: [11, 245],
    });
    expect(placed.filter((u) => u.parentId === null).map((u) => u.id)).toEqual(["plant"]);
    expect(Math.max(...placed.map((u) => u.level))).toBe(3);
  });

  it.each([1, 2, 99])("keeps ids and names for seed %i and only varies headcounts", (seed) => {
    const base = demoOrganisation(defaultSeed);
    const other = demoOrganisation(seed);
    expect(other.map((u) => [u.id, u.parentId, u.nameZh, u.nameEn, u.kind])).toEqual(
      base.map((u) => [u.id, u.parentId, u.nameZh, u.nameEn, u.kind]),
    );
    const total = other.reduce((sum, u) => sum + u.headcount, 0);
    expect(total).toBeGreaterThan(6700);
    expect(total).toBeLessThan(7300);
  });

  it("keeps headcounts in realistic ranges, with a few deliberately small units", () => {
    const units = demoOrganisation(defaultSeed);
    const heads = new Map(units.map((u) => [u.id, u.headcount]));
    for (const u of units) {
      if (u.kind === "station") expect(u.headcount).toBeGreaterThanOrEqual(3);
      if (u.kind === "station") expect(u.headcount).toBeLessThanOrEqual(8);
      if (u.kind === "department") expect(u.headcount).toBeLessThanOrEqual(40);
      if (u.kind === "team") expect(u.headcount).toBeLessThanOrEqual(60);
    }
    expect([
      heads.get("area-08-st-06"),
      heads.get("area-08-st-06-t1"),
      heads.get("area-08-st-06-t2"),
      heads.get("area-06-st-05-t3"),
      heads.get("area-03-st-04-t2"),
      heads.get("dept-discipline"),
    ]).toEqual([3, 9, 6, 7, 12, 8]);
    for (const id of demoRemoteStationIds) expect(heads.has(id)).toBe(true);
    expect(units.find((u) => u.id === "area-05")).toMatchObject({ nameZh: "第五作业区", kind: "area" });
    expect(units.find((u) => u.id === "area-05-st-03-t1")).toMatchObject({
      parentId: "area-05-st-03",
      nameZh: "杏三采油班",
      nameEn: "Xing-3 Oil Production Team",
    });
  });
});

describe("demoWaves", () => {
  it("runs eight quarters up to the one containing now, only that one open", () => {
    const now = new Date("2026-11-22T10:00:00Z");
    const waves = demoWaves(now, 3);
    expect(waves.map((w) => w.id)).toEqual([
      "plant-2025-Q1",
      "plant-2025-Q2",
      "plant-2025-Q3",
      "plant-2025-Q4",
      "plant-2026-Q1",
      "plant-2026-Q2",
      "plant-2026-Q3",
      "plant-2026-Q4",
    ]);
    expect(waves.map((w) => waveStatus(w.opensAt, w.closesAt, now))).toEqual([
      ...Array(7).fill("closed"),
      "open",
    ]);
    expect(waves[7]).toMatchObject({
      surveyId: "plant-satisfaction",
      surveyVersion: 3,
      title: "2026年第四季度厂情民意满意度调查",
      periodStart: "2026-10-01",
      periodEnd: "2026-12-31",
      opensAt: "2026-10-01T00:00:00+08:00",
      closesAt: "2027-01-01T00:00:00+08:00",
      channels: ["online", "onsite", "paper"],
    });
    expect(waves[0]).toMatchObject({ periodStart: "2025-01-01", periodEnd: "2025-03-31" });
  });

  it.each([
    // Quarters turn at Beijing midnight: 17:00 UTC on 31 December is already 2027 there.
    ["2026-12-31T17:00:00Z", "plant-2027-Q1", "plant-2025-Q2"],
    ["2026-12-31T15:59:00Z", "plant-2026-Q4", "plant-2025-Q1"],
    ["2026-02-28T12:00:00Z", "plant-2026-Q1", "plant-2024-Q2"],
  ])("at %s the open wave is %s and the oldest %s", (iso, current, oldest) => {
    const now = new Date(iso);
    const waves = demoWaves(now);
    expect([waves[7]?.id, waves[0]?.id]).toEqual([current, oldest]);
    expect(waves.filter((w) => waveStatus(w.opensAt, w.closesAt, now) === "open").map((w) => w.id)).toEqual([
      current,
    ]);
  });
});

describe("createRng", () => {
  it("repeats its draws for a seed and differs between seeds and forks", () => {
    const draw = (seed: number, label?: string) => {
      const rng = label ? createRng(seed).fork(label) : createRng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7, "a")).toEqual(draw(7, "a"));
    expect(draw(7, "a")).not.toEqual(draw(7, "b"));
  });
});

describe("scaleSampler", () => {
  it.each([
    [[1, 2, 3, 4, 5], 0.72, 2.6],
    [[1, 2, 3, 4, 5], 0.72, 4.3],
    [[1, 2, 3, 4, 5], 0.72, 4.8],
    [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1.8, 7],
  ])("on %j (sigma %d) hits a target mean of %d", (points, sigma, target) => {
    const sampler = scaleSampler(points, sigma);
    expect(sampler.expected(target)).toBeCloseTo(target, 3);
    const rng = createRng(1);
    let sum = 0;
    const seen = new Set<number>();
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const value = sampler.draw(rng, target);
      seen.add(value);
      sum += value;
    }
    expect([...seen].every((value) => points.includes(value))).toBe(true);
    expect(Math.abs(sum / n - target)).toBeLessThan(0.02);
  });
});

describe("answerSurvey", () => {
  const steady = (mean: number): RespondentProfile => ({
    target: () => mean,
    demand: () => null,
    remark: () => "具体情况希望领导到现场了解一下。",
    otherText: () => "拼车",
    recommend: () => (mean - 1) / 4,
  });

  it("fills the plant survey validly and follows its conditions", () => {
    const plan = planAnswers(plantSurvey);
    const compiled = compileSurvey(plantSurvey);
    const rng = createRng(5);
    let lowWorkload = 0;
    let noBus = 0;
    for (let i = 0; i < 400; i++) {
      const data = answerSurvey(plan, rng, steady(i % 2 === 0 ? 1.8 : 4.2));
      const checked = compiled.validate(data);
      expect(checked).toEqual({ ok: true, data });
      expect(typeof data.enps).toBe("number");
      // The follow-up exists exactly when its condition holds (and the respondent chose to write).
      if ("workload_reason" in data) expect(data.production_workload).toBeLessThanOrEqual(2);
      if ((data.production_workload as number) <= 2) lowWorkload += 1;
      if (data.commute_route === "no_bus") {
        noBus += 1;
        expect(data).not.toHaveProperty("commute_timetable");
      } else expect(data).toHaveProperty("commute_timetable");
      if (data.commute_route === "other") expect(data["commute_route-Comment"]).toBe("拼车");
    }
    expect(lowWorkload).toBeGreaterThan(50);
    expect(noBus).toBeGreaterThan(20);
  });

  it("refuses loudly to leave a required question it cannot answer", () => {
    const plan = planAnswers({
      pages: [{ name: "p", elements: [{ type: "file", name: "photo", isRequired: true }] }],
    });
    expect(() => answerSurvey(plan, createRng(1), steady(3))).toThrow(
      'demo: cannot answer required question "photo" of type file; teach server/demo/answerSurvey.ts',
    );
  });
});
