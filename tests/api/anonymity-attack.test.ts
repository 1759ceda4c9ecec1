// An attacker with an analyst account (the plant), a leader account (area-1) and a second analyst (area-1) tries to
// recover small groups' answers by differencing what the HTTP API shows: across dimensions, filters, comparisons,
// periods, scopes, the dashboard, exports, comments and case figures. Each attack computes what it would derive from
// the visible numbers; it must come out null (a needed number is hidden or the request refused) or cover a group of
// at least the minimum (5). The groups the attacks aim at are listed with the data.
import { strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { addCaseUnits, figuresDay, seedCaseFigures } from "../helpers/caseFigureData";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const now = figuresDay;
const min = 5;
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
const cookies: Record<string, string> = {};

const Q3 = "wave-closed";
const Q4 = "wave-open";
const S = "safety_training";
const PPE = "safety_ppe";
const PAY = "pay_income";

/**
 * Units: plant → area-1 → st-1 → team-1; plant → area-2 → st-2; dept-hr and dept-safety (no responses). Every
 * response answers safety_training (S) and the eNPS item; the targets are small groups with values unlike the rest.
 */
const targets = {
  paper: { n: 2, mean: 1 }, // Q3, team-1 on paper (the rest of team-1 online)
  party: { n: 2, mean: 1 }, // Q4, team-1's two party members (the rest staff)
  st1: { n: 3, mean: 2 }, // Q4, st-1's own three (team-1 lies below st-1)
  ppe: { n: 3, mean: 1 }, // Q4, the only three answers to safety_ppe (topic safety, beside safety_training)
  day: { n: 2, mean: 1 }, // Q4, the two of 20 October
  november: { n: 2, mean: 1 }, // Q4, the two of November (the rest of Q4 in October and December)
  area2: { n: 3, mean: 5 }, // Q4, area-2's three (dept-hr has none): the plant less area-1
};

function seed(): SeedResponse[] {
  const rows: SeedResponse[] = [];
  const add = (
    count: number,
    wave: string,
    unit: string,
    day: string,
    answers: Record<string, number>,
    extra: Partial<SeedResponse> = {},
  ) => {
    for (let i = 0; i < count; i++) {
      rows.push({
        no: rows.length + 1,
        wave,
        unit,
        group: "staff",
        channel: "online",
        // 10:00 at the plant (UTC+8).
        at: `${day}T02:00:00Z`,
        answers,
        ...extra,
      });
    }
  };
  add(8, Q3, "team-1", "2026-07-10", { [S]: 3, enps: 8 });
  add(20, Q3, "team-1", "2026-09-10", { [S]: 4, enps: 9 });
  add(2, Q3, "team-1", "2026-09-10", { [S]: 1, enps: 0 }, { channel: "paper" });
  add(10, Q3, "st-2", "2026-09-10", { [S]: 3, enps: 7 });
  add(20, Q4, "team-1", "2026-10-15", { [S]: 4, [PAY]: 4, enps: 9 });
  add(2, Q4, "team-1", "2026-10-15", { [S]: 1, [PAY]: 1, enps: 0 }, { group: "party_member" });
  add(3, Q4, "st-1", "2026-10-15", { [S]: 2, enps: 2 }, { texts: { canteen_improve: "站里食堂太远" } });
  add(3, Q4, "team-1", "2026-10-15", { [S]: 5, [PPE]: 1, enps: 9 });
  add(2, Q4, "team-1", "2026-10-20", { [S]: 1, enps: 0 });
  add(2, Q4, "team-1", "2026-11-03", { [S]: 1, enps: 0 });
  add(3, Q4, "st-2", "2026-10-15", { [S]: 5, enps: 10 });
  add(10, Q4, "team-1", "2026-10-25", { [S]: 4, enps: 9 }, { texts: { canteen_improve: "班车太挤" } });
  add(6, Q4, "team-1", "2026-12-05", { [S]: 4, enps: 9 });
  return rows;
}

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  await addCaseUnits(fixture.db);
  await fixture.db.write.run(
    `INSERT INTO units (id, parent_id, name_zh, name_en, kind, level, path, headcount, sort)
     VALUES ('st-2', 'area-2', '中心站2', 'Station 2', 'station', 2, '/plant/area-2/st-2/', 20, 60)`,
  );
  await insertResponses(fixture.db, seed());
  await seedCaseFigures(fixture.db);
  app = appFor(fixture, () => now).app;
  Object.assign(
    cookies,
    await signedIn(fixture, app, now, [
      ["ana", "analyst", "plant"],
      ["ana1", "analyst", "area-1"],
      ["lea", "leader", "area-1"],
    ]),
  );
});
afterAll(() => fixture.db.close());

