// POST /api/dashboard on a small fixed dataset: every panel's numbers exact, drill-down to a child unit, and the
// leader's scope (an area's leader sees its area only, and no unit outside it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const now = new Date("2026-11-02T08:00:00.000Z");
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
const cookies: Record<string, string> = {};

// Q3 (wave-closed) and Q4 (wave-open): team-1 ten respondents, dept-hr six, on safety_training and pay_income.
function seed(): SeedResponse[] {
  const rows: SeedResponse[] = [];
  let no = 1;
  const add = (
    wave: string,
    at: string,
    unit: string,
    count: number,
    safety: number,
    pay: number,
    enps: number,
  ) => {
    for (let i = 0; i < count; i++) {
      rows.push({
        no: no++,
        wave,
        unit,
        group: "staff",
        channel: "online",
        at,
        answers: { safety_training: safety, pay_income: pay, enps },
      });
    }
  };
  add("wave-closed", "2026-08-15T02:00:00Z", "team-1", 10, 4, 4, 5);
  add("wave-closed", "2026-08-15T02:00:00Z", "dept-hr", 6, 3, 2, 5);
  add("wave-open", "2026-10-20T02:00:00Z", "team-1", 10, 4, 2, 10);
  add("wave-open", "2026-10-20T02:00:00Z", "dept-hr", 6, 5, 3, 6);
  return rows;
}

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture, () => now).app;
  await insertResponses(fixture.db, seed());
  Object.assign(
    cookies,
    await signedIn(fixture, app, now, [
      ["ana", "analyst", "plant"],
      ["lea", "leader", "area-1"],
    ]),
  );
});
afterAll(() => fixture.db.close());

interface Row {
  dimensions: Record<string, string>;
  measures: Record<string, number | null>;
  n: number;
  suppressed: boolean;
  comparison?: { change: Record<string, number | null>; significant: Record<string, boolean | null> };
}
interface Board {
  unitId: string;
  waveId: string;
  waves: { id: string }[];
  trend: { results: Row[] };
  topics: { results: Row[] };
  heatmap: { results: Row[] } | null;
  movers: {
    risers: { unitId: string; index: number; change: number }[];
    fallers: { unitId: string; index: number; change: number }[];
  };
  responseRate: { unitId: string; headcount: number; responses: number }[];
  enps: { results: Row[] };
}

async function board(who: string, body: Record<string, unknown> = {}): Promise<Board> {
  const res = await app.request("/api/dashboard", {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies[who] ?? "" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Board;
}

// index = 100 · (v − 1) / 4 on the 1–5 scale.
const idx = (v: number) => (100 * (v - 1)) / 4;

describe("POST /api/dashboard for the plant", () => {
  it("picks the newest opened round and the rounds before it for the trends", async () => {
    const b = await board("ana");
    expect([b.unitId, b.waveId, b.waves.map((w) => w.id)]).toEqual([
      "plant",
      "wave-open",
      ["wave-closed", "wave-open"],
    ]);
  });

  it("gives the topic trend per round", async () => {
    const b = await board("ana");
    const at = (wave: string, topic: string) =>
      b.trend.results.find((r) => r.dimensions.wave === wave && r.dimensions.topic === topic)?.measures;
    expect(at("wave-closed", "safety")).toEqual({
      index: (10 * idx(4) + 6 * idx(3)) / 16,
      favourable: 10 / 16,
    });
    expect(at("wave-open", "safety")).toEqual({ index: (10 * idx(4) + 6 * idx(5)) / 16, favourable: 1 });
    expect(at("wave-open", "pay")).toEqual({ index: (10 * idx(2) + 6 * idx(3)) / 16, favourable: 0 });
  });

  it("compares this round with the last per topic", async () => {
    const b = await board("ana");
    const pay = b.topics.results.find((r) => r.dimensions.topic === "pay");
    expect(pay?.comparison?.change.index).toBeCloseTo(
      (10 * idx(2) + 6 * idx(3)) / 16 - (10 * idx(4) + 6 * idx(2)) / 16,
      12,
    );
    // 10 of 16 favourable before, none now: a change no chance would make.
    expect(pay?.comparison?.change.favourable).toBeCloseTo(-10 / 16, 12);
    expect(pay?.comparison?.significant.favourable).toBe(true);
  });

  it("shows child units × topics, and who rose and fell", async () => {
    const b = await board("ana");
    expect(
      b.heatmap?.results.map((r) => [r.dimensions["unit:level_1"], r.dimensions.topic, r.measures.index]),
    ).toEqual([
      ["area-1", "pay", idx(2)],
      ["area-1", "safety", idx(4)],
      ["dept-hr", "pay", idx(3)],
      ["dept-hr", "safety", idx(5)],
    ]);
    expect(b.movers).toEqual({
      risers: [
        {
          unitId: "dept-hr",
          index: (idx(5) + idx(3)) / 2,
          change: (idx(5) + idx(3)) / 2 - (idx(3) + idx(2)) / 2,
          significant: true,
        },
      ],
      fallers: [
        {
          unitId: "area-1",
          index: (idx(4) + idx(2)) / 2,
          change: (idx(4) + idx(2)) / 2 - (idx(4) + idx(4)) / 2,
          significant: true,
        },
      ],
    });
  });

  it("gives response rates with the headcount behind them, and the eNPS trend", async () => {
    const b = await board("ana");
    // area-1's subtree: area-1 10 + st-1 5 + team-1 30 staff; dept-hr 12.
    expect(b.responseRate).toEqual([
      { unitId: "area-1", headcount: 45, responses: 10 },
      { unitId: "dept-hr", headcount: 12, responses: 6 },
    ]);
    expect(b.enps.results.map((r) => [r.dimensions.wave, r.measures.enps])).toEqual([
      ["wave-closed", -100],
      ["wave-open", (100 * (10 - 6)) / 16],
    ]);
  });
});

describe("drill-down and scope", () => {
  it("drills down to area-1: its station is the only child, the plant's other units are gone", async () => {
    const b = await board("ana", { unitId: "area-1" });
    expect(b.heatmap?.results.map((r) => r.dimensions["unit:level_2"])).toEqual(["st-1", "st-1"]);
    expect(b.trend.results.every((r) => r.n === 10)).toBe(true);
  });

  it("gives the leader of area-1 the same as the analyst drilled to area-1", async () => {
    const leader = await board("lea");
    const analyst = await board("ana", { unitId: "area-1" });
    expect(leader.unitId).toBe("area-1");
    expect(leader.trend).toEqual(analyst.trend);
    expect(leader.heatmap).toEqual(analyst.heatmap);
  });

  it("answers a unit outside the leader's scope exactly like one that does not exist", async () => {
    for (const unitId of ["dept-hr", "no-such-unit"]) {
      const res = await app.request("/api/dashboard", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: cookies.lea ?? "" },
        body: JSON.stringify({ unitId }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: "unknown_value", message: `There is no unit "${unitId}".`, path: "unitId" },
      });
    }
  });
});