type Who = "ana" | "ana1" | "lea";

interface Row {
  dimensions: Record<string, string>;
  measures: Record<string, number | null>;
  n: number;
  suppressed: boolean;
  comparison?: { n: number; suppressed: boolean; measures: Record<string, number | null> };
}

async function post(path: string, who: Who, body: unknown): Promise<Response> {
  return app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies[who] ?? "" },
    body: JSON.stringify(body),
  });
}

/** The rows of a breakdown, or null when it is refused (a 4xx is a defence too). */
async function rows(who: Who, body: Record<string, unknown>): Promise<Row[] | null> {
  const res = await post("/api/analytics/query", who, { surveyId: "plant-satisfaction", ...body });
  if (res.status >= 400 && res.status < 500) return null;
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: Row[] }).results;
}

/** What an attack pins down: a group of `n` responses and their mean; null when it cannot. */
type Found = { n: number; mean: number } | null;

/** A visible figure as a sum over its answers, with its count: each response here answers an item once. */
interface Part {
  n: number;
  sum: number;
}

const at = (list: Row[] | null, dims: Record<string, string> = {}) =>
  list?.find((r) => Object.entries(dims).every(([k, v]) => r.dimensions[k] === v));

/** A row's measure as a sum over `answers` (default its n); null when hidden or missing. */
function part(row: Row | undefined, measure = "mean", answers?: number): Part | null {
  const value = row?.measures[measure];
  if (!row || value === null || value === undefined) return null;
  return { n: answers ?? row.n, sum: value * (answers ?? row.n) };
}

/** total − Σ others: the group left over, or null when a figure is missing. */
function difference(total: Part | null, ...others: (Part | null)[]): Found {
  if (!total || others.some((o) => o === null)) return null;
  const rest = (others as Part[]).reduce((a, o) => ({ n: a.n - o.n, sum: a.sum - o.sum }), total);
  return rest.n > 0 ? { n: rest.n, mean: rest.sum / rest.n } : null;
}

/** A result's total less its visible rows: what the hidden rows hold together (null if none visible is missing). */
function lessVisible(total: Part | null, list: Row[] | null): Found {
  if (!list) return null;
  return difference(total, ...list.filter((r) => !r.suppressed).map((r) => part(r)));
}

const wave4 = { waveIds: [Q4] };
const within = (unit: string) => ({ member: "unit", operator: "within", values: [unit] });

interface Attack {
  name: string;
  target: keyof typeof targets;
  derive: () => Promise<Found>;
}

const breakdownAttacks: Attack[] = [
  // Dimensions
  {
    name: "dimensions: the total less the visible units",
    target: "st1",
    derive: async () =>
      lessVisible(
        part(at(await rows("ana", { measures: ["mean"], ...wave4, filters: [within("area-1")] }))),
        await rows("ana", {
          measures: ["mean"],
          dimensions: ["unit"],
          ...wave4,
          filters: [within("area-1")],
        }),
      ),
  },
  {
    name: "dimensions: a unit:level_2 roll-up less the unit below it",
    target: "st1",
    derive: async () =>
      difference(
        part(
          at(await rows("ana", { measures: ["mean"], dimensions: ["unit:level_2"], ...wave4 }), {
            "unit:level_2": "st-1",
          }),
        ),
        part(
          at(await rows("ana", { measures: ["mean"], dimensions: ["unit"], ...wave4 }), { unit: "team-1" }),
        ),
      ),
  },
  {
    name: "dimensions: a topic less its visible questions",
    target: "ppe",
    derive: async () => {
      const questions = await rows("ana", { measures: ["mean"], dimensions: ["question"], ...wave4 });
      const st = at(questions, { question: S });
      const ppe = at(questions, { question: PPE });
      const topic = at(await rows("ana", { measures: ["mean"], dimensions: ["topic"], ...wave4 }), {
        topic: "safety",
      });
      // The topic pools both questions' answers: its answer count is the questions' counts together.
      return difference(part(topic, "mean", (st?.n ?? 0) + (ppe?.n ?? 0)), part(st));
    },
  },
  {
    name: "dimensions: a unit less its visible groups (adding a dimension)",
    target: "party",
    derive: async () =>
      lessVisible(
        part(
          at(await rows("ana", { measures: ["mean"], dimensions: ["unit"], ...wave4 }), { unit: "team-1" }),
        ),
        (await rows("ana", { measures: ["mean"], dimensions: ["unit", "group"], ...wave4 }))?.filter(
          (r) => r.dimensions.unit === "team-1",
        ) ?? null,
      ),
  },
  // Filters
  {
    name: "filters: within area-1 less within area-1 and unit is_not st-1",
    target: "st1",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], ...wave4, filters: [within("area-1")] }))),
        part(
          at(
            await rows("ana", {
              measures: ["mean"],
              ...wave4,
              filters: [within("area-1"), { member: "unit", operator: "is_not", values: ["st-1"] }],
            }),
          ),
        ),
      ),
  },
  {
    name: "filters: within area-1 less within team-1 (a subtree less the one below)",
    target: "st1",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], ...wave4, filters: [within("area-1")] }))),
        part(at(await rows("ana", { measures: ["mean"], ...wave4, filters: [within("team-1")] }))),
      ),
  },
  {
    name: "filters: everyone less group is_not party_member",
    target: "party",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], ...wave4 }))),
        part(
          at(
            await rows("ana", {
              measures: ["mean"],
              ...wave4,
              filters: [{ member: "group", operator: "is_not", values: ["party_member"] }],
            }),
          ),
        ),
      ),
  },
  {
    name: "filters: group is [staff, party_member] less group is [staff]",
    target: "party",
    derive: async () => {
      const groups = (values: string[]) =>
        rows("ana", { measures: ["mean"], ...wave4, filters: [{ member: "group", operator: "is", values }] });
      return difference(part(at(await groups(["staff", "party_member"]))), part(at(await groups(["staff"]))));
    },
  },
  {
    name: "filters: the group filter's total less each other group's",
    target: "party",
    derive: async () => {
      const total = part(
        at(await rows("ana", { measures: ["mean"], ...wave4, filters: [within("team-1")] })),
      );
      const staff = part(
        at(
          await rows("ana", {
            measures: ["mean"],
            ...wave4,
            filters: [within("team-1"), { member: "group", operator: "is", values: ["staff"] }],
          }),
        ),
      );
      return difference(total, staff);
    },
  },
  {
    name: "filters: everyone less channel is_not paper",
    target: "paper",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], waveIds: [Q3], filters: [within("area-1")] }))),
        part(
          at(
            await rows("ana", {
              measures: ["mean"],
              waveIds: [Q3],
              filters: [within("area-1"), { member: "channel", operator: "is_not", values: ["paper"] }],
            }),
          ),
        ),
      ),
  },
  {
    name: "filters: topic is safety less question is safety_training",
    target: "ppe",
    derive: async () => {
      const st = at(
        await rows("ana", {
          measures: ["mean"],
          ...wave4,
          filters: [{ member: "question", operator: "is", values: [S] }],
        }),
      );
      const ppeN = at(await rows("ana", { measures: ["responses"], dimensions: ["question"], ...wave4 }), {
        question: PPE,
      })?.n;
      const topic = at(
        await rows("ana", {
          measures: ["mean"],
          ...wave4,
          filters: [{ member: "topic", operator: "is", values: ["safety"] }],
        }),
      );
      return difference(part(topic, "mean", (st?.n ?? 0) + (ppeN ?? 0)), part(st));
    },
  },
  // Periods
  {
    name: "periods: every wave less the other wave (waveIds subsets)",
    target: "area2",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], filters: [within("area-2")] }))),
        part(at(await rows("ana", { measures: ["mean"], waveIds: [Q3], filters: [within("area-2")] }))),
      ),
  },
  {
    name: "periods: a date range one day longer",
    target: "day",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], dateRange: ["2026-10-01", "2026-10-20"] }))),
        part(at(await rows("ana", { measures: ["mean"], dateRange: ["2026-10-01", "2026-10-19"] }))),
      ),
  },
  {
    name: "periods: a quarter less its visible months",
    target: "november",
    derive: async () => {
      const quarter = at(await rows("ana", { measures: ["mean"], dimensions: ["period:quarter"] }), {
        "period:quarter": "2026-Q4",
      });
      const months = (await rows("ana", { measures: ["mean"], dimensions: ["period:month"] }))?.filter((r) =>
        ["2026-10", "2026-11", "2026-12"].includes(r.dimensions["period:month"] as string),
      );
      return lessVisible(part(quarter), months ?? null);
    },
  },
  // Comparisons
  {
    name: "comparisons: a parent unit's value less the unit itself",
    target: "st1",
    derive: async () => {
      const byUnit = await rows("ana", {
        measures: ["mean"],
        dimensions: ["unit"],
        ...wave4,
        filters: [within("team-1")],
        compare: "parent_unit",
      });
      const parent = at(byUnit, { unit: "team-1" })?.comparison;
      const team = at(await rows("ana", { measures: ["mean"], ...wave4, filters: [within("team-1")] }));
      return difference(
        parent && !parent.suppressed ? part({ ...team, ...parent, dimensions: {} } as Row) : null,
        part(team),
      );
    },
  },
  {
    name: "comparisons: the previous wave under a channel filter less that wave without it",
    target: "paper",
    derive: async () => {
      const c = at(
        await rows("ana", {
          measures: ["mean"],
          ...wave4,
          filters: [within("area-1"), { member: "channel", operator: "is_not", values: ["paper"] }],
          compare: "previous_period",
        }),
      )?.comparison;
      const previous =
        c && !c.suppressed ? part({ dimensions: {}, measures: c.measures, n: c.n, suppressed: false }) : null;
      return difference(
        part(at(await rows("ana", { measures: ["mean"], waveIds: [Q3], filters: [within("area-1")] }))),
        previous,
      );
    },
  },
  {
    name: "comparisons: the months before a date range less a range without its last month",
    target: "november",
    derive: async () => {
      // December 2026 – January 2027 compares with October – November.
      const c = at(
        await rows("ana", {
          measures: ["mean"],
          dateRange: ["2026-12-01", "2027-01-31"],
          compare: "previous_period",
        }),
      )?.comparison;
      const previous =
        c && !c.suppressed ? part({ dimensions: {}, measures: c.measures, n: c.n, suppressed: false }) : null;
      return difference(
        previous,
        part(at(await rows("ana", { measures: ["mean"], dateRange: ["2026-10-01", "2026-10-31"] }))),
      );
    },
  },
  {
    name: "periods: a range of two months less a range of one",
    target: "november",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], dateRange: ["2026-10-01", "2026-11-30"] }))),
        part(at(await rows("ana", { measures: ["mean"], dateRange: ["2026-10-01", "2026-10-31"] }))),
      ),
  },
  // Scopes
  {
    name: "scopes: the analyst's plant less the leader's area",
    target: "area2",
    derive: async () =>
      difference(
        part(at(await rows("ana", { measures: ["mean"], ...wave4 }))),
        part(at(await rows("lea", { measures: ["mean"], ...wave4 }))),
      ),
  },
  {
    name: "scopes: the analyst's plant less the area-1 analyst's eNPS by wave",
    target: "area2",
    derive: async () => {
      const enps = async (who: Who) =>
        part(
          at(await rows(who, { measures: ["enps"], dimensions: ["wave"], ...wave4 }), { wave: Q4 }),
          "enps",
        );
      const found = difference(await enps("ana"), await enps("ana1"));
      // eNPS is 100 × (promoters − detractors) / answers: area-2's three all gave 10, so 100; report it as a mean.
      return found && { n: found.n, mean: found.mean / 20 };
    },
  },
];

interface DashboardBody {
  enps: { results: Row[] };
  topics: { results: Row[] };
}

async function dashboard(who: Who, unitId?: string): Promise<DashboardBody | null> {
  const res = await post("/api/dashboard", who, {
    surveyId: "plant-satisfaction",
    waveId: Q4,
    ...(unitId ? { unitId } : {}),
  });
  if (res.status >= 400 && res.status < 500) return null;
  expect(res.status).toBe(200);
  return (await res.json()) as DashboardBody;
}

const enpsOf = (d: DashboardBody | null) => part(at(d?.enps.results ?? null, { wave: Q4 }), "enps");
const asMean = (found: Found) => found && { n: found.n, mean: found.mean / 20 };

const otherAttacks: Attack[] = [
  {
    name: "dashboard: the plant's eNPS trend less area-1's (analyst, drilled down)",
    target: "area2",
    derive: async () =>
      asMean(difference(enpsOf(await dashboard("ana")), enpsOf(await dashboard("ana", "area-1")))),
  },
  {
    name: "dashboard: the analyst's plant topics less the leader's",
    target: "area2",
    derive: async () => {
      const safety = (d: DashboardBody | null) => at(d?.topics.results ?? null, { topic: "safety" });
      const plant = await dashboard("ana");
      const area = await dashboard("lea");
      // The topic pools safety_training and safety_ppe: area-2 answered only the first; ppe's three are in area-1.
      return difference(
        part(safety(plant), "mean", (safety(plant)?.n ?? 0) + targets.ppe.n),
        part(safety(area), "mean", (safety(area)?.n ?? 0) + targets.ppe.n),
      );
    },
  },
  {
    name: "table export (CSV): within area-1 less within area-1 and unit is_not st-1",
    target: "st1",
    derive: async () => {
      const exported = async (filters: unknown[]) => {
        const res = await post("/api/analytics/export", "lea", {
          query: { surveyId: "plant-satisfaction", measures: ["mean"], ...wave4, filters },
          format: "csv",
          lang: "en",
        });
        if (res.status >= 400) return null;
        const [, line] = strFromU8(new Uint8Array(await res.arrayBuffer()))
          .replace(/^\uFEFF/, "")
          .trim()
          .split("\r\n");
        const [n, suppressed, mean] = (line ?? "").split(",");
        return suppressed === "true" || mean === "" ? null : { n: Number(n), sum: Number(mean) * Number(n) };
      };
      return difference(
        await exported([within("area-1")]),
        await exported([within("area-1"), { member: "unit", operator: "is_not", values: ["st-1"] }]),
      );
    },
  },
];

describe("differencing the breakdown, the dashboard and the table export", () => {
  it.each([...breakdownAttacks, ...otherAttacks])("$name", async ({ target, derive }) => {
    const found = await derive();
    // Either nothing is pinned down, or only a group of at least the minimum: never the target itself.
    const pinned = found !== null && found.n < min ? found : null;
    expect({ target: targets[target], pinned }).toEqual({ target: targets[target], pinned: null });
  });
});

describe("exports and comments release whole pools, whoever asks", () => {
  /** Responses per released (wave, unit, group) of a raw CSV export. */
  async function pools(who: Who): Promise<Map<string, number>> {
    const res = await post("/api/analytics/raw", who, { surveyId: "plant-satisfaction", format: "csv" });
    expect(res.status).toBe(200);
    const [header, ...lines] = (await res.text()).trim().split("\n");
    const col = (name: string) => (header ?? "").split(",").indexOf(name);
    const respondents = new Map<string, Set<string>>();
    for (const line of lines) {
      const cells = line.split(",");
      const key = [cells[col("wave")], cells[col("unit")], cells[col("group")]].join("|");
      respondents.set(key, (respondents.get(key) ?? new Set()).add(cells[col("respondent")] as string));
    }
    return new Map([...respondents].map(([k, s]) => [k, s.size]));
  }

  it("a raw export of area-1 releases only pools the plant's export releases too, of the same size", async () => {
    // If an export scoped to area-1 formed its own pools, a response could be released under (area-1, all groups)
    // there and under (plant, staff) in the plant's: together, a staff member of area-1 — a group of 3.
    const plant = await pools("ana");
    const area = await pools("ana1");
    expect(area.size).toBeGreaterThan(0);
    for (const [key, n] of area) expect({ key, n: plant.get(key) }).toEqual({ key, n });
    for (const n of [...plant.values(), ...area.values()]) expect(n).toBeGreaterThanOrEqual(min);
  });

  it("comments never show st-1's three writers, whichever units are chosen", async () => {
    for (const body of [{}, { unitsWithin: ["area-1"] }, { unitsWithin: ["st-1"] }, { groupBy: "unit" }]) {
      for (const who of ["ana", "ana1"] as const) {
        const res = await post("/api/analytics/comments", who, { surveyId: "plant-satisfaction", ...body });
        expect(res.status).toBe(200);
        const result = (await res.json()) as { cells: { n: number; texts: { text: string }[] }[] };
        for (const cell of result.cells) {
          expect(cell.n).toBeGreaterThanOrEqual(10);
          expect(cell.texts.map((t) => t.text)).not.toContain("站里食堂太远");
        }
      }
    }
  });
});

describe("case figures", () => {
  /** Case figures' measures of the one total row, or null when hidden or refused. */
  async function figures(who: Who, filters: unknown[]): Promise<Record<string, number | null> | null> {
    const res = await post("/api/analytics/cases", who, {
      measures: ["received", "answered", "adopted", "on_time"],
      dateRange: ["2026-10-01", "2026-12-31"],
      filters,
    });
    if (res.status >= 400 && res.status < 500) return null;
    const [row] = ((await res.json()) as { results: Row[] }).results;
    return row && !row.suppressed ? row.measures : null;
  }

  const attacks: { name: string; derive: () => Promise<number | null> }[] = [
    {
      // team-1's one suggestion (c9) was adopted: its cell holds one case.
      name: "team-1's cases less those that are not suggestions: was the one suggestion adopted?",
      derive: async () => {
        const all = await figures("ana", [within("team-1")]);
        const rest = await figures("ana", [
          within("team-1"),
          { member: "category", operator: "is_not", values: ["suggestion"] },
        ]);
        return all && rest ? (all.adopted as number) - (rest.adopted as number) : null;
      },
    },
    {
      // Beside the six pay cases, team-1 has four: three without a topic and one on safety.
      name: "team-1's cases less its pay cases: how the other four were answered",
      derive: async () => {
        const all = await figures("lea", [within("team-1")]);
        const pay = await figures("lea", [
          within("team-1"),
          { member: "topic", operator: "is", values: ["pay"] },
        ]);
        return all && pay ? (all.answered as number) - (pay.answered as number) : null;
      },
    },
  ];

  it.each(attacks)("$name", async ({ name, derive }) => {
    expect({ name, found: await derive() }).toEqual({ name, found: null });
  });
});
